// How the reviewed remainder of a plan reads (issues 18 and 20): the progress of a plan larger than one run, what
// waits and for what, what a later run refused and why, and the completion. One wording for the pull request, the job
// summary and the terminal.
import { type DeferredProgress, type DeferredRefusal, deferredRecordDigest } from '../core/deferred.js';
import type { DeferredItem, DeferredRecord, RecordedState } from '../core/model.js';
import { escapeMarkdown } from './markdown.js';
import { singleLine } from './neutralise.js';
import { waitLine } from './resource-changes.js';

const count = (value: number) => value.toLocaleString('en-US');

function reviewedOn(record: DeferredRecord): string {
  return record.pullRequest !== undefined ? `the plan reviewed on #${record.pullRequest}` : 'the reviewed plan';
}

function itemLine(item: DeferredItem): string {
  if (item.kind === 'wait') {
    return waitLine({ name: item.name, kind: item.declarationKind, waitsFor: item.waitsFor, until: item.until });
  }
  return `${item.name} (${item.action}) waits for time: the run's time budget ran out before it was sent; the next run sends it`;
}

function refusalLine(refusal: DeferredRefusal, confirmedHere: boolean): string {
  const why =
    refusal.reason === 'declaration-changed'
      ? 'its declaration (or one it references) changed since the review'
      : `the plan for it changed since the review (now: ${refusal.now})`;
  // The CLI's apply sends what its user confirmed: there the reviewed change is superseded, not held back.
  return confirmedHere
    ? `${refusal.item.name}: ${why}; this apply sent it as planned now, as you confirmed`
    : `${refusal.item.name}: not sent, ${why}; a new pull request plans it again (plan-changed)`;
}

/** The headline: "8,400 of 20,000 sent; continuing in the next run", or the completion. */
export function deferredHeadline(progress: DeferredProgress): string | undefined {
  const record = progress.after ?? progress.before;
  if (!record) return undefined;
  if (!progress.after) {
    const refused = progress.refused?.length ?? 0;
    return refused > 0
      ? `Finished ${reviewedOn(record)}: ${count(progressSent(progress))} of ${count(record.total)} sent; ${refused} changed since the review (below)`
      : `Completed ${reviewedOn(record)}: ${count(progressSent(progress))} of ${count(record.total)} sent; nothing is left`;
  }
  const waiting = progress.after.items.filter((item) => item.kind === 'wait').length;
  const timed = progress.after.items.length - waiting;
  const next = timed > 0 ? 'continuing in the next run' : 'the rest waits (below); a later run sends it once ready';
  return `${count(progress.after.sent)} of ${count(record.total)} sent from ${reviewedOn(record)}; ${next}`;
}

function progressSent(progress: DeferredProgress): number {
  return (progress.before?.sent ?? 0) + (progress.sentNow ?? 0);
}

/** The lines under the headline: what waits and for what (a few, then a count), and what was refused. */
function detailLines(progress: DeferredProgress, limit: number, confirmedHere = false): string[] {
  const lines: string[] = [];
  const items = progress.after?.items ?? [];
  for (const item of items.slice(0, limit)) lines.push(itemLine(item));
  if (items.length > limit) lines.push(`… and ${count(items.length - limit)} more`);
  for (const refusal of progress.refused ?? []) lines.push(refusalLine(refusal, confirmedHere));
  for (const result of progress.failed ?? []) {
    lines.push(
      `${result.change.name}: ${result.change.action} failed (${result.failure?.code ?? 'failed'}); not retried without a new plan`,
    );
  }
  return lines;
}

/** The Markdown section for the job summary and the pull request. */
export function renderDeferredMarkdown(progress: DeferredProgress, state: RecordedState, limit = 20): string {
  const headline = deferredHeadline(progress);
  if (!headline) return '';
  const icon = progress.after ? '⏳' : (progress.refused?.length ?? 0) > 0 ? '⚠️' : '✅';
  const lines = detailLines(progress, limit).map((line) => `- ${escapeMarkdown(line)}`);
  // The hidden line a later run checks the committed record against (action/deferred-run.ts); never user text.
  const data = progress.after
    ? [`<!-- channel-handshakes:deferred-data ${deferredRecordDigest(progress.after, state)} -->`]
    : [];
  // The headline is our own words and numbers; the lines name declarations, so they are escaped.
  return [...data, `#### ${icon} ${headline}`, '', ...lines, ''].join('\n');
}

/** The same, as plain lines for a log or a terminal. */
export function renderDeferredText(
  progress: DeferredProgress,
  options: { limit?: number; confirmedHere?: boolean } = {},
): string[] {
  const limit = options.limit ?? 20;
  const headline = deferredHeadline(progress);
  if (!headline) return [];
  // The lines name declarations and carry the state's and the endpoint's words: one line each, controls escaped.
  return [
    `${headline}.`,
    ...detailLines(progress, limit, options.confirmedHere).map((line) => `  ${singleLine(line)}`),
  ];
}
