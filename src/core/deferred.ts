// The reviewed remainder of a merge's plan (issues 18 and 20): what a merge's apply left unsent because a declaration
// waits for another (a program management account not ACTIVE yet, a revoke not accepted yet) or because the run's
// time budget ran out. Later runs send it without a new review, on one rule that makes the record safe to read from
// a file a pull request can edit: a deferred item is sent only when a fresh plan from the merged declarations holds
// exactly that change (for a wait, the change that wait was holding back) and the declarations it came from are
// unchanged. What a waiting change is sent to (the account a relationship is created under, the relationship a START
// names, the lineage behind its token) comes from the state's resource records, so the digest that locks a record to
// our own comment (deferredRecordDigest) covers those too: a record, or the records around it, edited in a pull
// request is not continued at all. A forged or stale record can therefore only hold changes back, never add one.

import { sha256HexOfCanonicalArray } from './canonical.js';
import { isLiteralAccount } from './channel-declarations.js';
import type { Validated } from './engine.js';
import type {
  Change,
  ChangeAction,
  ChangeResult,
  DeferredItem,
  DeferredRecord,
  Plan,
  RecordedState,
  ResourceRecord,
  WaitingDeclaration,
} from './model.js';

/** sha256 of the normalised declarations a name stands for, following its references. */
export type Fingerprints = (name: string) => string;

type Source = { entry: unknown; references: string[] };

/**
 * The fingerprint of each declared name: its normalised declaration and every declaration it references (a
 * relationship's program management account, a handshake's relationship or account), so an edit to any of them
 * changes it. An undeclared name (a delete, a forget) has the fingerprint of its absence, so declaring it again
 * changes it too.
 */
export function declarationFingerprints(validated: Validated): Fingerprints {
  const sources = new Map<string, Source>();
  for (const declaration of validated.declarations) {
    sources.set(declaration.spec.name, { entry: { kind: 'ChannelHandshake', spec: declaration.spec }, references: [] });
  }
  for (const declaration of validated.referencing ?? []) {
    sources.set(declaration.spec.name, {
      entry: { kind: 'ChannelHandshake', spec: declaration.spec, reference: declaration.reference.name },
      references: [declaration.reference.name],
    });
  }
  for (const declaration of validated.resources ?? []) {
    const spec = declaration.spec;
    const references =
      spec.kind === 'Relationship' && !isLiteralAccount(spec.programManagementAccount)
        ? [spec.programManagementAccount]
        : [];
    sources.set(spec.name, { entry: { kind: spec.kind, spec }, references });
  }
  for (const forget of validated.forgets) {
    sources.set(forget.name, { entry: { kind: 'forget', name: forget.name }, references: [] });
  }
  const cache = new Map<string, string>();
  return (name) => {
    const known = cache.get(name);
    if (known) return known;
    const seen = new Set<string>();
    const entries: unknown[] = [];
    const queue = [name];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      const source = sources.get(next);
      entries.push([next, source?.entry ?? null]);
      queue.push(...(source?.references ?? []));
    }
    const fingerprint = `sha256:${sha256HexOfCanonicalArray(entries)}`;
    cache.set(name, fingerprint);
    return fingerprint;
  };
}

/** The digest a change is matched by: everything it sends and records, not the words of why (its reason). */
function changeDigest(change: Change): string {
  const { reason: _reason, ...rest } = change;
  // A create that resumes an interrupted one sends the same request with the same token: the same change.
  const sent = 'resume' in rest ? { ...rest, resume: undefined } : rest;
  return `sha256:${sha256HexOfCanonicalArray([sent])}`;
}

function clientTokenOf(change: Change): string | undefined {
  if ('clientToken' in change && typeof change.clientToken === 'string') return change.clientToken;
  if ('request' in change && change.request && 'clientToken' in change.request) {
    const token = change.request.clientToken;
    return typeof token === 'string' ? token : undefined;
  }
  return undefined;
}

/** The change a waiting declaration becomes once what it waits for is ready, by its kind and what it waits until. */
function actionsAfterWait(wait: Pick<WaitingDeclaration, 'kind' | 'until'>): readonly ChangeAction[] {
  if (wait.kind === 'ChannelHandshake') return ['create'];
  if (wait.kind === 'Relationship') return wait.until === 'ended' ? ['delete-relationship'] : ['create-relationship'];
  return wait.until === 'deleted' ? ['delete-account'] : ['create-account'];
}

