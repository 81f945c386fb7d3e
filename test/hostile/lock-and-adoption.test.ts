// Issue 16: an unfinished lock left by a killed process, and `import` adopting only a handshake that matches the file
// an earlier import wrote.
import { spawn } from 'node:child_process';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/index.js';
import { adoptionMismatch } from '../../src/core/import.js';
import type { ChannelHandshakeSummary, HandshakeSpec } from '../../src/core/model.js';
import { OWNER_TAG_KEY, ownerTagValue } from '../../src/core/ownership.js';
import {
  acquireStateLock,
  lockPathFor,
  StateLockedError,
  UNFINISHED_LOCK_STALE_AFTER_MS,
} from '../../src/files/lock.js';
import { readState } from '../../src/files/state.js';
import { DEMO_CREDENTIALS, Simulator } from '../../src/simulator/server.js';
import { NO_QUOTAS } from '../../src/simulator/service.js';
import { captureCli, simulatorEnvironment, temporaryDirectory } from '../helpers.js';

const simulators: Simulator[] = [];
afterEach(async () => {
  for (const simulator of simulators.splice(0)) await simulator.stop();
});

/** What a process killed between creating the lock and writing it leaves: the empty file, made by a real SIGKILL. */
async function killedWhileLocking(lockPath: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require('node:fs').closeSync(require('node:fs').openSync(${JSON.stringify(lockPath)}, 'wx')); process.kill(process.pid, 'SIGKILL');`,
    ],
    { stdio: 'ignore' },
  );
  const signal = await new Promise((resolve) => child.on('exit', (_code, exitSignal) => resolve(exitSignal)));
  expect(signal).toBe('SIGKILL');
}

async function age(path: string, milliseconds: number): Promise<void> {
  const then = new Date(Date.now() - milliseconds);
  await utimes(path, then, then);
}

describe('a lock file without an owner is judged stale by its mtime (issue 16)', () => {
  it('the empty file a SIGKILL left between creating and writing the lock: respected while fresh, broken once old', async () => {
    const statePath = join(await temporaryDirectory(), 'state.json');
    const lockPath = lockPathFor(statePath);
    await killedWhileLocking(lockPath);
    expect(await readFile(lockPath, 'utf8')).toBe('');
    // Fresh: its writer may still be about to write it.
    await expect(acquireStateLock(statePath, { command: 'handshakes apply', waitMs: 0 })).rejects.toThrow(
      StateLockedError,
    );
    await age(lockPath, UNFINISHED_LOCK_STALE_AFTER_MS + 5_000);
    const lock = await acquireStateLock(statePath, { command: 'handshakes apply', waitMs: 0 });
    expect(JSON.parse(await readFile(lockPath, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('a garbage lock file is broken the same way, once its mtime is old', async () => {
    const statePath = join(await temporaryDirectory(), 'state.json');
    const lockPath = lockPathFor(statePath);
    await writeFile(lockPath, '\u0000\u0000{"pid": tor');
    await expect(acquireStateLock(statePath, { command: 'handshakes apply', waitMs: 0 })).rejects.toThrow(
      StateLockedError,
    );
    await age(lockPath, 10 * 60_000);
    const lock = await acquireStateLock(statePath, { command: 'handshakes apply', waitMs: 0 });
    await lock.release();
  });

  it('a waiting run breaks an unfinished lock as soon as it turns stale, instead of failing after the wait', async () => {
    const statePath = join(await temporaryDirectory(), 'state.json');
    const lockPath = lockPathFor(statePath);
    await killedWhileLocking(lockPath);
    await age(lockPath, 59_000);
    let waited = false;
    const lock = await acquireStateLock(statePath, {
      command: 'handshakes apply',
      waitMs: 10_000,
      unfinishedStaleAfterMs: 60_000,
      onWait: () => {
        waited = true;
      },
    });
    expect(waited).toBe(true);
    await lock.release();
  });
});

const SPEC: HandshakeSpec = {
  name: 'mine',
  handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
  catalog: 'AWS',
  associatedResourceIdentifier: 'pma-abcdef123456g',
  tags: {},
  revision: 0,
};

function live(overrides: Partial<ChannelHandshakeSummary> = {}): ChannelHandshakeSummary {
  return {
    id: 'ch-f0re1gn0000aa',
    arn: 'arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/ch-f0re1gn0000aa',
    catalog: 'AWS',
    handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
    associatedResourceId: 'pma-abcdef123456g',
    status: 'PENDING',
    ...overrides,
  };
}

describe('import adopts a file written by an earlier import only when type, resource and owner tag match (issue 16)', () => {
  const lineage = 'this-lineage';
  it('names the mismatch: another lineage, another name, another type, another resource, another catalog', () => {
    expect(adoptionMismatch(live(), SPEC, [], lineage)).toBeUndefined();
    expect(
      adoptionMismatch(live(), SPEC, [{ key: OWNER_TAG_KEY, value: ownerTagValue(lineage, 'mine') }], lineage),
    ).toBeUndefined();
    expect(
      adoptionMismatch(live(), SPEC, [{ key: OWNER_TAG_KEY, value: ownerTagValue('other-lineage', 'mine') }], lineage),
    ).toMatch(/managed elsewhere \(owner tag other-lineage\/mine\)/);
    expect(
      adoptionMismatch(live(), SPEC, [{ key: OWNER_TAG_KEY, value: ownerTagValue(lineage, 'theirs') }], lineage),
    ).toMatch(/owner tag names "theirs", not "mine"/);
    expect(adoptionMismatch(live({ handshakeType: 'START_SERVICE_PERIOD' }), SPEC, [], lineage)).toMatch(
      /it is a START_SERVICE_PERIOD, the file declares a PROGRAM_MANAGEMENT_ACCOUNT/,
    );
    expect(adoptionMismatch(live({ associatedResourceId: 'pma-0000000000000' }), SPEC, [], lineage)).toMatch(
      /it concerns pma-0000000000000, the file pma-abcdef123456g/,
    );
    expect(adoptionMismatch(live({ catalog: 'Sandbox' }), SPEC, [], lineage)).toMatch(/catalog Sandbox/);
  });

  it('a crafted imported/*.yaml header naming another repository’s handshake is refused, naming the file', async () => {
    const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
    simulators.push(simulator);
    const url = await simulator.start();
    const create = (resource: string, tags: { key: string; value: string }[]) =>
      (
        simulator.service.handle(DEMO_CREDENTIALS.accountId, 'CreateChannelHandshake', {
          handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
          catalog: 'AWS',
          associatedResourceIdentifier: resource,
          clientToken: `token-${resource}`,
          ...(tags.length > 0 ? { tags } : {}),
        }) as { channelHandshakeDetail: { id: string } }
      ).channelHandshakeDetail;
    // Another repository's handshake (its owner tag), and an untagged one on another account than the file says.
    const foreign = create('pma-abcdef123456g', [{ key: OWNER_TAG_KEY, value: 'another-lineage/theirs' }]);
    const elsewhere = create('pma-abcdef123456h', []);
    const root = await temporaryDirectory('handshakes-hostile-');
    await mkdir(join(root, 'handshakes', 'imported'), { recursive: true });
    const file = (id: string, name: string, resource: string) =>
      `# Imported from Partner Central: PROGRAM_MANAGEMENT_ACCOUNT ${id}, PENDING when imported on 2026-12-01.\nname: ${name}\nhandshakeType: PROGRAM_MANAGEMENT_ACCOUNT\ncatalog: AWS\nassociatedResourceIdentifier: ${resource}\n`;
    await writeFile(
      join(root, 'handshakes', 'imported', 'stolen.yaml'),
      file(foreign.id, 'stolen', 'pma-abcdef123456g'),
    );
    await writeFile(
      join(root, 'handshakes', 'imported', 'mislabelled.yaml'),
      file(elsewhere.id, 'mislabelled', 'pma-abcdef123456j'),
    );
    const cli = captureCli(root, simulatorEnvironment(url));
    expect(await run(['import'], cli.environment), cli.stderr()).toBe(0);
    expect(cli.stdout()).toContain(
      `${foreign.id}: not adopted by handshakes/imported/stolen.yaml, whose header names it: it is managed elsewhere (owner tag another-lineage/theirs)`,
    );
    expect(cli.stdout()).toContain(
      `${elsewhere.id}: not adopted by handshakes/imported/mislabelled.yaml, whose header names it: it concerns pma-abcdef123456h, the file pma-abcdef123456j`,
    );
    const state = await readState(join(root, 'handshakes', 'state.json'));
    const recorded = Object.values(state?.declarations ?? {}).flatMap((history) => history.handshakes);
    expect(recorded.map((entry) => entry.id)).not.toContain(foreign.id);
    expect(recorded.map((entry) => entry.id)).not.toContain(elsewhere.id);
  });
});
