import { settleEndings } from './endings.js';
import { historyEntries, isPrimary, recordOf } from './history.js';
import type {
  ChannelHandshakeSummary,
  DeclarationHistory,
  DriftReport,
  HandshakeStatus,
  LiveHandshake,
  ManagedElsewhere,
  MissingHandshake,
  OwnUnrecorded,
  RecordedState,
  StatusChange,
  UnmanagedHandshake,
} from './model.js';
import { ownerOf, ownershipOf } from './ownership.js';
import { isTombstoned } from './tombstones.js';

export type { DriftReport };

export function hasDrift(report: DriftReport): boolean {
  const ownLive = (report.ownUnrecorded ?? []).filter((item) => !forgottenOnPurpose(item));
  return report.statusChanges.length + report.missing.length + report.unmanaged.length + ownLive.length > 0;
}

/**
 * An ACCEPTED PROGRAM_MANAGEMENT_ACCOUNT handshake with our owner tag that the state does not record: the plan forgot
 * it on purpose (row 14: AWS has no undo, and a cancel cannot work on it). Listed, never drift.
 */
export function forgottenOnPurpose(item: UnmanagedHandshake): boolean {
  return item.handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT' && item.status === 'ACCEPTED';
}

export interface Reconciled {
  state: RecordedState;
  report: DriftReport;
  /** Whether the state needs writing: only then is its serial bumped. */
  changed: boolean;
}

const ACTIVE: ReadonlySet<HandshakeStatus> = new Set(['PENDING', 'ACCEPTED']);

/**
 * Whether a listed handshake still does something: PENDING, or ACCEPTED and not over. An accepted revoke has done its
 * job, and an accepted start is over once a later start superseded it, a later revoke ended it, or its term ran out;
 * terminated periods stay listed in the relationship's history, and they are not worth a reviewer's attention.
 */
