import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** GitHub's limit on comment and issue bodies, in characters. */
export const BODY_LIMIT = 65_536;

export interface StoredComment {
  id: number;
  issue: number;
  body: string;
  login: string;
  /** `Bot` for an app's identity, `User` for a person's. */
  type?: 'Bot' | 'User';
  /** The app the comment was written through (GitHub's performed_via_github_app), if any. */
  app?: string;
  /** Set by the GraphQL minimizeComment mutation: the classifier, lower case as GitHub's minimizedReason. */
  minimizedReason?: string;
}

/** Who a token acts as. Installation tokens (GITHUB_TOKEN, an App's) may not call GET /user; a person's token may. */
export interface TokenIdentity {
  login: string;
  type: 'Bot' | 'User';
  app?: string;
  kind: 'installation' | 'personal';
}

/** The default GITHUB_TOKEN's identity. */
const ACTIONS_IDENTITY: TokenIdentity = {
  login: 'github-actions[bot]',
  type: 'Bot',
  app: 'github-actions',
  kind: 'installation',
};

export interface StoredIssue {
  number: number;
  title: string;
  body: string;
  login: string;
  type?: 'Bot' | 'User';
  state: 'open' | 'closed';
}

export interface StandInPullRequest {
  number: number;
  merged_at: string | null;
  labels: string[];
  head_sha: string;
  base_ref: string;
}

/** A comment's GraphQL node id, in GitHub's form for an issue comment (`IC_` and an opaque key). */
function nodeIdOf(id: number): string {
  return `IC_kwDO${Buffer.from(`comment:${id}`).toString('base64url')}`;
}

/**
 * A local stand-in for the GitHub REST routes the action uses, answering with the shapes GitHub does. A token acts
 * as the identity registered for it with `identify`, and as the default GITHUB_TOKEN otherwise: an installation
 * token is refused GET /user with 403 "Resource not accessible by integration", and writes as its app's bot.
 */
export class GitHubStandIn {
  readonly comments: StoredComment[] = [];
  readonly issues: StoredIssue[] = [];
  readonly requests: { method: string; path: string }[] = [];
  /** commit sha → pull requests associated with it */
  readonly pullsByCommit = new Map<string, StandInPullRequest[]>();
  /** Workflow artifacts created through the results API, and whether their upload was finalized. */
  readonly artifacts: { name: string; finalized: boolean }[] = [];
  /** Bytes uploaded to artifact blob storage. */
  artifactBytes = 0;
  /** Lengths of the bodies refused with 422 because they were too long. */
  readonly tooLong: number[] = [];
  /** Answer every comment and issue write with 422, as GitHub does for a body it will not take. */
  refuseBodies = false;
  /** A fork's token: reads work, writes answer 403. */
  readOnly = false;
  /** token → identity; a token not listed acts as GITHUB_TOKEN. */
  readonly identities = new Map<string, TokenIdentity>();
  /** The git repository (a bare "remote") the compare route reads its commits from, as GitHub reads the repository. */
  repository?: string;

  /** Forgets everything a test posted or switched on, so each test starts from an empty repository. Identities stay. */
  reset(): void {
    this.comments.length = 0;
    this.issues.length = 0;
    this.requests.length = 0;
    this.tooLong.length = 0;
    this.pullsByCommit.clear();
    this.repository = undefined;
    this.readOnly = false;
    this.refuseBodies = false;
    this.artifacts.length = 0;
    this.artifactBytes = 0;
  }
  private nextId = 1000;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => this.send(response, 500, { message: String(error) }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A comment someone else wrote, with our marker in it: the action must never touch it. */
  addForeignComment(issue: number, body: string, login = 'mallory', type: 'Bot' | 'User' = 'User'): StoredComment {
    const comment: StoredComment = { id: this.nextId++, issue, body, login, type };
    this.comments.push(comment);
    return comment;
  }

  private send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    response.end(text);
  }

  private toJson(comment: StoredComment) {
    return {
      id: comment.id,
      node_id: nodeIdOf(comment.id),
      body: comment.body,
      user: { login: comment.login, type: comment.type ?? (comment.login.endsWith('[bot]') ? 'Bot' : 'User') },
      performed_via_github_app: comment.app ? { id: 1, slug: comment.app, name: comment.app } : null,
      html_url: `https://github.com/Codertocat/Hello-World/pull/${comment.issue}#issuecomment-${comment.id}`,
      created_at: '2026-11-27T00:00:00Z',
      updated_at: '2026-11-27T00:00:00Z',
    };
  }

