// docs/adopt.md gives the AWS roles' policies "for exactly the calls made". This runs the calls: apply (create,
// retag, cancel, and adoption after the state is lost) and refresh (what the drift job runs) against the simulator,
// records every operation it receives, and compares them with the policies' actions; channel as code (accounts and
// relationships created, updated and deleted) runs too, in a directory of its own.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/index.js';
import type { RecordedState } from '../src/core/model.js';
import { Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import {
  captureCli,
  programManagementAccount,
  simulatorEnvironment,
  startServicePeriod,
  temporaryDirectory,
} from './helpers.js';
import { git } from './support/git-fixture.js';
import { ONBOARDING } from './support/onboarding-text.js';

const ROOT = join(import.meta.dirname, '..');

interface Statement {
  Action: string[];
}

async function policies(): Promise<Map<string, Set<string>>> {
  const adopt = await readFile(join(ROOT, 'docs', 'adopt.md'), 'utf8');
  const found = new Map<string, Set<string>>();
  for (const [, title = '', json = ''] of adopt.matchAll(
    /### (\w+) role: permission policy\n\n```json\n([\s\S]*?)```/g,
  )) {
    const policy = JSON.parse(json) as { Statement: Statement[] };
    found.set(
      title.toLowerCase(),
      new Set(
        policy.Statement.flatMap((statement) => statement.Action).map((action) =>
          action.replace(/^partnercentral:/, ''),
        ),
      ),
    );
  }
  return found;
}

describe('the IAM policies in docs/adopt.md', () => {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
  let env: Record<string, string>;
  let root: string;

  beforeAll(async () => {
    env = simulatorEnvironment(await simulator.start(0));
    root = await temporaryDirectory('handshakes-iam-');
    await mkdir(join(root, 'handshakes'));
    git(root, 'init', '--quiet');
    git(root, 'remote', 'add', 'origin', 'https://github.com/your-org/handshakes.git');
    await writeFile(join(root, 'README.md'), 'declarations\n');
    git(root, 'add', '-A');
    git(root, 'commit', '--quiet', '-m', 'start');
  });

  afterAll(() => simulator.stop());

  async function operationsOf(
    argv: string[],
    files?: Record<string, string>,
    directory: string = root,
  ): Promise<string[]> {
    for (const [path, text] of Object.entries(files ?? {})) await writeFile(join(directory, 'handshakes', path), text);
    const before = simulator.requests.length;
    const cli = captureCli(directory, env);
    expect(await run(argv, cli.environment), `${cli.stdout()}${cli.stderr()}`).toBe(0);
    return simulator.requests.slice(before).map((request) => request.operation);
  }

  it('allow the apply role exactly what apply calls, and the drift role exactly what refresh calls', async () => {
    const apply = ['apply', '--auto-approve'];
    const applied = new Set<string>();
    const record = (operations: string[]) => {
      for (const operation of operations) applied.add(operation);
    };
    // Create, then retag (a changed value and a removed key), then cancel a pending handshake.
    record(
      await operationsOf(apply, {
        'acme.yaml': startServicePeriod('acme', { tags: 'customer=acme,old=yes' }),
        'pma.yaml': programManagementAccount('pma'),
      }),
    );
    record(await operationsOf(apply, { 'acme.yaml': startServicePeriod('acme', { tags: 'customer=acme-corp' }) }));
    await rm(join(root, 'handshakes', 'pma.yaml'));
    record(await operationsOf(apply));
    // Lost state: apply-time refresh reads the owner tag of the live handshake and adopts it.
    await rm(join(root, 'handshakes', 'state.json'));
    record(await operationsOf(apply));
    // Refresh, once with a state that knows everything and once without it: a live handshake the state does not know
    // is checked for the owner tag.
    const refreshed = new Set(await operationsOf(['refresh']));
    await rm(join(root, 'handshakes', 'state.json'));
    for (const operation of await operationsOf(['refresh'])) refreshed.add(operation);

    // Channel as code, in a directory of its own (its names would clash with the handshakes above): a program
    // management account and its activation, a relationship and its START, updates in place, then removal of all.
    const channel = await temporaryDirectory('handshakes-iam-channel-');
    await mkdir(join(channel, 'handshakes'));
    const inChannel = (argv: string[], files?: Record<string, string>) => operationsOf(argv, files, channel);
    record(await inChannel(apply, { 'customers.yaml': ONBOARDING }));
    record(await inChannel(apply));
    const channelState = async () =>
      JSON.parse(await readFile(join(channel, 'handshakes', 'state.json'), 'utf8')) as RecordedState;
    simulator.respond((await channelState()).declarations['emea-activation']?.handshakes[0]?.id as string, 'ACCEPTED');
    for (const operation of await inChannel(['refresh'])) refreshed.add(operation);
    record(await inChannel(apply));
    record(
      await inChannel(apply, {
        'customers.yaml': ONBOARDING.replace('displayName: ACME', 'displayName: ACME Corp').replace(
          'displayName: EMEA resale',
          'displayName: EMEA resale 2',
        ),
      }),
    );
    for (const operation of await inChannel(['refresh'])) refreshed.add(operation);
    await writeFile(join(channel, 'handshakes', 'customers.yaml'), '');
    for (let run = 0; run < 3 && Object.keys((await channelState()).resources ?? {}).length > 0; run++) {
      record(await inChannel(apply));
    }
    expect((await channelState()).resources ?? {}).toEqual({});

    const documented = await policies();
    expect([...applied].sort()).toEqual([...(documented.get('apply') ?? [])].sort());
    expect([...refreshed].sort()).toEqual([...(documented.get('drift') ?? [])].sort());
  });
});
