import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/index.js';
import type { Plan, RecordedState } from '../src/core/model.js';
import { OWNER_TAG_KEY, ownerTagValue } from '../src/core/ownership.js';
import { DEMO_CREDENTIALS, NO_FAULTS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS, type StoredHandshake } from '../src/simulator/service.js';
import {
  allFields,
  captureCli,
  fields,
  latestSent,
  programManagementAccount,
  simulatorEnvironment,
  startServicePeriod,
  temporaryDirectory,
} from './helpers.js';

// Issue 9, "Exactly once on stale, lost and shared state". Every test ends by asserting what AWS (the simulator)
// holds: never two live handshakes of one type on one relationship or PMA.

const REPOSITORY = join(import.meta.dirname, '..');
const simulators: Simulator[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

async function startSimulator(log?: (line: string) => void): Promise<{ simulator: Simulator; url: string }> {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS, log });
  simulators.push(simulator);
  return { simulator, url: await simulator.start() };
}

async function repository(declarations: string[], lineage?: string): Promise<string> {
  const root = await temporaryDirectory();
  await mkdir(join(root, 'handshakes'));
  await declare(root, declarations);
  if (lineage) {
    await writeFile(
      join(root, 'handshakes', 'state.json'),
      JSON.stringify({ version: 2, lineage, serial: 0, declarations: {} }),
    );
  }
  return root;
}

async function declare(root: string, declarations: string[]): Promise<void> {
  await writeFile(join(root, 'handshakes', 'all.yaml'), declarations.join('---\n'));
}

function statePath(root: string): string {
  return join(root, 'handshakes', 'state.json');
}

async function recorded(root: string): Promise<RecordedState> {
  return JSON.parse(await readFile(statePath(root), 'utf8')) as RecordedState;
}

