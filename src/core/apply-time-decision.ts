import { canonicalJson } from './canonical.js';
import { stillActive } from './drift.js';
import { CORE_KINDS } from './kind-registry.js';
import { adoptHandshake, knownHandshakeIds, learnStatus, markReplacementPending } from './learned-state.js';
import type {
  AppliedBy,
  Change,
  CreateChannelHandshakeRequest,
  HandshakeSpec,
  HandshakeStatus,
  HandshakeType,
  LiveHandshake,
  Plan,
  RecordedState,
} from './model.js';
import { declaredSendOf, retirementOf, TERMINAL_STATUSES } from './model.js';
import { normalizeEndDate, resourceId } from './normalize.js';
import { declaredTagsOf, ownerLineagePart, ownerOf } from './ownership.js';
import { actedOnTarget, targetMismatch } from './target-confirmation.js';

// Apply-time refresh: the plan was reviewed against the recorded state, but receivers answer asynchronously and state
// can be lost. Just before sending, apply lists what AWS holds for the handshakes it is about to touch, and this
// module decides, per change, whether the reviewed change still stands. Pure: the listing is done by apply/preflight.

/** One ListChannelHandshakes query apply needs: a catalog and type, for a set of relationships or PMAs. */
export interface LiveQuery {
  catalog: string;
  handshakeType: HandshakeType;
  /** Bare ids (rs-…, pma-…), sorted, each once. */
  resources: string[];
}

function queryKey(catalog: string, handshakeType: HandshakeType, resource: string): string {
  return `${catalog}\u0000${handshakeType}\u0000${resourceId(resource)}`;
}

/** The CreateChannelHandshake requests a change sends (a revoke's REVOKE_SERVICE_PERIOD, a create), each once. */
function sentRequests(change: Change): CreateChannelHandshakeRequest[] {
  const requests: CreateChannelHandshakeRequest[] = [];
  const retire = retirementOf(change);
  for (const request of [retire?.action === 'revoke' ? retire.request : undefined, declaredSendOf(change)?.request]) {
    if (request && !requests.some((other) => other.clientToken === request.clientToken)) requests.push(request);
  }
  return requests;
}

/** Whether a request is the change's own declared handshake (not the REVOKE_SERVICE_PERIOD that ends an old one). */
function isDeclaredSend(change: Change, request: CreateChannelHandshakeRequest): boolean {
  const sent = declaredSendOf(change);
  return (
    sent !== undefined && request.clientToken === sent.clientToken && request.handshakeType === sent.spec.handshakeType
  );
}

