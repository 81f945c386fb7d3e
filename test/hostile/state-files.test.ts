import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/index.js';
import { firstDuplicateKey } from '../../src/core/json-duplicates.js';
import { emptyState } from '../../src/core/model.js';
import { parseState, serializeState } from '../../src/files/state.js';
import { Simulator } from '../../src/simulator/server.js';
import { NO_QUOTAS } from '../../src/simulator/service.js';
import {
  captureCli,
  programManagementAccount,
  simulatorEnvironment,
  startServicePeriod,
  temporaryDirectory,
} from '../helpers.js';

const REPOSITORY = join(import.meta.dirname, '..', '..');

const simulators: Simulator[] = [];
afterEach(async () => {
  for (const simulator of simulators.splice(0)) await simulator.stop();
});

describe('a hostile or damaged state.json', () => {
  it('a byte-order mark before the JSON is tolerated', async () => {
    const text = `\uFEFF${serializeState({ ...emptyState('l-1'), serial: 4 })}`;
    expect(parseState(text, 'handshakes/state.json').serial).toBe(4);

    const root = await temporaryDirectory('handshakes-hostile-');
    await mkdir(join(root, 'handshakes'));
    await writeFile(join(root, 'handshakes', 'a.yaml'), programManagementAccount('a'));
    await writeFile(join(root, 'handshakes', 'state.json'), text);
    const cli = captureCli(root);
    expect(await run(['plan'], cli.environment)).toBe(0);
    expect(cli.stdout()).toContain('1 to create');
  });

  it('a key written twice in one object is an error naming the key and its line, at any depth', () => {
    const top = '{\n  "version": 1,\n  "version": 1,\n  "lineage": "l",\n  "serial": 0,\n  "handshakes": {}\n}\n';
    expect(() => parseState(top, 'handshakes/state.json')).toThrow(
      /handshakes\/state\.json:3: the key "version" appears twice in the same object/,
    );
    const entry = '{"id":"ch-1"}';
    const nested = `{"version":1,"lineage":"l","serial":0,"handshakes":{\n"acme":${entry},\n"acme":${entry}}}`;
    expect(() => parseState(nested, 'handshakes/state.json')).toThrow(/:3: the key "acme" appears twice/);
    // Equal keys in different objects, and a key equal to a string value, are fine.
    expect(() =>
      parseState('{"version":1,"lineage":"version","serial":0,"handshakes":{}}', 'handshakes/state.json'),
    ).not.toThrow();
  });

  it('the duplicate-key scan never accuses valid JSON, and finds a repeated key however it is escaped', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, indent) => {
        const text = JSON.stringify({ value }, null, indent ? 2 : 0);
        expect(firstDuplicateKey(text)).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), (key, value) => {
        const member = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
        // The same key spelled with \u escapes is the same key to JSON.parse.
        const escaped = `"${[...key].map((character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
        expect(firstDuplicateKey(`{${member},${escaped}:1}`)?.key).toBe(key);
      }),
    );
  });

  it('a write that fails part-way (the file-size limit, as on a full disk) leaves no .state-*.tmp behind', async () => {
    const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
    simulators.push(simulator);
    const url = await simulator.start();
    const root = await temporaryDirectory('handshakes-hostile-');
    await mkdir(join(root, 'handshakes'));
    await writeFile(
      join(root, 'handshakes', 'all.yaml'),
      [
        startServicePeriod('one', { relationship: 'rs-aaaaaaaaaaaa1' }),
        startServicePeriod('two', { relationship: 'rs-aaaaaaaaaaaa2' }),
      ].join('---\n'),
    );
    // `ulimit -f 1`: no file over 1 KiB. With SIGXFSZ ignored (inherited across exec), the write fails with EFBIG
    // after the first KiB, as a write to a full disk fails with ENOSPC: a real failure of a real write.
    const child = spawn(
      'bash',
      [
        '-c',
        `trap '' XFSZ; ulimit -f 1; exec "${process.execPath}" "${join(REPOSITORY, 'dist', 'cli.js')}" apply --auto-approve`,
      ],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: root,
          ...simulatorEnvironment(url),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number>((resolve) => child.on('close', (exit) => resolve(exit ?? -1)));
    expect(code, output).toBe(1);
    expect(output).toMatch(/EFBIG|file too large/i);
    expect((await readdir(join(root, 'handshakes'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // What AWS accepted is not lost: the state on disk is either absent or whole.
    const state = await readFile(join(root, 'handshakes', 'state.json'), 'utf8').catch(() => undefined);
    if (state !== undefined) expect(() => parseState(state, 'state.json')).not.toThrow();
  });
});
