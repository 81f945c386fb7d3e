import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan, RecordedState } from '../src/core/model.js';
import { emptyState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { quotaWarnings } from '../src/core/quota.js';
import { deriveLineage } from '../src/core/token.js';
import { DEMO_CREDENTIALS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import {
  cliIn,
  declarationsFrom,
  FIXED_NOW,
  latestSent,
  programManagementAccount,
  simulatorEnvironment,
  startServicePeriod,
  temporaryDirectory,
} from './helpers.js';

const simulators: Simulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

async function setup(declarations: string[]) {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
  simulators.push(simulator);
  const url = await simulator.start();
  const root = await temporaryDirectory();
  await mkdir(join(root, 'handshakes'));
  await writeFile(join(root, 'handshakes', 'all.yaml'), declarations.join('---\n'));
  const env = simulatorEnvironment(url);
  const cli = cliIn(root, env);
  const state = async () => JSON.parse(await readFile(join(root, 'handshakes', 'state.json'), 'utf8')) as RecordedState;
  return { simulator, root, cli, state, env };
}

const external = (resource: string) => ({
  handshakeType: 'START_SERVICE_PERIOD',
  catalog: 'AWS',
  associatedResourceIdentifier: resource,
  payload: {
    startServicePeriodPayload: {
      programManagementAccountIdentifier: 'pma-abcdef123456g',
      servicePeriodType: 'MINIMUM_NOTICE_PERIOD',
      minimumNoticeDays: '30',
    },
  },
});

describe('refresh', () => {
  it('records what receivers did, reports unmanaged and vanished handshakes, and bumps the serial only on change', async () => {
    const { simulator, cli, state } = await setup([
      startServicePeriod('accepted', { relationship: 'rs-aaaaaaaaaaaaa' }),
      startServicePeriod('rejected', { relationship: 'rs-bbbbbbbbbbbbb' }),
      programManagementAccount('expired', 'pma-ccccccccccccc'),
      startServicePeriod('untouched', { relationship: 'rs-ddddddddddddd' }),
    ]);
    expect((await cli('apply', '--auto-approve', '--rate-mutate', '1000')).code).toBe(0);
    const before = await state();
    simulator.respond(latestSent(before, 'accepted')?.id as string, 'ACCEPTED');
    simulator.respond(latestSent(before, 'rejected')?.id as string, 'REJECTED');
    simulator.respond(latestSent(before, 'expired')?.id as string, 'EXPIRED');
    const outside = simulator.service.insertExternal(DEMO_CREDENTIALS.accountId, external('rs-console00001a'));

    const result = await cli('refresh', '--detailed-exitcode');
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`accepted: PENDING → ACCEPTED on `);
    expect(result.stdout).toContain(`rejected: PENDING → REJECTED on `);
    expect(result.stdout).toContain(`expired: PENDING → EXPIRED on `);
    expect(result.stdout).toContain(
      `unmanaged: START_SERVICE_PERIOD ${outside.id} for rs-console00001a in AWS is PENDING and in no declaration`,
    );
    expect(result.stdout).not.toContain('untouched:');
    const after = await state();
    expect(after.serial).toBe(before.serial + 1);
    expect(latestSent(after, 'accepted')?.status).toBe('ACCEPTED');
    expect(latestSent(after, 'accepted')?.updatedAt).toBeDefined();

    const again = await cli('refresh');
    expect(again.stdout).toContain('State unchanged');
    expect((await state()).serial).toBe(after.serial);
  });

  it('reads every page when the account has sent hundreds of handshakes', async () => {
    const declarations = Array.from({ length: 260 }, (_, index) =>
      startServicePeriod(`c-${index}`, { relationship: `rs-${index.toString(36).padStart(13, '0')}` }),
    );
    const { simulator, cli, state } = await setup(declarations);
    expect((await cli('apply', '--auto-approve', '--rate-mutate', '1000')).code).toBe(0);
    const recorded = await state();
    simulator.respond(latestSent(recorded, 'c-259')?.id as string, 'ACCEPTED');
    simulator.respond(latestSent(recorded, 'c-0')?.id as string, 'ACCEPTED');
    simulator.requests.length = 0;
    const result = await cli('refresh');
    expect(result.stdout).toContain('c-259: PENDING → ACCEPTED');
    expect(result.stdout).toContain('c-0: PENDING → ACCEPTED');
    expect(result.stdout).not.toContain('no longer returns');
    const lists = simulator.requests.filter((request) => request.operation === 'ListChannelHandshakes');
    // 260 start handshakes at 100 a page, plus one page each for the other two types.
    expect(lists).toHaveLength(5);
  });
});

describe('plan --refresh', () => {
  it('plans against live statuses: a declaration removed after its handshake was accepted becomes a revoke', async () => {
    const { simulator, root, cli, state } = await setup([
      startServicePeriod('acme', { relationship: 'rs-aaaaaaaaaaaaa' }),
    ]);
    await cli('apply', '--auto-approve', '--rate-mutate', '1000');
    simulator.respond(latestSent(await state(), 'acme')?.id as string, 'ACCEPTED');
    await writeFile(join(root, 'handshakes', 'all.yaml'), '# acme removed\n');
    const offline = JSON.parse((await cli('plan', '--format', 'json')).stdout) as Plan;
    expect(offline.changes.map((change) => change.action)).toEqual(['cancel']);
    const live = await cli('plan', '--refresh');
    expect(live.stdout).toMatch(/^Changed outside this repository:\n {2}! acme: PENDING → ACCEPTED on /);
    expect(live.stdout).toContain('Plan: 1 to revoke.');
    const markdown = await cli('plan', '--refresh', '--format', 'markdown');
    expect(markdown.stdout).toContain('#### Changed outside this repository');
    // The refresh stayed in memory.
    expect(latestSent(await state(), 'acme')?.status).toBe('PENDING');
  });
});

describe('quota pre-flight', () => {
  it('warns before too many start-service-period handshakes go to one receiver in a day, or too many are active', () => {
    const lineage = deriveLineage('handshakes');
    const declarations = declarationsFrom(
      ...Array.from({ length: 3 }, (_, index) =>
        startServicePeriod(`s-${index}`, { relationship: `rs-new00000000${index}a` }),
      ),
    );
    const plan = createPlan(declarations, emptyState(lineage));
    const recent = (index: number) => ({
      id: `ch-recent0000${index}ab`,
      arn: 'arn',
      catalog: 'AWS',
      handshakeType: 'START_SERVICE_PERIOD' as const,
      receiverAccountId: '123456789012',
      associatedResourceId: index === 0 ? 'rs-new000000000a' : `rs-old00000000${index}a`,
      createdAt: new Date(FIXED_NOW.getTime() - 3_600_000).toISOString(),
      status: 'PENDING' as const,
    });
    const warnings = quotaWarnings(plan, [0, 1, 2, 3, 4].map(recent), FIXED_NOW);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'quota.daily-start',
        message: expect.stringContaining(
          'sends 1 start-service-period handshake(s) to account 123456789012 (rs-new000000000a), which already received 5 in the last 24 hours',
        ),
      }),
    ]);
    expect(quotaWarnings(plan, [0, 1, 2, 3].map(recent), FIXED_NOW)).toEqual([]);

    const active = Array.from({ length: 199 }, (_, index) => ({
      ...recent(index),
      receiverAccountId: String(index).padStart(12, '0'),
      createdAt: '2026-01-01T00:00:00Z',
      associatedResourceId: `rs-x${index}`,
    }));
    const activeWarnings = quotaWarnings(plan, active, FIXED_NOW);
    expect(activeWarnings).toEqual([
      expect.objectContaining({
        code: 'quota.active',
        message: expect.stringContaining('active start-service-period handshakes to 202 (199 live + 3 planned)'),
      }),
    ]);
  });

  it('covers PROGRAM_MANAGEMENT_ACCOUNT handshakes too: 5 per receiving account per day (AWS "Quotas, rate limits and throttling")', () => {
    const plan = createPlan(
      declarationsFrom(programManagementAccount('pma-new', 'pma-new000000000a')),
      emptyState(deriveLineage('handshakes')),
    );
    const sentToday = (index: number) => ({
      id: `ch-pmarecent00${index}a`,
      arn: 'arn',
      catalog: 'AWS',
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT' as const,
      receiverAccountId: '210987654321',
      associatedResourceId: index === 0 ? 'pma-new000000000a' : `pma-old00000000${index}a`,
      createdAt: new Date(FIXED_NOW.getTime() - 3_600_000).toISOString(),
      status: 'REJECTED' as const,
    });
    expect(quotaWarnings(plan, [0, 1, 2, 3, 4].map(sentToday), FIXED_NOW)).toEqual([
      expect.objectContaining({
        code: 'quota.daily-pma',
        message: expect.stringContaining(
          'sends 1 program-management-account handshake(s) to account 210987654321 (pma-new000000000a), which already received 5 in the last 24 hours; the default quota is 5',
        ),
      }),
    ]);
    expect(quotaWarnings(plan, [0, 1, 2, 3].map(sentToday), FIXED_NOW)).toEqual([]);
  });
});

