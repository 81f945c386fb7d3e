// Issue 19: the package installs as a CLI. `npm pack`, then an install of the tarball in an empty folder, gives a
// working `handshakes --version` with at most a handful of packages, because dist/ bundles everything it loads.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/index.js';
import { captureCli, temporaryDirectory } from './helpers.js';

const REPOSITORY = join(import.meta.dirname, '..');
const manifest = JSON.parse(await readFile(join(REPOSITORY, 'package.json'), 'utf8')) as {
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  bin: Record<string, string>;
  engines: { node: string };
  files: string[];
};

function npm(args: string[], cwd: string): string {
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    // No audit, funding or update notices: the install needs nothing but the tarball.
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' },
  });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('the npm package', () => {
  let packed: { filename: string; size: number; files: { path: string }[] };
  let installed: string;

  beforeAll(async () => {
    const destination = await temporaryDirectory('handshakes-pack-');
    packed = (
      JSON.parse(npm(['pack', '--json', '--pack-destination', destination], REPOSITORY)) as (typeof packed)[]
    )[0] as typeof packed;
    installed = await temporaryDirectory('handshakes-install-');
    await writeFile(join(installed, 'package.json'), '{ "name": "empty", "version": "0.0.0", "private": true }\n');
    // --offline: a tarball without dependencies needs no registry at all.
    npm(['install', '--offline', join(destination, packed.filename)], installed);
  }, 120_000);

  it('is a public package with a real version, a bin and no runtime dependency (dist/ bundles them)', () => {
    expect(manifest.private).toBeUndefined();
    expect(manifest.version).toMatch(/^[1-9]\d*\.\d+\.\d+$/);
    expect(manifest.bin).toEqual({ handshakes: 'dist/cli.js' });
    expect(manifest.dependencies ?? {}).toEqual({});
    // The versions CI runs the CLI on (.github/workflows/ci.yml: Node 22 and 24).
    expect(manifest.engines.node).toBe('>=22');
  });

  it('ships dist, the schema, action.yml, the README, the changelog and the license, and no source or tests', () => {
    const paths = packed.files.map((file) => file.path);
    for (const path of [
      'dist/cli.js',
      'dist/index.js',
      'schemas/handshake.schema.json',
      'action.yml',
      'README.md',
      'LICENSE',
    ]) {
      expect(paths).toContain(path);
    }
    expect(paths.filter((path) => /^(src|test|\.github|scripts|bench|handshakes)\//.test(path))).toEqual([]);
  });

  it('installed from the tarball into an empty folder: handshakes --version works, with at most a handful of packages', () => {
    const bin = join(installed, 'node_modules', '.bin', 'handshakes');
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(version.stderr).toBe('');
    expect(version.stdout).toBe(`${manifest.version}\n`);
    expect(version.status).toBe(0);
    const packages = npm(['ls', '--all', '--parseable'], installed).trim().split('\n').slice(1);
    expect(packages.length).toBeLessThanOrEqual(5);
    const validate = spawnSync(bin, ['validate', '--help'], { encoding: 'utf8' });
    expect(validate.status).toBe(0);
  });
});

describe('handshakes --version', () => {
  it.each([['--version'], ['-V']])('%s prints the package version and exits 0', async (flag) => {
    const cli = captureCli(await temporaryDirectory());
    expect(await run([flag], cli.environment)).toBe(0);
    expect(cli.stdout()).toBe(`${manifest.version}\n`);
  });
});

describe('the simulator prints its public demo keys in clear, and nothing else', () => {
  const demoLines = [
    'AWS_ACCESS_KEY_ID=AKIASIMULATOR0000001',
    'AWS_SECRET_ACCESS_KEY=simulator/secret/key/not/a/real/one/000001',
  ];

  it.each([[['simulate', '--help']], [['help', 'simulate']]])('%j, even with those keys exported', async (argv) => {
    const cli = captureCli(await temporaryDirectory(), {
      AWS_ACCESS_KEY_ID: 'AKIASIMULATOR0000001',
      AWS_SECRET_ACCESS_KEY: 'simulator/secret/key/not/a/real/one/000001',
    });
    expect(await run(argv, cli.environment)).toBe(0);
    for (const line of demoLines) expect(cli.stdout()).toContain(line);
    expect(cli.stdout()).not.toContain('[redacted]');
  });

  it('the banner of a running simulator, ready to copy', async () => {
    const cli = captureCli(await temporaryDirectory());
    const stopAtOnce = { ...cli.environment, interrupted: () => Promise.resolve() };
    expect(await run(['simulate', '--port', '0'], stopAtOnce)).toBe(0);
    for (const line of demoLines) expect(cli.stdout()).toContain(`  export ${line}\n`);
    expect(cli.stdout()).not.toContain('[redacted]');
  });

  it('other commands still redact those values when they echo them', async () => {
    const cli = captureCli(await temporaryDirectory());
    expect(await run(['validate', '--dir', 'AKIASIMULATOR0000001'], cli.environment)).toBe(1);
    expect(`${cli.stdout()}${cli.stderr()}`).not.toContain('AKIASIMULATOR0000001');
  });
});
