import { parseArgs } from 'node:util';
import { forgetDone } from '../core/plan.js';
import { readState } from '../files/state.js';
import { renderDiagnosticsGithub, renderDiagnosticsText, validationSummary } from '../render/diagnostics.js';
import {
  type CliEnvironment,
  commonOptions,
  EXIT_ERROR,
  EXIT_OK,
  formatOption,
  helpRequested,
  validateDirectory,
} from './shared.js';

export const VALIDATE_HELP = `Usage: handshakes validate [--dir handshakes] [--format text|github|json] [--max-bytes N]

Checks every YAML declaration under --dir against schemas/handshake.schema.json and the
cross-file rules. Every problem is reported with file:line:column and the field.

Options:
  --dir DIR        Directory of declarations (default: handshakes)
  --format FORMAT  text (default), github (workflow-command annotations) or json
  --max-bytes N    Read at most N bytes of declaration files in all (default: 67108864, 64 MB)
  -h, --help       Show this help

Exit code: 0 when there is no error (warnings never fail), 1 otherwise.
`;

export async function validateCommand(args: string[], environment: CliEnvironment): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: 'string' },
      'max-bytes': { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (helpRequested(values, VALIDATE_HELP, environment)) return EXIT_OK;
  const format = formatOption(values.format, ['text', 'github', 'json'], 'text');
  const options = commonOptions(environment, values);
  const checked = await validateDirectory(environment, options);
  // A forget document whose name the state no longer holds has done its job: say it can be deleted.
  const recorded = checked.forgets.length > 0 ? await readState(options.statePath) : undefined;
  const validated = recorded
    ? { ...checked, diagnostics: [...checked.diagnostics, ...forgetDone(checked.forgets, recorded)] }
    : checked;
  if (format === 'json') {
    environment.stdout.write(
      `${JSON.stringify({ valid: !validated.hasErrors, declarations: validated.declarations.length, diagnostics: validated.diagnostics }, null, 2)}\n`,
    );
  } else {
    if (format === 'github') {
      const commands = renderDiagnosticsGithub(validated.diagnostics);
      if (commands && environment.stdout.writeCommands) environment.stdout.writeCommands(`${commands}\n`);
      else if (commands) environment.stdout.write(`${commands}\n`);
    } else {
      const rendered = renderDiagnosticsText(validated.diagnostics, { color: environment.stdout.isTTY === true });
      if (rendered) environment.stdout.write(`${rendered}\n`);
    }
    environment.stdout.write(`${validationSummary(options.directoryLabel, validated)}\n`);
  }
  return validated.hasErrors ? EXIT_ERROR : EXIT_OK;
}
