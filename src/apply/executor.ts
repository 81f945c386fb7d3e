import { ApiError } from '../api/errors.js';
import { errorMessage } from '../core/errors.js';
import {
  type AppliedBy,
  type Change,
  type ChangeFailure,
  type ChangeResult,
  type ChannelHandshakeSummary,
  type CreateChannelHandshakeRequest,
  type HandshakeDetail,
  type HandshakeStatus,
  type Plan,
  type RecordedState,
  STATE_ONLY_ACTIONS,
  type Tag,
} from '../core/model.js';
import { resourceId } from '../core/normalize.js';

export type { ChangeFailure, ChangeResult };

import { historyOf } from '../core/history.js';
import {
  recordCreation,
  recordForget,
  recordRename,
  recordRetag,
  recordRetirement,
  type StepResult,
} from '../core/record.js';

/** The slice of the API that applying needs; the real client and test doubles both fit it. */
export interface HandshakeApi {
  createChannelHandshake(input: CreateChannelHandshakeRequest): Promise<HandshakeDetail>;
  cancelChannelHandshake(input: { catalog: string; identifier: string }): Promise<HandshakeDetail>;
  listAllChannelHandshakes(input: {
    handshakeType: Change['handshakeType'];
    catalog: string;
    participantType: 'SENDER';
    associatedResourceIdentifiers?: string[];
  }): Promise<ChannelHandshakeSummary[]>;
  tagResource(input: { resourceArn: string; tags: Tag[] }): Promise<void>;
  untagResource(input: { resourceArn: string; tagKeys: string[] }): Promise<void>;
}

export interface ApplyDependencies {
  api: HandshakeApi;
  /** Durably stores a state (the CLI writes the file atomically). Called after every success. */
  persist(state: RecordedState): Promise<void>;
  now(): Date;
  appliedBy: AppliedBy;
  /** Changes in flight at once. The client's rate limiter keeps the request rate within quota regardless. */
  concurrency?: number;
  onResult?(result: ChangeResult): void;
}

export interface ApplyOutcome {
  state: RecordedState;
  results: ChangeResult[];
}

/**
 * Keeps the recorded state and writes it after every change, coalescing writes that pile up while one is in
 * flight. Each caller returns only once a write that includes its change is durable.
 */
class StateJournal {
  state: RecordedState;
  private readonly persist: (state: RecordedState) => Promise<void>;
  private version = 0;
  private written = 0;
  private writing?: Promise<void>;

  constructor(state: RecordedState, persist: (state: RecordedState) => Promise<void>) {
    this.state = state;
    this.persist = persist;
  }

  async update(mutate: (state: RecordedState) => RecordedState): Promise<void> {
    this.state = mutate(this.state);
    const target = ++this.version;
    while (this.written < target) {
      if (!this.writing) {
        const version = this.version;
        this.state = { ...this.state, serial: this.state.serial + 1 };
        const snapshot = this.state;
        this.writing = this.persist(snapshot)
          .then(() => {
            this.written = version;
          })
          .finally(() => {
            this.writing = undefined;
          });
      }
      await this.writing;
    }
  }
}

function failureOf(error: unknown): ChangeFailure {
  if (error instanceof ApiError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.details.quotaCode ? { quotaCode: error.details.quotaCode } : {}),
    };
  }
  return { code: error instanceof Error ? error.name : 'Error', message: errorMessage(error) };
}