async function cli(root: string, url: string, args: string[]) {
  const captured = captureCli(root, simulatorEnvironment(url));
  const code = await run(args, captured.environment);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

function apply(root: string, url: string) {
  return cli(root, url, ['apply', '--auto-approve', '--rate-mutate', '1000', '--rate-list', '1000']);
}

async function plan(root: string): Promise<Plan> {
  const captured = captureCli(root);
  await run(['plan', '--format', 'json'], captured.environment);
  return JSON.parse(captured.stdout()) as Plan;
}

function isLive(handshake: StoredHandshake): boolean {
  return handshake.status === 'PENDING' || handshake.status === 'ACCEPTED';
}

/** What AWS holds must never include two live handshakes of one type on one relationship or PMA. */
function expectNoDuplicateLive(simulator: Simulator): void {
  const live = simulator
    .handshakes()
    .filter(isLive)
    .map((handshake) => `${handshake.handshakeType} ${handshake.associatedResourceId}`);
  expect(live.length).toBe(new Set(live).size);
}

function liveOn(simulator: Simulator, resource: string, type = 'START_SERVICE_PERIOD'): StoredHandshake[] {
  return simulator
    .handshakes()
    .filter((handshake) => handshake.associatedResourceId === resource && handshake.handshakeType === type)
    .filter(isLive);
}

describe('apply-time refresh', () => {
  it('skips a stale cancel of a handshake the receiver already rejected or let expire, and reports it as "already …"', async () => {
    const { simulator, url } = await startSimulator();
    const root = await repository([
      startServicePeriod('rejected', { relationship: 'rs-aaaaaaaaaaaaa' }),
      startServicePeriod('expired', { relationship: 'rs-bbbbbbbbbbbbb' }),
    ]);
    expect((await apply(root, url)).code).toBe(0);
    const before = await recorded(root);
    simulator.respond(latestSent(before, 'rejected')?.id as string, 'REJECTED');
    simulator.respond(latestSent(before, 'expired')?.id as string, 'EXPIRED');
    // The declarations are removed, and no refresh runs in between: the plan still says cancel.
    await declare(root, []);
    expect((await plan(root)).summary.cancel).toBe(2);
    simulator.requests.length = 0;

    const result = await apply(root, url);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `= cancel expired: already EXPIRED on ${simulator.service.get(latestSent(before, 'expired')?.id as string)?.updatedAt} (${latestSent(before, 'expired')?.id}): nothing left to cancel`,
    );
    expect(result.stdout).toMatch(
      /= cancel rejected: already REJECTED on \S+ \(ch-[a-z0-9]{13}\): nothing left to cancel/,
    );
    expect(result.stdout).toContain('Applied: 0 of 2 sent, 2 already done.');
    // Nothing but the listing (the relationships' START and REVOKE handshakes) and the owner tags of the two handshakes
    // the cancels act on (each target is confirmed before any call, issue 16) was sent; the statuses are recorded.
    expect(simulator.requests.map((request) => request.operation)).toEqual([
      'ListChannelHandshakes',
      'ListChannelHandshakes',
      'ListTagsForResource',
      'ListTagsForResource',
    ]);
    const after = await recorded(root);
    expect(latestSent(after, 'rejected')?.status).toBe('REJECTED');
    expect(latestSent(after, 'expired')?.status).toBe('EXPIRED');
    // Both ended, so the next plan only drops their records, without an API call.
    expect((await plan(root)).changes.map((change) => `${change.action} ${change.name}`)).toEqual([
      'forget expired',
      'forget rejected',
    ]);
    expect(
      simulator
        .handshakes()
        .map((handshake) => handshake.status)
        .sort(),
    ).toEqual(['EXPIRED', 'REJECTED']);
    expectNoDuplicateLive(simulator);
  });

  it('holds back a stale cancel of a handshake the receiver accepted; the next plan revokes it', async () => {
    const { simulator, url } = await startSimulator();
    const root = await repository([
      startServicePeriod('accepted', { relationship: 'rs-aaaaaaaaaaaaa' }),
      startServicePeriod('edited', { relationship: 'rs-bbbbbbbbbbbbb', days: 30 }),
      startServicePeriod('untouched', { relationship: 'rs-ccccccccccccc' }),
    ]);
    expect((await apply(root, url)).code).toBe(0);
    const before = await recorded(root);
    const acceptedId = latestSent(before, 'accepted')?.id as string;
    simulator.respond(acceptedId, 'ACCEPTED');
    simulator.respond(latestSent(before, 'edited')?.id as string, 'ACCEPTED');
    await declare(root, [
      startServicePeriod('edited', { relationship: 'rs-bbbbbbbbbbbbb', days: 60 }),
      startServicePeriod('untouched', { relationship: 'rs-ccccccccccccc' }),
      programManagementAccount('new-pma'),
    ]);
    expect((await plan(root)).changes.map((change) => [change.action, change.name])).toEqual([
      ['cancel', 'accepted'],
      ['replace', 'edited'],
      ['create', 'new-pma'],
    ]);
    simulator.requests.length = 0;

    const result = await apply(root, url);
    expect(result.code).toBe(1);
    const acceptedAt = simulator.service.get(acceptedId)?.updatedAt;
    expect(result.stdout).toContain(
      `! cancel accepted: held back: ${acceptedId} was ACCEPTED on ${acceptedAt}; the reviewed cancel would now be a revoke.`,
    );
    expect(result.stdout).toMatch(
      /! replace edited: held back: ch-\w+ was ACCEPTED on \S+; the reviewed replace would now be a supersede \(a new START, while ch-\w+ stays in force until it is accepted\)\./,
    );
    expect(result.stdout).toContain('Partly applied: 1 of 3 sent, 2 held back.');
    expect(result.stdout).toContain('Run plan to see the new plan, then apply it');
    expect(result.stdout).toContain('Nothing was sent for it; the next plan will revoke accepted.');
    expect(result.stdout).toContain('Nothing was sent for it; the next plan will supersede edited.');
    // Nothing was sent for the held-back changes; the independent create went through.
    expect(simulator.requests.filter((request) => request.operation === 'CancelChannelHandshake')).toEqual([]);
    expect(simulator.requests.filter((request) => request.operation === 'CreateChannelHandshake')).toHaveLength(1);
    const after = await recorded(root);
    expect(latestSent(after, 'accepted')?.status).toBe('ACCEPTED');
    expect(latestSent(after, 'edited')?.status).toBe('ACCEPTED');

    // Re-planned: a revoke for the removed one, and a supersede for the edited one (AWS: replacing an active period
    // creates a new service-period handshake that the customer must accept).
    const replanned = await plan(root);
    expect(replanned.changes.map((change) => [change.action, change.name])).toEqual([
      ['revoke', 'accepted'],
      ['supersede', 'edited'],
    ]);
    expect((await apply(root, url)).code).toBe(0);
    expect(liveOn(simulator, 'rs-aaaaaaaaaaaaa', 'REVOKE_SERVICE_PERIOD')).toHaveLength(1);
    expect(liveOn(simulator, 'rs-bbbbbbbbbbbbb', 'REVOKE_SERVICE_PERIOD')).toHaveLength(0);
    expect(
      simulator.handshakes().filter((handshake) => handshake.handshakeType === 'START_SERVICE_PERIOD'),
    ).toHaveLength(4);
    expect((await plan(root)).changes).toEqual([]);
    // rs-a: the accepted START and the REVOKE that ends it. rs-b: the accepted START and its pending supersede.
    // rs-c: the untouched START. Nothing else was ever sent, and never two pending STARTs on one relationship.
    expect(liveOn(simulator, 'rs-aaaaaaaaaaaaa')).toHaveLength(1);
    expect(liveOn(simulator, 'rs-bbbbbbbbbbbbb').filter((handshake) => handshake.status === 'PENDING')).toHaveLength(1);
    expect(liveOn(simulator, 'rs-ccccccccccccc')).toHaveLength(1);
  });
});