/** What to list before applying a plan: the recorded handshakes it retires and the resources it sends to. */
export function liveQueries(plan: Plan): LiveQuery[] {
  // A set per query: a plan of 100,000 creates names as many resources, and a list search per one was quadratic.
  const wanted = new Map<string, { catalog: string; handshakeType: HandshakeType; resources: Set<string> }>();
  const wantOne = (catalog: string, handshakeType: HandshakeType, resource: string) => {
    const key = `${catalog}\u0000${handshakeType}`;
    const query = wanted.get(key) ?? { catalog, handshakeType, resources: new Set<string>() };
    query.resources.add(resourceId(resource));
    wanted.set(key, query);
  };
  // A service period's START and REVOKE handshakes are read together: whether an accepted START is still in force
  // depends on the later handshakes on its relationship.
  const want = (catalog: string, handshakeType: HandshakeType, resource: string) => {
    if (handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT') return wantOne(catalog, handshakeType, resource);
    wantOne(catalog, 'START_SERVICE_PERIOD', resource);
    wantOne(catalog, 'REVOKE_SERVICE_PERIOD', resource);
  };
  for (const change of plan.changes) {
    if ((retirementOf(change) || actedOnTarget(change)) && change.action !== 'forget' && change.handshakeType) {
      want(change.catalog, change.handshakeType, change.resource);
    }
    for (const request of sentRequests(change)) {
      want(request.catalog, request.handshakeType, request.associatedResourceIdentifier);
    }
  }
  return [...wanted.values()]
    .map((query) => ({ ...query, resources: [...query.resources].sort() }))
    .sort((left, right) => canonicalJson(left).localeCompare(canonicalJson(right)));
}

/** The live handshakes the state does not know: their tags decide whether to adopt or refuse, so they are read. */
export function unknownLive(state: RecordedState, items: readonly LiveHandshake[], now?: Date): LiveHandshake[] {
  const known = knownHandshakeIds(state);
  // Live as drift counts it: PENDING, or ACCEPTED and not over (an accepted revoke did its job; a period a later
  // accepted handshake superseded or revoked, or whose term ran out, is history, not a collision).
  return items.filter((item) => !known.has(item.id) && stillActive(item, items, now));
}

/** How a recorded handshake that a cancel would retire stands now. */
export type RetirementVerdict =
  /** Still PENDING: cancel it as reviewed. */
  | 'proceed'
  /** CANCELED already (an earlier run did it): the cancel is done. */
  | 'done'
  /** REJECTED or EXPIRED: nothing left to cancel, the cancel is moot. */
  | 'ended'
  /** ACCEPTED: a cancel is no longer possible; ending it now takes a revoke, which nobody reviewed. */
  | 'held-back'
  /** Not listed at all: let the request answer for itself. */
  | 'unknown';

export function judgeCancel(status: HandshakeStatus | undefined): RetirementVerdict {
  if (status === undefined) return 'unknown';
  if (status === 'PENDING') return 'proceed';
  if (status === 'CANCELED') return 'done';
  if (status === 'ACCEPTED') return 'held-back';
  return 'ended';
}

function onDate(at: string | undefined): string {
  return at ? ` on ${at}` : '';
}

/**
 * "held back: ch-… was ACCEPTED on …; the reviewed cancel would now be a revoke. Nothing was sent for it; the next
 * plan will revoke acme." The last sentence names what a reviewer will be asked about next.
 */
export function heldBackMessage(
  change: Exclude<Change, { action: 'forget' }>,
  handshakeId: string,
  status: HandshakeStatus,
  at: string | undefined,
): string {
  const reviewed = change.action;
  const start = change.handshakeType === 'START_SERVICE_PERIOD';
  const now = !start
    ? `the reviewed ${reviewed} is no longer possible, and a ${change.handshakeType} handshake cannot be revoked through the API`
    : change.action === 'cancel'
      ? `the reviewed ${reviewed} would now be a revoke`
      : `the reviewed ${reviewed} would now be a supersede (a new START, while ${handshakeId} stays in force until it is accepted)`;
  return `held back: ${handshakeId} was ${status}${onDate(at)}; ${now}. Nothing was sent for it; ${nextPlanStep(change, start)}.`;
}

/** What the next plan will do about a held-back change, from why the reviewed one was planned. */
function nextPlanStep(change: Exclude<Change, { action: 'forget' }>, start: boolean): string {
  if (!start) return 'the next plan shows what is left to do';
  if (change.action !== 'cancel') return `the next plan will supersede ${change.name}`;
  switch (change.reason.rule) {
    case 'undeclared-pending':
      return `the next plan will revoke ${change.name}`;
    case 'back-to-terms-in-force':
      return `the next plan will supersede ${change.name} with the declared terms`;
    case 'declared-again-same-terms':
      return `the next plan will start ${change.name} again`;
    default:
      return 'the next plan shows what to do';
  }
}

/** "already REJECTED on … (ch-…): nothing left to cancel". */
export function mootCancelMessage(handshakeId: string, status: HandshakeStatus, at: string | undefined): string {
  return `already ${status}${onDate(at)} (${handshakeId}): nothing left to cancel`;
}

function detailOf(item: LiveHandshake): Record<string, unknown> {
  const detail = item.detail ?? {};
  return (detail.startServicePeriodHandshakeDetail ?? detail.revokeServicePeriodHandshakeDetail ?? {}) as Record<
    string,
    unknown
  >;
}

/** awsJson carries timestamps as epoch seconds; the simulator echoes strings. Either way, the declaration's spelling. */
function endDateOf(value: unknown): string | undefined {
  if (typeof value === 'number') return new Date(value * 1000).toISOString().replace('.000Z', 'Z');
  if (typeof value === 'string') return normalizeEndDate(value) ?? value;
  return undefined;
}

/**
 * The declaration a live handshake corresponds to, as far as AWS tells: the declared spec with the terms, note and
 * tags AWS holds. (The program management account is not in a List summary; the declared one is kept.) Equal to
 * the declared spec when the live handshake is exactly what the create would send.
 */
export function adoptedSpec(declared: HandshakeSpec, item: LiveHandshake): HandshakeSpec {
  const tags = Object.fromEntries(
    declaredTagsOf(item.tags ?? [])
      .map((tag): [string, string] => [tag.key, tag.value])
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)),
  );
  const base: HandshakeSpec = { ...declared, tags };
  const payload = declared.payload;
  if (!payload || !('startServicePeriodPayload' in payload)) {
    return base;
  }
  const detail = detailOf(item);
  const start = payload.startServicePeriodPayload;
  const servicePeriodType =
    detail.servicePeriodType === 'FIXED_COMMITMENT_PERIOD' || detail.servicePeriodType === 'MINIMUM_NOTICE_PERIOD'
      ? detail.servicePeriodType
      : start.servicePeriodType;
  const minimumNoticeDays = detail.minimumNoticeDays === undefined ? undefined : String(detail.minimumNoticeDays);
  const endDate = endDateOf(detail.endDate);
  const note = typeof detail.note === 'string' ? detail.note : undefined;
  return {
    ...base,
    payload: {
      startServicePeriodPayload: {
        programManagementAccountIdentifier: start.programManagementAccountIdentifier,
        servicePeriodType,
        ...(servicePeriodType === 'MINIMUM_NOTICE_PERIOD' && minimumNoticeDays !== undefined
          ? { minimumNoticeDays }
          : {}),
        ...(servicePeriodType === 'FIXED_COMMITMENT_PERIOD' && endDate !== undefined ? { endDate } : {}),
        ...(note !== undefined ? { note } : {}),
      },
    },
  };
}