/** What a run cut short by its deadline left unsent: failed with DeadlineExceeded (never started, or cut mid-way). */
function timedOut(result: ChangeResult | undefined): boolean {
  return result?.outcome === 'failed' && result.failure?.code === 'DeadlineExceeded';
}

function done(result: ChangeResult | undefined): boolean {
  return result?.outcome === 'succeeded' || result?.outcome === 'moot';
}

interface Review {
  planDigest: string;
  pullRequest?: number;
  commit?: string;
  reviewedAt: string;
}

/**
 * The record a reviewed plan's apply leaves: each change its deadline cut off, and each declaration that waits.
 * Undefined when nothing is left (then any earlier record is cleared). `results` are the apply's, in plan order.
 */
export function deferredRecordOf(
  plan: Plan,
  results: readonly ChangeResult[],
  fingerprint: Fingerprints,
  review: Review,
): DeferredRecord | undefined {
  const byChange = new Map(results.map((result) => [result.change, result]));
  const items: DeferredItem[] = [];
  let sent = 0;
  for (const change of plan.changes) {
    const result = byChange.get(change);
    if (done(result)) sent++;
    else if (timedOut(result)) items.push(timeItem(change, fingerprint));
  }
  for (const wait of plan.waits ?? []) items.push(waitItem(wait, fingerprint));
  if (items.length === 0) return undefined;
  return {
    planDigest: review.planDigest,
    ...(review.pullRequest !== undefined ? { pullRequest: review.pullRequest } : {}),
    ...(review.commit ? { commit: review.commit } : {}),
    reviewedAt: review.reviewedAt,
    total: plan.changes.length + (plan.waits?.length ?? 0),
    sent,
    items,
  };
}

function timeItem(change: Change, fingerprint: Fingerprints): DeferredItem {
  const clientToken = clientTokenOf(change);
  return {
    kind: 'time',
    name: change.name,
    action: change.action,
    change: changeDigest(change),
    ...(clientToken ? { clientToken } : {}),
    fingerprint: fingerprint(change.name),
  };
}

function waitItem(wait: WaitingDeclaration, fingerprint: Fingerprints): DeferredItem {
  return {
    kind: 'wait',
    name: wait.name,
    declarationKind: wait.kind,
    waitsFor: wait.waitsFor,
    until: wait.until,
    fingerprint: fingerprint(wait.name),
  };
}

/** Why a deferred item is not sent and leaves the record: it needs a new review. */
export type DeferredRefusal =
  | { item: DeferredItem; reason: 'declaration-changed' }
  /** The fresh plan would send something else for this name than what was reviewed. */
  | { item: DeferredItem; reason: 'plan-changed'; now: ChangeAction };

export interface Continuation {
  /** Fresh changes that are exactly what was reviewed: sent now. */
  send: Change[];
  /** The item each sent change comes from, by change. */
  itemOf: Map<Change, DeferredItem>;
  /** Items that still wait (with what they wait for now). */
  waiting: DeferredItem[];
  refused: DeferredRefusal[];
  /** Items the fresh plan has nothing left for: done elsewhere, or no longer declared. */
  gone: DeferredItem[];
}

/**
 * Matches a fresh plan (from the merged declarations and the newest state) against the record: which deferred
 * changes go now, which still wait, which need a new review. A change of the fresh plan no item names is never sent.
 */
export function matchDeferred(record: DeferredRecord, plan: Plan, fingerprint: Fingerprints): Continuation {
  const changesByName = new Map<string, Change[]>();
  for (const change of plan.changes) {
    const list = changesByName.get(change.name);
    if (list) list.push(change);
    else changesByName.set(change.name, [change]);
  }
  const waitsByName = new Map((plan.waits ?? []).map((wait) => [wait.name, wait]));
  const continuation: Continuation = { send: [], itemOf: new Map(), waiting: [], refused: [], gone: [] };
  const taken = new Set<Change>();
  for (const item of record.items) {
    const fresh = (changesByName.get(item.name) ?? []).filter((change) => !taken.has(change));
    const wait = waitsByName.get(item.name);
    if (item.fingerprint !== fingerprint(item.name)) {
      if (fresh.length > 0 || wait) continuation.refused.push({ item, reason: 'declaration-changed' });
      else continuation.gone.push(item);
      continue;
    }
    const match =
      item.kind === 'time'
        ? fresh.find(
            (change) =>
              (change.action === item.action && changeDigest(change) === item.change) ||
              // An interrupted create (a replace or supersede whose cancel went through) resumes with its token.
              (change.action === 'create' &&
                change.resume === true &&
                item.clientToken !== undefined &&
                clientTokenOf(change) === item.clientToken),
          )
        : fresh.find((change) =>
            actionsAfterWait({ kind: item.declarationKind, until: item.until }).includes(change.action),
          );
    if (match) {
      taken.add(match);
      continuation.send.push(match);
      continuation.itemOf.set(match, item);
    } else if (fresh[0]) {
      continuation.refused.push({ item, reason: 'plan-changed', now: fresh[0].action });
    } else if (wait && item.kind === 'wait') {
      continuation.waiting.push({ ...item, declarationKind: wait.kind, waitsFor: wait.waitsFor, until: wait.until });
    } else if (wait) {
      continuation.refused.push({ item, reason: 'plan-changed', now: actionsAfterWait(wait)[0] as ChangeAction });
    } else {
      continuation.gone.push(item);
    }
  }
  return continuation;
}

