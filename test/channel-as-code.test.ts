// Channel as code over loopback against the simulator: a program management account, its activation, a relationship
// and its START declared in one file, applied by successive runs as each becomes ready, each create sent once.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedState } from '../src/core/model.js';
import { DEMO_CREDENTIALS, NO_FAULTS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { newClient } from './api-helpers.js';
import { cliIn, simulatorEnvironment, temporaryDirectory } from './helpers.js';
import { ONBOARDING } from './support/onboarding-text.js';

const simulators: Simulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

async function setup(text = ONBOARDING) {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
  simulators.push(simulator);
  const url = await simulator.start();
  const root = await temporaryDirectory();
  await mkdir(join(root, 'handshakes'));
  const file = join(root, 'handshakes', 'customers.yaml');
  await writeFile(file, text);
  const env = simulatorEnvironment(url);
  const cli = cliIn(root, env, ['--no-color']);
  const statePath = join(root, 'handshakes', 'state.json');
  const state = async () => JSON.parse(await readFile(statePath, 'utf8')) as RecordedState;
  const sent = (operation: string) => simulator.requests.filter((request) => request.operation === operation);
  const relationships = () => simulator.relationships.all(DEMO_CREDENTIALS.accountId);
  return { simulator, url, root, file, cli, state, statePath, sent, relationships };
}

/** Runs the onboarding up to the relationship's create: the account, its activation, the acceptance, the refresh. */
async function throughActivation(context: Awaited<ReturnType<typeof setup>>) {
  expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
  expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
  const activation = (await context.state()).declarations['emea-activation']?.handshakes[0]?.id as string;
  context.simulator.respond(activation, 'ACCEPTED');
  expect((await context.cli('refresh')).code).toBe(0);
}

describe('onboarding a customer from one file (channel-resources.md: PMAs, then relationships, then service periods)', () => {
  it('creates the account, activates it, waits for the acceptance, creates the relationship and sends the START, each once', async () => {
    const context = await setup();
    const { cli, state, sent } = context;

    const first = await cli('apply', '--auto-approve');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('✓ create-account emea → pma-');
    expect(first.stdout).toContain('Waiting: emea-activation (handshake) waits for emea to be created');
    expect(first.stdout).toContain('Waiting: acme (relationship) waits for emea to be created');
    const account = (await state()).resources?.emea;
    expect(account).toMatchObject({ kind: 'ProgramManagementAccount', id: expect.stringMatching(/^pma-/) });

    const second = await cli('apply', '--auto-approve');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/✓ create emea-activation → ch-[a-z0-9]{13} \(PENDING\)/);
    // The activation is not accepted yet: the relationship waits, and apply says so and exits 0.
    expect(second.stdout).toContain('Waiting: acme (relationship) waits for emea to become ACTIVE');
    const waiting = await cli('apply', '--auto-approve');
    expect(waiting.code).toBe(0);
    expect(waiting.stdout).toContain('Nothing to send now.');
    expect(sent('CreateRelationship')).toHaveLength(0);

    const activation = (await state()).declarations['emea-activation']?.handshakes[0];
    expect(activation?.spec.associatedResourceIdentifier).toBe(account?.id);
    context.simulator.respond(activation?.id as string, 'ACCEPTED');
    expect((await cli('refresh')).code).toBe(0);

    const third = await cli('apply', '--auto-approve');
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('✓ create-relationship acme → rs-');
    const relationship = (await state()).resources?.acme;
    expect(relationship).toMatchObject({ kind: 'Relationship', programManagementAccountId: account?.id });

    const fourth = await cli('apply', '--auto-approve');
    expect(fourth.code).toBe(0);
    const start = (await state()).declarations['acme-support']?.handshakes[0];
    expect(start?.spec.associatedResourceIdentifier).toBe(relationship?.id);
    expect(start?.spec.payload).toEqual({
      startServicePeriodPayload: {
        programManagementAccountIdentifier: account?.id,
        servicePeriodType: 'MINIMUM_NOTICE_PERIOD',
        minimumNoticeDays: '30',
      },
    });

    const plan = await cli('plan', '--detailed-exitcode');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes.');
    for (const operation of ['CreateProgramManagementAccount', 'CreateRelationship']) {
      expect(
        sent(operation).filter((request) => request.status === 200),
        operation,
      ).toHaveLength(1);
    }
    expect(sent('CreateChannelHandshake').filter((request) => request.status === 200)).toHaveLength(2);
    // The owner tag rides on what was created, with the declared tags.
    const created = context.relationships()[0];
    expect(created?.tags).toEqual([
      { key: 'team', value: 'emea' },
      { key: 'channel-handshakes:owner', value: `${(await state()).lineage}/acme` },
    ]);
  });
});

