import { relative, resolve } from 'node:path';
import { type Validated, validateFiles } from '../core/engine.js';
import { UserError } from '../core/errors.js';
import type { Plan } from '../core/model.js';
import { readDeclarationFiles, toPosix } from '../files/workspace.js';
import { countBySeverity, renderDiagnosticsText } from '../render/diagnostics.js';
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
  help: { type: 'boolean', short: 'h' },
} as const;

/** For commands that talk to Partner Central. */
export const ENDPOINT_OPTION = { endpoint: { type: 'string' } } as const;

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
}

export function commonOptions(environment: CliEnvironment, values: { dir?: string; state?: string }): CommonOptions {
  const directory = resolve(environment.cwd, values.dir ?? 'handshakes');
  // The label is also the lineage seed for a first plan, so it must not depend on where the repository is cloned.
  const directoryLabel = toPosix(relative(environment.cwd, directory)) || '.';
  const statePath = values.state ? resolve(environment.cwd, values.state) : resolve(directory, 'state.json');
  const stateRelative = toPosix(relative(environment.cwd, statePath));
  const stateLabel = stateRelative.startsWith('../') ? statePath : stateRelative;
  return { directory, directoryLabel, statePath, stateLabel };
}

export async function validateDirectory(environment: CliEnvironment, options: CommonOptions): Promise<Validated> {
  const { files, diagnostics } = await readDeclarationFiles(environment.cwd, options.directoryLabel);
  return validateFiles({ files, fileDiagnostics: diagnostics, now: environment.now() });
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
    `${consequence}: fix the ${countBySeverity(validated.diagnostics).errors} error(s) above first.\n`,
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
