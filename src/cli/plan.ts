import { type FileHandle, open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { planAdoptingOwn, withoutAdopted } from '../core/adopt-own.js';
import { appliedByFromEnvironment } from '../core/applied-by.js';
import { planErrors, planFrom, type Validated } from '../core/engine.js';
import type { Plan, RecordedState } from '../core/model.js';
import { quotaWarnings } from '../core/quota.js';
import { redactorFromEnvironment } from '../core/redact.js';
import { planJsonPieces } from '../render/json.js';
import { keepYoungGenerationSmall } from './memory.js';
import {
  apiTimeouts,
  type CliEnvironment,
  commonOptions,
  DIRECTORY_OPTIONS,
  ENDPOINT_OPTION,
  EXIT_CHANGES,
  EXIT_ERROR,
  EXIT_OK,
  formatOption,
  helpRequested,
  loadState,
  renderPlan,
  TIMEOUT_HELP,
  validOrReport,
} from './shared.js';

export const PLAN_HELP = `Usage: handshakes plan [--dir handshakes] [--state FILE] [--format text|markdown|json]
                       [--out FILE] [--detailed-exitcode] [--refresh [--endpoint URL]]

Validates the declarations, then compares them with the recorded state and prints the
changes apply would make. Never writes state. Offline unless --refresh.

Options:
  --dir DIR            Directory of declarations (default: handshakes)
  --state FILE         Recorded state (default: DIR/state.json)
  --max-bytes N        Read at most N bytes of declaration files in all (default: 64 MB)
  --format FORMAT      text (default), markdown or json
  --out FILE           Also write the plan to FILE (JSON when FILE ends in .json, else --format)
  --detailed-exitcode  Exit 2 when there are changes
  --refresh            First read live statuses from Partner Central (in memory only), show what
                       changed outside this repository, and warn before a documented quota breaks
  --endpoint URL       API endpoint for --refresh (default: the AWS SDK convention)
${TIMEOUT_HELP}
  -h, --help           Show this help

Exit code: 0 for no changes, 1 for an error (including a plan that would touch a protected handshake); with
--detailed-exitcode, 2 when there are changes, state-only ones (rename, forget) included.
`;

/** refresh in memory → plan on live statuses, with drift and quota warnings. The state file is not written. */
async function refreshedPlan(
  validated: Validated,
  state: RecordedState,
  values: { endpoint?: string; timeout?: string; 'request-timeout'?: string },
  environment: CliEnvironment,
): Promise<Plan> {
  // The API client and the refresh load only with --refresh: a plain plan stays offline and starts faster.
  const [{ createApiClient }, { refreshState }] = await Promise.all([
    import('../api/index.js'),
    import('../apply/refresh.js'),
  ]);
  const api = await createApiClient({ endpoint: values.endpoint, env: environment.env, ...apiTimeouts(values) });
  try {
    const declaredCatalogs = validated.declarations.map((declaration) => declaration.spec.catalog);
    const refreshed = await refreshState(api.client, state, declaredCatalogs, environment.now());
    // A reverted state: what AWS holds from this repository with exactly the declared terms is adopted, not re-sent.
    const { plan, adopted } = planAdoptingOwn(validated, refreshed.state, refreshed.items, {
      appliedAt: environment.now().toISOString(),
      appliedBy: appliedByFromEnvironment(environment.env),
    });
    return {
      ...plan,
      drift: withoutAdopted(refreshed.report, adopted),
      // The live statuses replace what the recorded state said about quotas.
      diagnostics: [
        ...plan.diagnostics.filter((diagnostic) => !diagnostic.code.startsWith('quota.')),
        ...quotaWarnings(plan, refreshed.items, environment.now()),
      ],
    };
  } finally {
    api.close();
  }
}

/** Joins small pieces into writes of about 64 KB: few system calls, and never one string of the whole plan. */
function* batches(pieces: Iterable<string>, size = 64 * 1024): Generator<string> {
  let batch = '';
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= size) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}

async function writePlan(
  file: FileHandle,
  plan: Plan,
  format: string,
  directoryLabel: string,
  redact: (text: string) => string,
): Promise<void> {
  if (format === 'json') {
    for (const batch of batches(planJsonPieces(plan))) await file.write(redact(batch));
  } else {
    await file.write(redact(renderPlan(plan, format, directoryLabel, false)));
  }
}

export async function planCommand(args: string[], environment: CliEnvironment): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...DIRECTORY_OPTIONS,
      ...ENDPOINT_OPTION,
      format: { type: 'string' },
      out: { type: 'string' },
      'detailed-exitcode': { type: 'boolean' },
      refresh: { type: 'boolean' },
    },
    strict: true,
  });
  if (helpRequested(values, PLAN_HELP, environment)) return EXIT_OK;
  keepYoungGenerationSmall();
  const format = formatOption(values.format, ['text', 'markdown', 'json'], 'text');
  const options = commonOptions(environment, values);
  const validated = await validOrReport(environment, options, 'No plan');
  if (!validated) return EXIT_ERROR;
  const { state } = await loadState(environment, options);
  const plan = values.refresh ? await refreshedPlan(validated, state, values, environment) : planFrom(validated, state);
  const color = environment.stdout.isTTY === true;
  const outFormat = values.out ? (values.out.endsWith('.json') ? 'json' : format) : undefined;
  const redact = redactorFromEnvironment(environment.env);
  const out = values.out ? await open(resolve(environment.cwd, values.out), 'w') : undefined;
  try {
    if (format === 'json') {
      // A JSON plan goes out in batches, to standard output and the --out file alike (also JSON), rendered once.
      for (const batch of batches(planJsonPieces(plan))) {
        environment.stdout.write(batch);
        if (out) await out.write(redact(batch));
      }
    } else {
      environment.stdout.write(renderPlan(plan, format, options.directoryLabel, color));
      if (out) await writePlan(out, plan, outFormat ?? format, options.directoryLabel, redact);
    }
  } finally {
    await out?.close();
  }
  if (planErrors(plan).length > 0) {
    return EXIT_ERROR;
  }
  if (values['detailed-exitcode'] && plan.changes.length > 0) {
    // Standard error, so a JSON plan on standard output stays one document.
    environment.stderr.write(
      `Exit code 2 (--detailed-exitcode): the plan has changes, not an error. Apply them with "handshakes apply".\n`,
    );
    return EXIT_CHANGES;
  }
  return EXIT_OK;
}
