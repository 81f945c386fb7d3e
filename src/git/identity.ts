import { realpath } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { type LineageSource, repositoryFromRemote } from '../core/lineage.js';
import type { GitRunner } from './repository.js';

export interface RepositoryIdentity {
  source: LineageSource;
  /** The directory as the repository names it (relative to its top level), in POSIX spelling. */
  directory: string;
}

async function real(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}

/**
 * Which repository a directory belongs to, for its lineage: the origin remote, else the root commit; undefined
 * outside git (or without git installed).
 */
export async function identifyRepository(git: GitRunner, directory: string): Promise<RepositoryIdentity | undefined> {
  const top = await git(['rev-parse', '--show-toplevel']);
  if (top.code !== 0) return undefined;
  const root = await real(top.stdout.trim());
  const inside =
    relative(root, await real(directory))
      .split('\\')
      .join('/') || '.';
  const origin = await git(['remote', 'get-url', 'origin']);
  const repository = origin.code === 0 ? repositoryFromRemote(origin.stdout) : undefined;
  if (repository) return { source: { kind: 'repository', repository }, directory: inside };
  const roots = await git(['rev-list', '--max-parents=0', 'HEAD']);
  const commit = roots.code === 0 ? roots.stdout.split('\n').filter(Boolean).sort()[0] : undefined;
  if (commit) return { source: { kind: 'root-commit', commit }, directory: inside };
  // A repository with no commit yet: nothing stable names it but the directory.
  return { source: { kind: 'directory' }, directory: inside };
}
