// Issue 18, exactly once: "a SIGKILL between the create and the state write, then a re-run, leaves one relationship,
// adopted by its owner tag". dist/cli.js apply runs as a process of its own against the simulator; the simulator
// commits CreateRelationship, and in the same moment (its log line for that request, written before the connection
// is dropped unanswered) the test kills the process with SIGKILL, so it dies after the create committed and before it
// could hear the answer, let alone record it. Deterministic: the kill is sent before the answer could ever arrive.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedState } from '../src/core/model.js';
import { NO_FAULTS, type Simulator } from '../src/simulator/server.js';
import { simulatorEnvironment } from './helpers.js';
import { type Onboarding, onboardingCheckout, throughActivation } from './support/onboarding.js';

const REPOSITORY = join(import.meta.dirname, '..');
const simulators: Simulator[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

interface KilledRun {
  context: Onboarding;
  /** The state as it was before the killed apply started (what the repository holds in the Action). */
  before: string;
  /** The state as the killed process left it on disk. */
  killed: RecordedState;
}

/** Onboards up to the relationship's create, then runs apply in a child process and kills it once the create committed. */
async function killedBetweenCreateAndRecord(): Promise<KilledRun> {
  let onCommitted = () => {};
  const context = await onboardingCheckout(simulators, undefined, (line) => {
    if (line.includes('CreateRelationship') && line.includes('connection dropped')) onCommitted();
  });
  await throughActivation(context);
  const before = await readFile(context.statePath, 'utf8');
  expect(context.relationships()).toHaveLength(0);

  context.simulator.faults = { ...NO_FAULTS, dropAfterCommitEvery: 1 };
  const child = spawn(process.execPath, [join(REPOSITORY, 'dist', 'cli.js'), 'apply', '--auto-approve'], {
    cwd: context.root,
    env: { PATH: process.env.PATH, ...simulatorEnvironment(context.url) },
    stdio: 'ignore',
  });
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  onCommitted = () => child.kill('SIGKILL');
  await exited;
  context.simulator.faults = { ...NO_FAULTS };

  expect(child.signalCode).toBe('SIGKILL');
  // AWS holds the relationship, tagged with its owner; the state has the intent but no record of it.
  expect(context.relationships()).toHaveLength(1);
  const killed = JSON.parse(await readFile(context.statePath, 'utf8')) as RecordedState;
  expect(killed.resources?.acme).toBeUndefined();
  expect(killed.resourceIntents?.acme).toMatchObject({ name: 'acme', kind: 'Relationship' });
  return { context, before, killed };
}

/** apply again, as a process of its own. */
async function applyProcess(context: Onboarding): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [join(REPOSITORY, 'dist', 'cli.js'), 'apply', '--auto-approve', '--no-color'], {
    cwd: context.root,
    env: { PATH: process.env.PATH, ...simulatorEnvironment(context.url) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  return { code, stdout };
}

describe('SIGKILL between CreateRelationship committing and the state write (a real process)', () => {
  it('the state written before the run (as the Action keeps it): the re-run adopts the relationship by its owner tag, exactly one', async () => {
    const { context, before } = await killedBetweenCreateAndRecord();
    const created = context.relationships()[0];
    // In the Action the killed runner's writes never reach the repository: the re-run starts from the state before.
    await writeFile(context.statePath, before);
    const creates = context.simulator.requests.filter((request) => request.operation === 'CreateRelationship').length;

    const rerun = await applyProcess(context);
    expect(rerun.code, rerun.stdout).toBe(0);
    const lineage = (JSON.parse(before) as RecordedState).lineage;
    expect(rerun.stdout).toContain(`already created by this repository (owner tag ${lineage}/acme) and not recorded`);
    expect(context.simulator.requests.filter((request) => request.operation === 'CreateRelationship')).toHaveLength(
      creates,
    );
    expect(context.relationships()).toHaveLength(1);
    const state = await context.state();
    expect(state.resources?.acme).toMatchObject({ id: created?.id, adopted: true });
    expect(state.resourceIntents).toBeUndefined();
    // And the START that waited for it goes out on the next run, on that relationship.
    expect((await applyProcess(context)).code).toBe(0);
    expect((await context.state()).declarations['acme-support']?.handshakes[0]?.spec.associatedResourceIdentifier).toBe(
      created?.id,
    );
    expect(context.relationships()).toHaveLength(1);
  }, 30_000);

  it('the state the killed process left (its intent written): the re-run replays the same clientToken, exactly one', async () => {
    const { context, killed } = await killedBetweenCreateAndRecord();
    const created = context.relationships()[0];
    const rerun = await applyProcess(context);
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(rerun.stdout).toContain(`create-relationship acme → ${created?.id}`);
    const replays = context.simulator.requests.filter((request) => request.operation === 'CreateRelationship');
    expect(new Set(replays.map((request) => (request.input as { clientToken?: string }).clientToken))).toEqual(
      new Set([killed.resourceIntents?.acme?.clientToken]),
    );
    expect(context.relationships()).toHaveLength(1);
    expect((await context.state()).resources?.acme?.id).toBe(created?.id);
  }, 30_000);
});
