/** The few GitHub REST routes the action uses, as a small interface so the action can be tested against a stand-in. */

/** Who wrote a comment or an issue, as GitHub reports it. */
export interface Authorship {
  authorLogin: string;
  /** The author's account id, when GitHub reports it. */
  authorId?: number;
  /** `User`, `Bot` or `Organization`: GitHub sets `Bot` only for an app's own identity, never for a person. */
  authorType?: string;
  /** The slug of the GitHub App the comment was written through, when one was. */
  viaApp?: string;
}

export interface IssueComment extends Authorship {
  id: number;
  body: string;
  url: string;
  /** The GraphQL node id (REST's node_id): what minimizing the comment needs. */
  nodeId?: string;
}

export interface AssociatedPullRequest {
  number: number;
  mergedAt?: string;
  labels: string[];
  headSha: string;
  baseRef: string;
}

export interface RepositoryIssue extends Authorship {
  number: number;
  title: string;
  body: string;
  url: string;
}

export interface GitHubApi {
  /** Open issues (not pull requests) of the repository. */
  listOpenIssues(): Promise<RepositoryIssue[]>;
  createIssue(title: string, body: string): Promise<RepositoryIssue>;
  updateIssue(issueNumber: number, changes: { body?: string; state?: 'open' | 'closed' }): Promise<RepositoryIssue>;
  listIssueComments(issueNumber: number): Promise<IssueComment[]>;
  createIssueComment(issueNumber: number, body: string): Promise<IssueComment>;
  updateIssueComment(commentId: number, body: string): Promise<IssueComment>;
  /**
   * Hides a comment as outdated, as GitHub's "Hide → Outdated" does: the GraphQL `minimizeComment` mutation with the
   * classifier OUTDATED (REST has no route for it). The comment stays, folded, with its text one click away.
   */
  minimizeComment(nodeId: string): Promise<void>;
  /** GET /repos/{owner}/{repo}/commits/{sha}/pulls: how a push finds the pull request it merged. */
  listPullRequestsForCommit(sha: string): Promise<AssociatedPullRequest[]>;
  /**
   * GET /repos/{owner}/{repo}/compare/{base}...{head}, paged: the newest `count` of the commits `head` has that `base`
   * lacks, oldest first. How a run finds the merges since the state's last apply when the checkout is shallow.
   */
  newestCommitsBetween(base: string, head: string, count: number): Promise<string[]>;
  /**
   * The login the token acts as, when GitHub will say: a personal access token can call GET /user; an installation
   * token (GITHUB_TOKEN or a GitHub App's) is refused with 403 "Resource not accessible by integration".
   */
  authenticatedLogin(): Promise<string | undefined>;
}

/** GitHub answered a route with an HTTP error: what every GitHubApi implementation throws for one. */
export class GitHubError extends Error {
  override readonly name = 'GitHubError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  /** The token may not do this, e.g. on a pull request from a fork. */
  get permissionDenied(): boolean {
    return this.status === 403 || this.status === 401 || this.status === 404;
  }

  /** GitHub will not take the body (too long, or otherwise invalid). */
  get unprocessable(): boolean {
    return this.status === 422;
  }
}

/** GitHub's answer when the token may not write, e.g. on a pull request from a fork. */
export function isPermissionDenied(error: unknown): boolean {
  return error instanceof GitHubError && error.permissionDenied;
}

/** GitHub's answer to a body it will not take (too long, or otherwise invalid). */
export function isUnprocessable(error: unknown): boolean {
  return error instanceof GitHubError && error.unprocessable;
}
