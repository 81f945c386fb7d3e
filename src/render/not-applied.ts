import { type Change, type Diagnostic, type PlanSummary, retirementOf } from '../core/model.js';
import { ALLOW_DESTRUCTIVE_LABEL, ALLOW_STATE_EDIT_LABEL, handshakeEffects } from '../core/policy.js';
import type { StateEdit } from '../core/state-edits.js';
import { actionLabel, summaryLine } from './describe.js';
import { renderInvalidMarkdown } from './invalid.js';
import { markdownLink, pullRequestUrl, type ReportLinks } from './links.js';
import { escapeMarkdown, MARKDOWN_LIMIT, reportFooter } from './markdown.js';
import { markdownCode } from './neutralise.js';
import { readingOrder } from './reading-order.js';
import { stateEditsTable } from './state-edits.js';
import { termsOf } from './terms.js';

/** A plan as a reviewer saw it: its digest and counts. */
interface PlanIdentity {
  digest: string;
  summary: PlanSummary;
}

/** Why an apply sent nothing, with what the report needs to say so and name the way forward. */
export type NotApplied =
  | {
      reason: 'plan-changed' | 'plan-stale';
      /** Missing when no plan was reviewed at all. */
      reviewed?: PlanIdentity;
      current: PlanIdentity;
      pullRequest?: number;
      /** Why they differ, as far as the action can tell. */
      explanation: string;
    }
  | {
      reason: 'destructive-gate';
      current: PlanIdentity;
      maxDestructive: number;
      pullRequest?: number;
      /** The changes that would end a handshake (what max-destructive counts), to list them by name. */
      ending?: readonly Change[];
    }
  | {
      reason: 'state-edited';
      current: PlanIdentity;
      edits: readonly StateEdit[];
      stateFile: string;
      pullRequest?: number;
    }
  | { reason: 'invalid'; diagnostics: readonly Diagnostic[] };

export interface NotAppliedOptions extends ReportLinks {
  directory: string;
  /** A link to the short comment that notified the pull request's participants. */
  notificationUrl?: string;
  maxLength?: number;
}

const HEADLINES = {
  'plan-changed': 'the plan changed since it was reviewed',
  'plan-stale': 'changes were held back: AWS changed after the plan was reviewed',
  'destructive-gate': 'too many handshakes would end',
  'state-edited': 'the merge edits the recorded state',
} as const;

/** The one-line cause, for the notification comment and logs. */
export function notAppliedHeadline(notApplied: NotApplied): string {
  if (notApplied.reason === 'invalid') {
    const errors = notApplied.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
    return `${errors} error${errors === 1 ? '' : 's'} in the merged declarations`;
  }
  return HEADLINES[notApplied.reason];
}

/** The handshakes the gate stopped from ending, by name, in reading order: what a reviewer decides about. */
function endingList(ending: readonly Change[]): string[] {
  if (ending.length === 0) return [];
  const lines = readingOrder(ending).map((change) => {
    const handshake = change.previous?.handshake?.id ?? retirementOf(change)?.id;
    return `- ${actionLabel(change.action)} ${escapeMarkdown(change.name)}${handshake ? ` (${markdownCode(handshake)})` : ''}${termsOf(change) ? `: ${escapeMarkdown(termsOf(change))}` : ''}`;
  });
  return ['**Would end:**', '', ...lines, ''];
}

const counts = (plan: PlanIdentity) => escapeMarkdown(summaryLine(plan.summary).replace(/\.$/, ''));

const digestCell = (digest: string | undefined) => (digest ? `\`${escapeMarkdown(digest)}\`` : '—');

/**
 * "⛔ Not applied": says that nothing was sent, why (reviewed digest against the current one, or the label or input
 * that would allow it), and the next step. Goes to the job summary and in place of the pull request's plan.
 */
export function renderNotAppliedMarkdown(notApplied: NotApplied, options: NotAppliedOptions): string {
  if (notApplied.reason === 'invalid') {
    return renderInvalidMarkdown(notApplied.diagnostics, {
      ...options,
      command: 'apply',
      maxLength: options.maxLength ?? MARKDOWN_LIMIT,
    });
  }
  const pull =
    notApplied.pullRequest !== undefined
      ? markdownLink(`#${notApplied.pullRequest}`, pullRequestUrl(options.repositoryUrl, notApplied.pullRequest))
      : 'the pull request';
  const lines = [
    `### ⛔ Not applied: ${HEADLINES[notApplied.reason]} · channel-handshakes apply for \`${escapeMarkdown(options.directory)}\``,
    '',
    'Nothing was sent to AWS and the recorded state is unchanged.',
    '',
  ];
  if (notApplied.reason === 'destructive-gate') {
    lines.push(
      `The merged plan (${escapeMarkdown(summaryLine(notApplied.current.summary).replace(/\.$/, ''))}) ends ${handshakeEffects(notApplied.current.summary).endsNow} handshakes, more than \`max-destructive\` (${notApplied.maxDestructive}).`,
      '',
      ...endingList(notApplied.ending ?? []),
      `**To allow it:** add the label \`${ALLOW_DESTRUCTIVE_LABEL}\` to ${pull} and re-run this job, or set the \`allow-destructive\` input to \`true\` for one run.`,
      '',
      '**If it is not intended:** revert the merge; nothing has changed in AWS.',
      '',
    );
  } else if (notApplied.reason === 'state-edited') {
    lines.push(
      `The merge changed \`${escapeMarkdown(notApplied.stateFile)}\` by meaning, and the plan (${counts(notApplied.current)}) was computed from the edited state. The state says which handshakes are ours, so an edit could make this merge cancel, revoke or resume something nobody declared:`,
      '',
      ...stateEditsTable(notApplied.edits),
      '',
      `**To apply it:** once every edit above is intended, add the label \`${ALLOW_STATE_EDIT_LABEL}\` to ${pull} and re-run this job.`,
      '',
      '**If it is not intended:** restore the state file from the commit before the merge, in a new pull request; nothing has changed in AWS.',
      '',
    );
  } else {
    lines.push(
      '| | Plan digest | Changes |',
      '|---|---|---|',
      `| Reviewed on ${pull} | ${digestCell(notApplied.reviewed?.digest)} | ${notApplied.reviewed ? counts(notApplied.reviewed) : 'no plan was reviewed'} |`,
      `| Now | ${digestCell(notApplied.current.digest)} | ${counts(notApplied.current)} |`,
      '',
      `**Why:** ${escapeMarkdown(notApplied.explanation)}`,
      '',
      '**Next step:** open a pull request that re-plans (any change to the declarations, or a revert and re-open), review the new plan and merge it.',
      '',
    );
  }
  if (options.notificationUrl)
    lines.push(`<sub>${markdownLink('Notified in a new comment', options.notificationUrl)}</sub>`, '');
  lines.push(...reportFooter(undefined, options));
  const text = `${lines.join('\n')}\n`;
  const limit = options.maxLength ?? MARKDOWN_LIMIT;
  return text.length <= limit ? text : `${text.slice(0, limit - 2)}…\n`;
}
