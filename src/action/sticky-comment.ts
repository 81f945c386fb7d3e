import type { PlanSummary } from '../core/model.js';
import type { GitHubApi, IssueComment } from '../github/api.js';

/** GitHub rejects comment bodies over this many characters. */
export const COMMENT_LIMIT = 65_536;

/** The GITHUB_TOKEN's identity; used when the token cannot tell us who it is. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/** The hidden first line that identifies our comment for one directory, so shards each keep their own. */
export function commentMarker(directory: string): string {
  return `<!-- channel-handshakes:plan dir=${encodeURIComponent(directory)} -->`;
}

export interface ReviewedPlan {
  digest: string;
  summary: PlanSummary;
}

const PLAN_DATA = /<!-- channel-handshakes:plan-data (\{.*?\}) -->/;

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

/** Our comment: carries the directory's marker and was written by the token's own identity, never anyone else's. */
export function findOwnComment(
  comments: readonly IssueComment[],
  directory: string,
  ownLogin: string,
): IssueComment | undefined {
  const marker = commentMarker(directory);
  return comments.find((comment) => comment.authorLogin === ownLogin && comment.body.startsWith(marker));
}

export interface UpsertResult {
  comment: IssueComment;
  action: 'created' | 'updated' | 'unchanged';
}

/** Creates the sticky comment, or updates it in place; an identical body is left alone (no notification). */
export async function upsertComment(
  github: GitHubApi,
  issueNumber: number,
  directory: string,
  body: string,
  ownLogin: string,
): Promise<UpsertResult> {
  const full = body.startsWith(commentMarker(directory)) ? body : `${commentMarker(directory)}\n${body}`;
  const existing = findOwnComment(await github.listIssueComments(issueNumber), directory, ownLogin);
  if (!existing) {
    return { comment: await github.createIssueComment(issueNumber, full), action: 'created' };
  }
  if (existing.body === full) {
    return { comment: existing, action: 'unchanged' };
  }
  return { comment: await github.updateIssueComment(existing.id, full), action: 'updated' };
}
