// Issue 16: the state file from a pull request is input, not truth. Every scenario of HOSTILE_STATE_EDITS, the
// budgets, the released format, and what a refusal leaves behind (no API call, the file untouched).

import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/index.js';
import { StateError } from '../../src/core/errors.js';
import { recordIntent } from '../../src/core/intents.js';
import { emptyState, type RecordedState, STATE_VERSION } from '../../src/core/model.js';
import { createPlan } from '../../src/core/plan.js';
import { recordCreation } from '../../src/core/record.js';
import { jsonBudgetProblem, STATE_BUDGETS, stateProblems } from '../../src/core/state-rules.js';
import { parseState, readState, serializeState } from '../../src/files/state.js';
import {
  captureCli,
  declarationsFrom,
  programManagementAccount,
  sending,
  simulatorEnvironment,
  startServicePeriod,
  temporaryDirectory,
} from '../helpers.js';
import { runMeasuredCli } from '../support/measured-cli.js';
import { HOSTILE_STATE_EDITS, type HostileStateShape } from './corpus.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const LINEAGE = '4d7ebd4a-6775-89e7-8729-7f702fd53f6a';

/** A state as apply writes it: alpha (a START) and bravo (a PMA) recorded, charlie's create in flight. */
function validState(): RecordedState {
  const declarations = declarationsFrom(
    startServicePeriod('alpha'),
    programManagementAccount('bravo'),
    programManagementAccount('charlie', 'pma-abcdef123456h'),
  );
  let state = emptyState(LINEAGE);
  const changes = createPlan(declarations, state).changes;
  const context = { appliedAt: '2026-12-01T00:00:00Z', appliedBy: { pullRequest: 7 } };
  const sent = (name: string) => sending(changes.find((change) => change.name === name));
  for (const [name, id] of [
    ['alpha', 'ch-a1pha0000000a'],
    ['bravo', 'ch-brav00000000b'],
  ] as const) {
    state = recordCreation(
      state,
      sent(name),
      {
        id,
        arn: `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/${id}`,
        status: 'PENDING',
      },
      context,
    );
  }
  return recordIntent(state, sent('charlie'), '2026-12-01T00:00:01Z');
}

