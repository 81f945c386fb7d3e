import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { effectiveState, planFrom } from '../engine.js';
import { countBySeverity, renderDiagnosticsText } from '../render/diagnostics.js';
import { readState } from '../state.js';
import {
  type CliEnvironment,
  commonOptions,
  EXIT_CHANGES,
  EXIT_ERROR,
  EXIT_OK,
  formatOption,
  renderPlan,
  validateDirectory,
} from './shared.js';

export const PLAN_HELP = `Usage: handshakes plan [--dir handshakes] [--state FILE] [--format text|markdown|json]
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
`;

export async function planCommand(args: string[], environment: CliEnvironment): Promise<number> {
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
    environment.stdout.write(PLAN_HELP);
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
