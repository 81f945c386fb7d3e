import { DEMO_CREDENTIALS } from '../core/demo-credentials.js';
import { UserError } from '../core/errors.js';
import { keepingReadable, redactorFromEnvironment } from '../core/redact.js';
import { renderDiagnosticsText } from '../render/diagnostics.js';
import { logText } from '../render/neutralise.js';
import { PACKAGE_VERSION } from '../version.js';
import { type CliEnvironment, EXIT_ERROR, EXIT_OK } from './shared.js';

export type { CliEnvironment } from './shared.js';

const GENERAL_HELP = `handshakes — GitOps for AWS Partner Central channel handshakes

Usage: handshakes <command> [options]

Commands:
  validate   Check the declarations under --dir and report every problem
  plan       Show what apply would do, against the recorded state
  apply      Send the planned changes to Partner Central and record the results
  refresh    Read live statuses from Partner Central into the state and report drift
  import     Adopt existing handshakes: write declarations and state entries
  simulate   Run a local Partner Central Channel simulator (no AWS account needed)
  demo       validate → plan → apply → plan against an in-process simulator (npm start)
  help       Show help for a command (handshakes help plan)

Options:
  -V, --version   Print the version and exit

Run "handshakes <command> --help" for the options of a command.

Every command also takes --no-color: plain text even on a terminal. Colour is used only on a
terminal, and never when the NO_COLOR environment variable is set to anything but "" (no-color.org).
`;

interface Command {
  handler(args: string[], environment: CliEnvironment): Promise<number>;
  help: string;
}

// Each command loads only its own modules: `plan` never parses the simulator, the importer or the apply executor.
const COMMANDS: Record<string, () => Promise<Command>> = {
  validate: async () => {
    const module = await import('./validate.js');
    return { handler: module.validateCommand, help: module.VALIDATE_HELP };
  },
  plan: async () => {
    const module = await import('./plan.js');
    return { handler: module.planCommand, help: module.PLAN_HELP };
  },
  apply: async () => {
    const module = await import('./apply.js');
    return { handler: module.applyCommand, help: module.APPLY_HELP };
  },
  refresh: async () => {
    const module = await import('./refresh.js');
    return { handler: module.refreshCommand, help: module.REFRESH_HELP };
  },
  import: async () => {
    const module = await import('./import.js');
    return { handler: module.importCommand, help: module.IMPORT_HELP };
  },
  simulate: async () => {
    const module = await import('./simulate.js');
    return { handler: module.simulateCommand, help: module.SIMULATE_HELP };
  },
  demo: async () => {
    const module = await import('./demo.js');
    return { handler: module.demoCommand, help: module.DEMO_HELP };
  },
};

async function loadCommand(name: string | undefined): Promise<Command | undefined> {
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name]?.() : undefined;
}

/**
 * Every line the CLI prints goes through `logText`: the CLI runs inside workflows too, and a file name or an API
 * answer must never become a workflow command there. Our own commands (`--format github`) are built by
 * `workflowCommand` and written through `writeCommands`, the one unguarded way out.
 */
function guardedOutput(environment: CliEnvironment, argv: readonly string[], colorRefused: boolean): CliEnvironment {
  const { stdout, stderr } = environment;
  // An API error that echoes the request's headers must not print the credentials either.
  const redactCredentials = redactorFromEnvironment(environment.env);
  // The simulator's banner and help print its public demo identity to be copied; nowhere else is it left readable.
  const simulator = argv[0] === 'simulate' || (argv[0] === 'help' && argv[1] === 'simulate');
  const redact = simulator
    ? keepingReadable(redactCredentials, [DEMO_CREDENTIALS.accessKeyId, DEMO_CREDENTIALS.secretAccessKey])
    : redactCredentials;
  return {
    ...environment,
    stdout: {
      write: (text: string) => stdout.write(logText(redact(text))),
      writeCommands: (text: string) => stdout.write(redact(text)),
      // Commands colour their output exactly when this is true: decided once here for all of them.
      isTTY: stdout.isTTY === true && !colorRefused,
    },
    stderr: { write: (text: string) => stderr.write(logText(redact(text))) },
  };
}

/** Runs one CLI invocation and returns its exit code. Never calls process.exit, so it can run inside tests. */
export async function run(argv: readonly string[], given: CliEnvironment): Promise<number> {
  // --no-color is every command's, wherever it stands before a `--`; NO_COLOR counts when set and not empty.
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  const noColorFlag = options.includes('--no-color');
  const args = noColorFlag
    ? [...options.filter((arg) => arg !== '--no-color'), ...(end === -1 ? [] : argv.slice(end))]
    : argv;
  const noColorVariable = given.env.NO_COLOR !== undefined && given.env.NO_COLOR !== '';
  const environment = guardedOutput(given, args, noColorFlag || noColorVariable);
  const [command, ...rest] = args;
  if (command === '--version' || command === '-V') {
    environment.stdout.write(`${PACKAGE_VERSION}\n`);
    return EXIT_OK;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    environment.stdout.write((await loadCommand(topic))?.help ?? GENERAL_HELP);
    return command === undefined ? EXIT_ERROR : EXIT_OK;
  }
  const loaded = await loadCommand(command);
  if (!loaded) {
    environment.stderr.write(`handshakes: unknown command "${command}".\n\n${GENERAL_HELP}`);
    return EXIT_ERROR;
  }
  const { handler, help } = loaded;
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
      environment.stderr.write(`handshakes ${command}: ${error.message}\n\n${help}`);
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
