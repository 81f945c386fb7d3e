import type { PlanSummary } from '../core/model.js';
import type { Authorship, GitHubApi, IssueComment } from '../github/api.js';
import { ACTIONS_BOT, type OwnIdentity, writtenBy } from './own-identity.js';

/** GitHub rejects comment bodies over this many characters. */
export const COMMENT_LIMIT = 65_536;

/** Whether the Action's own identity wrote something (see `ownIdentity`): no other author counts, bot or not. */
export function writtenByUs(author: Authorship, identity: OwnIdentity): boolean {
  return writtenBy(author, identity);
}

/** The hidden first line that identifies our comment for one directory, so shards each keep their own. */
export function commentMarker(directory: string): string {
  return `<!-- channel-handshakes:plan dir=${encodeURIComponent(directory)} -->`;
}

export interface ReviewedPlan {
  digest: string;
  summary: PlanSummary;
}

// A whole line of its own, the first such: user text in the comment is escaped or indented inside a code block, so
// a note that spells a plan-data marker can never stand at the start of a line.
const PLAN_DATA = /^<!-- channel-handshakes:plan-data (\{[^\n]*?\}) -->$/m;

/** Hidden, machine-readable facts about the plan the comment shows: what a merge checks against. */
export function planDataMarker(plan: ReviewedPlan): string {
  return `<!-- channel-handshakes:plan-data ${JSON.stringify({ digest: plan.digest, summary: plan.summary })} -->`;
}

export function readPlanData(body: string): ReviewedPlan | undefined {
  const match = PLAN_DATA.exec(body);
  if (!match?.[1]) return undefined;
  try {
    const data = JSON.parse(match[1]) as ReviewedPlan;
    return typeof data.digest === 'string' && data.summary ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Our comment: it starts with the directory's marker and was written by the Action's own identity (see
 * `ownIdentity`), never by anyone else. The newest one wins when there are several, e.g. after a switch from
 * GITHUB_TOKEN to an App.
 */
export function findOwnComment(
  comments: readonly IssueComment[],
  directory: string,
  identity: OwnIdentity,
): IssueComment | undefined {
  const marker = commentMarker(directory);
  return comments.findLast((comment) => writtenByUs(comment, identity) && comment.body.startsWith(`${marker}\n`));
}

/**
 * The comment that holds the reviewed plan: ours, or written by `github-actions[bot]`. The plan workflow usually runs
 * with the default GITHUB_TOKEN (it needs no secret, so it also works for pull requests from forks) while apply and
 * drift run with a GitHub App's token to pass branch protection; the plan they review is then the GITHUB_TOKEN's. Both
 * identities can only be used by this repository's own workflows; any other author, bot or not, never counts.
 */
export function findReviewedPlanComment(
  comments: readonly IssueComment[],
  directory: string,
  identity: OwnIdentity,
): IssueComment | undefined {
  const marker = commentMarker(directory);
  return comments.findLast(
    (comment) =>
      (writtenByUs(comment, identity) || writtenByUs(comment, ACTIONS_BOT)) && comment.body.startsWith(`${marker}\n`),
  );
}

export interface UpsertResult {
  comment: IssueComment;
  action: 'created' | 'updated' | 'unchanged';
}

/**
 * Creates the sticky comment, or updates it in place; an identical body is left alone (no notification). With
 * `onlyUpdate`, a missing comment is not created and the result is undefined.
 */
export async function upsertComment(
  github: GitHubApi,
  issueNumber: number,
  directory: string,
  body: string,
  identity: OwnIdentity,
  options: { onlyUpdate?: boolean } = {},
): Promise<UpsertResult | undefined> {
  const full = body.startsWith(commentMarker(directory)) ? body : `${commentMarker(directory)}\n${body}`;
  const existing = findOwnComment(await github.listIssueComments(issueNumber), directory, identity);
  if (!existing && options.onlyUpdate) return undefined;
  if (!existing) {
    return { comment: await github.createIssueComment(issueNumber, full), action: 'created' };
  }
  if (existing.body === full) {
    return { comment: existing, action: 'unchanged' };
  }
  return { comment: await github.updateIssueComment(existing.id, full), action: 'updated' };
}

/** Marks where the reviewed plan starts in a comment that reports on it, so a later report never nests it twice. */
const REVIEWED_PLAN_MARKER = '<!-- channel-handshakes:reviewed-plan -->';

/** Whether a report (an apply result, "not applied") has taken the plan's place: the merge's apply has spoken. */
export function reportedInPlaceOfPlan(body: string): boolean {
  return body.includes(REVIEWED_PLAN_MARKER);
}

/**
 * A report (apply result, "not applied") in place of the plan, with the reviewed plan folded underneath. The plan's
 * hidden digest always stays: a re-run of the apply (say, after adding the allow-destructive label) checks it.
 * Bounded: the folded plan is dropped before the report is.
 */
export function reportInPlaceOfPlan(directory: string, report: string, previousBody: string | undefined): string {
  const marker = commentMarker(directory);
  const withoutMarker = previousBody ? previousBody.replace(marker, '').trim() : '';
  const reviewedStart = withoutMarker.indexOf(REVIEWED_PLAN_MARKER);
  const plan =
    reviewedStart >= 0
      ? withoutMarker.slice(reviewedStart + REVIEWED_PLAN_MARKER.length, withoutMarker.lastIndexOf('</details>')).trim()
      : withoutMarker.replace(PLAN_DATA, '').trim();
  const data = PLAN_DATA.exec(withoutMarker)?.[0];
  const folded = plan
    ? `\n---\n\n<details><summary>The reviewed plan</summary>\n\n${REVIEWED_PLAN_MARKER}\n${plan}\n\n</details>\n`
    : '';
  const head = `${marker}\n${data ? `${data}\n` : ''}`;
  const full = `${head}${report}${folded}`;
  if (full.length <= COMMENT_LIMIT) return full;
  const short = `${head}${report}`;
  return short.length <= COMMENT_LIMIT ? short : `${short.slice(0, COMMENT_LIMIT - 2)}…\n`;
}

/** The hidden first line of a notification comment: never mistaken for the sticky comment. */
export function notificationMarker(directory: string): string {
  return `<!-- channel-handshakes:notification dir=${encodeURIComponent(directory)} -->`;
}