export function stillActive(
  item: ChannelHandshakeSummary,
  items: readonly ChannelHandshakeSummary[],
  now?: Date,
): boolean {
  if (!ACTIVE.has(item.status)) return false;
  if (item.status === 'PENDING' || item.handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT') return true;
  if (item.handshakeType === 'REVOKE_SERVICE_PERIOD') return false;
  const detail = item.detail?.startServicePeriodHandshakeDetail;
  const endDate = typeof detail?.endDate === 'string' ? Date.parse(detail.endDate) : Number.NaN;
  if (now && !Number.isNaN(endDate) && endDate <= now.getTime()) return false;
  const created = item.createdAt ?? '';
  return !items.some(
    (other) =>
      other !== item &&
      other.status === 'ACCEPTED' &&
      other.catalog === item.catalog &&
      other.associatedResourceId === item.associatedResourceId &&
      other.handshakeType !== 'PROGRAM_MANAGEMENT_ACCOUNT' &&
      (other.createdAt ?? '') > created,
  );
}

/** Recorded handshakes that a later accepted start or supersede of the same history replaced: not drift any more. */
function supersededIds(history: DeclarationHistory): Set<string> {
  const accepted = history.handshakes.filter((entry) => isPrimary(entry) && entry.status === 'ACCEPTED');
  return new Set(accepted.slice(0, -1).map((entry) => entry.id));
}

/**
 * Brings recorded statuses up to date with what ListChannelHandshakes returned, and reports the difference. Pure:
 * the caller fetched `items` (every page, every recorded catalog and type, as the sender), with the tags of the live
 * ones the state does not know when it could read them: those carrying another lineage's owner tag are reported as
 * managed elsewhere, not as unmanaged.
 */
export function reconcile(state: RecordedState, items: readonly LiveHandshake[], now?: Date): Reconciled {
  const byId = new Map(items.map((item) => [item.id, item]));
  const known = new Set<string>();
  const statusChanges: StatusChange[] = [];
  const missing: MissingHandshake[] = [];
  let changed = false;
  const histories: [string, DeclarationHistory][] = [];
  for (const [name, history] of historyEntries(state)) {
    const superseded = supersededIds(history);
    const handshakes = history.handshakes.map((entry) => {
      known.add(entry.id);
      const live = byId.get(entry.id);
      if (!live) {
        missing.push({ name, id: entry.id, status: entry.status });
        return entry;
      }
      if (live.status === entry.status) return entry;
      changed = true;
      if (!superseded.has(entry.id)) {
        statusChanges.push({
          name,
          id: entry.id,
          part: entry.purpose === 'revoke' && entry.ends !== undefined ? 'revocation' : 'handshake',
          from: entry.status,
          to: live.status,
          at: live.updatedAt,
        });
      }
      return { ...entry, status: live.status, ...(live.updatedAt ? { updatedAt: live.updatedAt } : {}) };
    });
    histories.push([name, { ...history, handshakes }]);
  }
  const summary = (item: LiveHandshake): UnmanagedHandshake => ({
    id: item.id,
    handshakeType: item.handshakeType,
    catalog: item.catalog,
    associatedResourceId: item.associatedResourceId,
    status: item.status,
    ...(item.createdAt ? { createdAt: item.createdAt } : {}),
  });
  // A tombstoned ACCEPTED PMA handshake was forgotten on purpose (AWS has no undo): known, never unmanaged.
  const unknownLive = items
    .filter((item) => !known.has(item.id) && !isTombstoned(state, item) && stillActive(item, items, now))
    .sort((left, right) => (left.id < right.id ? -1 : 1));
  const ownership = (item: LiveHandshake) => ownershipOf(item.tags ?? [], state.lineage);
  const unmanaged = unknownLive.filter((item) => ownership(item) === 'unowned').map(summary);
  const managedElsewhere: ManagedElsewhere[] = unknownLive
    .filter((item) => ownership(item) === 'elsewhere')
    .map((item) => ({ ...summary(item), owner: ownerOf(item.tags ?? [])?.value ?? '' }));
  // Our own owner tag, for a name: sent from another checkout or a lost state, never "unmanaged, in no declaration".
  const ownUnrecorded: OwnUnrecorded[] = unknownLive
    .filter((item) => ownership(item) === 'ours')
    .map((item) => ({ ...summary(item), name: ownerOf(item.tags ?? [])?.name ?? '' }));
  return {
    state: changed ? settleEndings({ ...state, serial: state.serial + 1, declarations: recordOf(histories) }) : state,
    report: {
      statusChanges,
      missing,
      unmanaged,
      ...(managedElsewhere.length > 0 ? { managedElsewhere } : {}),
      ...(ownUnrecorded.length > 0 ? { ownUnrecorded } : {}),
    },
    changed,
  };
}

/** "managed elsewhere: START_SERVICE_PERIOD ch-… for rs-… in AWS is PENDING (owner tag …)": not drift, for the record. */
export function describeManagedElsewhere(report: DriftReport): string[] {
  return [
    ...(report.managedElsewhere ?? []).map(
      (item) =>
        `managed elsewhere: ${item.handshakeType} ${item.id} for ${item.associatedResourceId} in ${item.catalog} is ${item.status}, sent by another repository (owner tag ${item.owner})`,
    ),
    ...(report.ownUnrecorded ?? [])
      .filter(forgottenOnPurpose)
      .map(
        (item) =>
          `forgotten: ${item.handshakeType} ${item.id} for ${item.associatedResourceId} in ${item.catalog} is ACCEPTED and was sent from this repository for "${item.name}"; AWS has no undo, so it is not drift`,
      ),
  ];
}

/** "acme-service-period: PENDING → ACCEPTED on 2026-11-27T10:00:00Z", one line per finding. */
export function describeDrift(report: DriftReport): string[] {
  return [
    ...report.statusChanges.map(
      (change) =>
        `${change.name}${change.part === 'revocation' ? ' (its revocation)' : ''}: ${change.from} → ${change.to}${change.at ? ` on ${change.at}` : ''} (${change.id})`,
    ),
    ...report.missing.map(
      (entry) => `${entry.name}: ${entry.id} is recorded as ${entry.status} but AWS no longer returns it`,
    ),
    ...report.unmanaged.map(
      (item) =>
        `unmanaged: ${item.handshakeType} ${item.id} for ${item.associatedResourceId} in ${item.catalog} is ${item.status} and in no declaration`,
    ),
    ...(report.ownUnrecorded ?? [])
      .filter((item) => !forgottenOnPurpose(item))
      .map(
        (item) =>
          `not recorded: ${item.handshakeType} ${item.id} for ${item.associatedResourceId} in ${item.catalog} is ${item.status} and carries this repository's owner tag for "${item.name}" (sent from another checkout, or the state lost it)`,
      ),
  ];
}
