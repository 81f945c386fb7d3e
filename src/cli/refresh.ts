import { parseArgs } from 'node:util';
import { DeadlineExceededError } from '../api/errors.js';
import { createApiClient } from '../api/index.js';
import { refreshEveryKind } from '../apply/kind-refresh.js';
import { unreadableFields } from '../core/resource-drift.js';
import { withStateLock } from '../files/lock.js';
import { COMMAND_JSON_FORMAT_VERSION, renderCommandJson } from '../render/command-json.js';
import { singleLine } from '../render/neutralise.js';
import {
  apiTimeouts,
  type CliEnvironment,
  commonOptions,
  DIRECTORY_OPTIONS,
  ENDPOINT_OPTION,
  EXIT_CHANGES,
  EXIT_OK,
  formatOption,
  helpRequested,
  loadState,
  lockOptions,
  stateWriterFor,
  TIMEOUT_HELP,
  validateDirectory,
} from './shared.js';

export const REFRESH_HELP = `Usage: handshakes refresh [--dir handshakes] [--state FILE] [--endpoint URL] [--detailed-exitcode]
                         [--format text|json]

Reads every handshake this account sent (each recorded catalog, all three types, every page)
and brings the recorded statuses up to date. Reports status changes, recorded handshakes AWS no
longer returns, and unmanaged handshakes that exist in AWS but in no declaration. The state is
written, with its serial bumped, only when a status changed.

Options:
  --dir DIR            Directory of declarations (default: handshakes)
  --state FILE         Recorded state (default: DIR/state.json)
  --max-bytes N        Read at most N bytes of declaration files in all (default: 64 MB)
  --endpoint URL       API endpoint (default: the AWS SDK convention)
  --detailed-exitcode  Exit 2 when there is drift
  --format FORMAT      text (default) or json (schemas/command-result.schema.json)
${TIMEOUT_HELP}
  -h, --help           Show this help
`;

export async function refreshCommand(args: string[], environment: CliEnvironment): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...DIRECTORY_OPTIONS,
      ...ENDPOINT_OPTION,
      'detailed-exitcode': { type: 'boolean' },
      format: { type: 'string' },
    },
    strict: true,
  });
  if (helpRequested(values, REFRESH_HELP, environment)) return EXIT_OK;
  const format = formatOption(values.format, ['text', 'json'], 'text');
  const options = commonOptions(environment, values);
  return withStateLock(options.statePath, lockOptions(environment, options, 'handshakes refresh'), async () => {
    const { state, readSerial } = await loadState(environment, options);
    const validated = await validateDirectory(environment, options).catch(() => undefined);
    const declaredCatalogs = validated?.declarations.map((declaration) => declaration.spec.catalog) ?? [];
    const timeouts = apiTimeouts(values);
    const api = await createApiClient({ endpoint: values.endpoint, env: environment.env, ...timeouts });
    try {
      // Every kind in turn (the handshakes, then the program management accounts and relationships this repository
      // created), into the same state, written once at the end.
      const refreshed = await refreshEveryKind(api.client, state, { declaredCatalogs, now: environment.now() }).catch(
        (error: unknown) => {
          if (error instanceof DeadlineExceededError) {
            throw new DeadlineExceededError(
              `refresh did not finish within --timeout ${values.timeout}: ${error.message} Nothing was written: ${options.stateLabel} is unchanged.`,
              false,
            );
          }
          throw error;
        },
      );
      if (refreshed.changed) await stateWriterFor(environment, options, readSerial)(refreshed.state);
      const drift = refreshed.drift;
      if (format === 'json') {
        environment.stdout.write(
          renderCommandJson({
            formatVersion: COMMAND_JSON_FORMAT_VERSION,
            command: 'refresh',
            directory: options.directoryLabel,
            state: {
              file: options.stateLabel,
              written: refreshed.changed,
              serial: refreshed.changed ? refreshed.state.serial : (readSerial ?? null),
            },
            result: {
              drift,
              report: refreshed.findings.report,
              resources: refreshed.findings.resources,
              unreadable: unreadableFields(refreshed.state),
            },
          }),
        );
      } else {
        const lines = refreshed.lines;
        environment.stdout.write(
          lines.length > 0
            ? `Drift:\n${lines.map((line) => `  ${singleLine(line)}`).join('\n')}\n`
            : 'No drift: AWS matches the recorded state.\n',
        );
        const elsewhere = refreshed.elsewhere;
        if (elsewhere.length > 0) {
          environment.stdout.write(
            `Managed elsewhere (not drift: another repository's owner tag):\n${elsewhere.map((line) => `  ${singleLine(line)}`).join('\n')}\n`,
          );
        }
        const unreadable = unreadableFields(refreshed.state).map((field) => field.message);
        if (unreadable.length > 0) {
          environment.stdout.write(
            `Not readable back:\n${unreadable.map((line) => `  ${singleLine(line)}`).join('\n')}\n`,
          );
        }
        environment.stdout.write(
          refreshed.changed
            ? `State written: ${options.stateLabel} (serial ${refreshed.state.serial}).\n`
            : `State unchanged: ${options.stateLabel}${readSerial === undefined ? ' (no file was written)' : ''}.\n`,
        );
      }
      if (values['detailed-exitcode'] && drift) {
        environment.stderr.write(
          'Exit code 2 (--detailed-exitcode): AWS differs from the recorded state, not an error.\n',
        );
        return EXIT_CHANGES;
      }
      return EXIT_OK;
    } finally {
      api.close();
    }
  });
}
