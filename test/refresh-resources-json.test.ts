// Issue 18: `refresh --format json` carries what refresh found on the program management accounts and relationships the
// state records (changed outside, deleted outside, a PMA that went INACTIVE) and what AWS never returns, in the
// command-result envelope (schemas/command-result.schema.json), as the text report does.
import { readFile, writeFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import resultSchema from '../schemas/command-result.schema.json' with { type: 'json' };
import { DEMO_CREDENTIALS, type Simulator } from '../src/simulator/server.js';
import { newClient } from './api-helpers.js';
import { onboardingCheckout, throughActivation } from './support/onboarding.js';

const validateResult = new Ajv2020({ strict: true, allowUnionTypes: true, strictRequired: false }).compile(
  resultSchema,
);

const simulators: Simulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

function parsed(stdout: string): { result: Record<string, unknown>; state: Record<string, unknown> } {
  const document = JSON.parse(stdout);
  expect(validateResult(document), JSON.stringify(validateResult.errors)).toBe(true);
  return document;
}

describe('refresh --format json: the resource lines', () => {
  it('a name changed outside, a relationship deleted outside and an account gone INACTIVE, each as a finding; the support plan as unreadable', async () => {
    const context = await onboardingCheckout(simulators);
    await throughActivation(context);
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    const state = await context.state();
    const account = state.resources?.emea;
    const relationship = state.resources?.acme;
    expect(relationship?.id).toMatch(/^rs-/);

    // Nothing changed outside: no finding, no drift, only what AWS never returns.
    const quiet = await context.cli('refresh', '--format', 'json', '--detailed-exitcode');
    expect(quiet.code).toBe(0);
    expect(parsed(quiet.stdout).result).toMatchObject({
      drift: false,
      resources: [],
      unreadable: [
        {
          name: 'acme',
          field: 'requestedSupportPlan',
          message: 'acme: requestedSupportPlan as sent; AWS does not return it',
        },
      ],
    });

    const client = newClient(context.url);
    await client.updateRelationship({
      catalog: 'AWS',
      identifier: relationship?.id as string,
      programManagementAccountIdentifier: account?.id as string,
      displayName: 'Renamed in console',
    });
    const renamed = await context.cli('refresh', '--format', 'json', '--detailed-exitcode');
    expect(renamed.code).toBe(2);
    const renamedDocument = parsed(renamed.stdout);
    expect(renamedDocument.state).toMatchObject({ written: true });
    expect(renamedDocument.result).toMatchObject({
      drift: true,
      resources: [
        {
          name: 'acme',
          kind: 'Relationship',
          id: relationship?.id,
          finding: 'changed-outside',
          field: 'displayName',
          from: 'ACME',
          to: 'Renamed in console',
          message: `acme (relationship ${relationship?.id}): displayName changed outside: "ACME" → "Renamed in console"`,
        },
      ],
    });

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
    const gone = await context.cli('refresh', '--format', 'json', '--detailed-exitcode');
    expect(gone.code).toBe(2);
    const findings = parsed(gone.stdout).result.resources as Record<string, unknown>[];
    expect(findings).toHaveLength(2);
    expect(findings).toContainEqual({
      name: 'emea',
      kind: 'ProgramManagementAccount',
      id: account?.id,
      finding: 'went-inactive',
      field: 'status',
      from: 'ACTIVE',
      to: 'INACTIVE',
      message: `emea (program management account ${account?.id}): went INACTIVE (was ACTIVE); relationships under it cannot be created`,
    });
    expect(findings).toContainEqual({
      name: 'acme',
      kind: 'Relationship',
      id: relationship?.id,
      finding: 'deleted-outside',
      message: `acme (relationship ${relationship?.id}): deleted outside this repository (no longer listed)`,
    });

    // Reported once: the state now records both, so the next refresh finds nothing new.
    const again = await context.cli('refresh', '--format', 'json', '--detailed-exitcode');
    expect(again.code).toBe(0);
    expect(parsed(again.stdout).result).toMatchObject({ drift: false, resources: [] });
  });

  it('the JSON findings say what the text report says, line for line', async () => {
    const context = await onboardingCheckout(simulators);
    await throughActivation(context);
    expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
    const account = (await context.state()).resources?.emea;
    await newClient(context.url).updateProgramManagementAccount({
      catalog: 'AWS',
      identifier: account?.id as string,
      displayName: 'EMEA (console)',
    });
    // The same refresh twice, from the same state: once as text, once as JSON.
    const before = await readFile(context.statePath, 'utf8');
    const text = await context.cli('refresh');
    await writeFile(context.statePath, before);
    const json = await context.cli('refresh', '--format', 'json');
    const messages = (parsed(json.stdout).result.resources as { message: string }[]).map((finding) => finding.message);
    expect(messages).toEqual([
      `emea (program management account ${account?.id}): displayName changed outside: "EMEA resale" → "EMEA (console)"`,
    ]);
    for (const message of messages) expect(text.stdout).toContain(`  ${message}`);
  });
});
