import { writeFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { effectiveState, planFrom, type Validated, validateFiles } from './engine.js';
import { UserError } from './errors.js';
import type { Plan } from './model.js';
import { countBySeverity, renderDiagnosticsGithub, renderDiagnosticsText } from './render/diagnostics.js';
import { renderPlanJson } from './render/json.js';
import { renderPlanMarkdown } from './render/markdown.js';
import { renderPlanText } from './render/text.js';
import { readState } from './state.js';
import { readDeclarationFiles } from './workspace.js';

/** Everything the CLI touches in the outside world, so tests can run it in-process. */
export interface CliEnvironment {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  now(): Date;
}

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGES = 2;

const GENERAL_HELP = `handshakes — GitOps for AWS Partner Central channel handshakes

Usage: handshakes <command> [options]

Commands:
  validate   Check the declarations under --dir and report every problem
  plan       Show what apply would do, against the recorded state
  help       Show help for a command (handshakes help plan)

Run "handshakes <command> --help" for the options of a command.
`;

const HELP: Record<string, string> = {
  validate: `Usage: handshakes validate [--dir handshakes] [--format text|github|json]

Checks every YAML declaration under --dir against schemas/handshake.schema.json and the
cross-file rules. Every problem is reported with file:line:column and the field.

Options:
  --dir DIR        Directory of declarations (default: handshakes)
  --format FORMAT  text (default), github (workflow-command annotations) or json
  -h, --help       Show this help

Exit code: 0 when there is no error (warnings never fail), 1 otherwise.
`,
  plan: `Usage: handshakes plan [--dir handshakes] [--state FILE] [--format text|markdown|json]
                       [--out FILE] [--detailed-exitcode]

Validates the declarations, then compares them with the recorded state and prints the
changes apply would make. Never writes state and never calls AWS.

Options:
  --dir DIR            Directory of declarations (default: handshakes)
  --state FILE         Recorded state (default: DIR/state.json)
  --format FORMAT      text (default), markdown or json
  --out FILE           Also write the plan to FILE (JSON when FILE ends in .json, else --format)
  --detailed-exitcode  Exit 2 when there are changes
  -h, --help           Show this help

Exit code: 0 for no changes, 1 for an error; with --detailed-exitcode, 2 when there are changes.
`,
};

interface CommonOptions {
  directory: string;
  directoryLabel: string;
  statePath: string;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function commonOptions(environment: CliEnvironment, values: { dir?: string; state?: string }): CommonOptions {
  const directory = resolve(environment.cwd, values.dir ?? 'handshakes');
  // The label is also the lineage seed for a first plan, so it must not depend on where the repository is cloned.
  const directoryLabel = toPosix(relative(environment.cwd, directory)) || '.';
  const statePath = values.state ? resolve(environment.cwd, values.state) : resolve(directory, 'state.json');
  return { directory, directoryLabel, statePath };
}

async function validateDirectory(environment: CliEnvironment, options: CommonOptions): Promise<Validated> {
  const { files, diagnostics } = await readDeclarationFiles(environment.cwd, options.directoryLabel);
  return validateFiles({ files, fileDiagnostics: diagnostics, now: environment.now() });
}

function formatOption(value: string | undefined, allowed: readonly string[], fallback: string): string {
  const format = value ?? fallback;
  if (!allowed.includes(format)) {
    throw new UserError(`--format must be one of ${allowed.join(', ')}, not "${format}".`);
  }
  return format;
}

async function validateCommand(args: string[], environment: CliEnvironment): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    environment.stdout.write(HELP.validate ?? '');
    return EXIT_OK;
  }
  const format = formatOption(values.format, ['text', 'github', 'json'], 'text');
  const options = commonOptions(environment, values);
  const validated = await validateDirectory(environment, options);
  const counts = countBySeverity(validated.diagnostics);
  if (format === 'json') {
    environment.stdout.write(
      `${JSON.stringify({ valid: !validated.hasErrors, declarations: validated.declarations.length, diagnostics: validated.diagnostics }, null, 2)}\n`,
    );
  } else {
    const rendered =
      format === 'github'
        ? renderDiagnosticsGithub(validated.diagnostics)
        : renderDiagnosticsText(validated.diagnostics);
    if (rendered) {
      environment.stdout.write(`${rendered}\n`);
    }
    const verdict = validated.hasErrors ? 'invalid' : 'valid';
    environment.stdout.write(
      `${options.directoryLabel}: ${validated.declarations.length} declaration${validated.declarations.length === 1 ? '' : 's'} ${verdict}; ${counts.errors} error${counts.errors === 1 ? '' : 's'}, ${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}.\n`,
    );
  }
  return validated.hasErrors ? EXIT_ERROR : EXIT_OK;
}

function renderPlan(plan: Plan, format: string, directoryLabel: string, color: boolean): string {
  if (format === 'json') return renderPlanJson(plan);
  if (format === 'markdown') return renderPlanMarkdown(plan, { directory: directoryLabel });
  return renderPlanText(plan, { color });
}

async function planCommand(args: string[], environment: CliEnvironment): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: 'string' },
      state: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      'detailed-exitcode': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    environment.stdout.write(HELP.plan ?? '');
    return EXIT_OK;
  }
  const format = formatOption(values.format, ['text', 'markdown', 'json'], 'text');
  const options = commonOptions(environment, values);
  const validated = await validateDirectory(environment, options);
  if (validated.hasErrors) {
    environment.stderr.write(`${renderDiagnosticsText(validated.diagnostics)}\n`);
    environment.stderr.write(
      `No plan: fix the ${countBySeverity(validated.diagnostics).errors} error(s) above first.\n`,
    );
    return EXIT_ERROR;
  }
  const recorded = await readState(options.statePath);
  const plan = planFrom(validated, effectiveState(recorded, options.directoryLabel));
  environment.stdout.write(renderPlan(plan, format, options.directoryLabel, environment.stdout.isTTY === true));
  if (values.out) {
    const outFormat = values.out.endsWith('.json') ? 'json' : format;
    await writeFile(resolve(environment.cwd, values.out), renderPlan(plan, outFormat, options.directoryLabel, false));
  }
  if (values['detailed-exitcode'] && plan.changes.length > 0) {
    return EXIT_CHANGES;
  }
  return EXIT_OK;
}

const COMMANDS: Record<string, (args: string[], environment: CliEnvironment) => Promise<number>> = {
  validate: validateCommand,
  plan: planCommand,
};

/** Runs one CLI invocation and returns its exit code. Never calls process.exit, so it can run inside tests. */
export async function run(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    environment.stdout.write(topic && HELP[topic] ? HELP[topic] : GENERAL_HELP);
    return command === undefined ? EXIT_ERROR : EXIT_OK;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    environment.stderr.write(`handshakes: unknown command "${command}".\n\n${GENERAL_HELP}`);
    return EXIT_ERROR;
  }
  try {
    return await handler(rest, environment);
  } catch (error) {
    if (error instanceof UserError) {
      environment.stderr.write(`handshakes ${command}: ${error.message}\n`);
      if (error.diagnostics.length > 0) {
        environment.stderr.write(`${renderDiagnosticsText(error.diagnostics)}\n`);
      }
      return EXIT_ERROR;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      environment.stderr.write(`handshakes ${command}: ${error.message}\n\n${HELP[command] ?? ''}`);
      return EXIT_ERROR;
    }
    // Anything else (InternalError included) is our bug, not the user's: show the stack so it can be reported.
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    environment.stderr.write(
      `handshakes ${command}: internal error — this is a bug in channel-handshakes, please report it.\n${detail}\n`,
    );
    return EXIT_ERROR;
  }
}
