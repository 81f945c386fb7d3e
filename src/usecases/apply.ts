// The apply use case, between the front doors (CLI, Action) and the engine: pre-flight, decide, execute and record
// (apply/executor.ts), then one typed report that the front doors only present. Sorting results into what succeeded,
// what was already done, what was held back and what failed happens here and nowhere else.
import { type ApplyDependencies, applyPlan } from '../apply/executor.js';
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

export async function applyUseCase(
  plan: Plan,
  state: RecordedState,
  dependencies: ApplyDependencies,
): Promise<ApplyReport> {
  const outcome = await applyPlan(plan, state, dependencies);
  return applyReportOf(outcome.state, outcome.results);
}