describe('exactly once', () => {
  it('a connection dropped after CreateRelationship committed leaves exactly one relationship', async () => {
    const context = await setup();
    await throughActivation(context);
    context.simulator.faults = { ...NO_FAULTS, dropAfterCommitEvery: 1 };
    const dropped = await context.cli('apply', '--auto-approve');
    context.simulator.faults = { ...NO_FAULTS };
    // Whether the client's retry (same clientToken) or the next run finishes it, AWS ends with one relationship.
    if (dropped.code !== 0) expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    expect(context.relationships()).toHaveLength(1);
    expect((await context.state()).resources?.acme?.id).toBe(context.relationships()[0]?.id);
  });

  it('a crash between the create and the state write replays the intent: one relationship', async () => {
    const context = await setup();
    await throughActivation(context);
    // The state as a crash right after the create left it: the intent written, the answer never recorded.
    const before = await context.state();
    await expect(context.cli('apply', '--auto-approve')).resolves.toMatchObject({ code: 0 });
    const after = await context.state();
    const record = after.resources?.acme;
    const { acme: _recorded, ...others } = after.resources ?? {};
    const crashed: RecordedState = {
      ...after,
      resources: others,
      resourceIntents: {
        acme: {
          name: 'acme',
          kind: 'Relationship',
          clientToken: record?.clientToken as string,
          request: (await planRequest(context, before)) as never,
          spec: record?.spec as never,
          programManagementAccountId: record?.programManagementAccountId as string,
          recordedAt: after.resources?.acme?.createdAt as string,
        },
      },
    };
    await writeFile(context.statePath, JSON.stringify(crashed));
    const resumed = await context.cli('apply', '--auto-approve');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('✓ create-relationship acme → ');
    expect(context.relationships()).toHaveLength(1);
    expect((await context.state()).resources?.acme?.id).toBe(record?.id);
    expect((await context.state()).resourceIntents).toBeUndefined();
  });

  it('a resource intent from a pull request whose kind disagrees with its spec is refused, not replayed', async () => {
    const context = await setup();
    await throughActivation(context);
    const before = await context.state();
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    const after = await context.state();
    const record = after.resources?.acme;
    const { acme: _recorded, ...others } = after.resources ?? {};
    const request = (await planRequest(context, before)) as Record<string, unknown>;
    const forged: RecordedState = {
      ...after,
      resources: others,
      resourceIntents: {
        acme: {
          name: 'acme',
          // The kind no longer matches the spec, and the request names another customer's account.
          kind: 'ProgramManagementAccount',
          clientToken: record?.clientToken as string,
          request: { ...request, associatedAccountId: '999999999999' } as never,
          spec: record?.spec as never,
          programManagementAccountId: record?.programManagementAccountId as string,
          recordedAt: after.resources?.acme?.createdAt as string,
        },
      },
    };
    await writeFile(context.statePath, JSON.stringify(forged));
    const relationshipsBefore = context.relationships().length;
    const refused = await context.cli('apply', '--auto-approve');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/resourceIntents\.acme.*Restore/s);
    expect(context.relationships()).toHaveLength(relationshipsBefore);
  });

  it('a state that lost both the intent and the record adopts the relationship by its owner tag, sending nothing', async () => {
    const context = await setup();
    await throughActivation(context);
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    const after = await context.state();
    const id = after.resources?.acme?.id;
    const { acme: _lost, ...others } = after.resources ?? {};
    await writeFile(context.statePath, JSON.stringify({ ...after, resources: others }));
    const creates = context.sent('CreateRelationship').length;
    const adopted = await context.cli('apply', '--auto-approve');
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stdout).toContain('already created by this repository');
    expect(context.sent('CreateRelationship')).toHaveLength(creates);
    expect(context.relationships()).toHaveLength(1);
    expect((await context.state()).resources?.acme).toMatchObject({ id, adopted: true });
  });
});

