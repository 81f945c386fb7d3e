// Issue 18, import of the resource kinds, over loopback against the simulator: program management accounts,
// relationships and handshakes created elsewhere are imported as `kind: ProgramManagementAccount`, `kind: Relationship`
// and handshake declarations that name them; the files validate against their kinds' schemas, the next plan has no
// changes, and what was imported is managed from then on (an edit sends one update; an imported account is protected).
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import resultSchema from '../schemas/command-result.schema.json' with { type: 'json' };
import handshakeSchema from '../schemas/handshake.schema.json' with { type: 'json' };
import programManagementAccountSchema from '../schemas/program-management-account.schema.json' with { type: 'json' };
import relationshipSchema from '../schemas/relationship.schema.json' with { type: 'json' };
import { importedResourceName } from '../src/core/import.js';
import type { Plan, RecordedState } from '../src/core/model.js';
import { OWNER_TAG_KEY } from '../src/core/ownership.js';
import { stateProblems } from '../src/core/state-rules.js';
import { DEMO_CREDENTIALS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { newClient } from './api-helpers.js';
import { cliIn, simulatorEnvironment, temporaryDirectory } from './helpers.js';

const ajv = new Ajv2020({ strict: false, allowUnionTypes: true });
const SCHEMAS = {
  ProgramManagementAccount: ajv.compile(programManagementAccountSchema),
  Relationship: ajv.compile(relationshipSchema),
  ChannelHandshake: ajv.compile(handshakeSchema),
};
const validateResult = ajv.compile(resultSchema);

const simulators: Simulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

/**
 * What a partner built by hand or by script: an active account with two customers (one START pending, one accepted),
 * a second account still pending, and a relationship another repository created (its owner tag).
 */
async function accountBuiltElsewhere() {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
  simulators.push(simulator);
  const url = await simulator.start();
  const client = newClient(url);
  const emea = await client.createProgramManagementAccount({
    catalog: 'AWS',
    program: 'SOLUTION_PROVIDER',
    displayName: 'EMEA resale',
    accountId: '111122223333',
    clientToken: 'console-emea',
    tags: [{ key: 'team', value: 'emea' }],
  });
  const nordics = await client.createProgramManagementAccount({
    catalog: 'AWS',
    program: 'DISTRIBUTION',
    displayName: 'Nordics',
    accountId: '777788889999',
    clientToken: 'console-nordics',
  });
  const activation = await client.createChannelHandshake({
    handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
    catalog: 'AWS',
    associatedResourceIdentifier: emea.id,
    clientToken: 'console-activation',
  });
  simulator.respond(activation.id, 'ACCEPTED');
  const acme = await client.createRelationship({
    catalog: 'AWS',
    associationType: 'END_CUSTOMER',
    programManagementAccountIdentifier: emea.id,
    associatedAccountId: '444455556666',
    displayName: 'ACME',
    resaleAccountModel: 'END_CUSTOMER',
    sector: 'COMMERCIAL',
    requestedSupportPlan: { resoldEnterprise: { coverage: 'ENTIRE_ORGANIZATION', tamLocation: 'EU' } },
    clientToken: 'console-acme',
    tags: [{ key: 'team', value: 'emea' }],
  });
  const globex = await client.createRelationship({
    catalog: 'AWS',
    associationType: 'END_CUSTOMER',
    programManagementAccountIdentifier: emea.id,
    associatedAccountId: '555566667777',
    displayName: 'Globex Corp.',
    sector: 'GOVERNMENT',
    clientToken: 'console-globex',
  });
  const foreign = await client.createRelationship({
    catalog: 'AWS',
    associationType: 'DOWNSTREAM_SELLER',
    programManagementAccountIdentifier: emea.id,
    associatedAccountId: '888899990000',
    displayName: 'Initech',
    sector: 'COMMERCIAL',
    clientToken: 'other-repository',
    tags: [{ key: OWNER_TAG_KEY, value: '22222222-2222-8222-8222-222222222222/initech' }],
  });
  const start = (relationship: string, token: string) =>
    client.createChannelHandshake({
      handshakeType: 'START_SERVICE_PERIOD',
      catalog: 'AWS',
      associatedResourceIdentifier: relationship,
      clientToken: token,
      payload: {
        startServicePeriodPayload: {
          programManagementAccountIdentifier: emea.id,
          servicePeriodType: 'MINIMUM_NOTICE_PERIOD',
          minimumNoticeDays: '30',
        },
      },
    });
  const acmeStart = await start(acme.id, 'console-acme-start');
  const globexStart = await start(globex.id, 'console-globex-start');
  simulator.respond(globexStart.id, 'ACCEPTED');

  const root = await temporaryDirectory();
  await mkdir(join(root, 'handshakes'));
  const cli = cliIn(root, simulatorEnvironment(url), ['--no-color']);
  const folder = join(root, 'handshakes', 'imported');
  const state = async () => JSON.parse(await readFile(join(root, 'handshakes', 'state.json'), 'utf8')) as RecordedState;
  const plan = async () => {
    const planned = await cli('plan', '--format', 'json');
    expect(planned.stderr).toBe('');
    return JSON.parse(planned.stdout) as Plan;
  };
  return {
    simulator,
    root,
    folder,
    cli,
    state,
    plan,
    ids: { emea, nordics, activation, acme, globex, foreign, acmeStart, globexStart },
  };
}

describe('import of program management accounts and relationships (a round trip over loopback)', () => {
  it('writes each kind, the handshakes naming them; the files validate against their schemas and the next plan is empty', async () => {
    const { simulator, folder, cli, state, plan, ids } = await accountBuiltElsewhere();
    const imported = await cli('import', '--format', 'json');
    expect(imported.code, imported.stderr).toBe(0);
    const document = JSON.parse(imported.stdout);
    expect(validateResult(document), JSON.stringify(validateResult.errors)).toBe(true);
    const resources = document.result.resources as { kind: string; name: string; id: string }[];
    expect(resources.map((entry) => [entry.kind, entry.name, entry.id]).sort()).toEqual(
      [
        ['ProgramManagementAccount', 'emea-resale', ids.emea.id],
        ['ProgramManagementAccount', 'nordics', ids.nordics.id],
        ['Relationship', 'acme', ids.acme.id],
        ['Relationship', 'globex-corp', ids.globex.id],
      ].sort(),
    );
    // Accounts first, so that the relationships can name them.
    expect(resources.map((entry) => entry.kind)).toEqual([
      'ProgramManagementAccount',
      'ProgramManagementAccount',
      'Relationship',
      'Relationship',
    ]);
    expect(document.result.imported.map((entry: { id: string }) => entry.id).sort()).toEqual(
      [ids.activation.id, ids.acmeStart.id, ids.globexStart.id].sort(),
    );
    expect(document.result.skipped).toContainEqual({
      id: ids.foreign.id,
      reason:
        'managed elsewhere (owner tag 22222222-2222-8222-8222-222222222222/initech); it belongs to the repository that created it',
    });

    // Every file is one document of its kind, valid against that kind's schema.
    const files = (await readdir(folder)).sort();
    expect(files).toHaveLength(7);
    const byName = new Map<string, { text: string; value: Record<string, unknown> }>();
    for (const file of files) {
      const text = await readFile(join(folder, file), 'utf8');
      const value = parse(text) as Record<string, unknown>;
      const kind = (value.kind as keyof typeof SCHEMAS | undefined) ?? 'ChannelHandshake';
      expect(SCHEMAS[kind](value), `${file}: ${JSON.stringify(SCHEMAS[kind].errors)}`).toBe(true);
      byName.set(value.name as string, { text, value });
    }
    expect(byName.get('emea-resale')?.value).toEqual({
      kind: 'ProgramManagementAccount',
      name: 'emea-resale',
      catalog: 'AWS',
      program: 'SOLUTION_PROVIDER',
      displayName: 'EMEA resale',
      accountId: '111122223333',
      tags: { team: 'emea' },
      protect: true,
    });
    expect(byName.get('acme')?.value).toEqual({
      kind: 'Relationship',
      name: 'acme',
      catalog: 'AWS',
      programManagementAccount: 'emea-resale',
      associatedAccountId: '444455556666',
      associationType: 'END_CUSTOMER',
      sector: 'COMMERCIAL',
      displayName: 'ACME',
      resaleAccountModel: 'END_CUSTOMER',
      tags: { team: 'emea' },
    });
    // The support plan AWS never returns is not made up; the file says so.
    expect(byName.get('acme')?.text).toContain(
      '# requestedSupportPlan is not written: AWS never returns it (write-only).',
    );
    const acmeStart = [...byName.values()].find((entry) => entry.value.relationship === 'acme')?.value;
    expect(acmeStart).toEqual({
      name: `start-rs-${ids.acme.id.slice(3)}`,
      handshakeType: 'START_SERVICE_PERIOD',
      catalog: 'AWS',
      relationship: 'acme',
      payload: { startServicePeriodPayload: { servicePeriodType: 'MINIMUM_NOTICE_PERIOD', minimumNoticeDays: '30' } },
    });
    const activation = [...byName.values()].find(
      (entry) => entry.value.handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT',
    )?.value;
    expect(activation).toMatchObject({ programManagementAccount: 'emea-resale' });
    expect(activation).not.toHaveProperty('associatedResourceIdentifier');

    // Recorded: the resources with their status and revision, the handshakes with the ids of what they name.
    const recorded = await state();
    expect(recorded.resources?.['emea-resale']).toMatchObject({
      id: ids.emea.id,
      status: 'ACTIVE',
      clientToken: '',
      appliedBy: { imported: true },
    });
    expect(recorded.resources?.nordics).toMatchObject({ status: 'PENDING', spec: { protect: true } });
    expect(recorded.resources?.acme).toMatchObject({ programManagementAccountId: ids.emea.id, revision: '1' });

    // The round trip: nothing to change, nothing sent, no drift, and a second import adopts nothing twice.
    const planned = await plan();
    expect(planned.changes).toEqual([]);
    expect(planned.waits ?? []).toEqual([]);
    expect(planned.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    simulator.requests.length = 0;
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(simulator.requests).toHaveLength(0);
    expect((await cli('refresh', '--detailed-exitcode')).code).toBe(0);
    const again = await cli('import');
    expect(again.stdout).toContain('Imported 0 program management accounts and 0 relationships.');
    expect(again.stdout).toContain('Imported 0 handshakes.');
    expect(again.stdout).toContain(`${ids.acme.id}: already in the recorded state`);
  });

  it('what was imported is managed: an edit sends one UpdateRelationship; removing an imported account is refused (protected)', async () => {
    const { simulator, folder, cli, plan, ids } = await accountBuiltElsewhere();
    expect((await cli('import')).code).toBe(0);
    const acmeFile = join(folder, 'acme.yaml');
    await writeFile(acmeFile, (await readFile(acmeFile, 'utf8')).replace('displayName: ACME', 'displayName: ACME Ltd'));
    const planned = await plan();
    expect(planned.changes).toEqual([
      expect.objectContaining({
        action: 'update-relationship',
        name: 'acme',
        update: expect.objectContaining({
          id: ids.acme.id,
          revision: '1',
          fields: { displayName: ['ACME', 'ACME Ltd'] },
        }),
      }),
    ]);
    simulator.requests.length = 0;
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(simulator.requests.filter((request) => request.operation === 'UpdateRelationship')).toHaveLength(1);
    expect(
      simulator.relationships.all(DEMO_CREDENTIALS.accountId).find((item) => item.id === ids.acme.id),
    ).toMatchObject({ displayName: 'ACME Ltd' });

    await rm(join(folder, 'nordics.yaml'));
    const refused = await cli('plan');
    expect(refused.code).toBe(1);
    expect(`${refused.stdout}${refused.stderr}`).toContain(
      `"nordics", the program management account ${ids.nordics.id}, is protected`,
    );
  });

  it('--kind narrows what is imported; a handshake names only a declared, recorded resource, otherwise its literal id', async () => {
    const { cli, folder, state, plan, ids } = await accountBuiltElsewhere();
    const handshakesOnly = await cli('import', '--kind', 'ChannelHandshake');
    expect(handshakesOnly.code).toBe(0);
    expect(handshakesOnly.stdout).not.toContain('program management accounts');
    expect((await state()).resources).toBeUndefined();
    const start = await readFile(join(folder, `start-rs-${ids.acme.id.slice(3)}.yaml`), 'utf8');
    expect(start).toContain(`associatedResourceIdentifier: ${ids.acme.id}`);
    expect(start).toContain(`programManagementAccountIdentifier: ${ids.emea.id}`);
    // The relationships come later: they are adopted beside the handshakes that name them by id.
    const later = await cli('import', '--kind', 'Relationship');
    expect(later.stdout).toContain('Imported 0 program management accounts and 2 relationships.');
    expect((await readFile(join(folder, 'acme.yaml'), 'utf8')).split('\n')).toContain(
      `programManagementAccount: ${ids.emea.id}`,
    );
    expect((await plan()).changes).toEqual([]);
  });

  it('adopts a resource file an earlier import wrote but never recorded, only when AWS holds that resource without another owner', async () => {
    const { cli, folder, state, ids, root } = await accountBuiltElsewhere();
    expect((await cli('import')).code).toBe(0);
    const recorded = await state();
    // As if an older import had crashed after writing these files and before recording them.
    const { acme: _acme, 'globex-corp': _globex, ...kept } = recorded.resources ?? {};
    await writeFile(
      join(root, 'handshakes', 'state.json'),
      `${JSON.stringify({ ...recorded, resources: kept, serial: recorded.serial + 1 })}\n`,
    );
    // One header now names another repository's relationship: its file must not adopt that one.
    const globexFile = join(folder, 'globex-corp.yaml');
    await writeFile(globexFile, (await readFile(globexFile, 'utf8')).replace(ids.globex.id, ids.foreign.id));

    const rerun = await cli('import');
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(
      `acme ← ${ids.acme.id} (Relationship) in handshakes/imported/acme.yaml, written by an earlier import`,
    );
    expect(rerun.stdout).toContain(
      `${ids.foreign.id}: not adopted by handshakes/imported/globex-corp.yaml, whose header names it: it is managed elsewhere (owner tag 22222222-2222-8222-8222-222222222222/initech)`,
    );
    // Its own relationship is not imported a second time beside the file that declares it.
    expect(rerun.stdout).toContain(`${ids.globex.id}: the relationship "globex-corp" already declares it`);
    const after = await state();
    expect(after.resources?.acme).toMatchObject({ id: ids.acme.id, appliedBy: { imported: true } });
    expect(after.resources?.['globex-corp']).toBeUndefined();
    expect(Object.keys(after.resources ?? {}).sort()).toEqual(['acme', 'emea-resale', 'nordics']);
  });

  it('an empty clientToken is recorded only for an imported resource: AWS does not say which token created it elsewhere', async () => {
    const { cli, state } = await accountBuiltElsewhere();
    expect((await cli('import', '--kind', 'ProgramManagementAccount')).code).toBe(0);
    const recorded = await state();
    expect(stateProblems(recorded)).toEqual([]);
    const account = recorded.resources?.nordics;
    const forged = {
      ...recorded,
      resources: { ...recorded.resources, nordics: { ...account, appliedBy: { actor: 'someone' } } },
    };
    expect(stateProblems(forged)).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('may be empty only for a resource adopted by import (appliedBy.imported)'),
      }),
    ]);
  });

  it('names an imported resource after its display name, never as something a reference would read as an id', () => {
    expect(importedResourceName('ProgramManagementAccount', 'EMEA resale', 'pma-abcdef123456g')).toBe('emea-resale');
    expect(importedResourceName('Relationship', 'Café Zürich (EU) ', 'rs-abcdef123456g')).toBe('cafe-zurich-eu');
    // A display name with nothing left, or one that reads as an id, gives the kind and the id instead.
    expect(importedResourceName('Relationship', '***', 'rs-abcdef123456g')).toBe('relationship-abcdef123456g');
    expect(importedResourceName('ProgramManagementAccount', 'pma-0000000000001', 'pma-abcdef123456g')).toBe(
      'account-abcdef123456g',
    );
    expect(importedResourceName('Relationship', 'rs-imported00001', 'rs-imported00001')).toBe(
      'relationship-imported00001',
    );
  });
});
