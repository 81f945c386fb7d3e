// One customer's onboarding in one directory (a program management account, its activation, a relationship and its
// START), run by the CLI in this process against a simulator on loopback: the set-up the channel-as-code tests share.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RecordedState } from '../../src/core/model.js';
import { DEMO_CREDENTIALS, Simulator } from '../../src/simulator/server.js';
import { NO_QUOTAS } from '../../src/simulator/service.js';
import { cliIn, simulatorEnvironment, temporaryDirectory } from '../helpers.js';
import { ONBOARDING } from './onboarding-text.js';

export type Onboarding = Awaited<ReturnType<typeof onboardingCheckout>>;

/**
 * A started simulator (the caller stops it) and a checkout whose handshakes/customers.yaml holds `text`. `log` hears
 * every request line the simulator writes.
 */
export async function onboardingCheckout(simulators: Simulator[], text = ONBOARDING, log?: (line: string) => void) {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS, log });
  simulators.push(simulator);
  const url = await simulator.start();
  const root = await temporaryDirectory();
  await mkdir(join(root, 'handshakes'));
  await writeFile(join(root, 'handshakes', 'customers.yaml'), text);
  const cli = cliIn(root, simulatorEnvironment(url), ['--no-color']);
  const statePath = join(root, 'handshakes', 'state.json');
  const state = async () => JSON.parse(await readFile(statePath, 'utf8')) as RecordedState;
  const relationships = () => simulator.relationships.all(DEMO_CREDENTIALS.accountId);
  return { simulator, url, root, cli, state, statePath, relationships };
}

/** Applies up to the relationship's create: the account, its activation, the acceptance, the refresh. */
export async function throughActivation(context: Onboarding): Promise<void> {
  expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
  expect((await context.cli('apply', '--auto-approve')).code).toBe(0);
  const activation = (await context.state()).declarations['emea-activation']?.handshakes[0]?.id as string;
  context.simulator.respond(activation, 'ACCEPTED');
  expect((await context.cli('refresh')).code).toBe(0);
}
