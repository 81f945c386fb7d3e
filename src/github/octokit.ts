import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import {
  type AssociatedPullRequest,
  type Authorship,
  type GitHubApi,
  GitHubError,
  type IssueComment,
  isPermissionDenied,
  type RepositoryIssue,
} from './api.js';

export interface OctokitSettings {
  token: string;
  owner: string;
  repo: string;
  /** Where rate-limit waits are reported. */
  log(line: string): void;
}

interface RawAuthorship {
  user?: { login?: string; id?: number; type?: string } | null;
  performed_via_github_app?: { slug?: string } | null;
}

interface RawComment extends RawAuthorship {
  id: number;
  node_id?: string;
  body?: string | null;
  html_url: string;
}

interface RawIssue extends RawAuthorship {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  pull_request?: unknown;
}

function toAuthorship(raw: RawAuthorship): Authorship {
  return {
    authorLogin: raw.user?.login ?? '',
    ...(typeof raw.user?.id === 'number' ? { authorId: raw.user.id } : {}),
    ...(raw.user?.type ? { authorType: raw.user.type } : {}),
    ...(raw.performed_via_github_app?.slug ? { viaApp: raw.performed_via_github_app.slug } : {}),
  };
}

function toIssue(raw: RawIssue): RepositoryIssue {
  return {
    number: raw.number,
    title: raw.title,
    body: raw.body ?? '',
    ...toAuthorship(raw),
    url: raw.html_url,
  };
}

function toComment(raw: RawComment): IssueComment {
  return {
    id: raw.id,
    body: raw.body ?? '',
    ...toAuthorship(raw),
    url: raw.html_url,
    ...(raw.node_id ? { nodeId: raw.node_id } : {}),
  };
}

/**
 * GitHubApi over @actions/github's Octokit: REST only, GITHUB_API_URL honoured (GitHub Enterprise Server), with the
 * retry and throttling plugins so GitHub's own rate limits are waited out rather than failing the run.
 */
export function createOctokitApi(settings: OctokitSettings): GitHubApi {
  const octokit = getOctokit(
    settings.token,
    {
      throttle: {
        onRateLimit: (
          retryAfter: number,
          options: { method: string; url: string },
          _octokit: unknown,
          retryCount: number,
        ) => {
          settings.log(`GitHub rate limit on ${options.method} ${options.url}; retrying in ${retryAfter}s`);
          return retryCount < 3;
        },
        onSecondaryRateLimit: (
          retryAfter: number,
          options: { method: string; url: string },
          _octokit: unknown,
          retryCount: number,
        ) => {
          settings.log(`GitHub secondary rate limit on ${options.method} ${options.url}; retrying in ${retryAfter}s`);
          return retryCount < 2;
        },
      },
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
    },
    retry,
    throttling,
  );
  const { owner, repo } = settings;
  return typedErrors({
    async listOpenIssues() {
      const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
        owner,
        repo,
        state: 'open',
        per_page: 100,
      });
      return (issues as RawIssue[]).filter((issue) => !issue.pull_request).map(toIssue);
    },
    async createIssue(title, body) {
      const { data } = await octokit.rest.issues.create({ owner, repo, title, body });
      return toIssue(data as RawIssue);
    },
    async updateIssue(issueNumber, changes) {
      const { data } = await octokit.rest.issues.update({ owner, repo, issue_number: issueNumber, ...changes });
      return toIssue(data as RawIssue);
    },
    async listIssueComments(issueNumber) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: issueNumber,
        per_page: 100,
      });
      return (comments as RawComment[]).map(toComment);
    },
    async createIssueComment(issueNumber, body) {
      const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
      return toComment(data as RawComment);
    },
    async updateIssueComment(commentId, body) {
      const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
      return toComment(data as RawComment);
    },
    async minimizeComment(nodeId) {
      try {
        await octokit.graphql(
          'mutation($subjectId: ID!) { minimizeComment(input: { subjectId: $subjectId, classifier: OUTDATED }) { minimizedComment { isMinimized } } }',
          { subjectId: nodeId },
        );
      } catch (error) {
        throw graphqlError(error);
      }
    },
    async listPullRequestsForCommit(sha) {
      const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha });
      return data.map(
        (pull): AssociatedPullRequest => ({
          number: pull.number,
          mergedAt: pull.merged_at ?? undefined,
          labels: (pull.labels ?? []).map((label) => (typeof label === 'string' ? label : (label.name ?? ''))),
          headSha: pull.head.sha,
          baseRef: pull.base.ref,
        }),
      );
    },
    async newestCommitsBetween(base, head, count) {
      // Compare pages its commits oldest first (one unpaged answer stops at the oldest 250): the newest are on the
      // last page, which may hold fewer than `count`, and then the page before it holds the rest.
      const page = async (number: number) => {
        const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
          owner,
          repo,
          basehead: `${base}...${head}`,
          per_page: count,
          page: number,
        });
        return { total: data.total_commits, commits: data.commits.map((commit) => commit.sha) };
      };
      const first = await page(1);
      const pages = Math.ceil(first.total / count);
      if (pages <= 1) return first.commits;
      const last = await page(pages);
      const before = last.commits.length < count ? (await page(pages - 1)).commits : [];
      return [...before, ...last.commits].slice(-count);
    },
    async authenticatedLogin() {
      try {
        const { data } = await octokit.rest.users.getAuthenticated();
        return data.login;
      } catch (error) {
        // An installation token may not ask who it is; anything else (the network, GitHub down) is a real failure.
        if (isPermissionDenied(asGitHubError(error))) return undefined;
        throw error;
      }
    },
  });
}

/** Octokit's RequestError carries the HTTP status: the one place it is read, so the action sees only GitHubError. */
function asGitHubError(error: unknown): unknown {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && error instanceof Error ? new GitHubError(status, error.message) : error;
}

/**
 * GraphQL answers HTTP 200 with `errors` (type FORBIDDEN, NOT_FOUND, …) where REST would answer 403 or 404: the same
 * GitHubError, with the status REST would have used, so the action treats both alike.
 */
function graphqlError(error: unknown): unknown {
  const errors = (error as { errors?: { type?: string; message?: string }[] } | null)?.errors;
  if (!Array.isArray(errors) || !(error instanceof Error)) return error;
  const types = errors.map((entry) => entry.type);
  const status = types.includes('FORBIDDEN') ? 403 : types.includes('NOT_FOUND') ? 404 : 422;
  return new GitHubError(status, errors.map((entry) => entry.message ?? entry.type ?? 'error').join('; '));
}

function typedErrors(api: GitHubApi): GitHubApi {
  const wrapped: Partial<GitHubApi> = {};
  for (const key of Object.keys(api) as (keyof GitHubApi)[]) {
    const method = api[key] as (...args: unknown[]) => Promise<unknown>;
    (wrapped as Record<string, unknown>)[key] = (...args: unknown[]) =>
      method(...args).catch((error: unknown) => {
        throw asGitHubError(error);
      });
  }
  return wrapped as GitHubApi;
}