function edited(edit: (state: HostileStateShape) => void): string {
  const state = JSON.parse(serializeState(validState())) as HostileStateShape;
  edit(state);
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** A loopback endpoint that counts every request: a refused state must cost no API call. */
async function countingEndpoint(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests++;
    response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('the state file is validated by meaning (issue 16: "State from a pull request is input, not truth")', () => {
  it('the state apply writes (with an intent in flight) passes every rule', () => {
    expect(stateProblems(JSON.parse(serializeState(validState())))).toEqual([]);
    // The longest notice a declaration may write (the model's 10 digits) is a value apply records.
    const longest = JSON.parse(serializeState(validState())) as HostileStateShape;
    longest.declarations.alpha.handshakes[0].spec.payload.startServicePeriodPayload.minimumNoticeDays = '9999999999';
    expect(stateProblems(longest)).toEqual([]);
  });

  it.each(HOSTILE_STATE_EDITS)('$name', ({ edit, expected }) => {
    const text = edited(edit);
    if (expected === 'accepted') {
      expect(() => parseState(text, 'handshakes/state.json')).not.toThrow();
      return;
    }
    let message = '';
    try {
      parseState(text, 'handshakes/state.json');
    } catch (error) {
      expect(error).toBeInstanceOf(StateError);
      message = (error as Error).message;
    }
    for (const pattern of expected) expect(message).toMatch(pattern);
    expect(message).toContain('Restore handshakes/state.json from git');
  });

  it('a state v2 file written by the released version (a rename included) is accepted, and its current-version form is accepted again unchanged', async () => {
    const text = await readFile(join(FIXTURES, 'state-v2', 'released-with-rename.json'), 'utf8');
    const state = parseState(text, 'state.json');
    // The rename kept the old name in the spec, as the released version records it: "alpha" is no key any more.
    expect(Object.keys(state.declarations).sort()).toEqual(['alpha-renamed', 'bravo']);
    // Migrated to format version 5, every spec names its key.
    expect(state.declarations['alpha-renamed']?.handshakes.map((entry) => entry.spec.name)).toEqual(['alpha-renamed']);
    // Written in the current version (endedBy settled on the periods), it passes the same rules and reads back byte for byte.
    const written = serializeState(state);
    expect(JSON.parse(written).version).toBe(STATE_VERSION);
    expect(serializeState(parseState(written, 'state.json'))).toBe(written);
  });

  it('the first release’s state still migrates, and is then judged by the same rules', async () => {
    const text = await readFile(join(FIXTURES, 'state-v1', 'state.json'), 'utf8');
    expect(() => parseState(text, 'state.json')).not.toThrow();
    const v1 = JSON.parse(text) as HostileStateShape;
    const [name] = Object.keys(v1.handshakes);
    v1.handshakes[name as string].id = '';
    expect(() => parseState(JSON.stringify(v1), 'state.json')).toThrow(
      /\$\.declarations\.[\w-]+\.handshakes\[0\]\.id must be a channel handshake id/,
    );
    // What migrating relies on is checked on the first release's shape, with its path there.
    delete v1.handshakes[name as string].clientToken;
    expect(() => parseState(JSON.stringify(v1), 'state.json')).toThrow(
      /\$\.handshakes\.[\w-]+\.clientToken must be a string/,
    );
  });

  it('tags nested 3,000 levels deep are refused before parsing, with the JSON path and line, without overflowing', () => {
    const deep = `${'{"x":'.repeat(3000)}"end"${'}'.repeat(3000)}`;
    const text = serializeState(validState()).replace('"tags": {}', `"tags": ${deep}`);
    expect(text).toContain('{"x":{"x":');
    expect(() => parseState(text, 'handshakes/state.json')).toThrow(
      /handshakes\/state\.json:\d+: \$\.declarations\.alpha\.handshakes\[0\]\.spec\.tags(\.x)+ nests deeper than 32 levels.*Restore handshakes\/state\.json from git/s,
    );
    // The budget is exact: 32 levels pass the scan, 33 do not.
    expect(jsonBudgetProblem(`${'['.repeat(32)}${']'.repeat(32)}`)).toBeUndefined();
    expect(jsonBudgetProblem(`${'['.repeat(33)}${']'.repeat(33)}`)?.path).toBe(`$${'[0]'.repeat(32)}`);
    // Brackets inside strings are text, not nesting.
    expect(jsonBudgetProblem(JSON.stringify({ note: '['.repeat(100) }))).toBeUndefined();
  });

  it('a 200 MB state file is refused before it is read: bounded memory, exit 1, state untouched', async () => {
    const root = await temporaryDirectory('handshakes-hostile-');
    await mkdir(join(root, 'handshakes'));
    await writeFile(join(root, 'handshakes', 'a.yaml'), programManagementAccount('a'));
    const path = join(root, 'handshakes', 'state.json');
    // A valid start, then a sparse tail: 200 MB on paper, nothing on disk, and nothing to read if the size is judged.
    const head = serializeState(validState());
    const handle = await open(path, 'w');
    await handle.write(head);
    await handle.truncate(200 * 1024 * 1024);
    await handle.close();
    await expect(readState(path)).rejects.toThrow(
      /is 200\.0 MiB, over the 16 MiB budget for a state file, so it is not read/,
    );
    const measured = await runMeasuredCli(root, ['plan']);
    expect(measured.code, measured.stderr).toBe(1);
    expect(measured.stderr).toMatch(/over the 16 MiB budget.*Restore \S+ from git/s);
    expect(measured.stderr).not.toMatch(/\n\s+at /);
    // Node alone is about 50 MB; reading the file would be over 200.
    expect(measured.peakRssMb).toBeLessThan(120);
    expect(STATE_BUDGETS.maxBytes).toBe(16 * 1024 * 1024);
  });

  it('a refused state costs no API call and is left byte for byte as it was (apply, refresh)', async () => {
    const endpoint = await countingEndpoint();
    try {
      const root = await temporaryDirectory('handshakes-hostile-');
      await mkdir(join(root, 'handshakes'));
      await writeFile(join(root, 'handshakes', 'a.yaml'), startServicePeriod('alpha'));
      const text = edited((state) => {
        state.declarations.alpha.handshakes[0].id = '';
      });
      await writeFile(join(root, 'handshakes', 'state.json'), text);
      for (const command of [['apply', '--auto-approve'], ['refresh'], ['plan']]) {
        const cli = captureCli(root, simulatorEnvironment(endpoint.url));
        expect(await run(command, cli.environment), cli.stderr()).toBe(1);
        expect(cli.stderr()).toContain('$.declarations.alpha.handshakes[0].id must be a channel handshake id');
        expect(cli.stderr()).toMatch(/Restore \S+ from git/);
      }
      expect(endpoint.requests()).toBe(0);
      expect(await readFile(join(root, 'handshakes', 'state.json'), 'utf8')).toBe(text);
    } finally {
      await endpoint.close();
    }
  });

  it('--state under a regular file (ENOTDIR) is a clear user error, not a stack trace', async () => {
    const root = await temporaryDirectory('handshakes-hostile-');
    await mkdir(join(root, 'handshakes'));
    await writeFile(join(root, 'handshakes', 'a.yaml'), programManagementAccount('a'));
    await writeFile(join(root, 'not-a-directory'), 'a regular file');
    for (const command of [['plan'], ['apply', '--auto-approve'], ['refresh'], ['import']]) {
      const cli = captureCli(root);
      expect(await run([...command, '--state', 'not-a-directory/state.json'], cli.environment)).toBe(1);
      expect(cli.stderr()).toContain('a part of its path that must be a directory is a regular file');
      expect(cli.stderr()).not.toMatch(/ENOTDIR|\n\s+at |internal error/i);
    }
  });
});