class ChangeFailed extends Error {
  readonly failure: ChangeFailure;
  constructor(failure: ChangeFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

async function currentStatus(api: HandshakeApi, change: Change, id: string): Promise<HandshakeStatus | undefined> {
  const items = await api.listAllChannelHandshakes({
    handshakeType: change.handshakeType,
    catalog: change.catalog,
    participantType: 'SENDER',
    associatedResourceIdentifiers: [resourceId(change.resource)],
  });
  return items.find((item) => item.id === id)?.status;
}

/**
 * Cancels a pending handshake. A conflict means it is no longer PENDING: if it is already CANCELED (an earlier run
 * cancelled it and crashed before recording), that is success; otherwise the receiver answered first.
 */
async function cancel(
  api: HandshakeApi,
  change: Change,
  id: string,
): Promise<StepResult & { status: HandshakeStatus }> {
  try {
    const detail = await api.cancelChannelHandshake({ catalog: change.catalog, identifier: id });
    return { id: detail.id, arn: detail.arn, status: detail.status ?? 'CANCELED' };
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'ConflictException') throw error;
    const status = await currentStatus(api, change, id);
    if (status === 'CANCELED') {
      return { id, arn: change.retire?.arn ?? '', status };
    }
    throw new ChangeFailed({
      code: 'ConflictException',
      message: `${id} could not be cancelled because it is ${status ?? 'no longer listed'}; the receiver answered before the cancel. Run plan again: an accepted service period is now revoked instead.`,
    });
  }
}

async function create(api: HandshakeApi, request: CreateChannelHandshakeRequest): Promise<StepResult> {
  // The clientToken makes this safe to repeat: a replay returns the handshake the first attempt created.
  const detail = await api.createChannelHandshake(request);
  return { id: detail.id, arn: detail.arn, status: 'PENDING' };
}

/** Records a success. If the state cannot be written, say plainly that AWS has it and how a re-run recovers. */
async function record(
  journal: StateJournal,
  what: string,
  mutate: (state: RecordedState) => RecordedState,
): Promise<void> {
  try {
    await journal.update(mutate);
  } catch (error) {
    throw new ChangeFailed({
      code: 'StateWriteFailed',
      message: `AWS accepted this (${what}), but the state file could not be written: ${errorMessage(error)}. Fix the cause and run apply again; the deterministic clientToken replays it instead of sending it twice.`,
    });
  }
}

async function applyChange(
  change: Change,
  journal: StateJournal,
  dependencies: ApplyDependencies,
): Promise<ChangeResult> {
  const { api } = dependencies;
  const context = () => ({ appliedAt: dependencies.now().toISOString(), appliedBy: dependencies.appliedBy });
  // State-only changes: nothing is sent, the record moves or goes.
  if (change.action === 'rename') {
    await record(journal, `rename ${change.previous?.name} → ${change.name}`, (state) => recordRename(state, change));
    return { change, outcome: 'succeeded' };
  }
  if (change.action === 'forget') {
    await record(journal, `forget ${change.name}`, (state) => recordForget(state, change));
    return { change, outcome: 'succeeded' };
  }
  if (change.retire) {
    const retire = change.retire;
    const retired =
      retire.action === 'cancel'
        ? await cancel(api, change, retire.id)
        : await create(api, retire.request as CreateChannelHandshakeRequest);
    await record(journal, retired.id, (state) => recordRetirement(state, change, retired, context()));
    if (change.action !== 'replace' && change.action !== 'supersede') {
      return { change, outcome: 'succeeded', handshakeId: retired.id, status: retired.status };
    }
  }
  if (change.request && change.action !== 'retag') {
    const created = await create(api, change.request as CreateChannelHandshakeRequest);
    await record(journal, created.id, (state) => recordCreation(state, change, created, context()));
    return { change, outcome: 'succeeded', handshakeId: created.id, status: created.status };
  }
  if (change.action === 'retag' && change.tags) {
    const tags = Object.entries(change.tags.set).map(([key, value]) => ({ key, value }));
    if (tags.length > 0) await api.tagResource({ resourceArn: change.tags.arn, tags });
    if (change.tags.remove.length > 0)
      await api.untagResource({ resourceArn: change.tags.arn, tagKeys: change.tags.remove });
  }
  if (change.action === 'retag') {
    await record(journal, change.tags?.arn ?? `protect ${change.name}`, (state) => recordRetag(state, change));
    const history = historyOf(journal.state, change.name);
    const target = history?.handshakes.find((entry) => entry.arn === change.tags?.arn) ?? history?.handshakes.at(-1);
    return { change, outcome: 'succeeded', handshakeId: target?.id };
  }
  return { change, outcome: 'succeeded' };
}

/**
 * Executes a plan's changes in order, a few at a time, recording each success durably before moving on. A failed
 * change is reported and the rest continue; the returned state holds every success.
 */
export async function applyPlan(
  plan: Plan,
  state: RecordedState,
  dependencies: ApplyDependencies,
): Promise<ApplyOutcome> {
  const journal = new StateJournal(state, dependencies.persist);
  const results: ChangeResult[] = new Array(plan.changes.length);
  // Renames and forgets first, one by one: changes planned under a new name need its history moved already.
  const stateOnly = plan.changes.flatMap((change, index) => (STATE_ONLY_ACTIONS.has(change.action) ? [index] : []));
  const sending = plan.changes.flatMap((change, index) => (STATE_ONLY_ACTIONS.has(change.action) ? [] : [index]));
  const applyAt = async (index: number) => {
    const change = plan.changes[index] as Change;
    let result: ChangeResult;
    try {
      result = await applyChange(change, journal, dependencies);
    } catch (error) {
      result = {
        change,
        outcome: 'failed',
        failure: error instanceof ChangeFailed ? error.failure : failureOf(error),
      };
    }
    results[index] = result;
    dependencies.onResult?.(result);
  };
  for (const index of stateOnly) await applyAt(index);
  let next = 0;
  const worker = async () => {
    while (next < sending.length) {
      await applyAt(sending[next++] as number);
    }
  };
  const concurrency = Math.max(1, Math.min(dependencies.concurrency ?? 8, sending.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { state: journal.state, results };
}
