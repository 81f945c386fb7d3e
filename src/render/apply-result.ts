import type { ChangeAction, ChangeResult } from '../core/model.js';
import { ACTION_SYMBOLS } from './describe.js';
import { escapeMarkdown } from './markdown.js';
import { commitMessage, singleLine } from './neutralise.js';

const PAST_TENSE: Record<ChangeAction, string> = {
  create: 'created',
  cancel: 'cancelled',
  revoke: 'revoked',
  replace: 'replaced',
  retag: 'retagged',
};

/** "2 created, 1 revoked, 1 failed": the counts that go into the commit subject and the comment. */
export function resultCounts(results: readonly ChangeResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) {
    const key = result.outcome === 'failed' ? 'failed' : PAST_TENSE[result.change.action];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const order = [...Object.values(PAST_TENSE), 'failed'];
  return order
    .filter((key) => counts.has(key))
    .map((key) => `${counts.get(key)} ${key}`)
    .join(', ');
}

/** One line per change, for terminals, logs and the state commit: "✓ create acme → ch-… (PENDING)" or "✗ … : why". */
export function describeResult(result: ChangeResult): string {
  const { change } = result;
  if (result.outcome === 'succeeded') {
    return singleLine(
      `✓ ${change.action} ${change.name}${result.handshakeId ? ` → ${result.handshakeId}` : ''}${result.status ? ` (${result.status})` : ''}`,
    );
  }
  const quota = result.failure?.quotaCode ? ` [quota ${result.failure.quotaCode}]` : '';
  return singleLine(`✗ ${change.action} ${change.name}: ${result.failure?.message ?? 'unknown error'}${quota}`);
}

/** The state commit's message: a subject with the pull request and counts, and one line per change. */
export function stateCommitMessage(
  results: readonly ChangeResult[],
  pullRequest: number | undefined,
  directory: string,
): string {
  const subject = `handshakes: apply${pullRequest ? ` #${pullRequest}` : ''} — ${resultCounts(results) || 'no changes'} [skip ci]`;
  const body = results.map(describeResult).join('\n');
  return commitMessage(`${subject}\n\nDirectory: ${singleLine(directory)}\n\n${body}\n`);
}

export interface ApplyMarkdownOptions {
  directory: string;
  runUrl?: string;
  commitUrl?: string;
  /** Why the state could not be committed, when it could not. */
  commitProblem?: string;
}

/** The apply result for the merged pull request's comment and the job summary. */
export function renderApplyMarkdown(results: readonly ChangeResult[], options: ApplyMarkdownOptions): string {
  const failed = results.filter((result) => result.outcome === 'failed');
  const lines = [
    `### ${failed.length === 0 ? '✅ applied' : '❌ partly failed'}: ${escapeMarkdown(resultCounts(results) || 'no changes')} · channel-handshakes apply for \`${escapeMarkdown(options.directory)}\``,
    '',
    '| | Action | Name | Handshake | Status |',
    '|---|---|---|---|---|',
    ...results.map(
      (result) =>
        `| ${result.outcome === 'failed' ? '❌' : '✅'} | ${ACTION_SYMBOLS[result.change.action]} ${result.change.action} | ${escapeMarkdown(result.change.name)} | ${escapeMarkdown(result.handshakeId ?? '')} | ${escapeMarkdown(result.outcome === 'failed' ? 'failed' : (result.status ?? 'done'))} |`,
    ),
    '',
  ];
  if (failed.length > 0) {
    lines.push('#### Failures', '');
    for (const result of failed) {
      lines.push(
        `- **${escapeMarkdown(result.change.name)}**: ${escapeMarkdown(result.failure?.message ?? 'unknown error')}`,
      );
    }
    lines.push(
      '',
      'Every success is recorded in the state. Fix the failures and re-run the job: it resumes without sending anything twice.',
      '',
    );
  }
  if (options.commitProblem) {
    lines.push(`> [!WARNING]\n> The state could not be committed: ${escapeMarkdown(options.commitProblem)}`, '');
  }
  const links: string[] = [];
  if (options.runUrl) links.push(`[workflow run](${encodeURI(options.runUrl)})`);
  if (options.commitUrl) links.push(`[state commit](${encodeURI(options.commitUrl)})`);
  if (links.length > 0) lines.push(`<sub>${links.join(' · ')}</sub>`);
  return `${lines.join('\n')}\n`;
}
