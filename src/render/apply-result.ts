import { type Change, type ChangeAction, type ChangeFailure, type ChangeResult, retirementOf } from '../core/model.js';
import { endsAHandshake } from '../core/policy.js';
import { fitToLimit, rankBy, type Shown } from './bounded.js';
import { readableMoments } from './dates.js';
import { actionLabel, previousHandshakeLine } from './describe.js';
import { changeLines } from './handshake-changes.js';
import { commitUrl, markdownLink, pullRequestUrl, type ReportLinks } from './links.js';
import { elsewhereLinks, escapeMarkdown, MARKDOWN_LIMIT, reportFooter } from './markdown.js';
import { commitMessage, markdownCode, singleLine } from './neutralise.js';
import { type ApplyOutcome, outcomeLabel, outcomeNextStep } from './outcome.js';
import { readingOrder } from './reading-order.js';

const PAST_TENSE: Record<ChangeAction, string> = {
  create: 'created',
  cancel: 'cancelled',
  revoke: 'revoked',
  replace: 'replaced',
  supersede: 'superseded',
  retag: 'retagged',
  rename: 'renamed',
  forget: 'forgotten',
  'create-account': 'created',
  'create-relationship': 'created',
  'update-account': 'updated',
  'update-relationship': 'updated',
  'delete-account': 'deleted',
  'delete-relationship': 'deleted',
};

/**
 * How a result reads. Besides succeeded and failed, an apply can find a change already done by an earlier run
 * (`moot`: nothing sent) or find that it no longer matches what AWS holds (`held-back`: held back until a new plan is reviewed).
 */
interface OutcomeView {
  icon: string;
  /** The word for the counts: "created", "failed", "already done", "held back". */
  count: string;
  /** Whether the job fails because of it. */
  failed: boolean;
}

function outcomeView(result: ChangeResult): OutcomeView {
  switch (result.outcome) {
    case 'succeeded':
      return { icon: '✅', count: PAST_TENSE[result.change.action], failed: false };
    case 'moot':
      return { icon: '➖', count: 'already done', failed: false };
    case 'held-back':
      return { icon: '⏸️', count: 'held back', failed: true };
    default:
      return { icon: '❌', count: 'failed', failed: true };
  }
}

