// The apply use case, between the front doors (CLI, Action) and the engine: pre-flight, decide, execute and record
// (apply/executor.ts), then one typed report that the front doors only present. Sorting results into what succeeded,
// what was already done, what was held back and what failed happens here and nowhere else.
import { type ApplyDependencies, type ApplyOutcome, executeDecided, listingFailure } from '../apply/executor.js';
import { listLiveHandshakes } from '../apply/preflight.js';
import { type ApplyTimeDecision, decideAtApplyTime } from '../core/apply-time-decision.js';
import { kindOf } from '../core/kinds.js';
import type { ChangeResult, Plan, RecordedState } from '../core/model.js';

/**
 * What the run did, in one word a label can say: nothing to apply; applied (every change sent or already done);
 * partly applied (some sent, others held back or failed); not applied (nothing sent, something held back or failed).
 */
type ApplyVerdict = 'nothing-to-apply' | 'applied' | 'partly-applied' | 'not-applied';

interface ApplyCounts {
  total: number;
  /** Changes that succeeded: sent to AWS, or (a rename, a forget) recorded in the state. */
  sent: number;
  alreadyDone: number;
  heldBack: number;
  failed: number;
}

export interface ApplyReport {
  /** The state after the last recorded result (already written through `persist`). */
  state: RecordedState;
  /** Every change's result, in the order applied. */
  results: ChangeResult[];
  succeeded: ChangeResult[];
  /** AWS had already done it or made it pointless: nothing was sent; counts as success. */
  alreadyDone: ChangeResult[];
  /** The reviewed change would now need a different action: nothing was sent until a new plan is reviewed. */
  heldBack: ChangeResult[];
  failed: ChangeResult[];
  /** The failures the run's deadline cut short (a subset of `failed`). */
  timedOut: ChangeResult[];
  /** Every change succeeded or was already done. */
  complete: boolean;
  verdict: ApplyVerdict;
  counts: ApplyCounts;
}

function verdictOf(counts: ApplyCounts): ApplyVerdict {
  if (counts.total === 0) return 'nothing-to-apply';
  if (counts.heldBack === 0 && counts.failed === 0) return 'applied';
  return counts.sent === 0 ? 'not-applied' : 'partly-applied';
}

/** The report of a run from its results: exported so a front door with no run (nothing to apply) reports the same way. */
export function applyReportOf(state: RecordedState, results: readonly ChangeResult[]): ApplyReport {
  const of = (outcome: ChangeResult['outcome']) => results.filter((result) => result.outcome === outcome);
  const failed = of('failed');
  const heldBack = of('held-back');
  const succeeded = of('succeeded');
  const alreadyDone = of('moot');
  const counts: ApplyCounts = {
    total: results.length,
    sent: succeeded.length,
    alreadyDone: alreadyDone.length,
    heldBack: heldBack.length,
    failed: failed.length,
  };
  return {
    state,
    results: [...results],
    succeeded,
    alreadyDone,
    heldBack,
    failed,
    timedOut: failed.filter((result) => result.failure?.code === 'DeadlineExceeded'),
    complete: failed.length === 0 && heldBack.length === 0,
    verdict: verdictOf(counts),
    counts,
  };
}

/**
 * Pre-flight, decide, execute and record: lists what AWS holds for everything the plan touches, decides per change
 * (proceed, moot, held back, refused; core/apply-time-decision.ts), durably records what it learned before anything
 * is sent, then has the executor send what proceeds. A listing that fails sends nothing: every change fails with
 * the reason, and the state stays as it was.
 */
export async function applyPlan(
  plan: Plan,
  state: RecordedState,
  dependencies: ApplyDependencies,
): Promise<ApplyOutcome> {
  if (plan.changes.length === 0) return { state, results: [] };
  // Program management accounts and relationships are checked by their own executor (apply/resources.ts), just
  // before each create: only the handshake changes are listed and decided here, and keep their places in the plan.
  const handshakeChanges = plan.changes.filter((change) => kindOf(change).decidedBeforeSending);
  const handshakePlan: Plan = { ...plan, changes: handshakeChanges };
  let live: Awaited<ReturnType<typeof listLiveHandshakes>> | undefined;
  if (handshakeChanges.length > 0) {
    try {
      live = await listLiveHandshakes(dependencies.api, handshakePlan, state, dependencies.now());
    } catch (error) {
      const failure = listingFailure(error);
      const results = plan.changes.map((change): ChangeResult => ({ change, outcome: 'failed', failure }));
      for (const result of results) dependencies.onResult?.(result);
      return { state, results };
    }
  }
  const decided = live
    ? decideAtApplyTime(handshakePlan, state, live, {
        appliedAt: dependencies.now().toISOString(),
        appliedBy: dependencies.appliedBy,
      })
    : { state, decisions: [], learned: false };
  // What was learned (a status, an adopted handshake) is a new state: its serial moves, so the report's "state
  // written" and the next run's serial check tell the truth.
  const learned = decided.learned ? { ...decided.state, serial: decided.state.serial + 1 } : decided.state;
  if (decided.learned) await dependencies.persist(learned);
  const byChange = new Map(handshakeChanges.map((change, index) => [change, decided.decisions[index]]));
  const decisions = plan.changes.map(
    (change): ApplyTimeDecision => byChange.get(change) ?? { kind: 'proceed', change },
  );
  return executeDecided(plan, learned, decisions, dependencies);
}

export async function applyUseCase(
  plan: Plan,
  state: RecordedState,
  dependencies: ApplyDependencies,
): Promise<ApplyReport> {
  const outcome = await applyPlan(plan, state, dependencies);
  return applyReportOf(outcome.state, outcome.results);
}