/**
 * The record after a continuation ran: sent items leave it (and count as sent), items the deadline cut off again
 * stay; refused, gone and failed items leave it (a failure is reported, and a new plan shows it again). Undefined once nothing is left: the record is cleared.
 */
export function advanceDeferred(
  record: DeferredRecord,
  continuation: Continuation,
  results: readonly ChangeResult[],
): DeferredRecord | undefined {
  const byChange = new Map(results.map((result) => [result.change, result]));
  const items: DeferredItem[] = [];
  let sent = record.sent;
  for (const change of continuation.send) {
    const result = byChange.get(change);
    const item = continuation.itemOf.get(change) as DeferredItem;
    if (done(result)) sent++;
    else if (timedOut(result) || result === undefined) items.push(item);
  }
  items.push(...continuation.waiting);
  if (items.length === 0) return undefined;
  return { ...record, sent, items };
}

/** What a run did with a record, for the reports: before and after, and what it sent, refused or found gone. */
export interface DeferredProgress {
  before?: DeferredRecord;
  /** Undefined: nothing is left. */
  after: DeferredRecord | undefined;
  refused?: readonly DeferredRefusal[];
  gone?: readonly DeferredItem[];
  /** How many deferred changes this run sent (or found already done). */
  sentNow?: number;
  /** Results of this run that did not go through (held back, or failed other than by the deadline). */
  failed?: readonly ChangeResult[];
}

export function deferredProgressOf(report: {
  before: DeferredRecord;
  after: DeferredRecord | undefined;
  refused: readonly DeferredRefusal[];
  gone: readonly DeferredItem[];
  results: readonly ChangeResult[];
}): DeferredProgress {
  return {
    before: report.before,
    after: report.after,
    refused: report.refused,
    gone: report.gone,
    sentNow: report.results.filter(done).length,
    failed: report.results.filter(
      (result) => result.outcome === 'held-back' || (result.outcome === 'failed' && !timedOut(result)),
    ),
  };
}

/**
 * The plan without the changes a deferred record still holds for later runs: what the drift run reports as merged
 * but never applied must not name what the reviewed plan's continuation is about to send.
 */
export function withoutDeferred(plan: Plan, record: DeferredRecord | undefined): Plan {
  if (!record) return plan;
  const names = new Set(record.items.map((item) => item.name));
  const changes = plan.changes.filter((change) => !names.has(change.name));
  if (changes.length === plan.changes.length) return plan;
  const summary = { ...plan.summary };
  for (const change of plan.changes) {
    if (names.has(change.name)) summary[change.action] = (summary[change.action] ?? 1) - 1;
  }
  return { ...plan, changes, summary };
}

/**
 * The digest of a record with the state a run committed it in. Each run that writes a record also writes this digest
 * into its own comment on the reviewing pull request; a later run continues only a record whose digest matches, so a
 * record a pull request forged or edited in the state file is not continued at all, nor one whose waiting changes
 * an edited resource record would send elsewhere. It covers the lineage and each resource's identity (kind, id, arn,
 * account), not what refresh rewrites (status, display name, revision).
 */
export function deferredRecordDigest(record: DeferredRecord, state: RecordedState): string {
  const resources = Object.keys(state.resources ?? {})
    .sort()
    .map((name) => {
      const resource = state.resources?.[name] as ResourceRecord;
      return [name, resource.kind, resource.id, resource.arn, resource.programManagementAccountId ?? null];
    });
  return `sha256:${sha256HexOfCanonicalArray([record, state.lineage, resources])}`;
}
