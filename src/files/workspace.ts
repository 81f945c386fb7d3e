import { isUtf8 } from 'node:buffer';
import {
  closeSync,
  constants,
  type Dirent,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DeclarationValidation, type Validated } from '../core/engine.js';
import { UserError } from '../core/errors.js';
import type { LoadLimits } from '../core/load.js';
import type { Diagnostic } from '../core/model.js';
import { firstInvalidUtf8Offset } from './utf8.js';

const MAX_DECLARATION_FILE_BYTES = 1024 * 1024;
/** All declaration files of a directory together; `--max-bytes` overrides it. */
const DEFAULT_MAX_TOTAL_BYTES = 64 * 1024 * 1024;

const YAML_FILE = /\.ya?ml$/i;
// O_NONBLOCK: should a file be swapped for a FIFO after it was listed, opening it must not wait for a writer.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** A declaration an import has written but not yet moved into place (see cli/import). */
export const IMPORTING_SUFFIX = '.yaml.importing';

/** A path with forward slashes, as repositories, annotations and lineage seeds spell it. */
export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child);
  return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

/** The top level of the git work tree holding `start`, or undefined outside git. Found on disk, without running git. */
function gitTopLevel(start: string): string | undefined {
  let current = resolve(start);
  for (;;) {
    // `.git` is a directory in a clone and a file in a linked work tree or submodule: either marks the top level.
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** What the declarations and the state must stay inside: the git top level, or `cwd` outside git. */
export function repositoryBoundary(cwd: string): string {
  return gitTopLevel(cwd) ?? resolve(cwd);
}

/** The real path of `path`'s nearest existing ancestor (the path itself when it exists). */
function nearestRealPath(path: string): string {
  let current = resolve(path);
  for (;;) {
    try {
      return realpathSync(current);
    } catch (error) {
      const parent = dirname(current);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) throw error;
      current = parent;
    }
  }
}

/**
 * Refuses a path whose real location (links followed) lies outside the repository. The message names only what
 * the user typed: nothing of what lies outside is read, and nothing of it is echoed.
 */
export function assertInsideRepository(repository: string, path: string, what: string): void {
  if (!isInside(realpathSync(repository), nearestRealPath(path))) {
    throw new UserError(
      `${what} leads outside the repository (${repository}), through a symbolic link or "..". Declarations and state must live inside the repository that reviews them: point it at a folder inside.`,
    );
  }
}

export interface DeclarationDirectory {
  /** Paths in diagnostics are relative to this (the repository root, or the CLI's working directory). */
  root: string;
  /** The declarations directory as the user wrote it, relative to `root`. */
  directory: string;
  /** The real path of the directory must lie inside this. */
  repository: string;
  now: Date;
  /** Budget for all declaration files together, checked before each file is read. */
  maxBytes?: number;
  limits?: LoadLimits;
}

interface Candidate {
  path: string;
  /** What to open: the file itself, or a link's contained target. */
  target: string;
}

function budgetProblem(path: string, maxBytes: number): Diagnostic {
  return fileProblem(
    path,
    'limit.total-bytes',
    `with this file the declaration files come to more than ${maxBytes} bytes, the limit for one run, so none of them was parsed. Split the declarations across directories, or raise the limit (--max-bytes, or the Action's max-bytes input).`,
  );
}

function fileProblem(path: string, code: string, message: string): Diagnostic {
  return { severity: 'error', code, location: { file: path, line: 1, column: 1 }, message };
}

/**
 * Lists the declaration files under the directory, sorted so the order does not depend on the disk. Only names are
 * kept; entries that cannot be declarations (FIFOs, devices, links to directories or outside) become diagnostics
 * without being opened.
 */
function listCandidates(
  options: DeclarationDirectory,
  base: string,
  baseReal: string,
  report: (diagnostic: Diagnostic) => void,
): Candidate[] {
  const candidates: Candidate[] = [];
  // Paths under the root are a prefix away from it; path.relative would resolve both sides for every one of 100,000 files.
  const rootPrefix = `${resolve(options.root)}${sep}`;
  const pathOf = (absolute: string) =>
    toPosix(absolute.startsWith(rootPrefix) ? absolute.slice(rootPrefix.length) : relative(options.root, absolute));
  const pending = [base];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (error) {
      report(
        fileProblem(
          pathOf(current),
          'file.unreadable',
          `this directory cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
        ),
      );
      continue;
    }
    for (const entry of entries) {
      const absolute = join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) pending.push(absolute);
        continue;
      }
      const importing = entry.name.endsWith(IMPORTING_SUFFIX);
      if (!importing && !YAML_FILE.test(entry.name)) continue;
      const path = pathOf(absolute);
      if (importing) {
        // Written by an import that stopped before it could record it: planning now could cancel or resend it.
        report(
          fileProblem(
            path,
            'file.interrupted-import',
            'an import stopped before finishing this file. Run "handshakes import" again: it completes or discards it, and nothing is sent twice.',
          ),
        );
        continue;
      }
      if (entry.isFile()) {
        // No stat here: the size that counts is the open file's (readCandidate), one system call fewer per file.
        candidates.push({ path, target: absolute });
        continue;
      }
      if (!entry.isSymbolicLink()) {
        report(
          fileProblem(
            path,
            'file.not-regular',
            'this is not a regular file (a FIFO, socket or device), so it was not opened. Declarations are plain YAML files: remove it or rename it.',
          ),
        );
        continue;
      }
      let target: string;
      try {
        target = realpathSync(absolute);
      } catch {
        report(
          fileProblem(
            path,
            'file.broken-link',
            'this symbolic link points at nothing. Remove it, or make it point at a file inside the directory.',
          ),
        );
        continue;
      }
      if (!isInside(baseReal, target)) {
        report(
          fileProblem(
            path,
            'file.link-escapes',
            `this symbolic link leads outside ${options.directory}, and declarations must live inside it. Copy the file into the directory instead.`,
          ),
        );
        continue;
      }
      const info = statSync(target);
      if (!info.isFile()) {
        report(
          fileProblem(
            path,
            'file.not-regular',
            'this symbolic link leads to a directory or another non-regular file, so it was not opened. Declarations are plain YAML files: remove the link or rename it.',
          ),
        );
        continue;
      }
      candidates.push({ path, target });
    }
  }
  return candidates.sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
}

/** A file that could not be read counts with the size its name gives (0 when there is none), as when it was listed. */
type ReadOutcome = { bytes: Buffer } | { problem: Diagnostic; size: number } | { budgetExceeded: number };

function listedSize(target: string): number {
  try {
    return statSync(target).size;
  } catch {
    return 0;
  }
}

/**
 * Reads one file with four system calls (open, fstat, read, close). fstat on the open descriptor, not the listed
 * name, decides: what is read is what was checked, even if the file was swapped after it was listed.
 */
function readCandidate(candidate: Candidate, remainingBytes: number): ReadOutcome {
  let descriptor: number;
  try {
    descriptor = openSync(candidate.target, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ELOOP'
        ? 'this file was replaced by a symbolic link while it was being read, so it was not opened.'
        : `this file cannot be read (${code ?? 'error'}).`;
    return { problem: fileProblem(candidate.path, 'file.unreadable', message), size: listedSize(candidate.target) };
  }
  try {
    const info = fstatSync(descriptor);
    if (!info.isFile()) {
      return {
        problem: fileProblem(
          candidate.path,
          'file.not-regular',
          'this is not a regular file, so it was not read. Declarations are plain YAML files: remove it or rename it.',
        ),
        size: info.size,
      };
    }
    if (info.size > MAX_DECLARATION_FILE_BYTES) {
      return {
        problem: fileProblem(
          candidate.path,
          'file.too-large',
          `this file is ${info.size} bytes; declaration files are limited to 1 MB. Split it into several files.`,
        ),
        size: info.size,
      };
    }
    if (info.size > remainingBytes) return { budgetExceeded: info.size };
    const bytes = Buffer.allocUnsafe(info.size);
    let filled = 0;
    while (filled < bytes.length) {
      const read = readSync(descriptor, bytes, filled, bytes.length - filled, null);
      if (read === 0) break;
      filled += read;
    }
    return { bytes: filled === bytes.length ? bytes : bytes.subarray(0, filled) };
  } finally {
    closeSync(descriptor);
  }
}

/** Decodes strictly: invalid UTF-8 is an error at its line, never silently replaced and sent on. */
function decode(path: string, bytes: Buffer): string | Diagnostic {
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8Offset(bytes);
    let line = 1;
    let lineStart = 0;
    for (let index = 0; index < offset; index++) {
      if (bytes[index] === 0x0a) {
        line++;
        lineStart = index + 1;
      }
    }
    return {
      severity: 'error',
      code: 'file.encoding',
      location: { file: path, line, column: bytes.subarray(lineStart, offset).toString('utf8').length + 1 },
      message: 'this file is not valid UTF-8 (an invalid byte here). Save it as UTF-8.',
    };
  }
  // A byte order mark is harmless but not part of the YAML.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', start);
}

/**
 * Reads and validates every declaration file under the directory, one file at a time: each is read, parsed,
 * validated and let go before the next, so memory does not grow with the number of files. Reads are synchronous:
 * the files are small, and a blocking read costs fewer system calls and less bookkeeping than an asynchronous one.
 */
export function validateDeclarationDirectory(options: DeclarationDirectory): Validated {
  const base = resolve(options.root, options.directory);
  let baseReal: string;
  try {
    baseReal = realpathSync(base);
  } catch {
    throw new UserError(
      `cannot read the declarations directory ${options.directory}: it does not exist. Create it, or point --dir at the folder that holds the handshake YAML files.`,
    );
  }
  assertInsideRepository(options.repository, base, `the declarations directory ${options.directory}`);
  if (!statSync(baseReal).isDirectory()) {
    throw new UserError(
      `${options.directory} is not a directory. Point --dir at the folder that holds the handshake YAML files.`,
    );
  }
  const listingProblems: Diagnostic[] = [];
  const candidates = listCandidates(options, base, baseReal, (diagnostic) => listingProblems.push(diagnostic));
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  // A run over the byte budget reports the listing's problems and the file that crosses the budget, nothing else: the
  // same result as when every file was sized before any was parsed, without a stat per file to find it.
  const overBudget = (path: string): Validated => {
    const refused = new DeclarationValidation({ now: options.now, limits: options.limits });
    for (const problem of listingProblems) refused.report(problem);
    refused.report(budgetProblem(path, maxBytes));
    return refused.finish();
  };
  const validation = new DeclarationValidation({ now: options.now, limits: options.limits });
  for (const problem of listingProblems) validation.report(problem);
  let remaining = maxBytes;
  for (const candidate of candidates) {
    const outcome = readCandidate(candidate, remaining);
    if ('budgetExceeded' in outcome) return overBudget(candidate.path);
    if ('problem' in outcome) {
      // A file over the per-file limit is not read, so it does not count.
      if (outcome.size <= MAX_DECLARATION_FILE_BYTES) remaining -= outcome.size;
      if (remaining < 0) return overBudget(candidate.path);
      validation.report(outcome.problem);
      continue;
    }
    remaining -= outcome.bytes.length;
    const text = decode(candidate.path, outcome.bytes);
    if (typeof text === 'string') {
      validation.addFile({ path: candidate.path, text });
    } else {
      validation.report(text);
    }
  }
  return validation.finish();
}
