import { type DriftReport, describeDrift, hasDrift } from '../core/drift.js';
import { escapeMarkdown } from './markdown.js';

export interface DriftMarkdownOptions {
  directory: string;
  checkedAt: string;
  runUrl?: string;
}

/** The drift report for the job summary and the drift issue. */
export function renderDriftMarkdown(report: DriftReport, options: DriftMarkdownOptions): string {
  const counts = `${report.statusChanges.length} status change${report.statusChanges.length === 1 ? '' : 's'}, ${report.missing.length} missing, ${report.unmanaged.length} unmanaged`;
  const lines = [
    `### ${hasDrift(report) ? counts : 'No drift'} · channel-handshakes drift for \`${escapeMarkdown(options.directory)}\``,
    '',
  ];
  if (!hasDrift(report)) {
    lines.push(`AWS matches the recorded state (checked ${escapeMarkdown(options.checkedAt)}).`);
  } else {
    lines.push(
      `Checked ${escapeMarkdown(options.checkedAt)}.`,
      '',
      ...describeDrift(report).map((line) => `- ${escapeMarkdown(line)}`),
      '',
      'Status changes are recorded in the state. A handshake AWS no longer returns, or one that is in no declaration, needs a person: declare it (`handshakes import`), or cancel it in Partner Central.',
    );
  }
  if (options.runUrl) lines.push('', `<sub>[workflow run](${encodeURI(options.runUrl)})</sub>`);
  return `${lines.join('\n')}\n`;
}