/** "2 created, 1 revoked, 1 failed": the counts that go into the commit subject and the comment. */
function resultCounts(results: readonly ChangeResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) {
    const key = outcomeView(result).count;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // Resource kinds share the handshakes' words ("created"): each word counted once.
  const order = [...new Set([...Object.values(PAST_TENSE), 'already done', 'held back', 'failed'])];
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
  const view = outcomeView(result);
  // A moot or held-back change says what apply learned from AWS ("already REJECTED on …", "held back: …").
  if (!view.failed) return singleLine(`= ${change.action} ${change.name}: ${result.message ?? view.count}`);
  if (result.outcome === 'held-back') {
    return singleLine(`! ${change.action} ${change.name}: ${result.message ?? view.count}`);
  }
  const quota = result.failure?.quotaCode ? ` [quota ${result.failure.quotaCode}]` : '';
  return singleLine(`✗ ${change.action} ${change.name}: ${result.failure?.message ?? view.count}${quota}`);
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

// AWS's documented default quotas (Partner Central channel quotas, AWS catalog); the account's may be higher.
const QUOTA_NAMES: { pattern: RegExp; describe: string; next: string }[] = [
  {
    pattern: /active.*program-management-account/i,
    describe: 'the quota of active PMA handshakes is reached (100 by default)',
    next: 'cancel pending PMA handshakes that are no longer needed, or ask AWS to raise the quota; then re-run this job',
  },
  {
    pattern: /active.*start-service-period/i,
    describe: 'the quota of active start-service-period handshakes is reached (200 by default)',
    next: 'cancel pending ones that are no longer needed, or ask AWS to raise the quota; then re-run this job',
  },
  {
    pattern: /active.*revoke-service-period/i,
    describe: 'the quota of active revoke-service-period handshakes is reached (200 by default)',
    next: 'wait for pending revokes to be answered, or ask AWS to raise the quota; then re-run this job',
  },
  {
    pattern: /per-(receiver|account)-per-day|per-day/i,
    describe: 'AWS allows only a few handshakes of this type to the same account per day (5 by default)',
    next: 're-run this job tomorrow: what was sent is recorded and is not sent again',
  },
];

/** A failure in plain words, with what to do next; the raw AWS answer stays in the run log. */
export function explainFailure(failure: ChangeFailure | undefined, change: Change): { reason: string; next: string } {
  const code = failure?.code ?? '';
  switch (code) {
    case 'ServiceQuotaExceededException': {
      const known = QUOTA_NAMES.find((quota) => quota.pattern.test(failure?.quotaCode ?? ''));
      return known
        ? { reason: known.describe, next: known.next }
        : {
            reason: `a service quota${failure?.quotaCode ? ` (${failure.quotaCode})` : ''} is reached`,
            next: 'free capacity or ask AWS to raise the quota; then re-run this job',
          };
    }
    case 'ThrottlingException':
      return { reason: 'AWS throttled the requests, even after retries', next: 're-run this job in a few minutes' };
    case 'AccessDeniedException':
      return {
        reason: 'the AWS role the workflow uses may not do this',
        next: `grant it the Partner Central channel permission for ${change.action}, then re-run this job`,
      };
    case 'ConflictException':
      return {
        reason: failure?.message?.includes('receiver answered')
          ? 'the receiver answered before the cancel arrived'
          : 'AWS holds a handshake that conflicts with this one',
        next: 'run the drift job to see what AWS holds, then open a pull request that re-plans',
      };
    case 'ValidationException':
      return { reason: 'AWS rejected the request as invalid', next: 'fix the declaration in a new pull request' };
    case 'ResourceNotFoundException':
      return {
        reason: `AWS does not know ${retirementOf(change) ? `handshake ${retirementOf(change)?.id}` : `resource ${change.resource ?? change.name}`}`,
        next: 'check the identifier; the drift job shows what AWS holds',
      };
    case 'InternalServerException':
      return { reason: 'AWS failed internally', next: 're-run this job: nothing is sent twice' };
    case 'StateWriteFailed':
      return {
        reason: 'AWS accepted it, but the state file could not be written',
        next: 're-run this job: the clientToken replays it instead of sending it twice',
      };
    case 'DeadlineExceeded':
      return {
        reason: failure?.mayHaveReachedAws
          ? 'the timeout stopped the run before AWS answered'
          : 'the timeout stopped the run before it was sent',
        next: 're-run this job: a create replays its clientToken, so nothing is sent twice',
      };
    case 'held-back':
      return {
        reason: 'what AWS holds changed since the plan was made',
        next: 'open a pull request that re-plans, review it and merge it',
      };
    default:
      return {
        reason: failure?.message ?? 'unknown error',
        next: 're-run this job; if it fails again, read the run log',
      };
  }
}

/** The handshake column: the one a revoke or replace ends, then the one it sent. */
function handshakeCell(result: ChangeResult): string {
  const ended = result.change.previous?.handshake?.id ?? retirementOf(result.change)?.id;
  const sent = result.handshakeId;
  if (ended && sent && ended !== sent) return `${escapeMarkdown(ended)} → ${escapeMarkdown(sent)}`;
  return escapeMarkdown(sent ?? ended ?? '—');
}

/**
 * The Result cell, short so it stays on screen at a phone's width (it is the first column): what happened, not why.
 * Why a change failed or was held back, and what to do, is a visible line under the table (`outcomeLine`).
 */
function resultCell(result: ChangeResult): string {
  const view = outcomeView(result);
  if (view.failed) return `${view.icon}\u00a0**${view.count}**`;
  if (result.outcome !== 'succeeded') {
    return `${view.icon}\u00a0${escapeMarkdown(readableMoments(result.message ?? view.count))}`;
  }
  const parts: string[] = [];
  if (result.change.action === 'revoke') parts.push(`revoke sent${result.status ? `, ${result.status}` : ''}`);
  else if (result.status) parts.push(result.status);
  if (result.change.action === 'retag') parts.push(...inOneCell(changeLines(result.change)));
  return `${view.icon}\u00a0${escapeMarkdown(parts.join('; ') || 'done')}`;
}

/** Under the table, for a failed or held-back change: what happened in plain words, and the next step. */
function outcomeLine(result: ChangeResult): string {
  const view = outcomeView(result);
  const head = `- ${view.icon} **${escapeMarkdown(result.change.name)}** (${result.change.action})`;
  const { reason, next } = explainFailure(result.failure, result.change);
  if (result.outcome === 'held-back' && result.message) {
    // What apply learned from AWS, in its words: "… was ACCEPTED on …; the reviewed cancel would now be a revoke".
    return `${head}: ${escapeMarkdown(readableMoments(result.message))} Next: ${escapeMarkdown(next)}.`;
  }
  return `${head} **${view.count}:** ${escapeMarkdown(reason)}. Next: ${escapeMarkdown(next)}.`;
}

/** Diff lines for a table cell, where colour does not apply: a -/+ pair of one field reads `tag team: "a" → "b"`. */
function inOneCell(lines: readonly string[]): string[] {
  const cell: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const removed = /^- (.+?): (.*)$/.exec(lines[index] ?? '');
    const added = /^\+ (.+?): (.*)$/.exec(lines[index + 1] ?? '');
    if (removed && added && removed[1] === added[1]) {
      cell.push(`${removed[1]}: ${removed[2]} → ${added[2]}`);
      index++;
    } else cell.push(lines[index] ?? '');
  }
  return cell;
}

function resultRow(result: ChangeResult): string {
  return `| ${resultCell(result)} | ${actionLabel(result.change.action)} | ${escapeMarkdown(result.change.name)} | ${handshakeCell(result)} |`;
}

