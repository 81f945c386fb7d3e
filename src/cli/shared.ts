import { relative, resolve } from 'node:path';
import { Deadline, parseDuration } from '../api/deadline.js';
import { effectiveState, type Validated } from '../core/engine.js';
import { UserError } from '../core/errors.js';
import { lineageSeed } from '../core/lineage.js';
import type { Plan, RecordedState } from '../core/model.js';
import { redactorFromEnvironment, redactValue } from '../core/redact.js';
import type { LockOptions } from '../files/lock.js';
import { guardedStateWriter, readState } from '../files/state.js';
import { repositoryBoundary, toPosix, validateDeclarationDirectory } from '../files/workspace.js';
import { identifyRepository } from '../git/identity.js';
import { createGitRunner } from '../git/repository.js';
import { countBySeverity, counted, renderDiagnosticsText } from '../render/diagnostics.js';
import { renderPlanJson } from '../render/json.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { renderPlanText } from '../render/text.js';

/** Everything the CLI touches in the outside world, so tests can run it in-process. */
export interface CliEnvironment {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: {
    write(text: string): unknown;
    /** Lines that are workflow commands we built (`workflowCommand`); everything else goes through `write`. */
    writeCommands?(text: string): unknown;
    /**
     * A terminal that takes colour. Commands read it only to decide colour; `run` sets it false under NO_COLOR or
     * --no-color, so every command honours both without looking.
     */
    isTTY?: boolean;
  };
  stderr: { write(text: string): unknown };
  now(): Date;
  /** Asks a question on the terminal; absent when standard input is not a terminal. */
  prompt?(question: string): Promise<string>;
  /** Resolves when the user asks a long-running command (simulate) to stop. */
  interrupted?(): Promise<void>;
}

/** The options every command that reads a directory and its state shares. */
export const DIRECTORY_OPTIONS = {
  dir: { type: 'string' },
  state: { type: 'string' },
  'max-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** For commands that talk to Partner Central: where, and how long they may take. */
export const ENDPOINT_OPTION = {
  endpoint: { type: 'string' },
  timeout: { type: 'string' },
  'request-timeout': { type: 'string' },
} as const;

export const TIMEOUT_HELP = `  --timeout DURATION          Bound the whole command (e.g. 90s, 10m, 1h; default: none). When it runs
                              out, the command stops and says what was and was not done
  --request-timeout DURATION  Bound each HTTP attempt (default 30s)`;

export interface ApiTimeouts {
  deadline?: Deadline;
  requestTimeoutMs?: number;
}

function durationOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const milliseconds = parseDuration(value);
  if (milliseconds === undefined) {
    throw new UserError(`--${name} takes a duration such as 90s, 10m or 1h, not "${value}".`);
  }
  return milliseconds;
}

/** --timeout starts counting now: call it where the command starts talking to Partner Central. */
export function apiTimeouts(values: { timeout?: string; 'request-timeout'?: string }): ApiTimeouts {
  const budget = durationOption(values.timeout, 'timeout');
  const requestTimeoutMs = durationOption(values['request-timeout'], 'request-timeout');
  return { ...(budget ? { deadline: new Deadline(budget) } : {}), ...(requestTimeoutMs ? { requestTimeoutMs } : {}) };
}

/** Prints a command's help when asked; the caller then returns EXIT_OK. */
export function helpRequested(values: { help?: boolean }, help: string, environment: CliEnvironment): boolean {
  if (values.help) environment.stdout.write(help);
  return values.help === true;
}

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGES = 2;

export interface CommonOptions {
  directory: string;
  directoryLabel: string;
  statePath: string;
  stateLabel: string;
  /** The declarations and the state must lie inside this: the git top level, or the working directory outside git. */
  repository: string;
  /** Where the state file must lie: the repository, or undefined for the demo's own scratch copy. */
  stateBoundary?: string;
  /** Budget for all declaration files together; undefined for the default. */
  maxBytes?: number;
}

function maxBytesOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UserError(`--max-bytes must be a whole number of bytes, such as 134217728, not "${value}".`);
  }
  return Number(value);
}

export interface DirectoryValues {
  dir?: string;
  state?: string;
  'max-bytes'?: string;
  /**
   * A state file the program itself placed outside the repository (the demo's scratch copy). Not a command-line
   * option: a path a user or a pull request gives must lie inside the repository.
   */
  scratchState?: string;
}

