import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/index.js';
import type { Change, RecordedState } from '../src/core/model.js';
import { emptyState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { serializeState } from '../src/files/state.js';
import { NO_FAULTS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { applyPlan } from '../src/usecases/apply.js';
import { newClient } from './api-helpers.js';
import {
  captureCli,
  declarationsFrom,
  latestSent,
  programManagementAccount,
  recordedIdList,
  sentFor,
  simulatorEnvironment,
  startServicePeriod,
  temporaryDirectory,
  withLatestStatus,
} from './helpers.js';
import { git } from './support/git-fixture.js';

const REPOSITORY = join(import.meta.dirname, '..');
const simulators: Simulator[] = [];

afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

async function startSimulator(
  options: ConstructorParameters<typeof Simulator>[0] = {},
): Promise<{ simulator: Simulator; url: string }> {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS, ...options });
  simulators.push(simulator);
  return { simulator, url: await simulator.start() };
}

async function repository(declarations: string[]): Promise<string> {
  const root = await temporaryDirectory();
  // A clone, as a user would have: its origin names the repository, which seeds the lineage.
  git(root, 'init', '--quiet');
  git(root, 'remote', 'add', 'origin', 'https://github.com/example/handshakes-apply-test.git');
  await mkdir(join(root, 'handshakes'));
  await writeDeclarations(root, declarations);
  return root;
}

async function writeDeclarations(root: string, declarations: string[]): Promise<void> {
  await writeFile(join(root, 'handshakes', 'all.yaml'), declarations.join('---\n'));
}

async function recorded(root: string): Promise<RecordedState> {
  return JSON.parse(await readFile(join(root, 'handshakes', 'state.json'), 'utf8')) as RecordedState;
}

