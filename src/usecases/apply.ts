// The apply use case, between the front doors (CLI, Action) and the engine: pre-flight, decide, execute and record
// (apply/executor.ts), then one typed report that the front doors only present. Sorting results into what succeeded,
// what was already done, what was held back and what failed happens here and nowhere else.
import { type ApplyDependencies, applyPlan } from '../apply/executor.js';
import type { ChangeResult, Plan, RecordedState } from '../core/model.js';

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
}

function reportOf(state: RecordedState, results: readonly ChangeResult[]): ApplyReport {
  const of = (outcome: ChangeResult['outcome']) => results.filter((result) => result.outcome === outcome);
  const failed = of('failed');
  const heldBack = of('held-back');
  return {
    state,
    results: [...results],
    succeeded: of('succeeded'),
    alreadyDone: of('moot'),
    heldBack,
    failed,
    timedOut: failed.filter((result) => result.failure?.code === 'DeadlineExceeded'),
    complete: failed.length === 0 && heldBack.length === 0,
  };
}

export async function applyUseCase(
  plan: Plan,
  state: RecordedState,
  dependencies: ApplyDependencies,
): Promise<ApplyReport> {
  const outcome = await applyPlan(plan, state, dependencies);
  return reportOf(outcome.state, outcome.results);
}
