import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiClient } from '../api/index.js';
import { renderPlanText } from '../render/text.js';
import { DEMO_CREDENTIALS, Simulator } from '../simulator/server.js';
import { executeApply, planForApply } from './apply.js';
import { type CliEnvironment, commonOptions, DIRECTORY_OPTIONS, EXIT_ERROR, EXIT_OK, helpRequested } from './shared.js';

export const DEMO_HELP = `Usage: handshakes demo [--dir handshakes] [--state FILE]

The embedded default (npm start): starts the Partner Central simulator in-process, then runs
validate → plan → apply for the declarations, against a scratch copy of the recorded state
(the state file itself is never touched), and plans again to show that nothing is left to do.
No AWS account is needed.
`;

export async function demoCommand(args: string[], environment: CliEnvironment): Promise<number> {
  const { values } = parseArgs({
    args,
    options: DIRECTORY_OPTIONS,
    strict: true,
  });
  if (helpRequested(values, DEMO_HELP, environment)) return EXIT_OK;
  const out = (text: string) => environment.stdout.write(text);
  const color = environment.stdout.isTTY === true;
  const original = commonOptions(environment, values);
  const scratch = await mkdtemp(join(tmpdir(), 'channel-handshakes-demo-'));
  const scratchState = join(scratch, 'state.json');
  await copyFile(original.statePath, scratchState).catch(() => undefined);
  const simulator = new Simulator();
  try {
    const url = await simulator.start(0);
    out(
      `channel-handshakes demo: the declarations in ${original.directoryLabel}/ against a local Partner Central simulator.\n`,
    );
    out(`The simulator (${url}) verifies signatures, validates every request against the official API model and\n`);
    out(`enforces the documented rate limits, so requests are paced at 3 per second as they would be against AWS.\n`);
    out(`State goes to a scratch copy (${scratchState}); ${original.stateLabel} is never touched.\n\n`);

    // The scratch copy lies outside the repository on purpose: the program chose it, so it is not refused.
    const scratchValues = { dir: values.dir, 'max-bytes': values['max-bytes'], scratchState };
    out('1. validate and plan\n\n');
    const planned = await planForApply(environment, scratchValues);
    if (!planned) return EXIT_ERROR;
    out(renderPlanText(planned.plan, { color }));

    out('\n2. apply\n\n');
    const api = await createApiClient({
      endpoint: url,
      env: { AWS_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: DEMO_CREDENTIALS.secretAccessKey },
    });
    let failed = false;
    try {
      if (planned.plan.changes.length > 0) {
        const report = await executeApply(planned, api.client, environment);
        failed = report.failed.length > 0;
      } else {
        out('Nothing to apply.\n');
      }
    } finally {
      api.close();
    }

    out('\n3. plan again: everything declared is now recorded\n\n');
    const again = await planForApply(environment, scratchValues);
    if (!again) return EXIT_ERROR;
    out(renderPlanText(again.plan, { color }));
    out(
      `\nThe simulator now holds ${simulator.handshakes().length} handshake(s), all PENDING until their receivers answer.\n`,
    );
    out('Next: run "node dist/cli.js simulate" and point apply at it, or read the README for the GitHub Action.\n');
    return failed || again.plan.changes.length > 0 ? EXIT_ERROR : EXIT_OK;
  } finally {
    await simulator.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}
