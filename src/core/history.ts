import { settleEndingsOf } from './endings.js';
import type { DeclarationHistory, HandshakeSpec, RecordedState, SentHandshake } from './model.js';
import { programManagementAccountOf, resourceId } from './normalize.js';
import { setOwn } from './own.js';

// Declaration names come from files and state keys from a file anyone can edit: a name such as `constructor` or
// `__proto__` must be an ordinary key. Histories therefore live in null-prototype objects, read with Object.hasOwn.

/** A null-prototype record holding the given entries. */
export function recordOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const record: Record<string, T> = Object.create(null);
  for (const [key, value] of entries) setOwn(record, key, value);
  return record;
}

export function historyOf(state: RecordedState, name: string): DeclarationHistory | undefined {
  return Object.hasOwn(state.declarations, name) ? state.declarations[name] : undefined;
}

/** Recorded names, sorted. */
export function historyNames(state: RecordedState): string[] {
  return Object.keys(state.declarations).sort();
}

export function historyEntries(state: RecordedState): [string, DeclarationHistory][] {
  return historyNames(state).map((name) => [name, state.declarations[name] as DeclarationHistory]);
}

/** The recorded histories in stored order (unsorted: cheaper, and the state file sorts its keys anyway). */
function storedEntries(state: RecordedState): [string, DeclarationHistory][] {
  return Object.keys(state.declarations).map((key) => [key, state.declarations[key] as DeclarationHistory]);
}

export function withHistory(state: RecordedState, name: string, history: DeclarationHistory): RecordedState {
  const entries = storedEntries(state).filter(([key]) => key !== name);
  entries.push([name, history]);
  return { ...state, declarations: recordOf(entries) };
}

/**
 * A history moved to another name by a rename: every recorded spec names its new key (state format version 5). Only
 * the name changes: ids, tokens, generations and the terms sent stay as they are, so nothing sent gets a new token.
 */
export function renamedHistory(history: DeclarationHistory, name: string): DeclarationHistory {
  return {
    ...history,
    handshakes: history.handshakes.map((entry) =>
      entry.spec.name === name ? entry : { ...entry, spec: { ...entry.spec, name } },
    ),
  };
}

export function withoutHistory(state: RecordedState, name: string): RecordedState {
  const leaving = historyOf(state, name);
  // What the leaving history's handshakes ended stays recorded on the periods they ended, whichever name holds them.
  const settled = leaving ? settleEndingsOf(state, leaving) : state;
  return { ...settled, declarations: recordOf(storedEntries(settled).filter(([key]) => key !== name)) };
}

/** Start and supersede handshakes: the ones that open a service period. */
export function isPrimary(entry: SentHandshake): boolean {
  return entry.purpose === 'start' || entry.purpose === 'supersede';
}

/** The revoke handshakes that end a period opened in the same history (the others are declared revokes). */
function endsOwnPeriod(history: DeclarationHistory, entry: SentHandshake): boolean {
  return (
    entry.purpose === 'revoke' &&
    entry.ends !== undefined &&
    history.handshakes.some((other) => other.id === entry.ends)
  );
}

/** The handshakes the declaration itself asked for: everything except the revokes that ended its own periods. */
export function ownEntries(history: DeclarationHistory): SentHandshake[] {
  return history.handshakes.filter((entry) => !endsOwnPeriod(history, entry));
}

/** The newest handshake sent for the declaration itself. */
export function latestOwn(history: DeclarationHistory): SentHandshake | undefined {
  return ownEntries(history).at(-1);
}

/** The newest handshake a recorded name sent for itself, if the name is recorded. */
export function latestSentOf(state: RecordedState, name: string): SentHandshake | undefined {
  const history = historyOf(state, name);
  return history ? latestOwn(history) : undefined;
}

/** The generation the next handshake sent under this name gets. */
export function nextGeneration(history: DeclarationHistory | undefined): number {
  if (!history || history.handshakes.length === 0) return 0;
  return Math.max(...history.handshakes.map((entry) => entry.generation)) + 1;
}

/**
 * Catalog and relationship (or, for a PMA handshake, program management account): what a service period is attached
 * to. A relationship belongs to one PMA, so the payload's PMA does not make another relationship.
 */