  /**
   * GitHub's GraphQL endpoint, for the one mutation the action sends: minimizeComment. GraphQL answers 200 even for
   * a refusal, with `errors` (type FORBIDDEN for a token that may not write, NOT_FOUND for an unknown node id).
   */
  private graphql(response: ServerResponse, body: { query?: unknown; variables?: Record<string, unknown> }) {
    const query = String(body.query ?? '');
    const mutation =
      /minimizeComment\s*\(\s*input\s*:\s*\{\s*subjectId\s*:\s*\$(\w+)\s*,\s*classifier\s*:\s*(\w+)\s*\}\s*\)/.exec(
        query,
      );
    if (!mutation) {
      this.send(response, 200, { errors: [{ message: 'the stand-in answers only minimizeComment' }] });
      return;
    }
    const classifier = mutation[2] as string;
    if (!['SPAM', 'ABUSE', 'OFF_TOPIC', 'OUTDATED', 'DUPLICATE', 'RESOLVED'].includes(classifier)) {
      this.send(response, 200, {
        errors: [
          {
            message: `Argument 'classifier' on InputObject 'MinimizeCommentInput' has an invalid value (${classifier}).`,
          },
        ],
      });
      return;
    }
    const subjectId = String(body.variables?.[mutation[1] as string] ?? '');
    const comment = this.comments.find((candidate) => nodeIdOf(candidate.id) === subjectId);
    if (!comment) {
      this.send(response, 200, {
        data: { minimizeComment: null },
        errors: [
          {
            type: 'NOT_FOUND',
            path: ['minimizeComment'],
            message: `Could not resolve to a node with the global id of '${subjectId}'`,
          },
        ],
      });
      return;
    }
    if (this.readOnly) {
      this.send(response, 200, {
        data: { minimizeComment: null },
        errors: [{ type: 'FORBIDDEN', path: ['minimizeComment'], message: 'Resource not accessible by integration' }],
      });
      return;
    }
    comment.minimizedReason = classifier.toLowerCase();
    this.send(response, 200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const method = request.method ?? 'GET';
    if (url.pathname.startsWith('/blob/')) {
      // The signed blob-storage URL an artifact is uploaded to: block uploads and the block list, authorized by the
      // signature in the URL (no Authorization header), as Azure Blob Storage answers them.
      this.artifactBytes += Buffer.concat(chunks).length;
      response.writeHead(201, {
        etag: '"0x8DC0000000000"',
        'last-modified': new Date(0).toUTCString(),
        'x-ms-request-id': '00000000-0000-0000-0000-000000000000',
        'x-ms-version': '2025-01-05',
        'x-ms-request-server-encrypted': 'true',
        'content-length': '0',
      });
      response.end();
      return;
    }
    const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    this.requests.push({ method, path: url.pathname });
    const credentials = /^(?:token|bearer) (.+)$/i.exec(String(request.headers.authorization ?? ''));
    if (!credentials) {
      this.send(response, 401, { message: 'Requires authentication' });
      return;
    }
    const identity = this.identities.get(credentials[1] as string) ?? ACTIONS_IDENTITY;
    const deny = () => this.send(response, 403, { message: 'Resource not accessible by integration', status: '403' });
    // GitHub refuses comment and issue bodies over 65,536 characters with this answer.
    if (
      (method === 'POST' || method === 'PATCH') &&
      typeof body.body === 'string' &&
      (body.body.length > BODY_LIMIT || this.refuseBodies)
    ) {
      this.tooLong.push(body.body.length);
      this.send(response, 422, {
        message: 'Validation Failed',
        errors: [
          {
            resource: /issues\/comments|\/comments$/.test(url.pathname) ? 'IssueComment' : 'Issue',
            code: 'custom',
            field: 'body',
            message: `body is too long (maximum is ${BODY_LIMIT} characters)`,
          },
        ],
        documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
        status: '422',
      });
      return;
    }
    const issueComments = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const singleComment = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const issuesRoute = /^\/repos\/[^/]+\/[^/]+\/issues$/.exec(url.pathname);
    const singleIssue = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/.exec(url.pathname);
    const commitPulls = /^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/pulls$/.exec(url.pathname);
    const compare = /^\/repos\/[^/]+\/[^/]+\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/.exec(url.pathname);
    const twirp = /^\/twirp\/github\.actions\.results\.api\.v1\.ArtifactService\/(\w+)$/.exec(url.pathname);
    if (twirp && method === 'POST') {
      // The artifact service of the runner's results API, as @actions/artifact calls it.
      if (twirp[1] === 'CreateArtifact') {
        this.artifacts.push({ name: String(body.name), finalized: false });
        this.send(response, 200, {
          ok: true,
          signedUploadUrl: `http://${request.headers.host}/blob/${encodeURIComponent(String(body.name))}.zip?sig=stand-in`,
        });
        return;
      }
      if (twirp[1] === 'FinalizeArtifact') {
        const artifact = this.artifacts.find((candidate) => candidate.name === body.name);
        if (!artifact) return this.send(response, 404, { code: 'not_found', msg: 'no such artifact' });
        artifact.finalized = true;
        this.send(response, 200, { ok: true, artifactId: String(7000 + this.artifacts.indexOf(artifact)) });
        return;
      }
    }
    if (method === 'POST' && url.pathname === '/graphql') {
      this.graphql(response, body);
      return;
    }
    if (method === 'GET' && url.pathname === '/user') {
      if (identity.kind === 'installation') return deny();
      this.send(response, 200, { login: identity.login, id: 1, type: identity.type });
      return;
    }
    const issueJson = (issue: StoredIssue) => ({
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      user: { login: issue.login, type: issue.type ?? (issue.login.endsWith('[bot]') ? 'Bot' : 'User') },
      html_url: `https://github.com/Codertocat/Hello-World/issues/${issue.number}`,
    });
    if (issuesRoute && method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      this.send(response, 200, this.issues.filter((issue) => state === 'all' || issue.state === state).map(issueJson));
      return;
    }
    if (issuesRoute && method === 'POST') {
      if (this.readOnly) return deny();
      const issue: StoredIssue = {
        number: 100 + this.issues.length,
        title: String(body.title),
        body: String(body.body ?? ''),
        login: identity.login,
        type: identity.type,
        state: 'open',
      };
      this.issues.push(issue);
      this.send(response, 201, issueJson(issue));
      return;
    }
    if (singleIssue && method === 'PATCH') {
      if (this.readOnly) return deny();
      const issue = this.issues.find((candidate) => candidate.number === Number(singleIssue[1]));
      if (!issue) return this.send(response, 404, { message: 'Not Found' });
      if (body.body !== undefined) issue.body = String(body.body);
      if (body.state !== undefined) issue.state = body.state;
      this.send(response, 200, issueJson(issue));
      return;
    }
    if (issueComments) {
      const issue = Number(issueComments[1]);
      if (method === 'GET') {
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const all = this.comments.filter((comment) => comment.issue === issue);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const headers: Record<string, string> = {};
        if (page * perPage < all.length) {
          headers.link = `<http://${request.headers.host}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
        }
        this.send(
          response,
          200,
          slice.map((comment) => this.toJson(comment)),
          headers,
        );
        return;
      }
      if (method === 'POST') {
        if (this.readOnly) return deny();
        const comment: StoredComment = {
          id: this.nextId++,
          issue,
          body: String(body.body),
          login: identity.login,
          type: identity.type,
          ...(identity.app ? { app: identity.app } : {}),
        };
        this.comments.push(comment);
        this.send(response, 201, this.toJson(comment));
        return;
      }
    }
    if (singleComment && method === 'PATCH') {
      if (this.readOnly) return deny();
      const comment = this.comments.find((candidate) => candidate.id === Number(singleComment[1]));
      if (!comment) return this.send(response, 404, { message: 'Not Found' });
      if (comment.login !== identity.login) return deny();
      comment.body = String(body.body);
      this.send(response, 200, this.toJson(comment));
      return;
    }
    if (commitPulls && method === 'GET') {
      const pulls = this.pullsByCommit.get(commitPulls[1] as string) ?? [];
      this.send(
        response,
        200,
        pulls.map((pull) => ({
          number: pull.number,
          state: pull.merged_at ? 'closed' : 'open',
          merged_at: pull.merged_at,
          labels: pull.labels.map((name, index) => ({ id: index, name })),
          head: { sha: pull.head_sha, ref: 'feature' },
          base: { sha: '0'.repeat(40), ref: pull.base_ref },
        })),
      );
      return;
    }
    if (compare && method === 'GET') {
      this.compare(response, compare[1] as string, compare[2] as string, url.searchParams);
      return;
    }
    this.send(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  /**
   * GET /repos/{owner}/{repo}/compare/{base}...{head}, read from `repository` with git: the commits of head that base
   * lacks, oldest first, `per_page` (at most 250, the default) from `page`, in GitHub's shape. A commit the repository
   * does not hold answers 404, as GitHub does ("No commit found for SHA").
   */
  private compare(response: ServerResponse, base: string, head: string, query: URLSearchParams): void {
    const perPage = Math.min(250, Number(query.get('per_page') ?? 250));
    const first = (Number(query.get('page') ?? 1) - 1) * perPage;
    const run = (...args: string[]) =>
      execFileSync('git', args, { cwd: this.repository, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    let ahead: string[];
    let behind: string[];
    try {
      if (!this.repository) throw new Error('no repository');
      ahead = run('rev-list', '--reverse', `${base}..${head}`).split('\n').filter(Boolean);
      behind = run('rev-list', `${head}..${base}`).split('\n').filter(Boolean);
    } catch {
      this.send(response, 404, { message: `No commit found for SHA: ${base}`, status: '404' });
      return;
    }
    const status =
      ahead.length === 0 && behind.length === 0
        ? 'identical'
        : behind.length === 0
          ? 'ahead'
          : ahead.length === 0
            ? 'behind'
            : 'diverged';
    this.send(response, 200, {
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: ahead.slice(first, first + perPage).map((sha) => ({
        sha,
        commit: { message: run('log', '-1', '--format=%B', sha).trim() },
        parents: run('log', '-1', '--format=%P', sha)
          .trim()
          .split(' ')
          .filter(Boolean)
          .map((parent) => ({ sha: parent })),
      })),
      files: [],
    });
  }
}
