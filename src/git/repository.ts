import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git with arguments in the repository; injected so tests can watch or replace it. */
export type GitRunner = (args: string[]) => Promise<GitResult>;

export function createGitRunner(cwd: string, env: Record<string, string | undefined> = process.env): GitRunner {
  return (args) =>
    new Promise((resolve) => {
      execFile(
        'git',
        args,
        { cwd, env: env as NodeJS.ProcessEnv, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });
}

class GitError extends Error {
  override readonly name: string = 'GitError';
}

async function must(git: GitRunner, args: string[]): Promise<string> {
  const result = await git(args);
  if (result.code !== 0) {
    throw new GitError(`git ${args.join(' ')} failed: ${(result.stderr || result.stdout).trim()}`);
  }
  return result.stdout.trim();
}

const BOT_AUTHOR = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

export interface CommitRequest {
  git: GitRunner;
  workspace: string;
  /** Repository-relative path of the state file. */
  path: string;
  branch: string;
  message: string;
  /** Writes the state to commit. Called again after a fetch, with the newest committed state's text. */
  write(newestText: string | undefined): Promise<void>;
  maxAttempts?: number;
}

export interface CommitOutcome {
  sha: string;
  attempts: number;
}

function rejectedAsStale(result: GitResult): boolean {
  return /non-fast-forward|fetch first|rejected|stale info|failed to update ref/i.test(result.stderr);
}

/**
 * Commits the state file and pushes it to `branch`. When someone else pushed first, fetches the branch, lets
 * `write` rebuild the state on top of the newest one, and tries again, a bounded number of times.
 */
export async function commitAndPush(request: CommitRequest): Promise<CommitOutcome> {
  const { git, path, branch } = request;
  const maxAttempts = request.maxAttempts ?? 5;
  let newest: string | undefined;
  for (let attempt = 1; ; attempt++) {
    await request.write(newest);
    await must(git, ['add', '--', path]);
    const staged = await git(['diff', '--cached', '--quiet', '--', path]);
    if (staged.code !== 0) {
      await must(git, [
        '-c',
        `user.name=${BOT_AUTHOR.name}`,
        '-c',
        `user.email=${BOT_AUTHOR.email}`,
        'commit',
        '--quiet',
        '-m',
        request.message,
        '--',
        path,
      ]);
    }
    const pushed = await git(['push', '--porcelain', 'origin', `HEAD:refs/heads/${branch}`]);
    if (pushed.code === 0) {
      return { sha: await must(git, ['rev-parse', 'HEAD']), attempts: attempt };
    }
    if (!rejectedAsStale(pushed) || attempt >= maxAttempts) {
      throw new GitError(
        `git push to ${branch} failed after ${attempt} attempt(s): ${(pushed.stderr || pushed.stdout).trim()}`,
      );
    }
    await must(git, ['fetch', '--quiet', 'origin', branch]);
    await must(git, ['reset', '--quiet', '--hard', 'FETCH_HEAD']);
    newest = await readFile(join(request.workspace, path), 'utf8').catch(() => undefined);
  }
}
