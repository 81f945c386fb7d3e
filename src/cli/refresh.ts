import { parseArgs } from 'node:util';
import { createApiClient } from '../api/index.js';
import { refreshState } from '../apply/refresh.js';
import { describeDrift, hasDrift } from '../core/drift.js';
import { effectiveState } from '../core/engine.js';
import { redactorFromEnvironment, redactValue } from '../core/redact.js';
import { readState, writeStateAtomically } from '../files/state.js';
import { singleLine } from '../render/neutralise.js';
import {
  type CliEnvironment,
  commonOptions,
  DIRECTORY_OPTIONS,
  ENDPOINT_OPTION,
  EXIT_CHANGES,
  EXIT_OK,
  helpRequested,
  validateDirectory,
} from './shared.js';

export const REFRESH_HELP = `Usage: handshakes refresh [--dir handshakes] [--state FILE] [--endpoint URL] [--detailed-exitcode]

Reads every handshake this account sent (each recorded catalog, all three types, every page)
and brings the recorded statuses up to date. Reports status changes, recorded handshakes AWS no
longer returns, and unmanaged handshakes that exist in AWS but in no declaration. The state is
written, with its serial bumped, only when a status changed.

Options:
  --dir DIR            Directory of declarations (default: handshakes)
  --state FILE         Recorded state (default: DIR/state.json)
  --endpoint URL       API endpoint (default: the AWS SDK convention)
  --detailed-exitcode  Exit 2 when there is drift
  -h, --help           Show this help
`;

export async function refreshCommand(args: string[], environment: CliEnvironment): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...DIRECTORY_OPTIONS,
      ...ENDPOINT_OPTION,
      'detailed-exitcode': { type: 'boolean' },
    },
    strict: true,
  });
  if (helpRequested(values, REFRESH_HELP, environment)) return EXIT_OK;
  const options = commonOptions(environment, values);
  const recorded = await readState(options.statePath);
  const state = effectiveState(recorded, options.directoryLabel);
  const validated = await validateDirectory(environment, options).catch(() => undefined);
  const declaredCatalogs = validated?.declarations.map((declaration) => declaration.spec.catalog) ?? [];
  const api = await createApiClient({ endpoint: values.endpoint, env: environment.env });
  try {
    const refreshed = await refreshState(api.client, state, declaredCatalogs);
    const lines = describeDrift(refreshed.report);
    environment.stdout.write(
      lines.length > 0
        ? `Drift:\n${lines.map((line) => `  ${singleLine(line)}`).join('\n')}\n`
        : 'No drift: AWS matches the recorded state.\n',
    );
    if (refreshed.changed) {
      await writeStateAtomically(
        options.statePath,
        redactValue(refreshed.state, redactorFromEnvironment(environment.env)),
      );
      environment.stdout.write(`State updated: ${options.stateLabel} (serial ${refreshed.state.serial}).\n`);
    } else {
      environment.stdout.write(`State unchanged: ${options.stateLabel}.\n`);
    }
    return values['detailed-exitcode'] && hasDrift(refreshed.report) ? EXIT_CHANGES : EXIT_OK;
  } finally {
    api.close();
  }
}