export function commonOptions(environment: CliEnvironment, values: DirectoryValues): CommonOptions {
  const directory = resolve(environment.cwd, values.dir ?? 'handshakes');
  // The label is also the lineage seed for a first plan, so it must not depend on where the repository is cloned.
  const directoryLabel = toPosix(relative(environment.cwd, directory)) || '.';
  const statePath =
    values.scratchState ?? (values.state ? resolve(environment.cwd, values.state) : resolve(directory, 'state.json'));
  const stateRelative = toPosix(relative(environment.cwd, statePath));
  const stateLabel = stateRelative.startsWith('../') ? statePath : stateRelative;
  const repository = repositoryBoundary(environment.cwd);
  return {
    directory,
    directoryLabel,
    statePath,
    stateLabel,
    repository,
    stateBoundary: values.scratchState === undefined ? repository : undefined,
    maxBytes: maxBytesOption(values['max-bytes']),
  };
}

/**
 * The seed of a first lineage: the repository (origin remote, else root commit) and the directory within it.
 * Outside git only the directory is known, which another repository could share: that is warned about.
 */
async function lineageSeedFor(environment: CliEnvironment, options: CommonOptions): Promise<string> {
  const identity = await identifyRepository(createGitRunner(environment.cwd, process.env), options.directory);
  if (!identity || identity.source.kind === 'directory') {
    environment.stderr.write(
      `warning: ${options.directoryLabel} is not in a git repository with a commit, so its new lineage derives from the directory name alone; another repository with the same directory would share it and could adopt its handshakes. Keep the declarations in git (with an origin remote) before the first apply.\n`,
    );
    return lineageSeed({ kind: 'directory' }, options.directoryLabel);
  }
  return lineageSeed(identity.source, identity.directory);
}

/** The state lock, telling the user when another writer makes this one wait. */
export function lockOptions(environment: CliEnvironment, options: CommonOptions, command: string): LockOptions {
  return {
    command,
    onWait: (owner) =>
      environment.stderr.write(
        `Waiting for ${owner ? `${owner.command || 'another command'} (pid ${owner.pid} on ${owner.host})` : 'another command'} to finish with ${options.stateLabel}…\n`,
      ),
  };
}

export interface LoadedState {
  state: RecordedState;
  /** The serial on disk when it was read (undefined: no file), checked again before every write. */
  readSerial: number | undefined;
}

/** The recorded state, or an empty one with a lineage for this repository. A recorded lineage never changes. */
export async function loadState(environment: CliEnvironment, options: CommonOptions): Promise<LoadedState> {
  const recorded = await readState(options.statePath, options.stateBoundary, options.stateLabel);
  if (recorded) return { state: recorded, readSerial: recorded.serial };
  return { state: effectiveState(undefined, await lineageSeedFor(environment, options)), readSerial: undefined };
}

/**
 * Writes the state only while no other process has written since `readSerial`, with the run's credentials redacted:
 * an API answer that echoed them must never be stored.
 */
export function stateWriterFor(
  environment: CliEnvironment,
  options: CommonOptions,
  readSerial: number | undefined,
): (state: RecordedState) => Promise<void> {
  const write = guardedStateWriter(options.statePath, readSerial, options.stateLabel);
  const redactor = redactorFromEnvironment(environment.env);
  return (state) => write(redactValue(state, redactor));
}

export async function validateDirectory(environment: CliEnvironment, options: CommonOptions): Promise<Validated> {
  return validateDeclarationDirectory({
    root: environment.cwd,
    directory: options.directoryLabel,
    repository: options.repository,
    maxBytes: options.maxBytes,
    now: environment.now(),
  });
}

/** Validates the directory; on any error prints every problem, then `consequence` (e.g. "No plan"), and gives up. */
export async function validOrReport(
  environment: CliEnvironment,
  options: CommonOptions,
  consequence: string,
): Promise<Validated | undefined> {
  const validated = await validateDirectory(environment, options);
  if (!validated.hasErrors) return validated;
  environment.stderr.write(`${renderDiagnosticsText(validated.diagnostics)}\n`);
  environment.stderr.write(
    `${consequence}: fix the ${counted(countBySeverity(validated.diagnostics).errors, 'error')} above first.\n`,
  );
  return undefined;
}

export function formatOption(value: string | undefined, allowed: readonly string[], fallback: string): string {
  const format = value ?? fallback;
  if (!allowed.includes(format)) {
    throw new UserError(`--format must be one of ${allowed.join(', ')}, not "${format}".`);
  }
  return format;
}

export function renderPlan(plan: Plan, format: string, directoryLabel: string, color: boolean): string {
  if (format === 'json') return renderPlanJson(plan);
  if (format === 'markdown') return renderPlanMarkdown(plan, { directory: directoryLabel });
  return renderPlanText(plan, { color });
}