describe('lost state', () => {
  it('deleted state plus an edit: adopts its own handshake by the owner tag, then replaces it; never a second live START', async () => {
    const { simulator, url } = await startSimulator();
    const root = await repository([startServicePeriod('acme', { relationship: 'rs-aaaaaaaaaaaaa', note: 'v1' })]);
    expect((await apply(root, url)).code).toBe(0);
    const original = await recorded(root);
    const originalId = latestSent(original, 'acme')?.id as string;
    expect(simulator.service.get(originalId)?.tags).toContainEqual({
      key: OWNER_TAG_KEY,
      value: ownerTagValue(original.lineage, 'acme'),
    });

    await rm(statePath(root));
    await declare(root, [startServicePeriod('acme', { relationship: 'rs-aaaaaaaaaaaaa', note: 'v2' })]);
    const held = await apply(root, url);
    expect(held.code).toBe(1);
    expect(held.stdout).toContain(
      `! create acme: held back: ${originalId} was sent from this repository for "acme" and is PENDING`,
    );
    expect(liveOn(simulator, 'rs-aaaaaaaaaaaaa')).toHaveLength(1);
    expect(latestSent(await recorded(root), 'acme')?.id).toBe(originalId);

    const replan = await plan(root);
    expect(allFields(replan.changes).map((change) => [change.action, change.retire?.id])).toEqual([
      ['replace', originalId],
    ]);
    expect((await apply(root, url)).code).toBe(0);
    const live = liveOn(simulator, 'rs-aaaaaaaaaaaaa');
    expect(live).toHaveLength(1);
    expect(live[0]?.detail.startServicePeriodHandshakeDetail?.note).toBe('v2');
    expect(simulator.service.get(originalId)?.status).toBe('CANCELED');
    expectNoDuplicateLive(simulator);
  });

  it('deleted state without an edit: the create is moot ("already sent as …") and nothing is sent', async () => {
    const { simulator, url } = await startSimulator();
    const root = await repository([programManagementAccount('pma', 'pma-aaaaaaaaaaaaa')]);
    expect((await apply(root, url)).code).toBe(0);
    const id = latestSent(await recorded(root), 'pma')?.id as string;
    await rm(statePath(root));
    simulator.requests.length = 0;
    const again = await apply(root, url);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`= create pma: already sent as ${id} (PENDING`);
    expect(simulator.requests.some((request) => request.operation === 'CreateChannelHandshake')).toBe(false);
    expect(latestSent(await recorded(root), 'pma')?.id).toBe(id);
    expect((await plan(root)).changes).toEqual([]);
    expect(simulator.handshakes()).toHaveLength(1);
  });

  it('reverted state plus an edit: the recorded handshake is already cancelled, the live replacement is adopted', async () => {
    const { simulator, url } = await startSimulator();
    const root = await repository([startServicePeriod('acme', { relationship: 'rs-aaaaaaaaaaaaa', days: 14 })]);
    expect((await apply(root, url)).code).toBe(0);
    const old = join(root, 'old-state.json');
    await copyFile(statePath(root), old);
    await declare(root, [startServicePeriod('acme', { relationship: 'rs-aaaaaaaaaaaaa', days: 30 })]);
    expect((await apply(root, url)).code).toBe(0);
    // Someone restores the state from an older commit, then edits again.
    await copyFile(old, statePath(root));
    await declare(root, [startServicePeriod('acme', { relationship: 'rs-aaaaaaaaaaaaa', days: 60 })]);
    const held = await apply(root, url);
    expect(held.code).toBe(1);
    expect(held.stdout).toMatch(/! replace acme: held back: ch-\w+ was sent from this repository for "acme"/);
    expect(liveOn(simulator, 'rs-aaaaaaaaaaaaa')).toHaveLength(1);
    expect((await apply(root, url)).code).toBe(0);
    const live = liveOn(simulator, 'rs-aaaaaaaaaaaaa');
    expect(live.map((handshake) => handshake.detail.startServicePeriodHandshakeDetail?.minimumNoticeDays)).toEqual([
      '60',
    ]);
    expectNoDuplicateLive(simulator);
  });
});

