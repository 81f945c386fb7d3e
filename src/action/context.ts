import { UserError } from '../core/errors.js';

export interface ActionContext {
  eventName: string;
  owner: string;
  repo: string;
  sha: string;
  ref: string;
  workspace: string;
  runUrl?: string;
  serverUrl: string;
  temporaryDirectory: string;
  /** For a pull request, `baseSha` is the base branch's commit it was planned against (the payload's base.sha). */
  pullRequest?: { number: number; headSha: string; baseSha?: string; fromFork: boolean; labels: string[] };
  /** For push: the branch's commit before the push (the payload's `before`), when there was one. */
  before?: string;
  /** For push: the branch that was pushed. */
  branch?: string;
  actor?: string;
}

/** The parts of a webhook payload the action reads. */
interface WebhookPayload {
  ref?: string;
  before?: string;
  number?: number;
  pull_request?: {
    number?: number;
    head?: { sha?: string; repo?: { full_name?: string } | null };
    base?: { sha?: string; repo?: { full_name?: string } | null };
    labels?: { name?: string }[];
  };
}

/** The workflow run as the runner describes it: environment variables plus the webhook payload file. */
export function readContext(env: Record<string, string | undefined>, payloadText: string | undefined): ActionContext {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner, repo] = repository.split('/');
  if (!owner || !repo) throw new UserError('GITHUB_REPOSITORY is not set: this must run inside GitHub Actions.');
  let payload: WebhookPayload = {};
  if (payloadText) {
    try {
      payload = JSON.parse(payloadText) as WebhookPayload;
    } catch {
      throw new UserError('GITHUB_EVENT_PATH does not hold a JSON webhook payload.');
    }
  }
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const ref = env.GITHUB_REF ?? String(payload.ref ?? '');
  const pull = payload.pull_request;
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    owner,
    repo,
    sha: env.GITHUB_SHA ?? '',
    ref,
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    serverUrl,
    runUrl: env.GITHUB_RUN_ID ? `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
    temporaryDirectory: env.RUNNER_TEMP ?? env.GITHUB_WORKSPACE ?? process.cwd(),
    actor: env.GITHUB_ACTOR,
    pullRequest: pull
      ? {
          number: Number(pull.number ?? payload.number),
          headSha: String(pull.head?.sha ?? ''),
          ...(typeof pull.base?.sha === 'string' ? { baseSha: pull.base.sha } : {}),
          labels: Array.isArray(pull.labels)
            ? pull.labels.map((label) => label?.name).filter((name): name is string => typeof name === 'string')
            : [],
          fromFork: Boolean(
            pull.head?.repo && pull.base?.repo && pull.head.repo.full_name !== pull.base.repo.full_name,
          ),
        }
      : undefined,
    ...(typeof payload.before === 'string' ? { before: payload.before } : {}),
    branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined,
  };
}
