import type { Plan } from '../core/model.js';
import { summaryLine } from './describe.js';
import { markdownCode, markdownInline } from './neutralise.js';

// Merged declarations that no apply has sent: an apply run GitHub cancelled (one pending run per concurrency group),
// or one that refused. The scheduled drift run says so in the drift issue, with the way to apply them.

/** At most this many changes are named; the count says how many there are. */
const NAMED = 20;

export function renderUnappliedMarkdown(plan: Plan, options: { directory: string }): string {
  const named = plan.changes.slice(0, NAMED).map((change) => `- ${change.action} ${markdownInline(change.name)}`);
  const rest = plan.changes.length - named.length;
  return `${[
    `#### Merged but not applied`,
    '',
    `The declarations on this branch need ${markdownInline(summaryLine(plan.summary).replace(/\.$/, ''))} that no apply has sent (plan digest ${markdownCode(plan.digest)}). An apply run was skipped (GitHub keeps one pending run per concurrency group and cancels the one before it) or refused, and no reviewed plan covers these changes:`,
    '',
    ...named,
    ...(rest > 0 ? [`- …and ${rest} more`] : []),
    '',
    `**To apply them:** open a pull request that touches ${markdownCode(options.directory)} (any change, or a revert and re-open of the skipped one), review the plan it shows, and merge it: the apply of that merge sends all of them.`,
    '',
  ].join('\n')}`;
}
