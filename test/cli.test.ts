import { spawnSync } from 'node:child_process';
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/index.js';
import { captureCli, programManagementAccount, startServicePeriod, temporaryDirectory } from './helpers.js';
import { runtimes } from './support/runtimes.js';

const REPOSITORY = join(import.meta.dirname, '..');

async function workspace(files: Record<string, string>): Promise<string> {
  const root = await temporaryDirectory();
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

describe('handshakes validate', () => {
  it('exits 0 for valid declarations, with warnings that never fail', async () => {
    const root = await workspace({ 'handshakes/a.yaml': startServicePeriod('a', { days: 45 }) });
    const cli = captureCli(root);
    expect(await run(['validate'], cli.environment)).toBe(0);
    expect(cli.stdout()).toContain(
      'handshakes/a.yaml:9:24: warning: payload.startServicePeriodPayload.minimumNoticeDays',
    );
    expect(cli.stdout()).toContain('handshakes: 1 declaration valid; 0 errors, 1 warning.');
  });

  it('reports every error of every file with file:line:column and exits 1', async () => {
    const root = await workspace({
      'handshakes/a.yaml': startServicePeriod('a').replace('catalog: AWS', 'catalog: AWS-1'),
      'handshakes/nested/b.yml': startServicePeriod('b').replace('handshakeType', 'handshakeTyp'),
      'handshakes/README.md': 'not a declaration',
    });
    const cli = captureCli(root);
    expect(await run(['validate'], cli.environment)).toBe(1);
    expect(cli.stdout()).toContain(
      'handshakes/a.yaml:3:10: error: catalog: "AWS-1" is not in the expected form: only letters.',
    );
    expect(cli.stdout()).toContain(
      'handshakes/nested/b.yml:2:1: error: handshakeTyp: unknown field "handshakeTyp", did you mean "handshakeType"?',
    );
    // The typo is one error, not also a missing handshakeType.
    expect(cli.stdout()).toContain('2 errors');
  });

  it('prints workflow commands with --format github', async () => {
    const root = await workspace({
      'handshakes/a.yaml': startServicePeriod('a').replace('catalog: AWS', 'catalog: AWS-1'),
    });
    const cli = captureCli(root);
    expect(await run(['validate', '--format', 'github'], cli.environment)).toBe(1);
    expect(cli.stdout()).toMatch(
      /^::error file=handshakes\/a\.yaml,line=3,col=10,title=channel-handshakes%3A catalog::/m,
    );
  });

  it('refuses files over 1 MB and links that leave the directory', async () => {
    const root = await workspace({
      'handshakes/big.yaml': `# ${'x'.repeat(1024 * 1024)}\n`,
      'outside.yaml': programManagementAccount('outside'),
    });
    await symlink(join(root, 'outside.yaml'), join(root, 'handshakes', 'link.yaml'));
    const cli = captureCli(root);
    expect(await run(['validate'], cli.environment)).toBe(1);
    expect(cli.stdout()).toContain('handshakes/big.yaml:1:1: error: this file is');
    expect(cli.stdout()).toContain('handshakes/link.yaml:1:1: error: this symbolic link leads outside handshakes');
  });

  it('explains a missing directory', async () => {
    const root = await workspace({});
    const cli = captureCli(root);
    expect(await run(['validate', '--dir', 'nowhere'], cli.environment)).toBe(1);
    expect(cli.stderr()).toContain('cannot read the declarations directory nowhere: it does not exist');
  });
});

describe('handshakes plan', () => {
  it('prints the plan and follows the exit-code conventions', async () => {
    const root = await workspace({ 'handshakes/a.yaml': startServicePeriod('acme') });
    const cli = captureCli(root);
    expect(await run(['plan'], cli.environment)).toBe(0);
    expect(cli.stdout()).toContain('Plan: 1 to create.');
    const detailed = captureCli(root);
    expect(await run(['plan', '--detailed-exitcode', '--format', 'json'], detailed.environment)).toBe(2);
    // Exit code 2 is not an error: a line on standard error says so, and standard output stays one JSON document.
    expect(detailed.stderr()).toContain(
      '\nExit code 2 (--detailed-exitcode): the plan has changes, not an error. Apply them with "handshakes apply".\n',
    );
    expect(() => JSON.parse(detailed.stdout())).not.toThrow();
    const empty = await workspace({ 'handshakes/.keep.yaml': '# nothing declared\n' });
    const none = captureCli(empty);
    expect(await run(['plan', '--detailed-exitcode'], none.environment)).toBe(0);
    expect(none.stderr()).not.toContain('Exit code');
  });

  it('gives the same plan in any clone of the repository', async () => {
    const first = await workspace({ 'handshakes/a.yaml': startServicePeriod('acme') });
    const second = await temporaryDirectory();
    await cp(first, second, { recursive: true });
    const plans = await Promise.all(
      [first, second].map(async (root) => {
        const cli = captureCli(root);
        await run(['plan', '--format', 'json'], cli.environment);
        return JSON.parse(cli.stdout());
      }),
    );
    expect(plans[0].digest).toBe(plans[1].digest);
    expect(plans[0].changes[0].clientToken).toBe(plans[1].changes[0].clientToken);
  });

  it('writes the JSON plan to --out and refuses to plan invalid declarations', async () => {
    const root = await workspace({ 'handshakes/a.yaml': startServicePeriod('acme') });
    const cli = captureCli(root);
    expect(await run(['plan', '--format', 'markdown', '--out', 'plan.json'], cli.environment)).toBe(0);
    expect(cli.stdout()).toContain('### 1 to create · channel-handshakes plan for `handshakes`');
    const saved = JSON.parse(await readFile(join(root, 'plan.json'), 'utf8'));
    expect(saved.summary.create).toBe(1);

    const invalid = await workspace({ 'handshakes/a.yaml': 'name: [' });
    const bad = captureCli(invalid);
    expect(await run(['plan'], bad.environment)).toBe(1);
    expect(bad.stderr()).toContain('No plan: fix the 1 error above first.');
  });

  it('refuses a damaged state file instead of planning against nothing', async () => {
    const root = await workspace({ 'handshakes/a.yaml': startServicePeriod('acme'), 'handshakes/state.json': '{' });
    const cli = captureCli(root);
    expect(await run(['plan'], cli.environment)).toBe(1);
    expect(cli.stderr()).toContain('handshakes/state.json is not valid JSON');
  });

  it('has help for every command and rejects unknown options', async () => {
    for (const command of ['validate', 'plan']) {
      const cli = captureCli(REPOSITORY);
      expect(await run([command, '--help'], cli.environment)).toBe(0);
      expect(cli.stdout()).toContain(`Usage: handshakes ${command}`);
    }
    const cli = captureCli(REPOSITORY);
    expect(await run(['plan', '--bogus'], cli.environment)).toBe(1);
    expect(cli.stderr()).toContain("Unknown option '--bogus'");
  });

  it('apply paces tagging by --rate-tag, not by --rate-list', async () => {
    const root = await workspace({ 'handshakes/a.yaml': startServicePeriod('a') });
    const refused = captureCli(root);
    const args = ['apply', '--auto-approve', '--endpoint', 'http://127.0.0.1:9', '--rate-list', '10'];
    expect(await run([...args, '--rate-tag', '0'], refused.environment)).toBe(1);
    expect(refused.stderr()).toContain('--rate-tag takes a number of requests per second above 0, not "0".');
    const list = captureCli(root);
    expect(await run(['apply', '--auto-approve', '--rate-list', 'fast'], list.environment)).toBe(1);
    expect(list.stderr()).toContain('--rate-list takes a number of requests per second above 0, not "fast".');
    expect(list.stderr()).not.toContain('--rate-tag');
  });
});

describe.each(runtimes())('the bundled CLI on %s', (_label, node) => {
  it('runs with plain node and plans the examples', () => {
    const result = spawnSync(node, [join(REPOSITORY, 'dist', 'cli.js'), 'plan'], {
      cwd: REPOSITORY,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // The examples' explicit REVOKE_SERVICE_PERIOD ends a period started elsewhere: it is counted as a revoke.
    expect(result.stdout).toMatch(/^Plan: 1 to revoke, \d+ to create\./);
    for (const type of ['PROGRAM_MANAGEMENT_ACCOUNT', 'START_SERVICE_PERIOD', 'REVOKE_SERVICE_PERIOD']) {
      expect(result.stdout).toContain(type);
    }
  });
});
