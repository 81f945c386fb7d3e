import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DOCUMENTED_RATE_LIMITS } from '../api/client.js';
import { formatDuration } from '../api/deadline.js';
import { createApiClient } from '../api/index.js';
import type { HandshakeApi } from '../apply/executor.js';
import { appliedByFromEnvironment } from '../core/applied-by.js';
import { deferredProgressOf } from '../core/deferred.js';
import { planErrors, planFrom, type Validated } from '../core/engine.js';
import { UserError } from '../core/errors.js';
import type { Plan, RecordedState } from '../core/model.js';
import { withStateLock } from '../files/lock.js';
import { describeResult } from '../render/apply-result.js';
import { applyResultJson, COMMAND_JSON_FORMAT_VERSION, renderCommandJson } from '../render/command-json.js';
import { deadlineReport } from '../render/deadline.js';
import { renderDeferredText } from '../render/deferred.js';
import { summaryLine } from '../render/describe.js';
import { renderDiagnosticsText } from '../render/diagnostics.js';
import { singleLine } from '../render/neutralise.js';
import { outcomeLabel, outcomeNextStep } from '../render/outcome.js';
import { waitLine } from '../render/resource-changes.js';
import { renderPlanText } from '../render/text.js';
import { type ApplyReport, applyReportOf, applyUseCase } from '../usecases/apply.js';
import { recordAfterWholeApply } from '../usecases/continue-deferred.js';
import {
  type ApiTimeouts,
  apiTimeouts,
  type CliEnvironment,
  type CommonOptions,
  commonOptions,
  DIRECTORY_OPTIONS,
  type DirectoryValues,
  ENDPOINT_OPTION,
  EXIT_ERROR,
  EXIT_OK,
  formatOption,
  helpRequested,
  loadState,
  lockOptions,
  stateWriterFor,
  TIMEOUT_HELP,
  validOrReport,
} from './shared.js';

export const APPLY_HELP = `Usage: handshakes apply [--dir handshakes] [--state FILE] [--endpoint URL] [--plan plan.json]
                        [--auto-approve] [--format text|json]

Plans, then sends the changes to Partner Central: creates, cancels, revokes and retags, with
deterministic clientTokens so that a retry, crash or re-run never sends a handshake twice.
Each success is written to the state file at once; failures are reported per change and the
rest continue.

Options:
  --dir DIR        Directory of declarations (default: handshakes)
  --state FILE     Recorded state (default: DIR/state.json)
  --max-bytes N    Read at most N bytes of declaration files in all (default: 64 MB)
  --endpoint URL   API endpoint (default: AWS_ENDPOINT_URL_PARTNERCENTRAL_CHANNEL, AWS_ENDPOINT_URL,
                   or https://partnercentral-channel.global.api.aws)
  --plan FILE      A JSON plan from "plan --out"; refuse to apply if a fresh plan differs
  --auto-approve   Do not ask for confirmation (needed when standard input is not a terminal)
  --format FORMAT  text (default) or json: one document on standard output
                   (schemas/command-result.schema.json), progress on standard error; needs --auto-approve
  --rate-mutate N  Create/Cancel requests per second (default 3, the documented per-account quota)
  --rate-list N    ListChannelHandshakes requests per second (default 5, the documented quota)
  --rate-tag N     TagResource/UntagResource requests per second (default 5; AWS documents no quota)
${TIMEOUT_HELP}
  -h, --help       Show this help

One writer at a time: apply holds FILE.lock next to the state file while it runs (a second
apply, refresh or import waits for it), and stops before a write if another process changed
the state file meanwhile.

Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the standard
AWS chain (profiles, SSO, web identity, container and instance metadata).
Before sending, apply lists the handshakes it is about to touch: a change AWS already made moot
is skipped ("already …"), and one that would now need a different action (a cancel of a handshake
the receiver just accepted) is held back until a new plan is reviewed.
Exit code: 0 when every change succeeded or was already done, 1 otherwise.
`;

/** Loads a pinned plan and refuses when the fresh plan differs, saying what changed in between. */
async function checkPinnedPlan(path: string, fresh: Plan, environment: CliEnvironment): Promise<void> {
  let pinned: Plan;
  try {
    pinned = JSON.parse(await readFile(resolve(environment.cwd, path), 'utf8')) as Plan;
  } catch (error) {
    throw new UserError(
      `cannot read the pinned plan ${path}: ${(error as Error).message}. Write it with "handshakes plan --out ${path}".`,
    );
  }
  if (pinned.digest !== fresh.digest) {
    throw new UserError(
      `the plan changed since ${path} was written, so nothing was applied.\n  pinned: ${pinned.digest} — ${pinned.summary ? summaryLine(pinned.summary) : 'no summary'}\n  now:    ${fresh.digest} — ${summaryLine(fresh.summary)}\nThe declarations or the recorded state moved. Review the new plan and pin it again.`,
    );
  }
}