export type ApplyTimeDecision =
  /** Send it. The change may have been narrowed: a replace whose old handshake already ended only creates. */
  | { kind: 'proceed'; change: Change }
  /** Nothing to send: AWS already did it or made it pointless. Reported as "already …". */
  | { kind: 'moot'; change: Change; handshakeId: string; status: HandshakeStatus; message: string }
  /** Nothing sent: the reviewed change would now need a different action. The next plan shows it. */
  | { kind: 'held-back'; change: Change; handshakeId: string; status: HandshakeStatus; message: string }
  /**
   * Nothing sent: another repository owns what this change would collide with, or (`mismatch`) the handshake it
   * would cancel, revoke or tag is not the one its record describes.
   */
  | { kind: 'refused'; change: Change; owner: string; message: string; mismatch?: true };

export interface ApplyTimeDecisions {
  /** The state with every learned status and adopted handshake recorded. */
  state: RecordedState;
  /** Whether `state` differs from the input and must be written before anything is sent. */
  learned: boolean;
  /** One per plan change, in plan order. */
  decisions: ApplyTimeDecision[];
}

export interface DecisionContext {
  appliedAt: string;
  appliedBy: AppliedBy;
}

interface Candidates {
  byId: Map<string, LiveHandshake>;
  unknownByResource: Map<string, LiveHandshake[]>;
}