function failureDetail(result: ChangeResult): string {
  const failure = result.failure;
  const raw = failure
    ? `${failure.code}${failure.quotaCode ? ` (quota ${failure.quotaCode})` : ''}: ${failure.message}`
    : '';
  return `- **${escapeMarkdown(result.change.name)}** (${result.change.action}${previousHandshakeLine(result.change) ? ` of ${escapeMarkdown(previousHandshakeLine(result.change) ?? '')}` : ''}): ${escapeMarkdown(raw)}`;
}

export interface ApplyMarkdownOptions extends ReportLinks {
  directory: string;
  /** The state commit, when one was made. */
  commitUrl?: string;
  /** Why the state could not be committed, when it could not. */
  commitProblem?: string;
  /** Whether successes are committed to the repository (commit-state). */
  commitState?: boolean;
  pullRequest?: number;
  maxLength?: number;
}

function keepRank(result: ChangeResult): number {
  if (outcomeView(result).failed) return 0;
  if (endsAHandshake(result.change.action)) return 1;
  return result.change.action === 'create' ? 3 : 2;
}

/**
 * The decisive rows first: failures, then held-back changes, then the rest in reading order (what ended a handshake
 * first, names as a person counts them).
 */
function inResultOrder(results: readonly ChangeResult[]): ChangeResult[] {
  const rank = (result: ChangeResult) => (result.outcome === 'failed' ? 0 : result.outcome === 'held-back' ? 1 : 2);
  const ordered = readingOrder(
    results.map((result) => ({ action: result.change.action, name: result.change.name, result })),
  );
  return ordered.map((entry) => entry.result).sort((left, right) => rank(left) - rank(right));
}

/**
 * The apply result for the merged pull request's comment and the job summary, labelled from the use case's report:
 * "⚠️ Partly applied: 8 of 9 sent, 1 held back". Bounded: failures and held-back changes stay listed, at the top.
 */
export function renderApplyMarkdown(outcome: ApplyOutcome, options: ApplyMarkdownOptions): string {
  const { results } = outcome;
  const failed = results.filter((result) => outcomeView(result).failed);
  const pull = options.pullRequest
    ? ` of ${markdownLink(`#${options.pullRequest}`, pullRequestUrl(options.repositoryUrl, options.pullRequest))}`
    : '';
  const head = [
    `### ${escapeMarkdown(outcomeLabel(outcome))} · channel-handshakes apply for ${markdownCode(options.directory)}`,
    '',
    `${results.length > 0 ? `${escapeMarkdown(resultCounts(results))}. ` : ''}The merge${pull} at ${markdownLink(`\`${escapeMarkdown((options.headSha ?? '').slice(0, 12))}\``, commitUrl(options.repositoryUrl, options.headSha))} was applied${options.commitUrl ? `; the ${markdownLink('state commit', options.commitUrl)} records it` : ''}.`,
    '',
  ];
  if (!options.headSha) {
    head.splice(2, 2);
    if (results.length > 0) head.push(`${escapeMarkdown(resultCounts(results))}.`, '');
  }
  const tail: string[] = [];
  const next = outcomeNextStep(outcome, 'action');
  if (next) {
    tail.push(
      `**Next step:** ${options.commitState === false ? 'every success is recorded in the state file.' : 'every success is recorded in the state.'} ${next}`,
      '',
    );
  }
  if (options.commitProblem) {
    tail.push(`> [!WARNING]\n> The state could not be committed: ${escapeMarkdown(options.commitProblem)}`, '');
  }
  const ranked = rankBy(results, keepRank);
  const total = results.length;
  const render = (shown: Shown): string => {
    const listed = new Set(ranked.slice(0, shown.listed));
    const detailed = new Set(ranked.slice(0, shown.detailed));
    const inOrder = inResultOrder(results);
    const table: string[] = [];
    if (listed.size > 0) {
      table.push('| Result | Change | Name | Handshake |', '|---|---|---|---|');
      for (const result of inOrder) if (listed.has(result)) table.push(resultRow(result));
      table.push('');
      const decisive = inOrder.filter((result) => listed.has(result) && outcomeView(result).failed);
      if (decisive.length > 0) table.push(...decisive.map(outcomeLine), '');
    }
    const failures = inOrder.filter((result) => detailed.has(result) && outcomeView(result).failed);
    if (failures.length > 0) {
      table.push(
        '<details><summary>What AWS answered</summary>',
        '',
        ...failures.map(failureDetail),
        '',
        '</details>',
        '',
      );
    }
    const note: string[] = [];
    if (shown.listed < total) {
      note.push(
        '> [!NOTE]',
        `> ${shown.listed.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} changes listed: every failure and every change that ended a handshake is shown, successful creates were cut first.${elsewhereLinks(options).replace('full text plan', 'full result').replace('`handshakes plan`', '`handshakes plan --refresh`')}`,
        '',
      );
    }
    return `${[...head, ...note, ...table, ...tail, ...reportFooter(undefined, options)].join('\n')}\n`;
  };
  return fitToLimit(total, render, options.maxLength ?? MARKDOWN_LIMIT, failed.length);
}
