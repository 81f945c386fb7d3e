import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedState } from '../src/core/model.js';
import { emptyState } from '../src/core/model.js';
import { acquireStateLock, lockPathFor, StateLockedError } from '../src/files/lock.js';
import { guardedStateWriter, serializeState } from '../src/files/state.js';
import { NO_FAULTS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { latestSent, recordedIdList, simulatorEnvironment, startServicePeriod, temporaryDirectory } from './helpers.js';
import { git } from './support/git-fixture.js';

const REPOSITORY = join(import.meta.dirname, '..');
const simulators: Simulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the state lock', () => {
  it('is exclusive: a second writer waits, then fails naming the holder; after release it gets in', async () => {
    const statePath = join(await temporaryDirectory(), 'state.json');
    const first = await acquireStateLock(statePath, { command: 'handshakes apply' });
    const holder = JSON.parse(await readFile(lockPathFor(statePath), 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, host: hostname(), command: 'handshakes apply' });
    expect(Date.parse(holder.since)).not.toBeNaN();
    let waited = false;
    const error = await acquireStateLock(statePath, {
      command: 'handshakes refresh',
      waitMs: 300,
      onWait: () => {
        waited = true;
      },
    }).catch((caught: unknown) => caught);
    expect(waited).toBe(true);
    expect(error).toBeInstanceOf(StateLockedError);
    expect((error as Error).message).toContain(`handshakes apply (pid ${process.pid} on ${hostname()}`);
    expect((error as Error).message).toContain(`delete ${lockPathFor(statePath)}`);
    await first.release();
    const second = await acquireStateLock(statePath, { command: 'handshakes refresh', waitMs: 0 });
    await second.release();
    await expect(readFile(lockPathFor(statePath))).rejects.toThrow(/ENOENT/);
  });

  it('breaks a lock whose process is dead on this host', async () => {
    const statePath = join(await temporaryDirectory(), 'state.json');
    await writeFile(
      lockPathFor(statePath),
      JSON.stringify({ pid: deadPid(), host: hostname(), since: new Date().toISOString(), command: 'killed' }),
    );
    const lock = await acquireStateLock(statePath, { command: 'handshakes apply', waitMs: 0 });
    expect(JSON.parse(await readFile(lockPathFor(statePath), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('breaks a lock from another host only once it is older than the generous bound', async () => {
    const statePath = join(await temporaryDirectory(), 'state.json');
    const elsewhere = (since: Date) =>
      writeFile(
        lockPathFor(statePath),
        JSON.stringify({ pid: 1, host: 'another-runner', since: since.toISOString(), command: 'handshakes apply' }),
      );
    await elsewhere(new Date(Date.now() - 60_000));
    await expect(acquireStateLock(statePath, { command: 'handshakes apply', waitMs: 0 })).rejects.toThrow(
      /held by handshakes apply \(pid 1 on another-runner/,
    );
    await elsewhere(new Date(Date.now() - 7 * 3_600_000));
    const lock = await acquireStateLock(statePath, { command: 'handshakes apply', waitMs: 0 });
    await lock.release();
  });

  it('release leaves a lock someone else holds alone', async () => {
    const statePath = join(await temporaryDirectory(), 'state.json');
    const lock = await acquireStateLock(statePath, { command: 'handshakes apply' });
    const foreign = JSON.stringify({ pid: 1, host: 'elsewhere', since: new Date().toISOString(), command: 'x' });
    await writeFile(lockPathFor(statePath), foreign);
    await lock.release();
    expect(await readFile(lockPathFor(statePath), 'utf8')).toBe(foreign);
  });
});

describe('the serial check before every write', () => {
  it('stops a write when another process wrote the state in between', async () => {
    const statePath = join(await temporaryDirectory(), 'state.json');
    const write = guardedStateWriter(statePath, undefined, 'handshakes/state.json');
    await write({ ...emptyState('lineage-a'), serial: 1 });
    await write({ ...emptyState('lineage-a'), serial: 2 });
    // Someone else (another tool, a git pull) writes serial 5.
    await writeFile(statePath, serializeState({ ...emptyState('lineage-a'), serial: 5 }));
    const error = await write({ ...emptyState('lineage-a'), serial: 3 }).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain(
      'handshakes/state.json was written by another process while this run was working (serial on disk 5, expected 2)',
    );
    expect(JSON.parse(await readFile(statePath, 'utf8')).serial).toBe(5);
  });
});

describe('two concurrent CLI applies against one state file', () => {
  it('run one after the other: no second PENDING START on the relationship, no lost record', async () => {
    const simulator = new Simulator({
      rateLimits: { mutate: 0, list: 0 },
      quotas: NO_QUOTAS,
      faults: { ...NO_FAULTS, latencyMs: 150 },
    });
    simulators.push(simulator);
    const url = await simulator.start();
    const root = await temporaryDirectory('handshakes-concurrent-');
    git(root, 'init', '--quiet');
    git(root, 'remote', 'add', 'origin', 'https://github.com/example/concurrent.git');
    // Two working copies of the declarations, edited differently, applied against one state file.
    for (const [directory, note] of [
      ['first', 'offer A'],
      ['second', 'offer B'],
    ] as const) {
      await mkdir(join(root, directory));
      await writeFile(
        join(root, directory, 'acme.yaml'),
        `${startServicePeriod('acme', { relationship: 'rs-concurrent001', note })}---\n${startServicePeriod(`only-${directory}`, { relationship: directory === 'first' ? 'rs-concurrent002' : 'rs-concurrent003' })}`,
      );
    }
    const statePath = join(root, 'shared', 'state.json');
    await mkdir(join(root, 'shared'));
    // Hold the lock so that both start while it is taken: each must wait, then they take turns.
    const held = await acquireStateLock(statePath, { command: 'the test' });
    const applyFrom = (directory: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            join(REPOSITORY, 'dist', 'cli.js'),
            'apply',
            '--auto-approve',
            '--dir',
            directory,
            '--state',
            'shared/state.json',
          ],
          {
            cwd: root,
            env: {
              PATH: process.env.PATH,
              ...simulatorEnvironment(url),
            },
          },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
        });
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
        });
        child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
    const runs = [applyFrom('first'), applyFrom('second')];
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(simulator.requests).toHaveLength(0);
    await held.release();
    const [first, second] = await Promise.all(runs);
    for (const result of [first, second]) {
      expect(result?.stderr).toContain('Waiting for the test');
      expect(result?.code).toBe(0);
    }

    // AWS holds one live handshake per relationship: the later apply replaced acme rather than sending a second START.
    const live = simulator
      .handshakes()
      .filter((handshake) => handshake.status === 'PENDING' || handshake.status === 'ACCEPTED');
    const byRelationship = new Map<string, number>();
    for (const handshake of live) {
      byRelationship.set(handshake.associatedResourceId, (byRelationship.get(handshake.associatedResourceId) ?? 0) + 1);
    }
    expect([...byRelationship.values()].every((count) => count === 1)).toBe(true);
    expect(byRelationship.get('rs-concurrent001')).toBe(1);

    // No record lost: both runs' handshakes are recorded; the later run cancelled what only the earlier declared.
    const state = JSON.parse(await readFile(statePath, 'utf8')) as RecordedState;
    expect(Object.keys(state.declarations).sort()).toEqual(['acme', 'only-first', 'only-second']);
    const statuses = [latestSent(state, 'only-first')?.status, latestSent(state, 'only-second')?.status].sort();
    expect(statuses).toEqual(['CANCELED', 'PENDING']);
    const recordedIds = new Set(recordedIdList(state));
    for (const handshake of live) expect(recordedIds.has(handshake.id)).toBe(true);
    expect(live).toHaveLength(2);
    await expect(readFile(lockPathFor(statePath))).rejects.toThrow(/ENOENT/);
  }, 30_000);
});
