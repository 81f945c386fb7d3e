import { InternalError } from './errors.js';
import { findSent, historyOf, recordOf, renamedHistory, withHistory, withoutHistory } from './history.js';
import { clearIntent } from './intents.js';
import type {
  AppliedBy,
  Change,
  DeclarationHistory,
  ForgetChange,
  HandshakeSpec,
  HandshakeStatus,
  RecordedState,
  RenameChange,
  RetagChange,
  Retirement,
  SendingChange,
  SentHandshake,
} from './model.js';
import { setOwn } from './own.js';
import { withTombstones } from './tombstones.js';

/** What AWS answered for one step of a change. */
export interface StepResult {
  id: string;
  arn: string;
  status: HandshakeStatus;
}

export interface RecordContext {
  appliedAt: string;
  appliedBy: AppliedBy;
}

function updateEntry(
  state: RecordedState,
  id: string,
  update: (entry: SentHandshake) => SentHandshake,
  history: (history: DeclarationHistory) => DeclarationHistory = (same) => same,
): RecordedState {
  const found = findSent(state, id);
  if (!found) {
    throw new InternalError(`no recorded handshake ${id} to update`);
  }
  const current = historyOf(state, found.name) as DeclarationHistory;
  return withHistory(
    state,
    found.name,
    history({
      ...current,
      handshakes: current.handshakes.map((entry) => (entry.id === id ? update(entry) : entry)),
    }),
  );
}

function appendSent(state: RecordedState, name: string, entry: SentHandshake, protect?: boolean): RecordedState {
  const current = historyOf(state, name) ?? { handshakes: [] };
  const { replacementPending: _done, protect: _old, ...rest } = current;
  const recordedProtect = protect ?? current.protect === true;
  // A handshake sent again with the same clientToken is the same handshake: record it once.
  const handshakes = current.handshakes.some((existing) => existing.id === entry.id)
    ? current.handshakes.map((existing) => (existing.id === entry.id ? entry : existing))
    : [...current.handshakes, entry];
  return withHistory(state, name, { ...rest, handshakes, ...(recordedProtect ? { protect: true } : {}) });
}

/** Records that a cancel went through, or that the REVOKE_SERVICE_PERIOD of a revoke was sent. */
export function recordRetirement(
  state: RecordedState,
  change: Change,
  retire: Retirement,
  result: StepResult,
  context: RecordContext,
): RecordedState {
  if (retire.action === 'cancel') {
    return updateEntry(
      state,
      retire.id,
      (entry) => ({ ...entry, status: result.status, updatedAt: context.appliedAt }),
      (history) => (change.action === 'replace' ? { ...history, replacementPending: true } : history),
    );
  }
  const request = retire.request;
  const target = findSent(state, retire.id);
  if (!target) {
    throw new InternalError(`revoke ${change.name} targets no recorded handshake`);
  }
  const payload = request.payload;
  const spec: HandshakeSpec = {
    name: change.name,
    handshakeType: 'REVOKE_SERVICE_PERIOD',
    catalog: request.catalog,
    associatedResourceIdentifier: request.associatedResourceIdentifier,
    ...(payload ? { payload } : {}),
    tags: {},
    revision: target.entry.spec.revision,
  };
  return appendSent(state, change.name, {
    id: result.id,
    arn: result.arn,
    handshakeType: 'REVOKE_SERVICE_PERIOD',
    purpose: 'revoke',
    status: result.status,
    clientToken: request.clientToken,
    spec,
    generation: target.entry.generation,
    ends: retire.id,
    sentAt: context.appliedAt,
    appliedBy: context.appliedBy,
  });
}

/** Records the handshake a create, supersede, replace or declared revoke sent, after what the name sent before. */
export function recordCreation(
  state: RecordedState,
  change: SendingChange,
  result: StepResult,
  context: RecordContext,
): RecordedState {
  const { spec, clientToken, generation, purpose } = change;
  const recorded = appendSent(
    state,
    change.name,
    {
      id: result.id,
      arn: result.arn,
      handshakeType: spec.handshakeType,
      purpose,
      status: result.status,
      clientToken,
      spec,
      generation,
      ...(change.ends ? { ends: change.ends } : {}),
      sentAt: context.appliedAt,
      appliedBy: context.appliedBy,
    },
    spec.protect === true,
  );
  return clearIntent(recorded, change.name);
}

/** Records new tags once TagResource/UntagResource succeeded, and a changed `protect` or `revokeNote`. */
export function recordRetag(state: RecordedState, change: RetagChange): RecordedState {
  const history = historyOf(state, change.name);
  if (!history) {
    throw new InternalError(`no recorded history named ${change.name} to retag`);
  }
  let next = state;
  if (change.tags) {
    const tagChange = change.tags;
    const target = history.handshakes.find((entry) => entry.arn === tagChange.arn);
    if (!target) throw new InternalError(`retag ${change.name}: ${tagChange.arn} is not recorded`);
    const tags = recordOf(Object.entries(target.spec.tags));
    for (const [key, value] of Object.entries(tagChange.set)) setOwn(tags, key, value);
    for (const key of tagChange.remove) {
      delete tags[key];
    }
    const sorted = recordOf(
      Object.keys(tags)
        .sort()
        .map((key) => [key, tags[key] as string] as const),
    );
    next = updateEntry(next, target.id, (entry) => ({ ...entry, spec: { ...entry.spec, tags: sorted } }));
  }
  const revokeNote = change.spec?.revokeNote;
  if (change.spec) {
    const target = change.tags?.arn ?? change.previous?.handshake?.id;
    const entry = historyOf(next, change.name)?.handshakes.find(
      (candidate) => candidate.arn === target || candidate.id === target,
    );
    if (entry) {
      next = updateEntry(next, entry.id, (recorded) => {
        const { revokeNote: _old, ...spec } = recorded.spec;
        return { ...recorded, spec: { ...spec, ...(revokeNote !== undefined ? { revokeNote } : {}) } };
      });
    }
  }
  if (change.protect !== undefined) {
    const current = historyOf(next, change.name) as DeclarationHistory;
    const { protect: _old, ...rest } = current;
    next = withHistory(next, change.name, { ...rest, ...(change.protect ? { protect: true } : {}) });
  }
  return next;
}

/**
 * Moves a history to its new name. No API call: the handshakes stay exactly as AWS holds them, ids, tokens and
 * owner tags included; only the name each recorded spec carries becomes the new key (state format version 5).
 */
export function recordRename(state: RecordedState, change: RenameChange): RecordedState {
  const from = change.previous.name;
  const history = historyOf(state, from);
  if (!history) {
    throw new InternalError(`rename ${change.name} names no recorded history to move`);
  }
  if (historyOf(state, change.name)) {
    throw new InternalError(`rename ${from} → ${change.name}: ${change.name} is already recorded`);
  }
  return withoutHistory(withHistory(state, change.name, renamedHistory(history, change.name)), from);
}

/**
 * Drops a name from the state. No API call: whatever it sent stays in AWS, unmanaged, except that an ACCEPTED
 * PROGRAM_MANAGEMENT_ACCOUNT handshake (which AWS cannot undo) leaves a tombstone, so refresh knows it was forgotten.
 */
export function recordForget(state: RecordedState, change: ForgetChange, forgottenAt: string): RecordedState {
  const history = historyOf(state, change.name);
  if (!history) return state;
  const reason = change.reason.rule === 'forget-document' ? 'forget-document' : 'no-longer-declared';
  return withoutHistory(withTombstones(state, change.name, history, reason, forgottenAt), change.name);
}