function candidatesFrom(state: RecordedState, live: readonly LiveHandshake[], now: Date): Candidates {
  const byId = new Map(live.map((item) => [item.id, item]));
  const unknownByResource = new Map<string, LiveHandshake[]>();
  for (const item of unknownLive(state, live, now)) {
    const key = queryKey(item.catalog, item.handshakeType, item.associatedResourceId);
    unknownByResource.set(key, [...(unknownByResource.get(key) ?? []), item]);
  }
  for (const items of unknownByResource.values()) items.sort((left, right) => (left.id < right.id ? -1 : 1));
  return { byId, unknownByResource };
}

/** A live handshake on a resource this change sends to that the state does not know, judged by its owner tag. */
function collision(
  change: Change,
  request: CreateChannelHandshakeRequest,
  lineage: string,
  candidates: Candidates,
): { item: LiveHandshake; verdict: 'adopt' | 'refuse'; owner: string } | undefined {
  const items =
    candidates.unknownByResource.get(
      queryKey(request.catalog, request.handshakeType, request.associatedResourceIdentifier),
    ) ?? [];
  let adoptable: LiveHandshake | undefined;
  for (const item of items) {
    const owner = ownerOf(item.tags ?? []);
    if (!owner) continue; // Sent by the console or another tool: refresh reports it as unmanaged; not ours to judge.
    if (owner.lineagePart !== ownerLineagePart(lineage) || owner.name !== change.name) {
      return { item, verdict: 'refuse', owner: owner.value };
    }
    adoptable ??= item;
  }
  return adoptable ? { item: adoptable, verdict: 'adopt', owner: '' } : undefined;
}

function refusal(change: Change, item: LiveHandshake, owner: string, lineage: string): string {
  const mine = owner.startsWith(`${ownerLineagePart(lineage)}/`);
  const whose = mine
    ? `was sent from this repository for "${owner.slice(owner.lastIndexOf('/') + 1)}", which the state does not record`
    : `is managed elsewhere (owner tag ${owner})`;
  return `refused: ${item.handshakeType} ${item.id} (${item.status}) on ${item.associatedResourceId} ${whose}. Sending ${change.name} would put a second live handshake on it. ${mine ? 'Restore the state from git history, or import it.' : 'Remove this declaration, or end that handshake from the repository that owns it.'}`;
}

/**
 * Decides, per change, against what AWS holds now:
 * - moot: a cancel of a handshake that is now REJECTED, EXPIRED or CANCELED; a create whose handshake AWS already
 *   holds (sent from this repository under this name, exactly as declared: its token would replay) → skip, record;
 * - held back: a cancel or replace of a handshake that is now ACCEPTED; a create that finds its own handshake
 *   already live but different (state lost, then edited) → hold back, record what was learned, ask for a new plan;
 * - refused: a create that would land next to a live handshake another lineage (or another name) owns;
 * - everything else proceeds.
 */