async function apply(root: string, url: string, extra: string[] = []) {
  const cli = captureCli(root, simulatorEnvironment(url));
  const code = await run(
    ['apply', '--auto-approve', '--rate-mutate', '1000', '--rate-list', '1000', ...extra],
    cli.environment,
  );
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

async function plan(root: string) {
  const cli = captureCli(root);
  await run(['plan', '--format', 'json'], cli.environment);
  return JSON.parse(cli.stdout());
}

function many(count: number, offset = 0): string[] {
  return Array.from({ length: count }, (_, index) =>
    startServicePeriod(`customer-${offset + index}`, {
      relationship: `rs-${(offset + index).toString(36).padStart(13, '0')}`,
    }),
  );
}

/** The simulator must hold exactly the recorded handshakes: one per declaration, none twice. */
function expectStateMatches(state: RecordedState, simulator: Simulator): void {
  const live = simulator.handshakes();
  const recordedIds = recordedIdList(state).sort();
  expect(live.map((handshake) => handshake.id).sort()).toEqual(recordedIds);
  const resources = live.map((handshake) => handshake.associatedResourceId);
  expect(new Set(resources).size).toBe(resources.length);
}

describe('apply', () => {
  it('sends each declared handshake exactly once through dropped connections, throttling storms and 5xx', async () => {
    const { simulator, url } = await startSimulator({
      faults: { ...NO_FAULTS, dropAfterCommitEvery: 3, throttleEvery: 4, serverErrorEvery: 7 },
    });
    const root = await repository(many(30));
    const result = await apply(root, url);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Applied: 30 of 30 sent. State written to');
    const state = await recorded(root);
    expect(Object.keys(state.declarations)).toHaveLength(30);
    expect(simulator.handshakes()).toHaveLength(30);
    expectStateMatches(state, simulator);
    expect(simulator.requests.some((request) => request.error === 'dropped after commit')).toBe(true);
    expect((await plan(root)).changes).toEqual([]);
    // And a second apply sends nothing at all.
    simulator.requests.length = 0;
    expect((await apply(root, url)).code).toBe(0);
    expect(simulator.requests).toHaveLength(0);
  });

  it('continues past a failed change, records every success, and converges on the next run', async () => {
    const { simulator, url } = await startSimulator({ quotas: { ...NO_QUOTAS, activePma: 2 } });
    const root = await repository([
      programManagementAccount('pma-a', 'pma-aaaaaaaaaaaaa'),
      programManagementAccount('pma-b', 'pma-bbbbbbbbbbbbb'),
      programManagementAccount('pma-c', 'pma-ccccccccccccc'),
      startServicePeriod('start'),
    ]);
    const first = await apply(root, url);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(
      /✗ create pma-c: ServiceQuotaExceededException: .* \[quota active-program-management-account-handshakes\]/,
    );
    expect(first.stdout).toContain('Partly applied: 3 of 4 sent, 1 failed.');
    const state = await recorded(root);
    expect(Object.keys(state.declarations).sort()).toEqual(['pma-a', 'pma-b', 'start']);
    expectStateMatches(state, simulator);

    // The receiver rejects one; the quota frees up; the next apply finishes the job without duplicates.
    simulator.respond(latestSent(state, 'pma-a')?.id as string, 'REJECTED');
    const second = await apply(root, url);
    expect(second.code).toBe(0);
    expect(simulator.handshakes()).toHaveLength(4);
    expectStateMatches(await recorded(root), simulator);
  });

  it('cancels pending and revokes accepted handshakes that were removed, and replaces changed ones', async () => {
    const { simulator, url } = await startSimulator();
    const root = await repository([
      startServicePeriod('pending', { relationship: 'rs-aaaaaaaaaaaaa' }),
      startServicePeriod('accepted', { relationship: 'rs-bbbbbbbbbbbbb' }),
      startServicePeriod('changed', { relationship: 'rs-ccccccccccccc', days: 30, tags: 'team=ops' }),
    ]);
    expect((await apply(root, url)).code).toBe(0);
    const before = await recorded(root);
    simulator.respond(latestSent(before, 'accepted')?.id as string, 'ACCEPTED');
    await writeFile(
      join(root, 'handshakes', 'state.json'),
      serializeState(withLatestStatus(before, 'accepted', 'ACCEPTED')),
    );
    await writeDeclarations(root, [
      startServicePeriod('changed', { relationship: 'rs-ccccccccccccc', days: 60, tags: 'team=ops' }),
    ]);
    const result = await apply(root, url);
    expect(result.code).toBe(0);
    const after = await recorded(root);
    const byId = new Map(simulator.handshakes().map((handshake) => [handshake.id, handshake]));
    expect(byId.get(latestSent(before, 'pending')?.id as string)?.status).toBe('CANCELED');
    expect(latestSent(after, 'pending')?.status).toBe('CANCELED');
    const revocation = sentFor(after, 'accepted').find((entry) => entry.purpose === 'revoke');
    expect(byId.get(revocation?.id as string)).toMatchObject({
      handshakeType: 'REVOKE_SERVICE_PERIOD',
      associatedResourceId: 'rs-bbbbbbbbbbbbb',
      status: 'PENDING',
    });
    expect(byId.get(latestSent(before, 'changed')?.id as string)?.status).toBe('CANCELED');
    const replacement = byId.get(latestSent(after, 'changed')?.id as string);
    expect(replacement?.detail.startServicePeriodHandshakeDetail?.minimumNoticeDays).toBe('60');
    expect(replacement?.tags).toEqual([
      { key: 'team', value: 'ops' },
      { key: 'channel-handshakes:owner', value: `${after.lineage}/changed` },
    ]);
    // The cancelled handshake has ended: its record is dropped by the next apply, without an API call.
    expect((await plan(root)).changes.map((change: Change) => `${change.action} ${change.name}`)).toEqual([
      'forget pending',
    ]);
    simulator.requests.length = 0;
    expect((await apply(root, url)).code).toBe(0);
    expect(simulator.requests).toHaveLength(0);
    expect(Object.keys((await recorded(root)).declarations).sort()).toEqual(['accepted', 'changed']);
    expect((await plan(root)).changes).toEqual([]);
  });

  it('confirms with a List whatever a cancel that lost a race answers, and applies the apply-time rule', async () => {
    const { simulator, url } = await startSimulator();
    const client = newClient(url);
    const declarations = [
      startServicePeriod('cancelled-meanwhile', { relationship: 'rs-aaaaaaaaaaaaa' }),
      startServicePeriod('rejected-meanwhile', { relationship: 'rs-bbbbbbbbbbbbb' }),
      startServicePeriod('accepted-meanwhile', { relationship: 'rs-ccccccccccccc' }),
    ];
    const created = await applyPlan(
      createPlan(declarationsFrom(...declarations), emptyState('lineage')),
      emptyState('lineage'),
      {
        api: client,
        persist: async () => {},
        now: () => new Date(),
        appliedBy: {},
      },
    );
    const state = created.state;
    const idOf = (name: string) => latestSent(state, name)?.id as string;
    // Between the apply-time List and each cancel, someone else acts: a repeated cancel (200), the receiver rejects
    // (ValidationException BUSINESS_VALIDATION_FAILED), the receiver accepts.
    const racing = {
      listAllChannelHandshakes: client.listAllChannelHandshakes.bind(client),
      listTagsForResource: client.listTagsForResource.bind(client),
      createChannelHandshake: client.createChannelHandshake.bind(client),
      tagResource: client.tagResource.bind(client),
      untagResource: client.untagResource.bind(client),
      createProgramManagementAccount: client.createProgramManagementAccount.bind(client),
      createRelationship: client.createRelationship.bind(client),
      listAllProgramManagementAccounts: client.listAllProgramManagementAccounts.bind(client),
      listAllRelationships: client.listAllRelationships.bind(client),
      updateRelationship: client.updateRelationship.bind(client),
      getRelationship: client.getRelationship.bind(client),
      updateProgramManagementAccount: client.updateProgramManagementAccount.bind(client),
      deleteRelationship: client.deleteRelationship.bind(client),
      deleteProgramManagementAccount: client.deleteProgramManagementAccount.bind(client),
      cancelChannelHandshake: async (input: { catalog: string; identifier: string }) => {
        if (input.identifier === idOf('cancelled-meanwhile')) await client.cancelChannelHandshake(input);
        if (input.identifier === idOf('rejected-meanwhile')) simulator.respond(input.identifier, 'REJECTED');
        if (input.identifier === idOf('accepted-meanwhile')) simulator.respond(input.identifier, 'ACCEPTED');
        return client.cancelChannelHandshake(input);
      },
    };
    const outcome = await applyPlan(createPlan([], state), state, {
      api: racing,
      persist: async () => {},
      now: () => new Date(),
      appliedBy: {},
    });
    const byName = Object.fromEntries(outcome.results.map((result) => [result.change.name, result]));
    expect(byName['cancelled-meanwhile']).toMatchObject({ outcome: 'succeeded', status: 'CANCELED' });
    expect(byName['rejected-meanwhile']).toMatchObject({ outcome: 'moot', status: 'REJECTED' });
    expect(byName['rejected-meanwhile']?.message).toMatch(/^already REJECTED on .*: nothing left to cancel$/);
    expect(byName['accepted-meanwhile']).toMatchObject({ outcome: 'held-back', status: 'ACCEPTED' });
    expect(byName['accepted-meanwhile']?.message).toMatch(
      /^held back: ch-[a-z0-9]{13} was ACCEPTED on .*; the reviewed cancel would now be a revoke\./,
    );
    expect(latestSent(outcome.state, 'rejected-meanwhile')?.status).toBe('REJECTED');
    expect(latestSent(outcome.state, 'accepted-meanwhile')?.status).toBe('ACCEPTED');
    // The next plan revokes the accepted one and leaves the others alone.
    expect(createPlan([], outcome.state).changes.map((change) => [change.action, change.name])).toEqual([
      ['forget', 'cancelled-meanwhile'],
      ['forget', 'rejected-meanwhile'],
      ['revoke', 'accepted-meanwhile'],
    ]);
    expect(simulator.requests.some((request) => request.status === 409)).toBe(false);
  });

  it('refuses a pinned plan that no longer matches, and refuses to run unattended without --auto-approve', async () => {
    const { simulator, url } = await startSimulator();
    const root = await repository([startServicePeriod('one')]);
    const planCli = captureCli(root);
    await run(['plan', '--out', 'plan.json'], planCli.environment);
    await writeDeclarations(root, [startServicePeriod('one'), programManagementAccount('two')]);
    const pinned = await apply(root, url, ['--plan', 'plan.json']);
    expect(pinned.code).toBe(1);
    expect(pinned.stderr).toMatch(
      /the plan changed since plan\.json was written, so nothing was applied\.\n {2}pinned: sha256:\w+ — 1 to create\.\n {2}now: {4}sha256:\w+ — 2 to create\./,
    );

    const unattended = captureCli(root, simulatorEnvironment(url));
    expect(await run(['apply'], unattended.environment)).toBe(1);
    expect(unattended.stderr()).toContain('standard input is not a terminal');
    expect(simulator.requests).toHaveLength(0);

    const declined = captureCli(root, simulatorEnvironment(url));
    declined.environment.prompt = async () => 'no';
    expect(await run(['apply'], declined.environment)).toBe(1);
    expect(declined.stdout()).toContain('Apply cancelled; nothing was sent.');
    expect(simulator.requests).toHaveLength(0);
  });

  it('makes no request and leaves the state alone when declarations are invalid or credentials are missing', async () => {
    const { simulator, url } = await startSimulator();
    const root = await repository([startServicePeriod('bad').replace('catalog: AWS', 'catalog: 42')]);
    const invalid = await apply(root, url);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('handshakes/all.yaml:3:10: error: catalog');
    const noCredentials = await repository([startServicePeriod('good')]);
    const cli = captureCli(noCredentials, {
      AWS_ENDPOINT_URL: url,
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(await run(['apply', '--auto-approve'], cli.environment)).toBe(1);
    expect(simulator.requests).toHaveLength(0);
    await expect(readFile(join(root, 'handshakes', 'state.json'))).rejects.toThrow();
    await expect(readFile(join(noCredentials, 'handshakes', 'state.json'))).rejects.toThrow();
  });

  it('survives SIGKILL mid-apply: the re-run converges without duplicates', async () => {
    const { simulator, url } = await startSimulator({ faults: { ...NO_FAULTS, latencyMs: 20 } });
    const root = await repository(many(40, 500));
    const child = spawn(
      process.execPath,
      [join(REPOSITORY, 'dist', 'cli.js'), 'apply', '--auto-approve', '--rate-mutate', '10'],
      {
        cwd: root,
        env: { PATH: process.env.PATH, ...simulatorEnvironment(url) },
        stdio: 'ignore',
      },
    );
    const statePath = join(root, 'handshakes', 'state.json');
    for (let waited = 0; waited < 20_000; waited += 20) {
      const text = await readFile(statePath, 'utf8').catch(() => '');
      if (text && Object.keys(JSON.parse(text).declarations).length >= 5) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const partial = await recorded(root);
    expect(Object.keys(partial.declarations).length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(partial.declarations).length).toBeLessThan(40);
    // AWS may hold more than the state recorded: the ones in flight at the kill.
    expect(simulator.handshakes().length).toBeGreaterThanOrEqual(Object.keys(partial.declarations).length);

    simulator.faults = { ...NO_FAULTS };
    const rerun = await apply(root, url);
    expect(rerun.code).toBe(0);
    const state = await recorded(root);
    expect(Object.keys(state.declarations)).toHaveLength(40);
    expect(simulator.handshakes()).toHaveLength(40);
    expectStateMatches(state, simulator);
  });
});

describe('apply when the apply-time refresh cannot list', () => {
  it('sends nothing, fails every change with the reason, and leaves the state alone', async () => {
    const { simulator, url } = await startSimulator({ faults: { ...NO_FAULTS, serverErrorEvery: 1 } });
    const plan = createPlan(
      declarationsFrom(programManagementAccount('one', 'pma-aaaaaaaaaaaaa'), programManagementAccount('two')),
      emptyState('lineage'),
    );
    const persisted: RecordedState[] = [];
    const outcome = await applyPlan(plan, emptyState('lineage'), {
      api: newClient(url),
      persist: async (state) => {
        persisted.push(state);
      },
      now: () => new Date(),
      appliedBy: {},
    });
    expect(outcome.results.map((result) => result.outcome)).toEqual(['failed', 'failed']);
    expect(outcome.results[0]?.failure).toMatchObject({ code: 'InternalServerException' });
    expect(outcome.results[0]?.failure?.message).toMatch(
      /^not sent: apply lists the handshakes it is about to touch before sending anything .* and that failed: /,
    );
    expect(simulator.requests.every((request) => request.operation === 'ListChannelHandshakes')).toBe(true);
    expect(simulator.handshakes()).toHaveLength(0);
    expect(persisted).toEqual([]);
  });
});

describe('apply when the state cannot be written', () => {
  it('sends nothing when even the intent to create cannot be written', async () => {
    const { simulator, url } = await startSimulator();
    const plan = createPlan(declarationsFrom(programManagementAccount('pma')), emptyState('lineage'));
    const outcome = await applyPlan(plan, emptyState('lineage'), {
      api: newClient(url),
      persist: async () => {
        throw new Error('ENOSPC: no space left on device');
      },
      now: () => new Date(),
      appliedBy: {},
    });
    expect(outcome.results[0]).toMatchObject({ outcome: 'failed', failure: { code: 'StateWriteFailed' } });
    expect(outcome.results[0]?.failure?.message).toMatch(
      /^nothing was sent: the intent to create could not be written/,
    );
    expect(simulator.handshakes()).toHaveLength(0);
  });

  it('says that AWS accepted the change and that a re-run recovers it', async () => {
    const { simulator, url } = await startSimulator();
    const plan = createPlan(declarationsFrom(programManagementAccount('pma')), emptyState('lineage'));
    let writes = 0;
    const outcome = await applyPlan(plan, emptyState('lineage'), {
      api: newClient(url),
      persist: async () => {
        // The intent is written; the disk fills up before the answer can be recorded.
        if (++writes > 1) throw new Error('ENOSPC: no space left on device');
      },
      now: () => new Date(),
      appliedBy: {},
    });
    expect(outcome.results[0]).toMatchObject({ outcome: 'failed', failure: { code: 'StateWriteFailed' } });
    expect(outcome.results[0]?.failure?.message).toMatch(
      /^AWS accepted this \(ch-[a-z0-9]{13}\), but the state file could not be written: ENOSPC: no space left on device\. .* replays it/,
    );
    expect(simulator.handshakes()).toHaveLength(1);
  });
});
