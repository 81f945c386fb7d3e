import { ApiError, createRefusedOutright, DeadlineExceededError } from '../api/errors.js';
import { applyWaves } from '../core/apply-order.js';
import {
  type ApplyTimeDecision,
  heldBackMessage,
  judgeCancel,
  mootCancelMessage,
} from '../core/apply-time-decision.js';
import { errorMessage } from '../core/errors.js';
import { historyOf } from '../core/history.js';
import { CORE_KINDS, type StepResult } from '../core/kind-registry.js';
import { byKind, type ChangeOfKind, type KindName } from '../core/kinds.js';
import { learnStatus, markReplacementPending } from '../core/learned-state.js';
import {
  type AppliedBy,
  type CancelChange,
  type CancelRetirement,
  type Change,
  type ChangeFailure,
  type ChangeResult,
  type ChannelHandshakeSummary,
  type CreateChannelHandshakeRequest,
  declaredSendOf,
  type HandshakeStatus,
  type HandshakeType,
  type Plan,
  type RecordedState,
  type ReplaceChange,
  type ResourceChange,
  type RetagChange,
  type SendingChange,
  type SupersedeChange,
  unreachable,
} from '../core/model.js';
import { resourceId } from '../core/normalize.js';
import { ownerTagValue } from '../core/ownership.js';
import { newerDuplicate, type SecondLive } from '../core/second-live.js';
import { IntentBatches } from './intent-batches.js';
import type { PartnerCentralPort } from './partner-central.js';
import { applyResourceChange } from './resources.js';

/** The handshake's state transitions, from its registry entry (core/kind-registry.ts). */
const RECORD = CORE_KINDS.ChannelHandshake.record;

/** The Partner Central port apply uses (the whole of it: send, cancel, tag, and list before sending). */
export type HandshakeApi = PartnerCentralPort;

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
  /** The current wave's intents, written a batch at a time (apply/intent-batches.ts). */
  intents?: IntentBatches;

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
  return {
    code: error instanceof Error ? error.name : 'Error',
    message: errorMessage(error),
    ...(error instanceof DeadlineExceededError && error.mayHaveReachedAws ? { mayHaveReachedAws: true } : {}),
  };
}

