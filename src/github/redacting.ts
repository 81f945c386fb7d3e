import type { Redactor } from '../core/redact.js';
import type { GitHubApi } from './api.js';

/** Every body and title the action writes to GitHub passes through `redact` first: comments and issues are public. */
export function redactingGitHubApi(github: GitHubApi, redact: Redactor): GitHubApi {
  return {
    ...github,
    createIssue: (title, body) => github.createIssue(redact(title), redact(body)),
    updateIssue: (issueNumber, changes) =>
      github.updateIssue(issueNumber, {
        ...changes,
        ...(changes.body !== undefined ? { body: redact(changes.body) } : {}),
      }),
    createIssueComment: (issueNumber, body) => github.createIssueComment(issueNumber, redact(body)),
    updateIssueComment: (commentId, body) => github.updateIssueComment(commentId, redact(body)),
  };
}
