// Forgetting a name whose history holds an ACCEPTED PROGRAM_MANAGEMENT_ACCOUNT handshake leaves a tombstone for it
// (state format version 5): AWS has no undo for an accepted PMA handshake, so it stays live in AWS for good, and
// without a record refresh would call it unmanaged on every run, owner tag or not (docs/lifecycle.md, row 24).
import type { DeclarationHistory, RecordedState, Tombstone, TombstoneReason } from './model.js';

/** The state with a tombstone for every ACCEPTED PMA handshake of `history`, the history of `name` being forgotten. */
export function withTombstones(
  state: RecordedState,
  name: string,
  history: DeclarationHistory,
  reason: TombstoneReason,
  forgottenAt: string,
): RecordedState {
  const added: Tombstone[] = history.handshakes
    .filter((entry) => entry.handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT' && entry.status === 'ACCEPTED')
    .map((entry) => ({ id: entry.id, arn: entry.arn, name, reason, forgottenAt }));
  if (added.length === 0) return state;
  const ids = new Set(added.map((tombstone) => tombstone.id));
  const tombstones = [...(state.tombstones ?? []).filter((tombstone) => !ids.has(tombstone.id)), ...added].sort(
    (left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0),
  );
  return { ...state, tombstones };
}

/**
 * Whether a listed handshake is one the state forgot on purpose: an ACCEPTED PROGRAM_MANAGEMENT_ACCOUNT handshake
 * with a tombstone of the same id and arn. Anything else a tombstone might name (another type, a PENDING handshake, a
 * foreign arn) is judged as if there were none, so an edited tombstone can hide nothing else.
 */
export function isTombstoned(
  state: RecordedState,
  item: { id: string; arn: string; handshakeType: string; status: string },
): boolean {
  if (item.handshakeType !== 'PROGRAM_MANAGEMENT_ACCOUNT' || item.status !== 'ACCEPTED') return false;
  return (state.tombstones ?? []).some((tombstone) => tombstone.id === item.id && tombstone.arn === item.arn);
}
