// npm start: the demo plans and applies the examples against a scratch copy of the state in the temporary
// directory, outside the repository on purpose; containment (a user's --state must lie inside) must not refuse it.
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/index.js';
import { captureCli, temporaryDirectory } from './helpers.js';

const REPOSITORY = join(import.meta.dirname, '..');

describe('handshakes demo', () => {
  it('runs validate → plan → apply → plan on the examples and leaves the committed state untouched', async () => {
    const root = await temporaryDirectory();
    await cp(join(REPOSITORY, 'handshakes'), join(root, 'handshakes'), { recursive: true });
    const before = await readFile(join(root, 'handshakes', 'state.json'), 'utf8').catch(() => undefined);
    const cli = captureCli(root);
    expect(await run(['demo'], cli.environment)).toBe(0);
    expect(cli.stderr()).not.toContain('outside the repository');
    expect(cli.stdout()).toContain('3. plan again: everything declared is now recorded');
    expect(await readFile(join(root, 'handshakes', 'state.json'), 'utf8').catch(() => undefined)).toBe(before);
  });

  it('still runs as shipped two years from today (issue 19: no example date expires)', async () => {
    const root = await temporaryDirectory();
    await cp(join(REPOSITORY, 'handshakes'), join(root, 'handshakes'), { recursive: true });
    const cli = captureCli(root);
    const twoYearsAhead = new Date(Date.now() + 2 * 366 * 24 * 60 * 60 * 1000);
    expect(await run(['demo'], { ...cli.environment, now: () => twoYearsAhead })).toBe(0);
    expect(cli.stderr()).not.toMatch(/error|not in the future/i);
    expect(cli.stdout()).toContain('3. plan again: everything declared is now recorded');
    expect(cli.stdout()).not.toMatch(/error/i);
  });
});
