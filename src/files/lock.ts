import { randomUUID } from 'node:crypto';
import { existsSync, unlinkSync } from 'node:fs';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { UserError } from '../core/errors.js';

/** What a lock file holds: enough to tell who holds it and whether they can still be alive. */
interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  command: string;
}

/**
 * A lock older than this is stale whoever holds it. Generous: a GitHub job ends after 6 hours, and even a large apply
 * at the documented 3 requests per second finishes in minutes.
 */
const STALE_LOCK_AFTER_MS = 6 * 3_600_000;
/** How long a second writer waits for the first to finish before it gives up with a clear message. */
const LOCK_WAIT_MS = 120_000;
/**
 * A lock file that holds no owner (empty, torn or garbage) this long after it was last written is stale. Its creator
 * writes the owner right after creating it, so only a writer killed in between (SIGKILL, power loss) leaves it that
 * way; the file's mtime is then the only clock there is. Shorter than LOCK_WAIT_MS, so a waiting run breaks it.
 */
export const UNFINISHED_LOCK_STALE_AFTER_MS = 60_000;
const POLL_MS = 200;

export class StateLockedError extends UserError {
  override readonly name: string = 'StateLockedError';
}

export interface StateLock {
  path: string;
  /** Removes the lock file, if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

export interface LockOptions {
  command: string;
  waitMs?: number;
  staleAfterMs?: number;
  now?: () => Date;
  /** How long a lock file without an owner is respected (default UNFINISHED_LOCK_STALE_AFTER_MS). */
  unfinishedStaleAfterMs?: number;
  /** Told once when the lock is held by someone else and this process starts waiting. */
  onWait?: (owner: LockOwner | undefined) => void;
}

export function lockPathFor(statePath: string): string {
  return `${statePath}.lock`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string') {
      return { pid: value.pid, host: value.host, since: value.since, command: String(value.command ?? '') };
    }
  } catch {
    // A torn or unreadable lock file is judged by its age alone (below).
  }
  return undefined;
}

/** Stale: its process is gone (only knowable on this host), or it is older than any run could be. */
function isStale(owner: LockOwner | undefined, now: Date, staleAfterMs: number, host = hostname()): boolean {
  if (!owner) return false;
  if (owner.host === host && !isAlive(owner.pid)) return true;
  const since = Date.parse(owner.since);
  return Number.isNaN(since) || now.getTime() - since > staleAfterMs;
}

function describeOwner(owner: LockOwner | undefined): string {
  return owner
    ? `${owner.command || 'a handshakes command'} (pid ${owner.pid} on ${owner.host}, since ${owner.since})`
    : 'another handshakes command';
}

/** How long ago the file was last written, or undefined when it is gone. */
async function ageOf(path: string, now: Date): Promise<number | undefined> {
  try {
    return now.getTime() - (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Breaks a lock file that holds no owner and was not written for `staleAfterMs`. Moved aside first, like a stale
 * owner's: if what was moved has an owner by now, or was written since, it is someone's fresh lock and is put back.
 */
async function breakUnfinishedLock(path: string, now: Date, staleAfterMs: number): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const age = await ageOf(aside, now);
  if ((await readOwner(aside)) !== undefined || age === undefined || age <= staleAfterMs) {
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

/**
 * Moves a stale lock aside and deletes it. Renaming first means two processes breaking the same stale lock cannot
 * delete a fresh one: if what was moved aside is not what was judged stale, it is put back.
 */
async function breakStaleLock(path: string, judged: LockOwner): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const moved = await readOwner(aside);
  if (moved && (moved.pid !== judged.pid || moved.since !== judged.since || moved.host !== judged.host)) {
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

/**
 * Takes the advisory lock next to a state file: created exclusively (`wx`), holding pid, host and time. Waits for a
 * live holder up to `waitMs`, breaks a stale one, and is released on return, on failure and on process exit.
 */
export async function acquireStateLock(statePath: string, options: LockOptions): Promise<StateLock> {
  const path = lockPathFor(statePath);
  const now = options.now ?? (() => new Date());
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const staleAfterMs = options.staleAfterMs ?? STALE_LOCK_AFTER_MS;
  const unfinishedStaleAfterMs = options.unfinishedStaleAfterMs ?? UNFINISHED_LOCK_STALE_AFTER_MS;
  const startedAt = Date.now();
  let told = false;
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    // EEXIST from a recursive mkdir, or ENOTDIR: a part of the path is a regular file, which the user can fix.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new UserError(
        `the state file ${statePath} cannot exist: a part of its path that must be a directory is a regular file. Point --state (or the state-file input) at a path inside a directory.`,
      );
    }
    throw error;
  }
  for (;;) {
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      since: now().toISOString(),
      command: options.command,
    };
    try {
      const handle = await open(path, 'wx', 0o644);
      try {
        await handle.writeFile(`${JSON.stringify(owner)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      return held(path, owner);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readOwner(path);
    if (holder && isStale(holder, now(), staleAfterMs)) {
      await breakStaleLock(path, holder);
      continue;
    }
    if (!holder) {
      const age = await ageOf(path, now());
      if (age !== undefined && age > unfinishedStaleAfterMs) {
        await breakUnfinishedLock(path, now(), unfinishedStaleAfterMs);
        continue;
      }
    }
    if (Date.now() - startedAt >= waitMs) {
      throw new StateLockedError(
        `${path} is held by ${describeOwner(holder)}, and it did not finish within ${Math.round(waitMs / 1000)} s. Only one apply, refresh or import may write a state file at a time. Wait for it and run again; if no such process is running, delete ${path}.`,
      );
    }
    if (!told) {
      told = true;
      options.onWait?.(holder);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function held(path: string, owner: LockOwner): StateLock {
  let released = false;
  // A crash or process.exit skips `finally`; this still removes the lock. A SIGKILL leaves it, and the next run
  // breaks it because its pid is dead, or, killed before the owner was written, by the file's age.
  const onExit = () => {
    if (released) return;
    try {
      if (existsSync(path)) unlinkSync(path);
    } catch {
      // Nothing more can be done while exiting.
    }
  };
  process.once('exit', onExit);
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      process.removeListener('exit', onExit);
      const current = await readOwner(path);
      if (current && current.pid === owner.pid && current.since === owner.since && current.host === owner.host) {
        await unlink(path).catch(() => undefined);
      }
    },
  };
}

/** Runs `work` holding the state lock. */
export async function withStateLock<T>(statePath: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const lock = await acquireStateLock(statePath, options);
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