describe('import', () => {
  it('adopts live handshakes so that plan shows no changes and apply sends nothing', async () => {
    const { simulator, root, cli, state } = await setup([]);
    const account = DEMO_CREDENTIALS.accountId;
    const start = simulator.service.insertExternal(
      account,
      { ...external('rs-imported00001'), tags: [{ key: 'team', value: 'ops' }] },
      'ACCEPTED',
    );
    const fixed = simulator.service.insertExternal(account, {
      ...external('rs-imported00002'),
      payload: {
        startServicePeriodPayload: {
          programManagementAccountIdentifier: 'pma-abcdef123456g',
          servicePeriodType: 'FIXED_COMMITMENT_PERIOD',
          endDate: '2027-06-30T00:00:00Z',
          note: 'FY27',
        },
      },
    });
    const pma = simulator.service.insertExternal(account, {
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: 'pma-imported00001',
    });
    simulator.service.insertExternal(account, external('rs-imported00003'), 'REJECTED');

    // Sent from elsewhere, so the simulator never saw their relationships: ListRelationships cannot name the PMA.
    const unknownRelationships = await cli('import');
    expect(unknownRelationships.stdout).toContain('Imported 1 handshake.');
    expect(unknownRelationships.stdout).toContain(`pma-pma-imported00001 ← ${pma.id} (PENDING)`);
    expect(unknownRelationships.stdout).toContain(
      'ListRelationships does not list rs-imported00001 in catalog AWS, so its program management account is unknown',
    );

    // Once the relationships exist, no flag is needed: each one's programManagementAccountId comes from ListRelationships.
    simulator.addRelationship({ id: 'rs-imported00001', programManagementAccountId: 'pma-abcdef123456g' });
    simulator.addRelationship({ id: 'rs-imported00002', programManagementAccountId: 'pma-abcdef123456g' });
    const result = await cli('import');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Imported 2 handshakes.');
    expect(result.stdout).toContain(
      `start-rs-imported00001 ← ${start.id} (ACCEPTED) in handshakes/imported/start-rs-imported00001.yaml`,
    );
    expect(result.stdout).toContain(`${pma.id}: already in the recorded state`);
    // The relationships are imported too (named after their ids, their display names being those ids).
    expect(result.stdout).toContain('Imported 0 program management accounts and 2 relationships.');
    expect((await readdir(join(root, 'handshakes', 'imported'))).sort()).toEqual([
      'pma-pma-imported00001.yaml',
      'relationship-imported00001.yaml',
      'relationship-imported00002.yaml',
      'start-rs-imported00001.yaml',
      'start-rs-imported00002.yaml',
    ]);
    const recorded = await state();
    expect(latestSent(recorded, 'start-rs-imported00002')).toMatchObject({
      id: fixed.id,
      status: 'PENDING',
      appliedBy: { imported: true },
    });

    const plan = JSON.parse((await cli('plan', '--format', 'json')).stdout) as Plan;
    expect(plan.changes).toEqual([]);
    simulator.requests.length = 0;
    const apply = await cli('apply', '--auto-approve');
    expect(apply.code).toBe(0);
    expect(simulator.requests).toHaveLength(0);

    const rerun = await cli('import', '--program-management-account', 'pma-abcdef123456g');
    expect(rerun.stdout).toContain('Imported 0 handshakes.');
    expect((await state()).serial).toBe(recorded.serial);
  });
});
