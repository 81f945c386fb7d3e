import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/index.js';
import type { Plan, RecordedState } from '../src/core/model.js';
import { DEMO_CREDENTIALS, NO_FAULTS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { newClient } from './api-helpers.js';
import { captureCli, recordedIdList, simulatorEnvironment, temporaryDirectory } from './helpers.js';
import { git } from './support/git-fixture.js';

const REPOSITORY = join(import.meta.dirname, '..');
const simulators: Simulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

const ACCOUNT = DEMO_CREDENTIALS.accountId;
const relationship = (index: number) => `rs-crash${String(index).padStart(8, '0')}`;

/** Twelve live handshakes sent from elsewhere: eight starts on known relationships, four PMA handshakes. */
async function accountWithHandshakes(latencyMs = 0): Promise<{ simulator: Simulator; url: string }> {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
  simulators.push(simulator);
  const url = await simulator.start();
  for (let index = 0; index < 8; index++) {
    simulator.addRelationship({ id: relationship(index), programManagementAccountId: 'pma-abcdef123456g' });
    simulator.service.insertExternal(ACCOUNT, {
      handshakeType: 'START_SERVICE_PERIOD',
      catalog: 'AWS',
      associatedResourceIdentifier: relationship(index),
      payload: {
        startServicePeriodPayload: {
          programManagementAccountIdentifier: 'pma-abcdef123456g',
          servicePeriodType: 'MINIMUM_NOTICE_PERIOD',
          minimumNoticeDays: '30',
        },
      },
    });
  }
  for (let index = 0; index < 4; index++) {
    simulator.service.insertExternal(ACCOUNT, {
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: `pma-crash${String(index).padStart(8, '0')}`,
    });
  }
  simulator.faults = { ...NO_FAULTS, latencyMs };
  return { simulator, url };
}

async function checkout(): Promise<string> {
  const root = await temporaryDirectory('handshakes-import-');
  git(root, 'init', '--quiet');
  git(root, 'remote', 'add', 'origin', 'https://github.com/example/import-crash.git');
  await mkdir(join(root, 'handshakes'));
  return root;
}

async function cli(root: string, url: string, ...args: string[]) {
  const captured = captureCli(root, simulatorEnvironment(url));
  const code = await run(args, captured.environment);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

async function recorded(root: string): Promise<RecordedState> {
  return JSON.parse(await readFile(join(root, 'handshakes', 'state.json'), 'utf8')) as RecordedState;
}

/** After an import converges: plan is empty, apply sends nothing, AWS holds one live handshake per resource. */
async function expectConverged(root: string, url: string, simulator: Simulator): Promise<void> {
  const planned = await cli(root, url, 'plan', '--format', 'json');
  expect(planned.stderr).toBe('');
  expect((JSON.parse(planned.stdout) as Plan).changes).toEqual([]);
  simulator.requests.length = 0;
  const applied = await cli(root, url, 'apply', '--auto-approve');
  expect(applied.code).toBe(0);
  expect(simulator.requests).toHaveLength(0);
  const live = simulator.handshakes().filter((handshake) => handshake.status === 'PENDING');
  expect(live).toHaveLength(12);
  expect(new Set(live.map((handshake) => handshake.associatedResourceId)).size).toBe(12);
  const state = await recorded(root);
  expect(recordedIdList(state).sort()).toEqual(live.map((handshake) => handshake.id).sort());
  expect((await readdir(join(root, 'handshakes', 'imported'))).filter((file) => !file.endsWith('.yaml'))).toEqual([]);
}

describe('crash-safe import', () => {
  it('killed half-way (SIGKILL), then run again: plan and apply send nothing new', async () => {
    const { simulator, url } = await accountWithHandshakes(60);
    const root = await checkout();
    const child = spawn(process.execPath, [join(REPOSITORY, 'dist', 'cli.js'), 'import'], {
      cwd: root,
      env: { PATH: process.env.PATH, ...simulatorEnvironment(url) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        if ((output.match(/^ {2}\+ /gm) ?? []).length >= 4) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', () => resolve());
    });
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
    expect(child.signalCode).toBe('SIGKILL');
    // Relationships are imported first (the handshakes name them), then the handshakes: 20 declarations in all.
    const killed = await recorded(root);
    const partial = Object.keys(killed.declarations).length + Object.keys(killed.resources ?? {}).length;
    expect(partial).toBeGreaterThanOrEqual(4);
    expect(partial).toBeLessThan(20);

    simulator.faults = { ...NO_FAULTS };
    const rerun = await cli(root, url, 'import');
    expect(rerun.code).toBe(0);
    expect(Object.keys((await recorded(root)).declarations)).toHaveLength(12);
    expect(Object.keys((await recorded(root)).resources ?? {})).toHaveLength(8);
    await expectConverged(root, url, simulator);
  }, 30_000);

  it('finishes every kind of interruption: a file aside with its entry, one without, and a file without an entry', async () => {
    const { simulator, url } = await accountWithHandshakes();
    const root = await checkout();
    expect((await cli(root, url, 'import')).code).toBe(0);
    const folder = join(root, 'handshakes', 'imported');
    const state = await recorded(root);
    const names = Object.keys(state.declarations).sort();
    const [aside, unrecordedAside, unrecordedFile] = names as [string, string, string];
    // 1. Recorded, but the crash came before the file was moved into place.
    await rename(join(folder, `${aside}.yaml`), join(folder, `${aside}.yaml.importing`));
    // 2. Written aside, but the crash came before the state recorded it.
    await rename(join(folder, `${unrecordedAside}.yaml`), join(folder, `${unrecordedAside}.yaml.importing`));
    // 3. A file written by an older import that crashed before recording anything.
    const { [unrecordedAside]: _aside, [unrecordedFile]: _file, ...rest } = state.declarations;
    await writeFile(
      join(root, 'handshakes', 'state.json'),
      `${JSON.stringify({ ...state, declarations: rest, serial: state.serial + 1 })}\n`,
    );

    // Until import runs again, nothing plans against the half-written directory.
    const refused = await cli(root, url, 'plan');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('an import stopped before finishing this file');

    const rerun = await cli(root, url, 'import');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`Completed handshakes/imported/${aside}.yaml, left by an interrupted import.`);
    expect(rerun.stdout).toContain(`Removed handshakes/imported/${unrecordedAside}.yaml.importing`);
    expect(rerun.stdout).toContain(`${unrecordedFile} ← `);
    expect(rerun.stdout).toContain('written by an earlier import');
    expect(Object.keys((await recorded(root)).declarations).sort()).toEqual(names);
    await expectConverged(root, url, simulator);
  });

  it('resolves each relationship’s program management account from ListRelationships, paged', async () => {
    const { simulator, url } = await accountWithHandshakes();
    // More relationships than one page holds, most of them without a handshake.
    for (let index = 100; index < 230; index++) {
      simulator.addRelationship({ id: relationship(index), programManagementAccountId: 'pma-other00000001' });
    }
    const root = await checkout();
    // Handshakes only: imported relationships would carry their account themselves (import-resources.test.ts).
    const result = await cli(root, url, 'import', '--kind', 'ChannelHandshake');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Imported 12 handshakes.');
    const listed = simulator.requests.filter((request) => request.operation === 'ListRelationships');
    expect(listed.length).toBe(2);
    const text = await readFile(
      join(root, 'handshakes', 'imported', `start-rs-${relationship(0).slice(3)}.yaml`),
      'utf8',
    );
    expect(text).toContain('programManagementAccountIdentifier: pma-abcdef123456g');
  });

  it('the simulator serves ListRelationships and GetRelationship as the model describes them', async () => {
    const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
    simulators.push(simulator);
    const url = await simulator.start();
    const api = newClient(url);
    // A handshake that names a relationship with its PMA makes the relationship known.
    await api.createChannelHandshake({
      handshakeType: 'START_SERVICE_PERIOD',
      catalog: 'AWS',
      associatedResourceIdentifier: 'rs-known00000001',
      clientToken: 'relationship-1',
      payload: {
        startServicePeriodPayload: {
          programManagementAccountIdentifier: 'pma-abcdef123456g',
          servicePeriodType: 'MINIMUM_NOTICE_PERIOD',
          minimumNoticeDays: '30',
        },
      },
    });
    // The receiver side adds another over HTTP.
    const added = await fetch(`${url}/_simulator/relationships`, {
      method: 'POST',
      body: JSON.stringify({ id: 'rs-added00000001', programManagementAccountId: 'pma-other00000001' }),
    });
    expect(added.status).toBe(200);
    const listed = await api.listAllRelationships({ catalog: 'AWS' });
    expect(listed.map((item) => [item.id, item.programManagementAccountId]).sort()).toEqual([
      ['rs-added00000001', 'pma-other00000001'],
      ['rs-known00000001', 'pma-abcdef123456g'],
    ]);
    expect(
      await api.listAllRelationships({ catalog: 'AWS', programManagementAccountIdentifiers: ['pma-other00000001'] }),
    ).toHaveLength(1);
    const detail = await api.getRelationship({
      catalog: 'AWS',
      programManagementAccountIdentifier: 'pma-abcdef123456g',
      identifier: 'rs-known00000001',
    });
    expect(detail).toMatchObject({ id: 'rs-known00000001', programManagementAccountId: 'pma-abcdef123456g' });
    expect(detail.arn).toContain('/program-management-account/pma-abcdef123456g/relationship/rs-known00000001');
    // GetRelationship needs the right PMA: that is why import cannot use it to find one.
    await expect(
      api.getRelationship({
        catalog: 'AWS',
        programManagementAccountIdentifier: 'pma-other00000001',
        identifier: 'rs-known00000001',
      }),
    ).rejects.toMatchObject({ code: 'ResourceNotFoundException', status: 404 });
    await expect(api.listRelationships({ catalog: 'AWS 1' })).rejects.toMatchObject({
      code: 'ValidationException',
    });
  });
});
