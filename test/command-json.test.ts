// Issue 17, terminal conventions: `apply`, `refresh` and `import` print one JSON document with --format json, valid against
// schemas/command-result.schema.json, and its state lines say only what happened.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import resultSchema from '../schemas/command-result.schema.json' with { type: 'json' };
import { DEMO_CREDENTIALS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { cliIn, simulatorEnvironment, startServicePeriod, temporaryDirectory } from './helpers.js';

const validateResult = new Ajv2020({ strict: true, allowUnionTypes: true, strictRequired: false }).compile(
  resultSchema,
);

const simulators: Simulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

async function setup() {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
  simulators.push(simulator);
  const url = await simulator.start();
  const root = await temporaryDirectory();
  await mkdir(join(root, 'handshakes'));
  const env = simulatorEnvironment(url);
  const cli = cliIn(root, env);
  return { simulator, root, cli };
}

function parsedResult(stdout: string): Record<string, unknown> {
  const document = JSON.parse(stdout) as Record<string, unknown>;
  expect(validateResult(document), JSON.stringify(validateResult.errors)).toBe(true);
  return document;
}

describe('--format json for apply, refresh and import', () => {
  it('import: what was adopted and skipped, and whether the state was written; then refresh reports no drift', async () => {
    const { simulator, root, cli } = await setup();
    const pma = simulator.service.insertExternal(DEMO_CREDENTIALS.accountId, {
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: 'pma-imported00001',
    });
    const imported = await cli('import', '--format', 'json');
    expect(imported.code).toBe(0);
    const document = parsedResult(imported.stdout);
    expect(document).toEqual({
      formatVersion: 1,
      command: 'import',
      directory: 'handshakes',
      state: { file: 'handshakes/state.json', written: true, serial: 1 },
      result: {
        imported: [
          {
            name: 'pma-pma-imported00001',
            id: pma.id,
            status: 'PENDING',
            file: 'handshakes/imported/pma-pma-imported00001.yaml',
            writtenEarlier: false,
          },
        ],
        resources: [],
        skipped: [],
        interrupted: { completed: [], removed: [] },
      },
    });

    const again = parsedResult((await cli('import', '--format', 'json')).stdout);
    expect(again.state).toEqual({ file: 'handshakes/state.json', written: false, serial: 1 });
    expect(again.result).toMatchObject({
      imported: [],
      skipped: [{ id: pma.id, reason: 'already in the recorded state' }],
    });

    const refreshed = await cli('refresh', '--format', 'json', '--detailed-exitcode');
    expect(refreshed.code).toBe(0);
    expect(parsedResult(refreshed.stdout)).toMatchObject({
      command: 'refresh',
      state: { written: false, serial: 1 },
      result: { drift: false, report: { statusChanges: [], missing: [], unmanaged: [] } },
    });
    expect(JSON.parse(await readFile(join(root, 'handshakes', 'state.json'), 'utf8')).serial).toBe(1);
  });

  it('refresh: a status change is drift, the state is written, and exit code 2 is explained on standard error', async () => {
    const { simulator, cli } = await setup();
    const pma = simulator.service.insertExternal(DEMO_CREDENTIALS.accountId, {
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: 'pma-imported00001',
    });
    expect((await cli('import')).code).toBe(0);
    simulator.respond(pma.id, 'ACCEPTED');
    const refreshed = await cli('refresh', '--format', 'json', '--detailed-exitcode');
    expect(refreshed.code).toBe(2);
    expect(refreshed.stderr).toContain('Exit code 2 (--detailed-exitcode): AWS differs from the recorded state');
    expect(parsedResult(refreshed.stdout)).toMatchObject({
      state: { written: true, serial: 2 },
      result: { drift: true, report: { statusChanges: [{ id: pma.id, from: 'PENDING', to: 'ACCEPTED' }] } },
    });
  });

  it('text output says when no state file was written', async () => {
    const { cli } = await setup();
    const refreshed = await cli('refresh');
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).toContain('State unchanged: handshakes/state.json (no file was written).');
    const imported = await cli('import');
    expect(imported.stdout).toContain('Imported 0 handshakes.');
    expect(imported.stdout).toContain('State unchanged: handshakes/state.json.');
  });

  it('apply: one document with the verdict, the label, the counts and each change; progress on standard error', async () => {
    const { root, cli } = await setup();
    await writeFile(
      join(root, 'handshakes', 'two.yaml'),
      `${startServicePeriod('acme', { relationship: 'rs-aaaaaaaaaaaaa' })}---\n${startServicePeriod('globex', { relationship: 'rs-bbbbbbbbbbbbb' })}`,
    );
    const refused = await cli('apply', '--format', 'json');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--format json is for scripts');
    expect(refused.stdout).toBe('');

    const applied = await cli('apply', '--format', 'json', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    // The serial counts durable writes, which batching varies: the one reported is the one on disk.
    const { serial } = JSON.parse(await readFile(join(root, 'handshakes', 'state.json'), 'utf8')) as { serial: number };
    expect(applied.stderr).toContain(
      `Applied: 2 of 2 sent. State written to handshakes/state.json (serial ${serial}).`,
    );
    const document = parsedResult(applied.stdout);
    expect(document).toMatchObject({
      formatVersion: 1,
      command: 'apply',
      directory: 'handshakes',
      state: { file: 'handshakes/state.json', written: true, serial },
      result: {
        verdict: 'applied',
        label: 'Applied: 2 of 2 sent',
        counts: { total: 2, sent: 2, alreadyDone: 0, heldBack: 0, failed: 0 },
        changes: [
          { action: 'create', name: 'acme', outcome: 'succeeded', status: 'PENDING' },
          { action: 'create', name: 'globex', outcome: 'succeeded', status: 'PENDING' },
        ],
      },
    });

    const again = await cli('apply', '--format', 'json', '--auto-approve');
    expect(parsedResult(again.stdout)).toMatchObject({
      state: { written: false, serial },
      result: { verdict: 'nothing-to-apply', label: 'Nothing to apply', counts: { total: 0 }, changes: [] },
    });
  });
});
