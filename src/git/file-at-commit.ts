import type { GitRunner } from './repository.js';

// Reading one file as it was at a commit, for comparing what a pull request or a push changed. The checkout is often
// shallow (actions/checkout fetches one commit), so a commit that is not here is fetched by its id, once.

const COMMIT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** What a file held at a commit: its text, absent (the commit has no such file), or unknown (no such commit here). */
export type FileAtCommit = { kind: 'text'; text: string } | { kind: 'absent' } | { kind: 'unknown'; why: string };

async function haveCommit(git: GitRunner, commit: string): Promise<boolean> {
  return (await git(['cat-file', '-e', `${commit}^{commit}`])).code === 0;
}

/** The commit's id, fetched from origin when the checkout lacks it. */
async function reachable(git: GitRunner, commit: string): Promise<boolean> {
  if (!COMMIT_ID.test(commit) || /^0+$/.test(commit)) return false;
  if (await haveCommit(git, commit)) return true;
  const fetched = await git(['fetch', '--quiet', '--no-tags', '--depth=1', 'origin', commit]);
  return fetched.code === 0 && (await haveCommit(git, commit));
}

/**
 * The first parent's id as the commit object names it: known even in a shallow checkout, where the parent itself is
 * absent (fileAtCommit fetches it).
 */
export async function namedFirstParent(git: GitRunner, commit: string): Promise<string | undefined> {
  const shown = await git(['cat-file', '-p', commit]);
  if (shown.code !== 0) return undefined;
  return /^parent ([0-9a-f]{40,64})$/m.exec(shown.stdout)?.[1];
}

/** The first parent of a commit, when the checkout holds it (a shallow checkout does not). */
export async function firstParent(git: GitRunner, commit: string): Promise<string | undefined> {
  const result = await git(['rev-parse', '--verify', '--quiet', `${commit}^1`]);
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/**
 * The text of `path` (relative to the repository's root) at `commit`. A commit that is neither here nor fetchable is
 * unknown, never taken for an absent file.
 */
export async function fileAtCommit(git: GitRunner, commit: string, path: string): Promise<FileAtCommit> {
  if (!(await reachable(git, commit)))
    return { kind: 'unknown', why: `commit ${commit.slice(0, 12)} is not reachable` };
  const exists = await git(['cat-file', '-e', `${commit}:${path}`]);
  if (exists.code !== 0) return { kind: 'absent' };
  const shown = await git(['cat-file', 'blob', `${commit}:${path}`]);
  if (shown.code !== 0) return { kind: 'unknown', why: shown.stderr.trim() };
  return { kind: 'text', text: shown.stdout };
}
