import { InternalError } from './errors.js';
import type { AppliedBy, Change, HandshakeStatus, RecordedHandshake, RecordedState } from './model.js';
import { ownValue, setOwn } from './own.js';

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

function entryFor(state: RecordedState, name: string): RecordedHandshake {
  const entry = ownValue(state.handshakes, name);
  if (!entry) {
    throw new InternalError(`no recorded handshake named ${name} to update`);
  }
  return entry;
}

function withEntry(state: RecordedState, name: string, entry: RecordedHandshake): RecordedState {
  const handshakes = { ...state.handshakes };
  setOwn(handshakes, name, entry);
  return { ...state, handshakes };
}

/** Records that the recorded handshake of a cancel, revoke or replace was taken out of service. */
export function recordRetirement(
  state: RecordedState,
  change: Change,
  result: StepResult,
  context: RecordContext,
): RecordedState {
  const entry = entryFor(state, change.name);
  const retire = change.retire;
  if (!retire) {
    throw new InternalError(`${change.action} ${change.name} has nothing to retire`);
  }
  const replacing = change.action === 'replace' ? { replacementPending: true } : {};
  if (retire.action === 'cancel') {
    return withEntry(state, change.name, {
      ...entry,
      ...replacing,
      status: result.status,
      updatedAt: context.appliedAt,
    });
  }
  return withEntry(state, change.name, {
    ...entry,
    ...replacing,
    revocation: {
      id: result.id,
      arn: result.arn,
      status: result.status,
      clientToken: retire.request?.clientToken ?? '',
      appliedAt: context.appliedAt,
    },
  });
}

/** Records the handshake a create or replace sent. It replaces any earlier handshake recorded under the name. */
export function recordCreation(
  state: RecordedState,
  change: Change,
  result: StepResult,
  context: RecordContext,
): RecordedState {
  const { spec, clientToken, generation } = change;
  if (!spec || !clientToken || generation === undefined) {
    throw new InternalError(`${change.action} ${change.name} carries no request to record`);
  }
  return withEntry(state, change.name, {
    id: result.id,
    arn: result.arn,
    handshakeType: spec.handshakeType,
    catalog: spec.catalog,
    status: result.status,
    clientToken,
    revision: spec.revision,
    generation,
    spec,
    appliedAt: context.appliedAt,
    appliedBy: context.appliedBy,
  });
}

/** Records new tags once TagResource/UntagResource succeeded. */
export function recordRetag(state: RecordedState, change: Change): RecordedState {
  const entry = entryFor(state, change.name);
  if (!change.tags) {
    throw new InternalError(`retag ${change.name} carries no tags`);
  }
  const tags: Record<string, string> = { ...entry.spec.tags };
  for (const [key, value] of Object.entries(change.tags.set)) setOwn(tags, key, value);
  for (const key of change.tags.remove) {
    delete tags[key];
  }
  const sorted = Object.fromEntries(
    Object.keys(tags)
      .sort()
      .map((key) => [key, tags[key] as string]),
  );
  return withEntry(state, change.name, { ...entry, spec: { ...entry.spec, tags: sorted } });
}
