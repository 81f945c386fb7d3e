// Containment and file kinds: a pull request controls file names, links and the Action's path inputs, so nothing it
// writes may make the tools read outside the repository, open a FIFO or a directory, or accept undecodable text.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInputs } from '../../src/action/inputs.js';
import { run } from '../../src/cli/index.js';
import { captureCli, programManagementAccount, startServicePeriod, temporaryDirectory } from '../helpers.js';
import { runMeasuredCli } from '../support/measured-cli.js';
import { runAction } from '../support/runner.js';

const SECRET = 'outside-secret-7f3a';

async function layout(): Promise<{ root: string; repository: string; outside: string }> {
  const root = await temporaryDirectory('handshakes-paths-');
  const repository = join(root, 'repository');
  const outside = join(root, 'outside');
  await mkdir(join(repository, 'handshakes'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(join(outside, 'leak.yaml'), `name: ${SECRET}\nnot: [valid\n`);
  await writeFile(join(outside, 'state.json'), `{"${SECRET}": true}`);
  return { root, repository, outside };
}

function inputs(values: Record<string, string>) {
  return parseInputs((name) => values[name] ?? '');
}

describe('containment: declarations and state stay inside the repository', () => {
  it('refuses a declarations directory that is a link to outside, echoing nothing of it', async () => {
    const { root, outside } = await layout();
    const repository = join(root, 'linked');
    await mkdir(repository);
    await symlink(outside, join(repository, 'handshakes'));
    for (const command of ['validate', 'plan']) {
      const cli = captureCli(repository);
      expect(await run([command], cli.environment)).toBe(1);
      expect(cli.stderr()).toContain('the declarations directory handshakes leads outside the repository');
      expect(cli.stdout() + cli.stderr()).not.toContain(SECRET);
    }
  });

  it('refuses --dir and --state that climb out of the repository with ".."', async () => {
    const { repository } = await layout();
    await writeFile(join(repository, 'handshakes', 'a.yaml'), programManagementAccount('a'));
    const climbing = captureCli(repository);
    expect(await run(['validate', '--dir', '../outside'], climbing.environment)).toBe(1);
    expect(climbing.stderr()).toContain('the declarations directory ../outside leads outside the repository');
    expect(climbing.stdout() + climbing.stderr()).not.toContain(SECRET);
    const state = captureCli(repository);
    expect(await run(['plan', '--state', '../outside/state.json'], state.environment)).toBe(1);
    expect(state.stderr()).toContain('leads outside the repository');
    expect(state.stdout() + state.stderr()).not.toContain(SECRET);
  });

  it('inside git, the boundary is the top level: a sub-directory may use a sibling folder of the repository', async () => {
    const { repository } = await layout();
    execFileSync('git', ['init', '--quiet', repository]);
    await mkdir(join(repository, 'tools'));
    await writeFile(join(repository, 'handshakes', 'a.yaml'), startServicePeriod('a'));
    const cli = captureCli(join(repository, 'tools'));
    expect(await run(['validate', '--dir', '../handshakes'], cli.environment)).toBe(0);
    expect(cli.stdout()).toContain('../handshakes: 1 declaration valid');
  });

  it('refuses a state file that is a symbolic link, even to a file inside the repository', async () => {
    const { repository } = await layout();
    await writeFile(join(repository, 'handshakes', 'a.yaml'), programManagementAccount('a'));
    await writeFile(join(repository, 'real-state.json'), '{}');
    await symlink(join(repository, 'real-state.json'), join(repository, 'handshakes', 'state.json'));
    const cli = captureCli(repository);
    expect(await run(['plan'], cli.environment)).toBe(1);
    expect(cli.stderr()).toContain('is a symbolic link, which is refused');
    expect(cli.stderr()).toContain('Replace the link with the file itself.');
  });

  it('the Action stops when its directory leads outside GITHUB_WORKSPACE, with nothing of it in log or summary', async () => {
    const { root, outside } = await layout();
    const workspace = join(root, 'workspace');
    await mkdir(workspace);
    await symlink(outside, join(workspace, 'handshakes'));
    const result = await runAction({
      node: process.execPath,
      workspace,
      event: 'push',
      payload: {},
      inputs: { command: 'validate' },
      env: {},
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('the declarations directory handshakes leads outside the repository');
    expect(result.stdout + result.stderr + result.summary).not.toContain(SECRET);
  });

  it('the Action refuses ".." in its directory and state-file inputs before reading anything', () => {
    expect(() => inputs({ directory: '../outside' })).toThrow(/input directory must be a path inside the repository/);
    expect(() => inputs({ directory: 'handshakes/../../outside' })).toThrow(/input directory/);
    expect(() => inputs({ 'state-file': 'handshakes/../../state.json' })).toThrow(/input state-file/);
    expect(inputs({ directory: 'teams/a', 'state-file': 'teams/a/state.json' })).toMatchObject({
      directory: 'teams/a',
      stateFile: 'teams/a/state.json',
    });
  });
});

describe('only regular files are opened', () => {
  it('a FIFO named *.yaml is an error at its path, and the run does not wait for a writer', async () => {
    const { repository } = await layout();
    await writeFile(join(repository, 'handshakes', 'a.yaml'), programManagementAccount('a'));
    spawnSync('mkfifo', [join(repository, 'handshakes', 'f.yaml')]);
    const result = await runMeasuredCli(repository, ['validate'], 30_000);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'handshakes/f.yaml:1:1: error: this is not a regular file (a FIFO, socket or device)',
    );
    expect(result.stdout).toContain('handshakes: 1 declaration valid, 1 file refused; 1 error, 0 warnings.');
  });

  it('a link to a directory named *.yaml is an error at its path, not an internal EISDIR', async () => {
    const { repository } = await layout();
    await mkdir(join(repository, 'handshakes', 'folder'));
    await symlink(join(repository, 'handshakes', 'folder'), join(repository, 'handshakes', 'd.yaml'));
    const cli = captureCli(repository);
    expect(await run(['validate'], cli.environment)).toBe(1);
    expect(cli.stdout()).toContain('handshakes/d.yaml:1:1: error: this symbolic link leads to a directory');
    expect(cli.stdout() + cli.stderr()).not.toContain('EISDIR');
  });

  it('a link to a file inside the directory is still read', async () => {
    const { repository } = await layout();
    await mkdir(join(repository, 'handshakes', 'shared'));
    await writeFile(join(repository, 'handshakes', 'shared', 'a.yml'), programManagementAccount('a'));
    await symlink(join(repository, 'handshakes', 'shared', 'a.yml'), join(repository, 'handshakes', 'b.yaml'));
    const cli = captureCli(repository);
    expect(await run(['validate'], cli.environment)).toBe(1);
    // Both names lead to one declaration: read twice, so its name is a duplicate — the link was followed.
    expect(cli.stdout()).toContain('the name "a" is already used at handshakes/b.yaml:1:1');
  });
});

describe('text is decoded strictly', () => {
  it('invalid UTF-8 in a note is an error at file:line:column, never replaced and sent', async () => {
    const { repository } = await layout();
    // "Café" in Latin-1: the é is the single byte 0xE9, which UTF-8 cannot begin a character with.
    const source = startServicePeriod('a', { note: 'Caf' });
    const at = source.indexOf('"Caf"') + 4;
    const text = Buffer.concat([Buffer.from(source.slice(0, at)), Buffer.from([0xe9]), Buffer.from(source.slice(at))]);
    await writeFile(join(repository, 'handshakes', 'a.yaml'), text);
    const cli = captureCli(repository);
    expect(await run(['plan'], cli.environment)).toBe(1);
    expect(cli.stderr()).toContain('handshakes/a.yaml:10:15: error: this file is not valid UTF-8');
    expect(cli.stdout()).toBe('');
  });

  it('a byte order mark is accepted', async () => {
    const { repository } = await layout();
    await writeFile(join(repository, 'handshakes', 'a.yaml'), `\uFEFF${programManagementAccount('a')}`);
    const cli = captureCli(repository);
    expect(await run(['validate'], cli.environment)).toBe(0);
    expect(await readFile(join(repository, 'handshakes', 'a.yaml'))).toHaveLength(
      Buffer.byteLength(programManagementAccount('a')) + 3,
    );
  });
});
