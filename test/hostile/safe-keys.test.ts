import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/index.js';
import { canonicalJsonFile } from '../../src/core/canonical.js';
import type { RecordedState } from '../../src/core/model.js';
import { OWNER_TAG_KEY, ownerTagValue } from '../../src/core/ownership.js';
import { parseState } from '../../src/files/state.js';
import { Simulator } from '../../src/simulator/server.js';
import { NO_QUOTAS } from '../../src/simulator/service.js';
import {
  captureCli,
  latestSent,
  programManagementAccount,
  simulatorEnvironment,
  startServicePeriod,
  temporaryDirectory,
} from '../helpers.js';

// Names and tag keys that are also members of every JavaScript object: each must work as itself, end to end, or be
// refused by the schema at its file and line. Never a crash, never a silent loss.
const PROTOTYPE_WORDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty'] as const;

const simulators: Simulator[] = [];
afterEach(async () => {
  for (const simulator of simulators.splice(0)) await simulator.stop();
});

async function startSimulator(): Promise<{ simulator: Simulator; url: string }> {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
  simulators.push(simulator);
  return { simulator, url: await simulator.start() };
}

async function repository(files: Record<string, string>): Promise<string> {
  const root = await temporaryDirectory('handshakes-hostile-');
  await mkdir(join(root, 'handshakes'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, 'handshakes', name), text);
  return root;
}

async function recorded(root: string): Promise<RecordedState> {
  return JSON.parse(await readFile(join(root, 'handshakes', 'state.json'), 'utf8')) as RecordedState;
}

const prototypeTags = PROTOTYPE_WORDS.map((word, index) => `"${word}"=value-${index}`).join(',');