class ChangeFailed extends Error {
  readonly failure: ChangeFailure;
  constructor(failure: ChangeFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

/** Where a cancelled handshake is listed: its type, catalog and resource. */
interface ListedAt {
  handshakeType: HandshakeType;
  catalog: string;
  resource: string;
}

async function currentItem(
  api: HandshakeApi,
  change: ListedAt,
  id: string,
): Promise<ChannelHandshakeSummary | undefined> {
  const items = await api.listAllChannelHandshakes({
    handshakeType: change.handshakeType,
    catalog: change.catalog,
    participantType: 'SENDER',
    associatedResourceIdentifiers: [resourceId(change.resource)],
  });
  return items.find((item) => item.id === id);
}

type CancelOutcome =
  | { kind: 'cancelled'; step: StepResult }
  /** It was no longer PENDING and not cancelled: REJECTED, EXPIRED (moot) or ACCEPTED (held back). */
  | { kind: 'ended'; status: HandshakeStatus; at?: string }
  | { kind: 'held-back'; status: HandshakeStatus; at?: string };

/**
 * Cancels a pending handshake. The model lists no ConflictException for CancelChannelHandshake: a repeat answers 200,
 * a handshake that is no longer PENDING answers ValidationException (BUSINESS_VALIDATION_FAILED). Whatever a cancel
 * that did not plainly succeed answers (200 with another status, ValidationException or 409), the real status is
 * read back with a List and judged by the same rule as apply-time refresh.
 */
async function cancel(api: HandshakeApi, change: ListedAt, id: string): Promise<CancelOutcome> {
  let failure: unknown;
  try {
    const detail = await api.cancelChannelHandshake({ catalog: change.catalog, identifier: id });
    if (detail.status === undefined || detail.status === 'CANCELED') {
      return { kind: 'cancelled', step: { id: detail.id, arn: detail.arn, status: 'CANCELED' } };
    }
  } catch (error) {
    if (!(error instanceof ApiError) || !['ValidationException', 'ConflictException'].includes(error.code)) throw error;
    failure = error;
  }
  const item = await currentItem(api, change, id);
  const verdict = judgeCancel(item?.status);
  if (item && verdict === 'done') {
    return { kind: 'cancelled', step: { id, arn: item.arn, status: 'CANCELED' } };
  }
  if (item && verdict === 'ended') return { kind: 'ended', status: item.status, at: item.updatedAt };
  if (item && verdict === 'held-back') return { kind: 'held-back', status: item.status, at: item.updatedAt };
  if (failure) throw failure;
  throw new ChangeFailed({
    code: 'CancelNotConfirmed',
    message: `the cancel of ${id} did not answer CANCELED, and ListChannelHandshakes shows it as ${item?.status ?? 'not listed'}. Run refresh, then plan again.`,
  });
}

async function create(api: HandshakeApi, request: CreateChannelHandshakeRequest): Promise<StepResult> {
  // The clientToken makes this safe to repeat: a replay returns the handshake the first attempt created.
  const detail = await api.createChannelHandshake(request);
  return { id: detail.id, arn: detail.arn, status: 'PENDING' };
}

/**
 * Sends the create of a create or replace, with its intent written durably first: if this process dies after the
 * request left, the next plan replays the same request and token instead of planning a fresh one.
 */
async function createWithIntent(
  api: HandshakeApi,
  change: SendingChange,
  journal: StateJournal,
  recordedAt: string,
): Promise<StepResult> {
  try {
    if (journal.intents) await journal.intents.record(change, recordedAt);
    else await journal.update((state) => RECORD.intent(state, change, recordedAt));
  } catch (error) {
    throw new ChangeFailed({
      code: 'StateWriteFailed',
      message: `nothing was sent: the intent to create could not be written to the state file first: ${errorMessage(error)}.`,
    });
  }
  try {
    return await create(api, change.request);
  } catch (error) {
    if (createRefusedOutright(error)) {
      await journal.update((state) => RECORD.clearIntent(state, change.name)).catch(() => undefined);
    }
    throw error;
  }
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

/**
 * Once a replace's old handshake is out of the way, its create is recorded as an intent in the same write: if the run
 * stops before the create, the next plan resumes exactly that request and token instead of planning a new one.
 */
function withPlannedCreate(state: RecordedState, change: SendingChange | undefined, at: string): RecordedState {
  return change ? RECORD.intent(state, change, at) : state;
}

type ApplyContext = { appliedAt: string; appliedBy: AppliedBy };

/**
 * Cancels the pending handshake a cancel, replace or supersede takes out of service. `then` is the change whose new
 * handshake follows (replace, supersede); without it the change is done once the cancel is. Returns the result when
 * the change ends here, or undefined when its create is next.
 */
async function cancelFirst(
  change: CancelChange | ReplaceChange | SupersedeChange,
  retire: CancelRetirement,
  then: SendingChange | undefined,
  journal: StateJournal,
  dependencies: ApplyDependencies,
  context: () => ApplyContext,
): Promise<ChangeResult | undefined> {
  const cancelled = await cancel(dependencies.api, change, retire.id);
  if (cancelled.kind === 'held-back') {
    await record(journal, retire.id, (state) => learnStatus(state, retire.id, cancelled.status, cancelled.at));
    const message = heldBackMessage(change, retire.id, cancelled.status, cancelled.at);
    return {
      change,
      outcome: 'held-back',
      handshakeId: retire.id,
      status: cancelled.status ?? 'CANCELED',
      message,
      failure: { code: 'held-back', message },
    };
  }
  if (cancelled.kind === 'ended') {
    await record(journal, retire.id, (state) => {
      const learned = learnStatus(state, retire.id, cancelled.status, cancelled.at);
      return then
        ? withPlannedCreate(markReplacementPending(learned, change.name), then, context().appliedAt)
        : learned;
    });
    if (then) return undefined;
    return {
      change,
      outcome: 'moot',
      handshakeId: retire.id,
      status: cancelled.status,
      message: mootCancelMessage(retire.id, cancelled.status, cancelled.at),
    };
  }
  const step = cancelled.step;
  await record(journal, retire.id, (state) =>
    withPlannedCreate(RECORD.retirement(state, change, retire, step, context()), then, context().appliedAt),
  );
  return then ? undefined : { change, outcome: 'succeeded', handshakeId: retire.id, status: step.status };
}

async function sendDeclared(
  change: SendingChange,
  journal: StateJournal,
  dependencies: ApplyDependencies,
  context: () => ApplyContext,
): Promise<ChangeResult> {
  const created = await createWithIntent(dependencies.api, change, journal, context().appliedAt);
  await record(journal, created.id, (state) => RECORD.creation(state, change, created, context()));
  const second = await secondLiveOfName(change, created.id, dependencies.api, journal.state.lineage);
  if (second) {
    // Another checkout of this repository sent one first: it stays, ours goes, so one is live at rest.
    const cancelled = await dependencies.api.cancelChannelHandshake({
      catalog: change.catalog,
      identifier: created.id,
    });
    await record(journal, `cancel ${created.id}`, (state) =>
      learnStatus(state, created.id, cancelled.status ?? 'CANCELED', context().appliedAt),
    );
    const message = `held back: after the create, ${second.kept.id} (${second.kept.status}, sent ${second.kept.createdAt ?? 'earlier'}) was found: another checkout of this repository sent it for "${change.name}" first. The newer ${created.id} was cancelled, so one stays live; run refresh or import to record ${second.kept.id}, then plan again.`;
    return {
      change,
      outcome: 'held-back',
      handshakeId: created.id,
      status: cancelled.status ?? 'CANCELED',
      message,
      failure: { code: 'held-back', message },
    };
  }
  return { change, outcome: 'succeeded', handshakeId: created.id, status: created.status };
}

/**
 * After a create: another PENDING handshake of this type on its resource with this lineage's owner tag for this name,
 * older than ours (src/core/second-live.ts). A listing that fails reports nothing: the next apply's own listing sees
 * the unrecorded handshake and adopts or holds back.
 */
async function secondLiveOfName(
  change: SendingChange,
  createdId: string,
  api: HandshakeApi,
  lineage: string,
): Promise<SecondLive | undefined> {
  try {
    const items = await api.listAllChannelHandshakes({
      handshakeType: change.request.handshakeType,
      catalog: change.catalog,
      participantType: 'SENDER',
      associatedResourceIdentifiers: [resourceId(change.request.associatedResourceIdentifier)],
    });
    const pending = items.filter((item) => item.status === 'PENDING' && item.id !== createdId);
    if (pending.length === 0) return undefined;
    const tagged = await Promise.all(
      pending.map(async (item) => ({ ...item, tags: await api.listTagsForResource({ resourceArn: item.arn }) })),
    );
    const created = items.find((item) => item.id === createdId);
    return created ? newerDuplicate(createdId, [created, ...tagged], ownerTagValue(lineage, change.name)) : undefined;
  } catch (error) {
    if (error instanceof DeadlineExceededError) throw error;
    return undefined;
  }
}

async function retag(change: RetagChange, journal: StateJournal, api: HandshakeApi): Promise<ChangeResult> {
  const tagChange = change.tags;
  if (tagChange) {
    const tags = Object.entries(tagChange.set).map(([key, value]) => ({ key, value }));
    if (tags.length > 0) await api.tagResource({ resourceArn: tagChange.arn, tags });
    if (tagChange.remove.length > 0) await api.untagResource({ resourceArn: tagChange.arn, tagKeys: tagChange.remove });
  }
  await record(journal, tagChange?.arn ?? `protect ${change.name}`, (state) => RECORD.retag(state, change));
  const history = historyOf(journal.state, change.name);
  const target = history?.handshakes.find((entry) => entry.arn === tagChange?.arn) ?? history?.handshakes.at(-1);
  return { change, outcome: 'succeeded', handshakeId: target?.id };
}

/** Sends one handshake change and records each step of it. */
async function applyHandshakeChange(
  change: ChangeOfKind<'ChannelHandshake'>,
  journal: StateJournal,
  dependencies: ApplyDependencies,
): Promise<ChangeResult> {
  const { api } = dependencies;
  const context = () => ({ appliedAt: dependencies.now().toISOString(), appliedBy: dependencies.appliedBy });
  switch (change.action) {
    // State-only changes: nothing is sent, the record moves or goes.
    case 'rename':
      await record(journal, `rename ${change.previous.name} → ${change.name}`, (state) => RECORD.rename(state, change));
      return { change, outcome: 'succeeded' };
    case 'forget':
      await record(journal, `forget ${change.name}`, (state) => RECORD.forget(state, change, context().appliedAt));
      return { change, outcome: 'succeeded' };
    case 'retag':
      return retag(change, journal, api);
    case 'cancel':
      return (await cancelFirst(change, change.retire, undefined, journal, dependencies, context)) as ChangeResult;
    case 'revoke': {
      if (!change.retire) return sendDeclared(change, journal, dependencies, context);
      const retire = change.retire;
      const retired = await create(api, retire.request);
      await record(journal, retired.id, (state) => RECORD.retirement(state, change, retire, retired, context()));
      return { change, outcome: 'succeeded', handshakeId: retired.id, status: retired.status };
    }
    case 'create':
      return sendDeclared(change, journal, dependencies, context);
    case 'replace':
    case 'supersede': {
      if (change.retire) {
        const ended = await cancelFirst(change, change.retire, change, journal, dependencies, context);
        if (ended) return ended;
      }
      return sendDeclared(change, journal, dependencies, context);
    }
    default:
      return unreachable(change);
  }
}

/** Sends one program management account or relationship change (apply/resources.ts) and records it. */
function applyResourceKindChange(
  change: ResourceChange,
  journal: StateJournal,
  dependencies: ApplyDependencies,
): Promise<ChangeResult> {
  return applyResourceChange(change, {
    api: dependencies.api,
    update: (mutate) => journal.update(mutate),
    lineage: journal.state.lineage,
    appliedAt: dependencies.now().toISOString(),
    appliedBy: dependencies.appliedBy,
    recorded: () => journal.state,
  });
}

/** How each kind executes its changes: the executor names no kind, it dispatches here (core/kind-registry.ts). */
type KindExecutor<K extends KindName> = (
  change: ChangeOfKind<K>,
  journal: StateJournal,
  dependencies: ApplyDependencies,
) => Promise<ChangeResult>;

const EXECUTORS: { readonly [K in KindName]: KindExecutor<K> } = {
  ChannelHandshake: applyHandshakeChange,
  ProgramManagementAccount: applyResourceKindChange,
  Relationship: applyResourceKindChange,
};

function applyChange(change: Change, journal: StateJournal, dependencies: ApplyDependencies): Promise<ChangeResult> {
  return byKind(change, EXECUTORS, journal, dependencies);
}

/** The result of a change apply-time refresh decided not to send. */
function unsentResult(decision: Exclude<ApplyTimeDecision, { kind: 'proceed' }>): ChangeResult {
  const { change, message } = decision;
  if (decision.kind === 'moot') {
    return { change, outcome: 'moot', handshakeId: decision.handshakeId, status: decision.status, message };
  }
  if (decision.kind === 'held-back') {
    return {
      change,
      outcome: 'held-back',
      handshakeId: decision.handshakeId,
      status: decision.status,
      message,
      failure: { code: 'held-back', message },
    };
  }
  return {
    change,
    outcome: 'failed',
    failure: { code: decision.mismatch ? 'TargetMismatch' : 'ManagedElsewhere', message },
  };
}

/**
 * Why nothing was sent when apply could not list what it is about to touch: each change fails with this reason, and
 * the state stays as it was. The apply use case runs that listing (src/usecases/apply.ts).
 */
export function listingFailure(error: unknown): ChangeFailure {
  return {
    code: failureOf(error).code,
    message: `not sent: apply lists the handshakes it is about to touch before sending anything (ListChannelHandshakes, and ListTagsForResource for the ones the state does not know), and that failed: ${error instanceof DeadlineExceededError ? `${error.stopped}.` : errorMessage(error)}`,
  };
}

/** The wave's changes that will send a create as their first step (nothing to cancel first), in wave order. */
function firstStepCreates(
  wave: readonly number[],
  plan: Plan,
  decisions: readonly ApplyTimeDecision[],
): SendingChange[] {
  const creates: SendingChange[] = [];
  for (const index of wave) {
    const decision = decisions[index] ?? { kind: 'proceed', change: plan.changes[index] as Change };
    const sending = decision.kind === 'proceed' ? declaredSendOf(decision.change) : undefined;
    if (sending && !('retire' in sending && sending.retire)) creates.push(sending);
  }
  return creates;
}

/**
 * Executes a plan's changes as the apply-time decisions say (one per change, in plan order), a few at a time,
 * recording each success durably before moving on. A failed change is reported and the rest continue; the returned
 * state holds every success.
 */
export async function executeDecided(
  plan: Plan,
  state: RecordedState,
  decisions: readonly ApplyTimeDecision[],
  dependencies: ApplyDependencies,
): Promise<ApplyOutcome> {
  const journal = new StateJournal(state, dependencies.persist);
  const results: ChangeResult[] = new Array(plan.changes.length);
  const applyAt = async (index: number) => {
    const change = plan.changes[index] as Change;
    const decision = decisions[index] ?? { kind: 'proceed', change };
    let result: ChangeResult;
    try {
      result =
        decision.kind === 'proceed'
          ? { ...(await applyChange(decision.change, journal, dependencies)), change }
          : unsentResult(decision);
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
  // Wave by wave, as the kinds' waits decide (renames and forgets before anything that calls the API): a wave starts
  // once every change of the one before it has its result. Within a wave, changes run at once, up to `concurrency`.
  for (const wave of applyWaves(plan.changes)) {
    let next = 0;
    const worker = async () => {
      while (next < wave.length) {
        await applyAt(wave[next++] as number);
      }
    };
    const concurrency = Math.max(1, Math.min(dependencies.concurrency ?? 8, wave.length));
    journal.intents = new IntentBatches(journal, firstStepCreates(wave, plan, decisions), 2 * concurrency);
    await Promise.all(Array.from({ length: concurrency }, worker));
  }
  return { state: journal.state, results };
}