export interface PlannedApply {
  options: CommonOptions;
  plan: Plan;
  state: RecordedState;
  /** The state file's serial when read (undefined: none), checked before every write. */
  readSerial: number | undefined;
  /** The declarations planned from: a deferred record is matched against them (core/deferred.ts). */
  validated?: Validated;
}

/** validate → plan for apply; undefined (after printing why) when declarations are invalid. */
export async function planForApply(
  environment: CliEnvironment,
  values: DirectoryValues,
): Promise<PlannedApply | undefined> {
  const options = commonOptions(environment, values);
  const validated = await validOrReport(environment, options, 'Nothing applied');
  if (!validated) return undefined;
  const { state, readSerial } = await loadState(environment, options);
  const plan = planFrom(validated, state);
  const errors = planErrors(plan);
  if (errors.length > 0) {
    environment.stderr.write(
      `${renderDiagnosticsText(errors)}\nNothing applied: fix the ${errors.length} error(s) above first.\n`,
    );
    return undefined;
  }
  return { options, plan, state, readSerial, validated };
}

/** Runs the plan against an API and prints one line per change and a summary. */
export async function executeApply(
  planned: PlannedApply,
  api: HandshakeApi,
  environment: CliEnvironment,
  timeouts: ApiTimeouts = {},
  format: 'text' | 'json' = 'text',
): Promise<ApplyReport> {
  const { plan, state, options } = planned;
  // With --format json, standard output holds the one document: progress goes to standard error.
  const out = format === 'json' ? environment.stderr : environment.stdout;
  out.write(`Applying ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}…\n`);
  const persist = stateWriterFor(environment, options, planned.readSerial);
  const applied = await applyUseCase(plan, state, {
    api,
    persist,
    now: () => environment.now(),
    appliedBy: appliedByFromEnvironment(environment.env),
    onResult: (result) => out.write(`  ${describeResult(result)}\n`),
  });
  // What this apply sent of a reviewed plan's remainder leaves the record (core/deferred.ts).
  const deferred = planned.validated ? recordAfterWholeApply(planned.validated, plan, applied) : undefined;
  let report = applied;
  if (deferred && JSON.stringify(deferred.before) !== JSON.stringify(deferred.after)) {
    report = { ...applied, state: { ...deferred.state, serial: deferred.state.serial + 1 } };
    await persist(report.state);
  }
  const { failed, heldBack: held } = report;
  // Honest about the file: a run that recorded nothing wrote nothing.
  const written =
    report.state.serial === state.serial
      ? `Nothing recorded: ${options.stateLabel} unchanged.`
      : `State written to ${options.stateLabel} (serial ${report.state.serial}).`;
  out.write(`\n${outcomeLabel(report, { icon: false })}. ${written}\n`);
  for (const wait of plan.waits ?? []) out.write(`Waiting: ${singleLine(waitLine(wait))}.\n`);
  if (deferred) {
    for (const line of renderDeferredText(deferredProgressOf(deferred), { confirmedHere: true }))
      out.write(`${singleLine(line)}\n`);
  }
  if (report.timedOut.length > 0 && timeouts.deadline) {
    out.write(deadlineReport(report.results, `--timeout ${formatDuration(timeouts.deadline.budgetMs)}`));
  } else if (failed.length > 0 || held.length > 0) {
    // One next step for the whole run, the same as the pull request's comment says.
    out.write(`${outcomeNextStep(report, 'cli')}\n`);
  }
  if (format === 'json') environment.stdout.write(applyJson(planned, report));
  return report;
}

/** The `apply --format json` document (schemas/command-result.schema.json). */
function applyJson(planned: PlannedApply, report: ApplyReport): string {
  const written = report.state.serial !== planned.state.serial;
  return renderCommandJson({
    formatVersion: COMMAND_JSON_FORMAT_VERSION,
    command: 'apply',
    directory: planned.options.directoryLabel,
    state: {
      file: planned.options.stateLabel,
      written,
      serial: written ? report.state.serial : (planned.readSerial ?? null),
    },
    result: applyResultJson(report),
  });
}

function rateOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new UserError(`--${name} takes a number of requests per second above 0, not "${value}".`);
  }
  return rate;
}

interface ApplyValues {
  dir?: string;
  state?: string;
  endpoint?: string;
  timeout?: string;
  'request-timeout'?: string;
  plan?: string;
  'auto-approve'?: boolean;
  'rate-mutate'?: string;
  'rate-list'?: string;
  'rate-tag'?: string;
  format?: string;
}

export async function applyCommand(args: string[], environment: CliEnvironment): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...DIRECTORY_OPTIONS,
      ...ENDPOINT_OPTION,
      plan: { type: 'string' },
      'auto-approve': { type: 'boolean' },
      'rate-mutate': { type: 'string' },
      'rate-list': { type: 'string' },
      'rate-tag': { type: 'string' },
      format: { type: 'string' },
    },
    strict: true,
  });
  if (helpRequested(values, APPLY_HELP, environment)) return EXIT_OK;
  const format = formatOption(values.format, ['text', 'json'], 'text');
  if (format === 'json' && !values['auto-approve']) {
    throw new UserError(
      '--format json is for scripts, which cannot answer the confirmation: pass --auto-approve too (ideally with --plan to pin what was reviewed).',
    );
  }
  const options = commonOptions(environment, values);
  return withStateLock(options.statePath, lockOptions(environment, options, 'handshakes apply'), () =>
    lockedApply(values, environment),
  );
}

/**
 * With nothing to send, a reviewed plan's remainder whose items are all gone (done meanwhile, or no longer declared)
 * is still moved on, so the record does not outlive what it describes; the progress goes to standard error.
 */
async function settleDeferredWithoutChanges(
  planned: PlannedApply,
  environment: CliEnvironment,
): Promise<RecordedState> {
  const settled = planned.validated
    ? recordAfterWholeApply(planned.validated, planned.plan, applyReportOf(planned.state, []))
    : undefined;
  if (!settled || JSON.stringify(settled.before) === JSON.stringify(settled.after)) return planned.state;
  const state = { ...settled.state, serial: settled.state.serial + 1 };
  await stateWriterFor(environment, planned.options, planned.readSerial)(state);
  for (const line of renderDeferredText(deferredProgressOf(settled), { confirmedHere: true }))
    environment.stderr.write(`${singleLine(line)}\n`);
  return state;
}

async function lockedApply(values: ApplyValues, environment: CliEnvironment): Promise<number> {
  const planned = await planForApply(environment, values);
  if (!planned) return EXIT_ERROR;
  const { plan } = planned;
  if (values.plan) await checkPinnedPlan(values.plan, plan, environment);
  if (plan.changes.length === 0) {
    const settled = await settleDeferredWithoutChanges(planned, environment);
    environment.stdout.write(
      values.format === 'json'
        ? applyJson(planned, applyReportOf(settled, []))
        : renderPlanText(plan, { color: environment.stdout.isTTY === true }),
    );
    return EXIT_OK;
  }
  if (!values['auto-approve']) {
    if (!environment.prompt) {
      throw new UserError(
        'apply asks for confirmation, but standard input is not a terminal. Review the plan and pass --auto-approve (as a CI job does), ideally with --plan to pin what was reviewed.',
      );
    }
    environment.stdout.write(renderPlanText(plan, { color: environment.stdout.isTTY === true }));
    const answer = await environment.prompt(
      `\nApply these ${plan.changes.length} changes to Partner Central? Only "yes" is accepted: `,
    );
    if (answer.trim() !== 'yes') {
      environment.stdout.write('Apply cancelled; nothing was sent.\n');
      return EXIT_ERROR;
    }
  }
  const rateLimits = {
    mutate: rateOption(values['rate-mutate'], 'rate-mutate', DOCUMENTED_RATE_LIMITS.mutate),
    list: rateOption(values['rate-list'], 'rate-list', DOCUMENTED_RATE_LIMITS.list),
    tag: rateOption(values['rate-tag'], 'rate-tag', DOCUMENTED_RATE_LIMITS.tag),
  };
  const timeouts = apiTimeouts(values);
  const api = await createApiClient({ endpoint: values.endpoint, env: environment.env, rateLimits, ...timeouts });
  try {
    const report = await executeApply(
      planned,
      api.client,
      environment,
      timeouts,
      values.format === 'json' ? 'json' : 'text',
    );
    return report.complete ? EXIT_OK : EXIT_ERROR;
  } finally {
    api.close();
  }
}