describe('refresh reads the created resources back', () => {
  it('records the status and revision, and reports a name changed outside, a deletion outside and an INACTIVE account', async () => {
    const context = await setup();
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    expect((await context.state()).resources?.emea?.status).toBe('PENDING');
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    const activation = (await context.state()).declarations['emea-activation']?.handshakes[0]?.id as string;
    context.simulator.respond(activation, 'ACCEPTED');
    const first = await context.cli('refresh', '--detailed-exitcode');
    expect(first.code).toBe(2);
    const account = (await context.state()).resources?.emea;
    expect(first.stdout).toContain(`emea (program management account ${account?.id}): PENDING → ACTIVE`);
    expect(account).toMatchObject({ status: 'ACTIVE', revision: expect.any(String) });

    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    const relationship = (await context.state()).resources?.acme;
    const read = await context.cli('refresh');
    expect(read.stdout).toContain('acme: requestedSupportPlan as sent; AWS does not return it');
    expect((await context.state()).resources?.acme?.revision).toEqual(expect.any(String));

    const client = newClient(context.simulator.url);
    await client.updateRelationship({
      catalog: 'AWS',
      identifier: relationship?.id as string,
      programManagementAccountIdentifier: account?.id as string,
      displayName: 'Renamed in console',
    });
    const renamed = await context.cli('refresh');
    expect(renamed.stdout).toContain(
      `acme (relationship ${relationship?.id}): displayName changed outside: "ACME" → "Renamed in console"`,
    );

    await client.deleteRelationship({
      catalog: 'AWS',
      identifier: relationship?.id as string,
      programManagementAccountIdentifier: account?.id as string,
      clientToken: 'deleted-in-the-console',
    });
    const pma = context.simulator.programManagementAccounts.find(
      DEMO_CREDENTIALS.accountId,
      account?.id as string,
      'AWS',
    );
    if (pma) context.simulator.programManagementAccounts.setStatus(pma, 'INACTIVE');
    const gone = await context.cli('refresh');
    expect(gone.stdout).toContain(`acme (relationship ${relationship?.id}): deleted outside this repository`);
    expect(gone.stdout).toContain(`emea (program management account ${account?.id}): went INACTIVE (was ACTIVE)`);
    expect((await context.state()).resources?.acme?.deletedOutside).toBe(true);
    const again = await context.cli('refresh', '--detailed-exitcode');
    expect(again.code).toBe(0);
  });
});

describe('what this version refuses, at the declaration', () => {
  it('changing an immutable field is an error that says how to proceed', async () => {
    const context = await setup();
    await throughActivation(context);
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    await writeFile(context.file, ONBOARDING.replace('sector: COMMERCIAL', 'sector: GOVERNMENT'));
    const plan = await context.cli('plan');
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('handshakes/customers.yaml:13:1: error:');
    expect(plan.stdout).toMatch(
      /"acme" changes sector, which AWS cannot change on the existing relationship rs-[a-z0-9]{13}\. Nothing is replaced automatically: put back the recorded value \(sector: COMMERCIAL\), and declare the new relationship under a new name/,
    );
  });
});