describe('intent records', () => {
  it('SIGKILL after the create was sent, then an edit, then a re-run: the interrupted create is resumed, never duplicated', async () => {
    let onCommittedCreate = () => {};
    const { simulator, url } = await startSimulator((line) => {
      if (line.includes('CreateChannelHandshake') && line.includes('connection dropped')) onCommittedCreate();
    });
    // AWS commits the create; the apply is killed before it can hear (let alone record) the answer.
    simulator.faults = { ...NO_FAULTS, dropAfterCommitEvery: 1 };
    const root = await repository([startServicePeriod('acme', { relationship: 'rs-aaaaaaaaaaaaa', days: 30 })]);
    const child = spawn(
      process.execPath,
      [join(REPOSITORY, 'dist', 'cli.js'), 'apply', '--auto-approve', '--rate-mutate', '1000', '--rate-list', '1000'],
      { cwd: root, env: { PATH: process.env.PATH, ...simulatorEnvironment(url) }, stdio: 'ignore' },
    );
    children.push(child);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    onCommittedCreate = () => child.kill('SIGKILL');
    await exited;
    simulator.faults = { ...NO_FAULTS };
    expect(simulator.handshakes()).toHaveLength(1);
    const killed = await recorded(root);
    expect(Object.keys(killed.declarations)).toEqual([]);
    const intent = killed.intents?.acme;
    expect(intent?.request.payload).toMatchObject({ startServicePeriodPayload: { minimumNoticeDays: '30' } });

    // The declaration is edited before anyone re-runs.
    await declare(root, [startServicePeriod('acme', { relationship: 'rs-aaaaaaaaaaaaa', days: 60 })]);
    const resumed = await plan(root);
    expect(resumed.changes).toHaveLength(1);
    expect(resumed.changes[0]).toMatchObject({
      action: 'create',
      name: 'acme',
      resume: true,
      clientToken: intent?.clientToken,
    });
    expect(resumed.changes[0]?.reason).toMatchObject({ rule: 'resume-interrupted-create' });
    expect(resumed.diagnostics.map((diagnostic) => diagnostic.code)).toContain('plan.resume-first');
    const text = captureCli(root);
    await run(['plan'], text.environment);
    expect(text.stdout()).toContain('why: resume interrupted create');

    const rerun = await apply(root, url);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`= create acme: already sent as ${simulator.handshakes()[0]?.id}`);
    const state = await recorded(root);
    expect(state.intents).toBeUndefined();
    expect(latestSent(state, 'acme')?.id).toBe(simulator.handshakes()[0]?.id);
    expect(simulator.handshakes()).toHaveLength(1);

    // Only now is the edit planned, as a replace of what AWS answered with.
    expect((await plan(root)).changes.map((change) => change.action)).toEqual(['replace']);
    expect((await apply(root, url)).code).toBe(0);
    const live = liveOn(simulator, 'rs-aaaaaaaaaaaaa');
    expect(live.map((handshake) => handshake.detail.startServicePeriodHandshakeDetail?.minimumNoticeDays)).toEqual([
      '60',
    ]);
    expect(simulator.handshakes()).toHaveLength(2);
    expectNoDuplicateLive(simulator);
  });

  it('clears the intent when AWS refuses the create outright, so a plan does not replay a refused request', async () => {
    // The account's PMA-handshake quota is full: the create is refused with ServiceQuotaExceededException.
    const strict = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: { ...NO_QUOTAS, activePma: 1 } });
    simulators.push(strict);
    const strictUrl = await strict.start();
    strict.service.insertExternal(DEMO_CREDENTIALS.accountId, {
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: 'pma-zzzzzzzzzzzzz',
    });
    const root = await repository([programManagementAccount('pma', 'pma-aaaaaaaaaaaaa')]);
    const result = await apply(root, strictUrl);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ServiceQuotaExceededException');
    const state = await recorded(root);
    expect(state.intents).toBeUndefined();
    expect(fields((await plan(root)).changes[0])?.resume).toBeUndefined();
    expect(strict.handshakes()).toHaveLength(1);
    expectNoDuplicateLive(strict);
  });
});

