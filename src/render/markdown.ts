import { describeDrift, hasDrift } from '../core/drift.js';
import type { Change, Diagnostic, Plan } from '../core/model.js';
import { ACTION_SYMBOLS, summaryLine, tagLines } from './describe.js';
import { formatLocation } from './diagnostics.js';
import { markdownCodeBlock, markdownInline } from './neutralise.js';

export const MARKDOWN_LIMIT = 60_000;

export interface MarkdownOptions {
  directory: string;
  maxLength?: number;
  /** Links that identify the run; rendered at the bottom. */
  runUrl?: string;
  headSha?: string;
}

/**
 * Makes user text inert in GitHub Markdown. Everything a declaration, the state or an API answer can contain passes
 * through here before it reaches a comment or a summary; the rules live in `neutralise.ts`, with every other sink's.
 */
export function escapeMarkdown(text: string): string {
  return markdownInline(text);
}

/** A fenced block that user text cannot close early. */
function codeBlock(language: string, content: string): string {
  return markdownCodeBlock(language, content);
}

const ACTION_ICONS: Record<Change['action'], string> = {
  create: '🟢',
  cancel: '🔴',
  revoke: '🔴',
  replace: '🟡',
  retag: '🔵',
};

function changeRow(change: Change): string {
  return `| ${ACTION_ICONS[change.action]} ${change.action} | ${escapeMarkdown(change.name)} | ${change.handshakeType} | ${escapeMarkdown(change.resource)} | ${escapeMarkdown(change.reason)} |`;
}

function changeDetails(change: Change): string {
  const lines = [
    `<details><summary>${ACTION_SYMBOLS[change.action]} ${change.action} ${escapeMarkdown(change.name)}</summary>`,
    '',
  ];
  if (change.retire) {
    lines.push(`First **${change.retire.action}** ${escapeMarkdown(change.retire.id)}.`, '');
  }
  if (change.request) {
    lines.push(codeBlock('json', JSON.stringify(change.request, null, 2)), '');
  }
  const tags = tagLines(change);
  if (tags.length > 0) {
    lines.push(codeBlock('diff', tags.join('\n')), '');
  }
  lines.push('</details>');
  return lines.join('\n');
}

function diagnosticRow(diagnostic: Diagnostic): string {
  const icon = diagnostic.severity === 'error' ? '❌' : diagnostic.severity === 'warning' ? '⚠️' : 'ℹ️';
  return `| ${icon} ${diagnostic.severity} | ${escapeMarkdown(formatLocation(diagnostic))} | ${escapeMarkdown(diagnostic.field ?? '')} | ${escapeMarkdown(diagnostic.message)} |`;
}

/**
 * The plan as a pull-request comment or job summary: the summary line first, then a table, then one collapsible
 * section per change. Bounded, because GitHub refuses comments over 65,536 characters.
 */
export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions): string {
  const limit = options.maxLength ?? MARKDOWN_LIMIT;
  // The summary comes first: it is what a reviewer scanning the conversation reads.
  const head: string[] = [
    `### ${summaryLine(plan.summary).replace(/\.$/, '')} · channel-handshakes plan for \`${escapeMarkdown(options.directory)}\``,
    '',
  ];
  const body: string[] = [];
  if (plan.drift && hasDrift(plan.drift)) {
    body.push(
      '#### Changed outside this repository',
      '',
      ...describeDrift(plan.drift).map((line) => `- ${escapeMarkdown(line)}`),
      '',
    );
  }
  if (plan.changes.length > 0) {
    body.push('| Action | Name | Type | Resource | Why |', '|---|---|---|---|---|');
    body.push(...plan.changes.map(changeRow), '');
  } else {
    body.push('AWS already has what the declarations ask for, according to the recorded state.', '');
  }
  if (plan.diagnostics.length > 0) {
    body.push('#### Diagnostics', '', '| Severity | Location | Field | Message |', '|---|---|---|---|');
    body.push(...plan.diagnostics.map(diagnosticRow), '');
  }
  const details = plan.changes.map(changeDetails);
  const footer: string[] = ['', `Plan digest: \`${plan.digest}\``];
  const context: string[] = [];
  if (options.runUrl) context.push(`[workflow run](${encodeURI(options.runUrl)})`);
  if (options.headSha) context.push(`head ${escapeMarkdown(options.headSha.slice(0, 12))}`);
  if (context.length > 0) footer.push('', `<sub>${context.join(' · ')}</sub>`);

  const fixed = [...head, ...body].join('\n');
  const footerText = footer.join('\n');
  const truncationNote = (hidden: number) =>
    `\n> [!NOTE]\n> ${hidden} more section${hidden === 1 ? '' : 's'} not shown: the plan is longer than a comment can hold. Run \`handshakes plan\` locally or read the JSON plan for everything.\n`;
  const budget = limit - footerText.length - truncationNote(details.length + plan.changes.length).length;
  let text = fixed;
  if (text.length > budget) {
    // Even the table does not fit: keep whole rows up to the budget.
    const rows = text.split('\n');
    let kept = '';
    let index = 0;
    for (; index < rows.length && kept.length + (rows[index]?.length ?? 0) + 1 <= budget; index++) {
      kept += `${rows[index]}\n`;
    }
    return `${kept}${truncationNote(rows.length - index + details.length)}${footerText}\n`;
  }
  let shown = 0;
  for (const section of details) {
    if (text.length + section.length + 2 > budget) {
      break;
    }
    text += `\n${section}\n`;
    shown++;
  }
  const hidden = details.length - shown;
  return `${text}${hidden > 0 ? truncationNote(hidden) : ''}${footerText}\n`;
}