export function relationshipKey(spec: HandshakeSpec): string {
  return `${spec.catalog} ${resourceId(spec.associatedResourceIdentifier)}`;
}

/** What makes two declarations the same handshake: type, catalog, resource and PMA. */
export function identityOf(spec: HandshakeSpec): string {
  return `${spec.handshakeType} ${relationshipKey(spec)} ${programManagementAccountOf(spec)}`;
}

/**
 * Every recorded handshake sent to end another, by the id of the one it ends, in the order they were sent: revokes,
 * and starts or supersedes that replace a period in force.
 */
export function endersByTarget(state: RecordedState): Map<string, SentHandshake[]> {
  const index = new Map<string, SentHandshake[]>();
  for (const [, history] of historyEntries(state)) {
    for (const entry of history.handshakes) {
      if (entry.ends === undefined) continue;
      const list = index.get(entry.ends) ?? [];
      list.push(entry);
      index.set(entry.ends, list);
    }
  }
  return index;
}

/** The parts of a history by relationship (or program management account): a name may have moved between them. */
export function relationshipGroups(history: DeclarationHistory): Map<string, DeclarationHistory> {
  const groups = new Map<string, DeclarationHistory>();
  for (const entry of history.handshakes) {
    const key = relationshipKey(entry.spec);
    const group = groups.get(key) ?? { ...history, handshakes: [] };
    group.handshakes.push(entry);
    groups.set(key, group);
  }
  return groups;
}

/** The moment a fixed term runs out, if the spec has one. */
export function termEnd(spec: HandshakeSpec): number | undefined {
  const payload =
    spec.payload && 'startServicePeriodPayload' in spec.payload ? spec.payload.startServicePeriodPayload : undefined;
  if (payload?.servicePeriodType !== 'FIXED_COMMITMENT_PERIOD' || payload.endDate === undefined) return undefined;
  const end = Date.parse(payload.endDate);
  return Number.isNaN(end) ? undefined : end;
}

export type PeriodEnd = 'revoked' | 'superseded' | 'term over';

/** How an accepted start or supersede ended, if it did. */
export function periodEnd(
  entry: SentHandshake,
  enders: ReadonlyMap<string, readonly SentHandshake[]>,
  now: Date | undefined,
): PeriodEnd | undefined {
  if (entry.endedBy) return entry.endedBy.purpose === 'revoke' ? 'revoked' : 'superseded';
  const accepted = (enders.get(entry.id) ?? []).filter((ender) => ender.status === 'ACCEPTED');
  if (accepted.some((ender) => ender.handshakeType === 'REVOKE_SERVICE_PERIOD')) return 'revoked';
  if (accepted.length > 0) return 'superseded';
  const end = termEnd(entry.spec);
  if (now && end !== undefined && end <= now.getTime()) return 'term over';
  return undefined;
}

/**
 * The period in force: the latest ACCEPTED start or supersede, unless an ACCEPTED revoke ended it or its fixed term
 * ran out. An older accepted period never comes back: the latest one superseded it.
 */
export function periodInForce(
  history: DeclarationHistory,
  enders: ReadonlyMap<string, readonly SentHandshake[]>,
  now: Date | undefined,
): SentHandshake | undefined {
  const accepted = history.handshakes.filter((entry) => isPrimary(entry) && entry.status === 'ACCEPTED').at(-1);
  if (!accepted || periodEnd(accepted, enders, now)) return undefined;
  return accepted;
}

/** Finds a recorded handshake by id in any history. */
export function findSent(state: RecordedState, id: string): { name: string; entry: SentHandshake } | undefined {
  for (const [name, history] of historyEntries(state)) {
    const entry = history.handshakes.find((candidate) => candidate.id === id);
    if (entry) return { name, entry };
  }
  return undefined;
}

/** Every recorded handshake id, for drift: anything AWS returns beyond these is unmanaged. */
export function recordedIds(state: RecordedState): Set<string> {
  return new Set(historyEntries(state).flatMap(([, history]) => history.handshakes.map((entry) => entry.id)));
}