describe('removal, in reverse order (never a relationship delete while a period is in force)', () => {
  it('removing a relationship and its START revokes now, deletes the relationship once the revoke is accepted, then the account', async () => {
    const context = await setup();
    const { cli, state, simulator } = context;
    await throughActivation(context);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    const start = (await state()).declarations['acme-support']?.handshakes[0]?.id as string;
    simulator.respond(start, 'ACCEPTED');
    expect((await cli('refresh')).code).toBe(0);
    const relationship = (await state()).resources?.acme?.id;

    const withoutAcme = ONBOARDING.split('---\n').filter((document) => !document.includes('acme'));
    await writeFile(context.file, withoutAcme.join('---\n'));
    const revoking = await cli('apply', '--auto-approve');
    expect(revoking.code, revoking.stderr).toBe(0);
    expect(revoking.stdout).toMatch(/✓ revoke acme-support → ch-[a-z0-9]{13} \(PENDING\)/);
    expect(revoking.stdout).toContain('Waiting: acme (relationship) waits for acme-support to end');
    expect(context.sent('DeleteRelationship')).toHaveLength(0);
    // Not accepted yet: the delete still waits.
    expect((await cli('apply', '--auto-approve')).stdout).toContain('waits for acme-support to end');
    expect(context.sent('DeleteRelationship')).toHaveLength(0);

    const revoke = (await state()).declarations['acme-support']?.handshakes.at(-1)?.id as string;
    simulator.respond(revoke, 'ACCEPTED');
    expect((await cli('refresh')).code).toBe(0);
    const deleting = await cli('apply', '--auto-approve');
    expect(deleting.code, deleting.stderr).toBe(0);
    expect(deleting.stdout).toContain(`✓ delete-relationship acme → ${relationship}`);
    expect(context.relationships()).toHaveLength(0);
    expect((await state()).resources?.acme).toBeUndefined();

    // Then the account, once nothing is declared under it.
    await writeFile(context.file, '');
    const account = (await state()).resources?.emea?.id;
    const last = await cli('apply', '--auto-approve');
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toContain(`✓ delete-account emea → ${account}`);
    expect(context.sent('DeleteRelationship')).toHaveLength(1);
    expect(context.sent('DeleteProgramManagementAccount')).toHaveLength(1);
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('a relationship still named by a START is not deleted: a plan error that says to remove the START too', async () => {
    const context = await setup();
    await throughActivation(context);
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    const id = (await context.state()).resources?.acme?.id as string;
    const account = (await context.state()).resources?.emea?.id as string;
    const kept = ONBOARDING.split('---\n')
      .filter((document) => !document.includes('kind: Relationship'))
      .join('---\n')
      .replace('relationship: acme', `associatedResourceIdentifier: ${id}`)
      .replace('servicePeriodType', `programManagementAccountIdentifier: ${account}\n    servicePeriodType`);
    await writeFile(context.file, kept);
    const plan = await context.cli('plan');
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('still names it. Remove that handshake too');
    expect(context.relationships()).toHaveLength(1);
  });
});

describe('updates in place', () => {
  it('a display-name edit sends exactly one UpdateRelationship, with the recorded revision; the next plan is empty', async () => {
    const context = await setup();
    await throughActivation(context);
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    expect((await context.cli('refresh')).code).toBe(0);
    const revision = (await context.state()).resources?.acme?.revision;
    await writeFile(context.file, ONBOARDING.replace('displayName: ACME', 'displayName: ACME Corp'));
    const plan = await context.cli('plan');
    expect(plan.stdout).toMatch(/~ +update-relationship +acme +Relationship/);
    expect(plan.stdout).toContain('displayName: "ACME" → "ACME Corp"');
    expect(plan.stdout).toContain(`revision sent: ${revision}`);
    const apply = await context.cli('apply', '--auto-approve');
    expect(apply.code, apply.stderr).toBe(0);
    const updates = context.sent('UpdateRelationship');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.input).toMatchObject({ displayName: 'ACME Corp', revision });
    expect(context.relationships()[0]?.displayName).toBe('ACME Corp');
    const next = await context.cli('plan', '--detailed-exitcode');
    expect(next.stdout).toContain('No changes.');
    expect(next.code).toBe(0);
  });

  it('a stale revision is a ConflictException: held back, nothing sent twice; refresh and a new plan send it', async () => {
    const context = await setup();
    await throughActivation(context);
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    expect((await context.cli('refresh')).code).toBe(0);
    const recorded = (await context.state()).resources;
    // Someone renames it in the console after the revision was recorded.
    await newClient(context.simulator.url).updateRelationship({
      catalog: 'AWS',
      identifier: recorded?.acme?.id as string,
      programManagementAccountIdentifier: recorded?.emea?.id as string,
      displayName: 'Console name',
    });
    await writeFile(context.file, ONBOARDING.replace('displayName: ACME', 'displayName: ACME Corp'));
    const stale = await context.cli('apply', '--auto-approve');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(
      /held back: rs-[a-z0-9]{13} changed in AWS since revision \S+ was read \(ConflictException\)/,
    );
    expect(context.sent('UpdateRelationship').filter((request) => request.status === 200)).toHaveLength(1);
    expect((await context.cli('refresh')).stdout).toContain('displayName changed outside: "ACME" → "Console name"');
    const replanned = await context.cli('plan');
    expect(replanned.stdout).toContain('displayName: "Console name" → "ACME Corp"');
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    expect(context.relationships()[0]?.displayName).toBe('ACME Corp');
  });
});

/** The request the plan made for acme, from the plan before it was applied. */
async function planRequest(context: Awaited<ReturnType<typeof setup>>, before: RecordedState): Promise<unknown> {
  await writeFile(context.statePath, JSON.stringify(before));
  const plan = JSON.parse((await context.cli('plan', '--format', 'json')).stdout) as {
    changes: { action: string; request: unknown }[];
  };
  return plan.changes.find((change) => change.action === 'create-relationship')?.request;
}

describe('a relationship record pointed at another declaration’s relationship (issue 16: the state is untrusted input)', () => {
  it('the delete is refused by the owner tag and the other relationship stays', async () => {
    const withoutStart = ONBOARDING.slice(0, ONBOARDING.indexOf('---\nname: acme-support'));
    const globex = `---
kind: Relationship
name: globex
catalog: AWS
programManagementAccount: emea
associatedAccountId: "777788889999"
associationType: END_CUSTOMER
sector: COMMERCIAL
displayName: Globex
`;
    const context = await setup(`${withoutStart}${globex}`);
    await throughActivation(context);
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    const applied = await context.state();
    const acme = applied.resources?.acme;
    const other = applied.resources?.globex;
    expect(acme && other).toBeTruthy();
    // A pull request points acme's record at globex's relationship and removes acme's declaration.
    await writeFile(
      context.statePath,
      JSON.stringify({
        ...applied,
        resources: { ...applied.resources, acme: { ...acme, id: other?.id, arn: other?.arn } },
      }),
    );
    await writeFile(context.file, `${withoutStart.slice(0, withoutStart.indexOf('---\nkind: Relationship'))}${globex}`);
    const refused = await context.cli('apply', '--auto-approve');
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain(
      `refused: the delete of ${other?.id} was not sent: it carries the owner tag`,
    );
    expect(context.sent('DeleteRelationship')).toHaveLength(0);
    expect(context.relationships().map((relationship) => relationship.id)).toContain(other?.id);
  });
});

describe('a relationship record pointed at a relationship nobody tagged (issue 16: the state is untrusted input)', () => {
  it('the delete is refused: a record apply created names a tagged resource, and only an imported one may be untagged', async () => {
    const withoutStart = ONBOARDING.slice(0, ONBOARDING.indexOf('---\nname: acme-support'));
    const context = await setup(withoutStart);
    await throughActivation(context);
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    const applied = await context.state();
    const acme = applied.resources?.acme as NonNullable<RecordedState['resources']>[string];
    // Made in the console: no owner tag.
    const untagged = await newClient(context.url).createRelationship({
      catalog: 'AWS',
      associationType: 'END_CUSTOMER',
      programManagementAccountIdentifier: acme.programManagementAccountId as string,
      associatedAccountId: '777788889999',
      displayName: 'Made in the console',
      sector: 'COMMERCIAL',
      clientToken: 'made-in-the-console',
    });
    const withoutAcme = withoutStart.slice(0, withoutStart.indexOf('---\nkind: Relationship'));
    await writeFile(context.file, withoutAcme);
    const pointed = { ...acme, id: untagged.id, arn: untagged.arn };
    await writeFile(
      context.statePath,
      JSON.stringify({ ...applied, resources: { ...applied.resources, acme: pointed } }),
    );
    const refused = await context.cli('apply', '--auto-approve');
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain(
      `refused: the delete of ${untagged.id} was not sent: it carries no owner tag, while the record says this repository created it`,
    );
    expect(context.sent('DeleteRelationship')).toHaveLength(0);
    expect(context.relationships().map((relationship) => relationship.id)).toContain(untagged.id);

    // The same record as import writes it (created elsewhere, no clientToken): removing its declaration deletes it.
    const imported = { ...pointed, clientToken: '', appliedBy: { imported: true } };
    await writeFile(
      context.statePath,
      JSON.stringify({ ...applied, resources: { ...applied.resources, acme: imported } }),
    );
    const deleted = await context.cli('apply', '--auto-approve');
    expect(deleted.code, deleted.stdout + deleted.stderr).toBe(0);
    expect(context.sent('DeleteRelationship')).toHaveLength(1);
    expect(context.relationships().map((relationship) => relationship.id)).not.toContain(untagged.id);
  });
});

describe('protect: true on a program management account (issue 18: "protect: true works on the new kinds")', () => {
  it('removing a protected account is a plan error that says how to let it go; nothing is deleted', async () => {
    const account = ONBOARDING.slice(0, ONBOARDING.indexOf('---\n')).replace(
      'kind: ProgramManagementAccount\n',
      'kind: ProgramManagementAccount\nprotect: true\n',
    );
    const context = await setup(account);
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    await writeFile(context.file, '');
    const planned = await context.cli('plan');
    expect(planned.code).toBe(1);
    expect(planned.stdout + planned.stderr).toContain(
      'is protected (protect: true when it was created), and this plan would delete it. Declare it again, or first merge a change that sets protect: false on it.',
    );
    expect((await context.cli('apply', '--auto-approve')).code).toBe(1);
    expect(context.sent('DeleteProgramManagementAccount')).toHaveLength(0);
  });
});
