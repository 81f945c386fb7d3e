import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { temporaryDirectory } from '../helpers.js';

/**
 * Runs git as the tests need it, set up so that it prints no warning or hint: the initial branch is named (no
 * default-branch hint, whatever the machine's git config says), and no empty repository is ever cloned.
 */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'init.defaultBranch',
      GIT_CONFIG_VALUE_0: 'master',
      GIT_CONFIG_KEY_1: 'advice.detachedHead',
      GIT_CONFIG_VALUE_1: 'false',
      GIT_AUTHOR_NAME: 'Dev',
      GIT_AUTHOR_EMAIL: 'dev@example.com',
      GIT_COMMITTER_NAME: 'Dev',
      GIT_COMMITTER_EMAIL: 'dev@example.com',
    },
  }).trim();
}

export interface GitFixture {
  remote: string;
  workspace: string;
  /** Commits files in a second clone and pushes them to master, as another merge would. */
  pushElsewhere(files: Record<string, string>, message: string): Promise<string>;
  /** Commits files in the workspace (as a merge would have) and returns the commit sha. */
  commit(files: Record<string, string>, message: string): Promise<string>;
}

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

/** A bare "GitHub" repository with a master branch, and a workspace cloned from it as actions/checkout would. */
export async function createGitFixture(files: Record<string, string>): Promise<GitFixture> {
  const base = await temporaryDirectory('handshakes-git-');
  const remote = join(base, 'remote.git');
  const seed = join(base, 'seed');
  git(base, 'init', '--quiet', '--bare', '--initial-branch=master', remote);
  // The seed starts as its own repository and pushes the first commit: cloning the empty remote would warn.
  git(base, 'init', '--quiet', '--initial-branch=master', seed);
  git(seed, 'remote', 'add', 'origin', remote);
  await writeFiles(seed, files);
  git(seed, 'add', '-A');
  git(seed, 'commit', '--quiet', '-m', 'initial declarations');
  git(seed, 'push', '--quiet', 'origin', 'HEAD:master');
  const workspace = join(base, 'workspace');
  git(base, 'clone', '--quiet', remote, workspace);
  return {
    remote,
    workspace,
    async pushElsewhere(changed, message) {
      const other = join(base, `other-${Date.now()}`);
      git(base, 'clone', '--quiet', remote, other);
      await writeFiles(other, changed);
      git(other, 'add', '-A');
      git(other, 'commit', '--quiet', '-m', message);
      git(other, 'push', '--quiet', 'origin', 'HEAD:master');
      return git(other, 'rev-parse', 'HEAD');
    },
    async commit(changed, message) {
      await writeFiles(workspace, changed);
      git(workspace, 'add', '-A');
      git(workspace, 'commit', '--quiet', '-m', message);
      git(workspace, 'push', '--quiet', 'origin', 'HEAD:master');
      return git(workspace, 'rev-parse', 'HEAD');
    },
  };
}