describe('ownership tags', () => {
  it('two repositories sharing one account cannot adopt each other’s handshakes', async () => {
    const { simulator, url } = await startSimulator();
    const first = await repository(
      [startServicePeriod('shared', { relationship: 'rs-sssssssssssss' })],
      '11111111-1111-8111-8111-111111111111',
    );
    const second = await repository(
      [startServicePeriod('shared', { relationship: 'rs-sssssssssssss' })],
      '22222222-2222-8222-8222-222222222222',
    );
    expect((await apply(first, url)).code).toBe(0);
    const owned = latestSent(await recorded(first), 'shared')?.id as string;

    const refused = await apply(second, url);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      `✗ create shared: refused: START_SERVICE_PERIOD ${owned} (PENDING) on rs-sssssssssssss is managed elsewhere (owner tag 11111111-1111-8111-8111-111111111111/shared).`,
    );
    expect(liveOn(simulator, 'rs-sssssssssssss')).toHaveLength(1);
    expect(Object.keys((await recorded(second)).declarations)).toEqual([]);

    // refresh calls it managed elsewhere, not unmanaged; import skips it with that reason.
    const refresh = await cli(second, url, ['refresh']);
    expect(refresh.stdout).not.toContain('unmanaged:');
    expect(refresh.stdout).toContain(
      `managed elsewhere: START_SERVICE_PERIOD ${owned} for rs-sssssssssssss in AWS is PENDING, sent by another repository (owner tag 11111111-1111-8111-8111-111111111111/shared)`,
    );
    await declare(second, []);
    const imported = await cli(second, url, ['import', '--program-management-account', 'pma-abcdef123456g']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      `${owned}: managed elsewhere (owner tag 11111111-1111-8111-8111-111111111111/shared)`,
    );
    expect(imported.stdout).toContain('Imported 0 handshakes');

    // And the first repository, having lost its state, adopts its own handshake again.
    await rm(statePath(first));
    await writeFile(
      statePath(first),
      JSON.stringify({ version: 2, lineage: '11111111-1111-8111-8111-111111111111', serial: 0, declarations: {} }),
    );
    expect((await apply(first, url)).stdout).toContain(`= create shared: already sent as ${owned}`);
    expect(simulator.handshakes()).toHaveLength(1);
    expectNoDuplicateLive(simulator);
  });

  it('never removes the owner tag on a retag, and refuses a declaration that sets it', async () => {
    const { simulator, url } = await startSimulator();
    const root = await repository([startServicePeriod('acme', { tags: 'team=ops' })]);
    expect((await apply(root, url)).code).toBe(0);
    await declare(root, [startServicePeriod('acme', { tags: 'team=finance' })]);
    expect((await apply(root, url)).code).toBe(0);
    const state = await recorded(root);
    expect(simulator.handshakes()[0]?.tags).toEqual([
      { key: 'team', value: 'finance' },
      { key: OWNER_TAG_KEY, value: ownerTagValue(state.lineage, 'acme') },
    ]);
    await declare(root, [`${startServicePeriod('acme')}tags:\n  ${OWNER_TAG_KEY}: someone/else\n`]);
    const refused = await cli(root, url, ['validate']);
    expect(refused.code).toBe(1);
    expect(refused.stderr + refused.stdout).toContain(`the tag ${OWNER_TAG_KEY} is reserved`);
  });
});
