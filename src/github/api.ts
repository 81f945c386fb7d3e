/** The few GitHub REST routes the action uses, as a small interface so the action can be tested against a stand-in. */

export interface IssueComment {
  id: number;
  body: string;
  authorLogin: string;
  url: string;
}

export interface AssociatedPullRequest {
  number: number;
  mergedAt?: string;
  labels: string[];
  headSha: string;
  baseRef: string;
}

export interface RepositoryIssue {
  number: number;
  title: string;
  body: string;
  authorLogin: string;
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
  /** GET /repos/{owner}/{repo}/commits/{sha}/pulls: how a push finds the pull request it merged. */
  listPullRequestsForCommit(sha: string): Promise<AssociatedPullRequest[]>;
  /** The login the token acts as, when GitHub will say (GITHUB_TOKEN cannot call GET /user). */
  authenticatedLogin(): Promise<string | undefined>;
}

/** GitHub's answer when the token may not write, e.g. on a pull request from a fork. */
export function isPermissionDenied(error: unknown): boolean {
  const status = (error as { status?: number } | null)?.status;
  return status === 403 || status === 401 || status === 404;
}
