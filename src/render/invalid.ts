import type { Diagnostic } from '../core/model.js';
import { fitToLimit, type Shown } from './bounded.js';
import { counted, inReadingOrder } from './diagnostics.js';
import { markdownLink, type ReportLinks } from './links.js';
import { DIAGNOSTIC_TABLE_HEAD, diagnosticRow, escapeMarkdown, MARKDOWN_LIMIT, reportFooter } from './markdown.js';

export interface InvalidMarkdownOptions extends ReportLinks {
  directory: string;
  /** "plan" on a pull request, "apply" on a merge. */
  command: 'plan' | 'apply';
  maxLength?: number;
  /** A link to the short comment that notified the pull request's participants. */
  notificationUrl?: string;
}

/**
 * The report for declarations that do not validate: every error, then every warning, each group by file and line, and
 * each `file:line` linked to the
 * blob at the head commit. Bounded: when the list is too long, warnings and then the last errors are cut.
 */
export function renderInvalidMarkdown(diagnostics: readonly Diagnostic[], options: InvalidMarkdownOptions): string {
  const ordered = inReadingOrder(diagnostics);
  const errors = ordered.filter((diagnostic) => diagnostic.severity === 'error').length;
  const warnings = ordered.filter((diagnostic) => diagnostic.severity === 'warning').length;
  const counts = [counted(errors, 'error'), ...(warnings > 0 ? [counted(warnings, 'warning')] : [])].join(', ');
  const head = [
    `### ${options.command === 'apply' ? '⛔ Not applied:' : '❌'} ${counts} in the ${options.command === 'apply' ? 'merged ' : ''}declarations · channel-handshakes ${options.command} for \`${escapeMarkdown(options.directory)}\``,
    '',
    options.command === 'plan'
      ? 'No plan until the errors are fixed. Each one is also annotated on the diff.'
      : 'Nothing was sent to AWS and the recorded state is unchanged. **Next step:** fix the errors in a new pull request; merging it applies the plan it shows.',
    '',
  ];
  const rows = ordered.map((diagnostic) => diagnosticRow(diagnostic, options));
  const render = (shown: Shown): string => {
    const note =
      shown.listed < rows.length
        ? [
            '> [!NOTE]',
            `> ${shown.listed.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} problems listed: a comment holds at most 65,536 characters. Every problem is annotated on the diff${options.runUrl ? ' and listed in the run log' : ''}, or run \`handshakes validate\` locally.`,
            '',
          ]
        : [];
    const table = shown.listed > 0 ? [...DIAGNOSTIC_TABLE_HEAD, ...rows.slice(0, shown.listed), ''] : [];
    const notified = options.notificationUrl
      ? [`<sub>${markdownLink('Notified in a new comment', options.notificationUrl)}</sub>`, '']
      : [];
    return `${[...head, ...note, ...table, ...notified, ...reportFooter(undefined, options)].join('\n')}\n`;
  };
  return fitToLimit(rows.length, render, options.maxLength ?? MARKDOWN_LIMIT);
}