describe('prototype words as names and tag keys', () => {
  it('a declaration named "constructor" with tag keys __proto__, constructor, toString and hasOwnProperty is planned, applied, recorded and retagged', async () => {
    const { simulator, url } = await startSimulator();
    const root = await repository({ 'a.yaml': startServicePeriod('constructor', { tags: prototypeTags }) });

    const validate = captureCli(root);
    expect(await run(['validate'], validate.environment)).toBe(0);

    const plan = captureCli(root);
    expect(await run(['plan', '--format', 'json'], plan.environment)).toBe(0);
    const planned = JSON.parse(plan.stdout()) as {
      lineage: string;
      changes: { name: string; request: { tags: unknown } }[];
    };
    expect(planned.changes.map((change) => change.name)).toEqual(['constructor']);
    expect(planned.changes[0]?.request.tags).toEqual([
      ...[...PROTOTYPE_WORDS].sort().map((key) => ({ key, value: `value-${PROTOTYPE_WORDS.indexOf(key)}` })),
      { key: OWNER_TAG_KEY, value: ownerTagValue(planned.lineage, 'constructor') },
    ]);

    const apply = captureCli(root, simulatorEnvironment(url));
    expect(await run(['apply', '--auto-approve'], apply.environment)).toBe(0);
    const state = await recorded(root);
    expect(Object.keys(state.declarations)).toEqual(['constructor']);
    expect(Object.keys(latestSent(state, 'constructor')?.spec.tags ?? {}).sort()).toEqual([...PROTOTYPE_WORDS].sort());
    expect(
      simulator
        .handshakes()[0]
        ?.tags.map((tag) => tag.key)
        .sort(),
    ).toEqual([...PROTOTYPE_WORDS, OWNER_TAG_KEY].sort());

    const again = captureCli(root);
    expect(await run(['plan', '--detailed-exitcode'], again.environment)).toBe(0);

    // Dropping the __proto__ tag is a retag that removes exactly that key, on AWS and in the state.
    await writeFile(
      join(root, 'handshakes', 'a.yaml'),
      startServicePeriod('constructor', {
        tags: PROTOTYPE_WORDS.filter((word) => word !== '__proto__')
          .map((word) => `"${word}"=value-${PROTOTYPE_WORDS.indexOf(word)}`)
          .join(','),
      }),
    );
    const retag = captureCli(root);
    expect(await run(['plan'], retag.environment)).toBe(0);
    expect(retag.stdout()).toContain('1 to retag');
    expect(retag.stdout()).toContain('- tag __proto__');
    expect(await run(['apply', '--auto-approve'], captureCli(root, simulatorEnvironment(url)).environment)).toBe(0);
    expect(Object.keys(latestSent(await recorded(root), 'constructor')?.spec.tags ?? {}).sort()).toEqual(
      ['constructor', 'hasOwnProperty', 'toString'].sort(),
    );
    expect(
      simulator
        .handshakes()[0]
        ?.tags.map((tag) => tag.key)
        .sort(),
    ).toEqual(['constructor', 'hasOwnProperty', 'toString', OWNER_TAG_KEY].sort());
    const settled = captureCli(root);
    expect(await run(['plan', '--detailed-exitcode'], settled.environment)).toBe(0);
  });

  it.each(['__proto__', 'toString', 'hasOwnProperty'])(
    'the name %s is refused by the schema at its file and line',
    async (name) => {
      const root = await repository({ 'a.yaml': programManagementAccount('ok'), 'b.yaml': startServicePeriod(name) });
      const cli = captureCli(root);
      expect(await run(['validate'], cli.environment)).toBe(1);
      expect(cli.stdout()).toContain('handshakes/b.yaml:1:7: error: name:');
    },
  );

  it.each(PROTOTYPE_WORDS)('a bad value under the tag key %s is refused at its file and line', async (key) => {
    const root = await repository({
      'a.yaml': `${startServicePeriod('acme')}tags:\n  ok: fine\n  "${key}": 5\n`,
    });
    const cli = captureCli(root);
    expect(await run(['validate'], cli.environment)).toBe(1);
    expect(cli.stdout()).toContain(`handshakes/a.yaml:12:`);
    expect(cli.stdout()).toContain(`tags.${key}`);
  });

  it('a state entry named __proto__ (or constructor) is read, planned and written back, never dropped', async () => {
    const root = await repository({});
    // Version 2. A spec names the key it is recorded under (format version 5), and "__proto__" is no declaration
    // name, so the history under that key holds nothing sent: only the key itself is the hostile part.
    const history = (name: string, id: string) => ({
      handshakes: [
        {
          id,
          arn: `arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/channel-handshake/${id}`,
          clientToken: 'token',
          sentAt: '2026-11-01T00:00:00Z',
          appliedBy: {},
          handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
          purpose: 'pma',
          status: 'ACCEPTED',
          generation: 0,
          spec: {
            name,
            handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
            catalog: 'AWS',
            associatedResourceIdentifier: 'pma-abcdef123456g',
            tags: {},
            revision: 0,
          },
        },
      ],
    });
    // Written as text: an object literal with a "__proto__" key would set the prototype instead.
    const text = `{"version":2,"lineage":"l-1","serial":3,"declarations":{"__proto__":{"handshakes":[]},"constructor":${JSON.stringify(history('constructor', 'ch-bbbbbbbbbbbbb'))}}}`;
    // With a handshake under it, the migration names its spec "__proto__": refused by path, never dropped silently.
    const sent = text.replace(
      '"__proto__":{"handshakes":[]}',
      `"__proto__":${JSON.stringify(history('renamed-away', 'ch-aaaaaaaaaaaaa'))}`,
    );
    expect(() => parseState(sent, 'handshakes/state.json')).toThrow(
      /\$\.declarations\.__proto__\.handshakes\[0\]\.spec\.name must be a declaration name/,
    );
    const state = parseState(text, 'handshakes/state.json');
    expect(Object.keys(state.declarations).sort()).toEqual(['__proto__', 'constructor']);
    const written = canonicalJsonFile(state);
    expect(Object.keys((JSON.parse(written) as RecordedState).declarations).sort()).toEqual([
      '__proto__',
      'constructor',
    ]);

    await writeFile(join(root, 'handshakes', 'state.json'), text);
    const cli = captureCli(root);
    expect(await run(['plan'], cli.environment)).toBe(0);
    // Neither is declared: the accepted PMA (AWS has no undo) and the name that sent nothing are forgotten, by name.
    expect(cli.stdout()).toContain('Plan: 2 to forget.');
    expect(cli.stdout()).toContain('forget  __proto__');
    expect(cli.stdout()).toContain('forget  constructor');
  });
});
