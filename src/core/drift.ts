import type {
  ChannelHandshakeSummary,
  DriftReport,
  HandshakeStatus,
  MissingHandshake,
  RecordedState,
  StatusChange,
  UnmanagedHandshake,
} from './model.js';
import { setOwn } from './own.js';

export type { DriftReport, MissingHandshake, StatusChange, UnmanagedHandshake };

export function hasDrift(report: DriftReport): boolean {
  return report.statusChanges.length + report.missing.length + report.unmanaged.length > 0;
}

export interface Reconciled {
  state: RecordedState;
  report: DriftReport;
  /** Whether the state needs writing: only then is its serial bumped. */
  changed: boolean;
}

const ACTIVE: ReadonlySet<HandshakeStatus> = new Set(['PENDING', 'ACCEPTED']);

/**
 * Brings recorded statuses up to date with what ListChannelHandshakes returned, and reports the difference. Pure:
 * the caller fetched `items` (every page, every recorded catalog and type, as the sender).
 */
export function reconcile(state: RecordedState, items: readonly ChannelHandshakeSummary[]): Reconciled {
  const byId = new Map(items.map((item) => [item.id, item]));
  const known = new Set<string>();
  const statusChanges: StatusChange[] = [];
  const missing: MissingHandshake[] = [];
  const handshakes = { ...state.handshakes };
  for (const name of Object.keys(handshakes).sort()) {
    let entry = handshakes[name];
    if (!entry) continue;
    known.add(entry.id);
    const live = byId.get(entry.id);
    if (!live) {
      missing.push({ name, id: entry.id, status: entry.status });
    } else if (live.status !== entry.status) {
      statusChanges.push({
        name,
        id: entry.id,
        part: 'handshake',
        from: entry.status,
        to: live.status,
        at: live.updatedAt,
      });
      entry = { ...entry, status: live.status, ...(live.updatedAt ? { updatedAt: live.updatedAt } : {}) };
    }
    const revocation = entry.revocation;
    if (revocation) {
      known.add(revocation.id);
      const liveRevocation = byId.get(revocation.id);
      if (liveRevocation && liveRevocation.status !== revocation.status) {
        statusChanges.push({
          name,
          id: revocation.id,
          part: 'revocation',
          from: revocation.status,
          to: liveRevocation.status,
          at: liveRevocation.updatedAt,
        });
        entry = { ...entry, revocation: { ...revocation, status: liveRevocation.status } };
      }
    }
    setOwn(handshakes, name, entry);
  }
  const unmanaged = items
    .filter((item) => !known.has(item.id) && ACTIVE.has(item.status))
    .map((item) => ({
      id: item.id,
      handshakeType: item.handshakeType,
      catalog: item.catalog,
      associatedResourceId: item.associatedResourceId,
      status: item.status,
      ...(item.createdAt ? { createdAt: item.createdAt } : {}),
    }))
    .sort((left, right) => (left.id < right.id ? -1 : 1));
  const changed = statusChanges.length > 0;
  return {
    state: changed ? { ...state, serial: state.serial + 1, handshakes } : state,
    report: { statusChanges, missing, unmanaged },
    changed,
  };
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
  ];
}
