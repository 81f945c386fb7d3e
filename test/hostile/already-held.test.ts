import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/index.js';
import { captureCli, programManagementAccount, startServicePeriod, temporaryDirectory } from '../helpers.js';

// The hostile inputs of issue 10 that the first release already held, kept here so they keep holding: each with its
// files, the command, and the outcome a user sees. (The non-bot marker comment and the fork token are exercised in
// action.e2e.test.ts and ../action.e2e.test.ts; path escapes and size limits have their own files in this folder.)

interface HeldCase {
  name: string;
  files: Record<string, string>;
  /** Links to create: path → target, relative to the repository root. */
  links?: Record<string, string>;
  command: string[];
  exit: number;
  /** Substrings of stdout + stderr. */
  output: string[];
}

const STATE_ENTRY_MISSING_FIELDS = JSON.stringify({
  version: 1,
  lineage: 'l-1',
  serial: 1,
  handshakes: { acme: { id: 'ch-1' } },
});

const HELD: readonly HeldCase[] = [
  {
    name: 'a YAML alias bomb',
    files: {
      'handshakes/bomb.yaml': `${['a: &a ["x","x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]'].join('\n')}\n`,
    },
    command: ['validate'],
    exit: 1,
    output: ['handshakes/bomb.yaml:1:1: error:', 'expands aliases (*name) more than 100 times'],
  },
  {
    name: 'a key written twice in a declaration',
    files: { 'handshakes/a.yaml': `${programManagementAccount('a')}catalog: AWS\n` },
    command: ['validate'],
    exit: 1,
    output: ['handshakes/a.yaml:5:1: error:', 'Map keys must be unique'],
  },
  {
    name: 'a symbolic link to a file inside the directory',
    files: { 'handshakes/real/a.yaml': programManagementAccount('a') },
    links: { 'handshakes/link.yaml': 'real/a.yaml' },
    command: ['validate'],
    exit: 1,
    output: ['the name "a" is already used'],
  },
  {
    name: 'a state that is not JSON',
    files: { 'handshakes/a.yaml': programManagementAccount('a'), 'handshakes/state.json': '{"version": 1,' },
    command: ['plan'],
    exit: 1,
    output: ['handshakes/state.json is not valid JSON', 'never reset automatically'],
  },
  {
    name: 'a state entry without the fields planning relies on',
    files: { 'handshakes/a.yaml': programManagementAccount('a'), 'handshakes/state.json': STATE_ENTRY_MISSING_FIELDS },
    command: ['plan'],
    exit: 1,
    output: ['handshakes.acme.arn must be a string', 'handshakes.acme.status must be one of'],
  },
  {
    name: 'a state of another version',
    files: {
      'handshakes/a.yaml': programManagementAccount('a'),
      'handshakes/state.json': '{"version":99,"lineage":"l","serial":0,"handshakes":{}}',
    },
    command: ['plan'],
    exit: 1,
    output: ['version must be'],
  },
  {
    name: 'a note with a control character',
    files: { 'handshakes/a.yaml': startServicePeriod('a', { note: 'tab\there' }) },
    command: ['validate'],
    exit: 1,
    output: ['handshakes/a.yaml:10:11: error: payload.startServicePeriodPayload.note:'],
  },
];

describe.each(HELD)('already held: $name', ({ files, links, command, exit, output }) => {
  it(`handshakes ${command.join(' ')} exits ${exit} and explains`, async () => {
    const root = await temporaryDirectory('handshakes-held-');
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(root, path, '..'), { recursive: true });
      await writeFile(join(root, path), text);
    }
    for (const [path, target] of Object.entries(links ?? {})) await symlink(target, join(root, path));
    const before = await readFile(join(root, 'handshakes', 'state.json'), 'utf8').catch(() => undefined);
    const cli = captureCli(root);
    expect(await run(command, cli.environment)).toBe(exit);
    for (const expected of output) expect(`${cli.stdout()}${cli.stderr()}`).toContain(expected);
    // Bad input leaves the state untouched.
    expect(await readFile(join(root, 'handshakes', 'state.json'), 'utf8').catch(() => undefined)).toBe(before);
  });
});
