import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { temporaryDirectory } from '../helpers.js';

const REPOSITORY = join(import.meta.dirname, '..', '..');

type ExamplePayload = Record<string, unknown> & { action?: string; ref?: string; number?: number };
const examples = JSON.parse(
  readFileSync(
    join(REPOSITORY, 'node_modules', '@octokit', 'webhooks-examples', 'api.github.com', 'index.json'),
    'utf8',
  ),
) as { name: string; examples: ExamplePayload[] }[];

/** A real webhook payload from @octokit/webhooks-examples, e.g. ('pull_request', 'opened') or ('push'). */
export function webhookPayload(
  event: string,
  action?: string,
  pick: (payload: ExamplePayload) => boolean = () => true,
) {
  const entry = examples.find((candidate) => candidate.name === event);
  const payload = entry?.examples.find(
    (example) => (action === undefined || example.action === action) && pick(example),
  );
  if (!payload) throw new Error(`no ${event} ${action ?? ''} example payload`);
  return structuredClone(payload);
}

export interface RunnerResult {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface RunOptions {
  node: string;
  workspace: string;
  event: string;
  payload: Record<string, unknown>;
  inputs: Record<string, string>;
  env: Record<string, string>;
}

/** The defaults a runner fills in from action.yml, with `${{ github.token }}` standing for the job token. */
function defaultInputs(token: string): Record<string, string> {
  const action = parse(readFileSync(join(REPOSITORY, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [
      name,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal workflow expression in action.yml
      String(input.default ?? '').replace('${{ github.token }}', token),
    ]),
  );
}

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[index] ?? '');
    if (!match) continue;
    const value: string[] = [];
    for (index++; index < lines.length && lines[index] !== match[2]; index++) value.push(lines[index] ?? '');
    outputs[match[1] as string] = value.join('\n');
  }
  return outputs;
}

/** Runs dist/index.js as the Actions runner does: clean environment, INPUT_* variables, file commands, payload file. */
export async function runAction(options: RunOptions): Promise<RunnerResult> {
  const files = await temporaryDirectory('handshakes-runner-');
  const paths = {
    GITHUB_EVENT_PATH: join(files, 'event.json'),
    GITHUB_OUTPUT: join(files, 'output'),
    GITHUB_STEP_SUMMARY: join(files, 'summary.md'),
    GITHUB_STATE: join(files, 'state'),
    GITHUB_ENV: join(files, 'env'),
    GITHUB_PATH: join(files, 'path'),
  };
  await writeFile(paths.GITHUB_EVENT_PATH, JSON.stringify(options.payload));
  for (const path of [
    paths.GITHUB_OUTPUT,
    paths.GITHUB_STEP_SUMMARY,
    paths.GITHUB_STATE,
    paths.GITHUB_ENV,
    paths.GITHUB_PATH,
  ]) {
    await writeFile(path, '');
  }
  const token = 'ghs_testtoken000000000000000000000000';
  const inputs = { ...defaultInputs(token), ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? files,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: options.event,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_REPOSITORY_OWNER: 'Codertocat',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'Codertocat',
    RUNNER_TEMP: files,
    ...paths,
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
    ...options.env,
  };
  const child = spawn(options.node, [join(REPOSITORY, 'dist', 'index.js')], {
    cwd: options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number>((resolve) => child.on('close', (exit) => resolve(exit ?? 1)));
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(await readFile(paths.GITHUB_OUTPUT, 'utf8')),
    summary: await readFile(paths.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}
