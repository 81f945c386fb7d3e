import type { Plan } from '../core/model.js';
import { summaryLine } from './describe.js';
import { markdownLink } from './links.js';
import { markdownCode, markdownInline } from './neutralise.js';

// The comment on a merged pull request whose apply never reported (GitHub cancelled the pending run, or it never ran)
// while changes it merged are still unsent and no reviewed plan covers them: what is unsent and the way to apply it.

/** At most this many changes are named; the count says how many there are. */
const NAMED = 20;

export interface SkippedMergeOptions {
  directory: string;
  /** The run that noticed: an apply that refused, or the scheduled drift run. */
  noticedBy: 'apply' | 'drift';
  runUrl?: string;
}

export function renderSkippedMergeMarkdown(plan: Plan, options: SkippedMergeOptions): string {
  const directory = markdownCode(options.directory);
  const named = plan.changes.slice(0, NAMED).map((change) => `- ${change.action} ${markdownInline(change.name)}`);
  const rest = plan.changes.length - named.length;
  const noticed = options.noticedBy === 'apply' ? 'a later merge’s apply' : 'the scheduled drift run';
  return [
    `⏭️ **Merged but not applied** for ${directory}: the apply of this merge never reported, most likely because GitHub cancelled it (it keeps one pending run per concurrency group and cancels the pending one when another merge queues). Found by ${noticed}: the declarations on the branch need ${markdownInline(summaryLine(plan.summary).replace(/\.$/, ''))} that AWS has not received, and no reviewed plan covers them (plan digest now ${markdownCode(plan.digest)}):`,
    '',
    ...named,
    ...(rest > 0 ? [`- …and ${rest} more`] : []),
    '',
    '**To apply them** (nothing is sent until a plan that shows them is reviewed):',
    '',
    `1. Open a pull request that changes a file under ${directory} (any change, for example a comment line in one declaration). Its plan comment lists every change still to send, these included.`,
    '2. Review that plan and merge the pull request. Its apply sends them all; each create keeps its clientToken, so nothing is sent twice.',
    '',
    `Re-running this merge’s cancelled apply run (Actions → the run → Re-run all jobs), or a \`workflow_dispatch\` run of the apply workflow with \`command: apply\`, applies only while the plan equals the one reviewed on the pull request it finds; otherwise it stops with \`plan-changed\` and sends nothing.`,
    '',
    `<sub>Said once on this pull request${options.runUrl ? ` · ${markdownLink('run log', options.runUrl)}` : ''}</sub>`,
    '',
  ].join('\n');
}
