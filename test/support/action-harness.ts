// The set-up every end-to-end test of the Action shares: the GitHub stand-in for the whole file, a fresh simulator
// for each test, a git fixture as the workspace, and runs of dist/index.js for each event the workflows listen to.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { DEMO_CREDENTIALS, Simulator, type SimulatorOptions } from '../../src/simulator/server.js';
import { NO_QUOTAS } from '../../src/simulator/service.js';
import { createGitFixture, type GitFixture, git } from './git-fixture.js';
import { GitHubStandIn } from './github-stand-in.js';
import { type RunnerResult, runAction, webhookPayload } from './runner.js';

type Payload = Record<string, unknown>;

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Given, the simulator knows these credentials as this account (not only the demo account). */
  accountId?: string;
}

interface HarnessOptions {
  /** The node binary that runs dist/index.js; the one running the tests unless given. */
  node?: string;
  credentials?: Credentials;
  /** Added to the environment of every run, e.g. a session token. */
  env?: Record<string, string>;
}

interface RunSettings {
  inputs?: Record<string, string>;
  /** Added to (or overriding) the runner's environment for this run. */
  env?: Record<string, string>;
}

interface PullRequestSettings extends RunSettings {
  action?: 'opened' | 'synchronize';
  /** The event name the runner reports; a pull request payload under another trigger (pull_request_target). */
  event?: string;
  /** Edits the webhook payload before the run, e.g. its number, base sha or labels. */
  edit?: (payload: Payload & { number: number; pull_request: Payload }) => void;
}

interface PushSettings extends RunSettings {
  /** The payload's `before`; the example payload's own unless given. */
  before?: string;
}

interface EventSettings extends RunSettings {
  payload?: Payload;
}

const DEFAULT_BRANCH = 'refs/heads/master';

/**
 * Registers the lifecycle hooks in the calling describe block: the stand-in starts once and is reset before each
 * test, the simulator is new for each test (every limit off, so tests measure behaviour, not pacing).
 */
export function actionHarness(options: HarnessOptions = {}) {
  const github = new GitHubStandIn();
  const node = options.node ?? process.execPath;
  const credentials = options.credentials ?? DEMO_CREDENTIALS;
  let simulator: Simulator | undefined;
  let fixture: GitFixture | undefined;
  let githubUrl = '';
  let awsUrl = '';

  beforeAll(async () => {
    githubUrl = await github.start();
  });
  afterAll(async () => {
    await github.stop();
    await simulator?.stop();
  });
  async function startSimulator(overrides: SimulatorOptions = {}): Promise<Simulator> {
    await simulator?.stop();
    simulator = new Simulator({
      rateLimits: { mutate: 0, list: 0 },
      quotas: NO_QUOTAS,
      ...(options.credentials?.accountId === undefined
        ? {}
        : { accounts: [options.credentials as Required<Credentials>] }),
      ...overrides,
    });
    awsUrl = await simulator.start();
    return simulator;
  }

  beforeEach(async () => {
    github.reset();
    await startSimulator();
  });

  const workspace = () => {
    if (!fixture) throw new Error('no git fixture: call createFixture() in the test first');
    return fixture;
  };

  const environment = () => ({
    GITHUB_API_URL: githubUrl,
    AWS_ENDPOINT_URL_PARTNERCENTRAL_CHANNEL: awsUrl,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...options.env,
  });

  const head = () => git(workspace().workspace, 'rev-parse', 'HEAD');

  function run(event: string, payload: Payload, ref: string, settings: RunSettings): Promise<RunnerResult> {
    return runAction({
      node,
      workspace: workspace().workspace,
      event,
      payload,
      inputs: settings.inputs ?? {},
      env: { ...environment(), GITHUB_SHA: head(), GITHUB_REF: ref, ...settings.env },
    });
  }

  return {
    github,
    /** The simulator of the running test. */
    simulator(): Simulator {
      if (!simulator) throw new Error('the simulator starts before each test');
      return simulator;
    },
    /** Replaces this test's simulator by one with other options (e.g. a quota), from the next run on. */
    replaceSimulator: startSimulator,
    githubUrl: () => githubUrl,
    awsUrl: () => awsUrl,
    /** A new git fixture for this test; the runs use its workspace. */
    async createFixture(files: Record<string, string>): Promise<GitFixture> {
      fixture = await createGitFixture(files);
      return fixture;
    },
    environment,
    head,
    /** The plan workflow: the workspace as the pull request's merge ref. */
    runPullRequest(settings: PullRequestSettings = {}): Promise<RunnerResult> {
      const payload = webhookPayload('pull_request', settings.action ?? 'opened') as Payload & {
        number: number;
        pull_request: Payload;
      };
      settings.edit?.(payload);
      return run(settings.event ?? 'pull_request', payload, `refs/pull/${payload.number}/merge`, settings);
    },
    /** The apply workflow: the push of the workspace's HEAD to the default branch. */
    runPush(settings: PushSettings = {}): Promise<RunnerResult> {
      const payload = webhookPayload('push', undefined, (example) => example.ref === DEFAULT_BRANCH);
      if (settings.before !== undefined) payload.before = settings.before;
      return run('push', payload, DEFAULT_BRANCH, settings);
    },
    /** The scheduled drift run on the default branch. */
    runSchedule(settings: EventSettings = {}): Promise<RunnerResult> {
      return run('schedule', settings.payload ?? { schedule: '0 6 * * *' }, DEFAULT_BRANCH, settings);
    },
    /** A manual run (workflow_dispatch) on the default branch. */
    runDispatch(settings: EventSettings = {}): Promise<RunnerResult> {
      return run(
        'workflow_dispatch',
        settings.payload ?? { inputs: {}, ref: DEFAULT_BRANCH },
        DEFAULT_BRANCH,
        settings,
      );
    },
  };
}
