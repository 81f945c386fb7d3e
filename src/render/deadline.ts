import type { ChangeResult } from '../core/model.js';

/** The changes the run's deadline cut short. */
function timedOutResults(results: readonly ChangeResult[]): ChangeResult[] {
  return results.filter((result) => result.failure?.code === 'DeadlineExceeded');
}

/**
 * What --timeout (or the Action's timeout-minutes) cut short: done and recorded, possibly reached AWS unanswered, and
 * not sent at all; `finish` says how to finish (the CLI and the Action each have their own way).
 */
export function deadlineReport(
  results: readonly ChangeResult[],
  budget: string,
  finish = 'Run apply again to finish; it resumes from what is recorded.',
): string {
  const done = results
    .filter((result) => result.outcome === 'succeeded' || result.outcome === 'moot')
    .map((result) => result.change.name);
  const cut = timedOutResults(results);
  const unknown = cut.filter((result) => result.failure?.mayHaveReachedAws === true);
  const notSent = cut.filter((result) => !unknown.includes(result));
  const list = (names: string[]) => (names.length > 0 ? `: ${names.join(', ')}` : '');
  return [
    `Stopped by ${budget}.`,
    `  done and recorded: ${done.length}${list(done)}`,
    `  not sent: ${notSent.length}${list(notSent.map((result) => result.change.name))}`,
    ...(unknown.length > 0
      ? [
          `  sent, no answer before the timeout: ${unknown.length}${list(unknown.map((result) => result.change.name))} (a re-run settles these: a create replays its clientToken, so it is never sent twice)`,
        ]
      : []),
    finish,
    '',
  ].join('\n');
}
