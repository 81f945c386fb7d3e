// Continuing a reviewed plan in a later run (issues 18 and 20): the changes a merge's apply left unsent (waits, the
// time budget) are sent once a fresh plan holds exactly them and their declarations are unchanged (core/deferred.ts).
// A continuation runs in rounds: what one round sends can make a waiting declaration ready for the next (a program
// management account created lets its activation handshake go), until nothing more is ready or time runs out.
import type { ApplyDependencies } from '../apply/executor.js';
import {
  advanceDeferred,
  type DeferredRefusal,
  declarationFingerprints,
  type Fingerprints,
  matchDeferred,
} from '../core/deferred.js';
import { planErrors, planFrom, type Validated } from '../core/engine.js';
import type { ChangeResult, DeferredItem, DeferredRecord, Diagnostic, Plan, RecordedState } from '../core/model.js';
import { applyUseCase } from './apply.js';

export interface ContinuationReport {
  /** The record this continuation started from. */
  before: DeferredRecord;
  /** What is left after it (undefined: everything reviewed is sent, and the record is cleared). */
  after: DeferredRecord | undefined;
  /** The state after the last result, its `deferred` set to `after`. */
  state: RecordedState;
  results: ChangeResult[];
  refused: DeferredRefusal[];
  gone: DeferredItem[];
  /** Errors of the fresh plan: nothing is sent while the merged declarations do not plan cleanly. */
  planErrors: Diagnostic[];
  /** Set when the time budget cut the continuation short. */
  timedOut: boolean;
}

/** At most this many rounds in one run: each one is a fresh plan, and a wait chain is a handful of links long. */
const ROUNDS = 8;

/** The state with the record a reviewed plan's apply leaves (or without one, when nothing is left). */
export function stateWithDeferred(state: RecordedState, record: DeferredRecord | undefined): RecordedState {
  const { deferred: _deferred, ...rest } = state;
  return record ? { ...rest, deferred: record } : rest;
}

/**
 * Sends what the state's deferred record allows, round by round, and returns the report; undefined when the state has
 * no record. The final state is persisted through `dependencies.persist` when the record moved.
 */
export async function continueDeferred(
  validated: Validated,
  state: RecordedState,
  dependencies: ApplyDependencies,
  fingerprint: Fingerprints = declarationFingerprints(validated),
): Promise<ContinuationReport | undefined> {
  const before = state.deferred;
  if (!before) return undefined;
  let record: DeferredRecord | undefined = before;
  let current = state;
  const report: ContinuationReport = {
    before,
    after: before,
    state,
    results: [],
    refused: [],
    gone: [],
    planErrors: [],
    timedOut: false,
  };
  for (let round = 0; round < ROUNDS && record; round++) {
    const plan = planFrom(validated, current);
    const errors = planErrors(plan);
    if (errors.length > 0) {
      report.planErrors = errors;
      break;
    }
    const continuation = matchDeferred(record, plan, fingerprint);
    report.refused.push(...continuation.refused);
    report.gone.push(...continuation.gone);
    if (continuation.send.length === 0) {
      record = advanceDeferred(record, continuation, []);
      break;
    }
    const subset: Plan = { ...plan, changes: continuation.send };
    delete subset.waits;
    const applied = await applyUseCase(subset, current, dependencies);
    report.results.push(...applied.results);
    record = advanceDeferred(record, continuation, applied.results);
    current = applied.state;
    if (applied.timedOut.length > 0) {
      report.timedOut = true;
      break;
    }
  }
  report.after = record;
  report.state = stateWithDeferred(current, record);
  if (JSON.stringify(before) !== JSON.stringify(record)) {
    report.state = { ...report.state, serial: report.state.serial + 1 };
    await dependencies.persist(report.state);
  }
  return report;
}

/**
 * After an apply of a whole fresh plan (the CLI's `apply`, whose user confirmed every change): the deferred items it
 * sent leave the record, so a later run neither waits for them nor reports them again. An item the fresh plan would
 * send differently (its declaration edited) leaves it as refused: the change the user confirmed is the one that went.
 */
export function recordAfterWholeApply(
  validated: Validated,
  plan: Plan,
  report: { state: RecordedState; results: readonly ChangeResult[] },
): ContinuationReport | undefined {
  const before = report.state.deferred;
  if (!before) return undefined;
  const continuation = matchDeferred(before, plan, declarationFingerprints(validated));
  const after = advanceDeferred(before, continuation, report.results);
  const sent = new Set(continuation.send);
  return {
    before,
    after,
    state: stateWithDeferred(report.state, after),
    results: report.results.filter((result) => sent.has(result.change)),
    refused: continuation.refused,
    gone: continuation.gone,
    planErrors: [],
    timedOut: false,
  };
}