export function decideAtApplyTime(
  plan: Plan,
  state: RecordedState,
  live: readonly LiveHandshake[],
  context: DecisionContext,
): ApplyTimeDecisions {
  const candidates = candidatesFrom(state, live, new Date(context.appliedAt));
  let next = state;
  const decisions: ApplyTimeDecision[] = [];
  for (const original of plan.changes) {
    let change = original;
    let decided: ApplyTimeDecision | undefined;
    const retire = retirementOf(change);
    const target = actedOnTarget(change);
    const mismatch = target && targetMismatch(target, next, candidates.byId.get(target.id), plan.lineage);
    if (mismatch) {
      decided = { kind: 'refused', change, owner: '', message: mismatch, mismatch: true };
    } else if (retire?.action === 'cancel' && change.action !== 'forget') {
      const item = candidates.byId.get(retire.id);
      const verdict = judgeCancel(item?.status);
      if (item && verdict !== 'proceed' && verdict !== 'unknown') {
        if (verdict === 'held-back') {
          next = learnStatus(next, item.id, item.status, item.updatedAt);
          decided = {
            kind: 'held-back',
            change,
            handshakeId: item.id,
            status: item.status,
            message: heldBackMessage(change, item.id, item.status, item.updatedAt),
          };
        } else if (change.action === 'cancel') {
          next = learnStatus(next, item.id, item.status, item.updatedAt);
          decided = {
            kind: 'moot',
            change,
            handshakeId: item.id,
            status: item.status,
            message: mootCancelMessage(item.id, item.status, item.updatedAt),
          };
        } else if (change.action === 'replace' || change.action === 'supersede') {
          // A replace whose old handshake already ended: only the create is left to do. Marked pending, so an
          // interrupted create is finished by the next plan instead of waiting for a revision bump.
          next = markReplacementPending(learnStatus(next, item.id, item.status, item.updatedAt), change.name);
          const { retire: _ended, ...rest } = change;
          const remaining = {
            ...rest,
            alreadyEnded: { id: retire.id, status: item.status, ...(item.updatedAt ? { at: item.updatedAt } : {}) },
          };
          change = remaining;
          // Its create is recorded as an intent at once, so an interrupted run resumes this very request.
          next = CORE_KINDS.ChannelHandshake.record.intent(next, remaining, context.appliedAt);
        }
      }
    } else if (retire?.action === 'revoke') {
      const item = candidates.byId.get(retire.id);
      if (item && TERMINAL_STATUSES.has(item.status)) {
        next = learnStatus(next, item.id, item.status, item.updatedAt);
        if (change.action === 'revoke') {
          decided = {
            kind: 'moot',
            change,
            handshakeId: item.id,
            status: item.status,
            message: `already ${item.status}${onDate(item.updatedAt)} (${item.id}): nothing left to revoke`,
          };
        }
      }
    }
    if (!decided) {
      for (const request of sentRequests(change)) {
        const found = collision(change, request, plan.lineage, candidates);
        if (!found) continue;
        const { item } = found;
        if (found.verdict === 'refuse') {
          decided = {
            kind: 'refused',
            change,
            owner: found.owner,
            message: refusal(change, item, found.owner, plan.lineage),
          };
          break;
        }
        const declaredSend = declaredSendOf(change);
        if (!declaredSend || !isDeclaredSend(change, request)) {
          // Our own unrecorded REVOKE_SERVICE_PERIOD: its request is derived from the recorded handshake only, so
          // the deterministic token replays it. Proceed.
          continue;
        }
        const spec = adoptedSpec(declaredSend.spec, item);
        const same = canonicalJson(spec) === canonicalJson(declaredSend.spec);
        // Exactly what replaying the create would record (so two runs that both got here record the same thing);
        // or, when it differs from the declaration, the handshake as AWS holds it.
        next = same
          ? CORE_KINDS.ChannelHandshake.record.creation(
              next,
              declaredSend,
              { id: item.id, arn: item.arn, status: item.status },
              context,
            )
          : adoptHandshake(CORE_KINDS.ChannelHandshake.record.clearIntent(next, change.name), change.name, {
              item,
              spec,
              clientToken: '',
              generation: declaredSend.generation,
              purpose: declaredSend.purpose,
              ...context,
            });
        candidates.unknownByResource.delete(
          queryKey(request.catalog, request.handshakeType, request.associatedResourceIdentifier),
        );
        decided = same
          ? {
              kind: 'moot',
              change,
              handshakeId: item.id,
              status: item.status,
              message: `already sent as ${item.id} (${item.status}${onDate(item.createdAt)}): AWS holds this exact handshake, so the create's token would only replay it; recorded in the state, nothing sent`,
            }
          : {
              kind: 'held-back',
              change,
              handshakeId: item.id,
              status: item.status,
              message: `held back: ${item.id} was sent from this repository for "${change.name}" and is ${item.status}${onDate(item.createdAt)}, but the state did not record it (lost or reverted). It is adopted now; the reviewed ${change.action} would now send a second live handshake, so nothing was sent. The next plan replaces it.`,
            };
        break;
      }
    }
    decisions.push(decided ?? { kind: 'proceed', change });
  }
  return { state: next, learned: next !== state, decisions };
}
