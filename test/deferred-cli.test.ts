// The CLI's `apply` and a reviewed plan's remainder (issues 18 and 20): over loopback against the simulator, an apply
// of the plan its user confirms moves the record the Action's merge left on, and says how far the reviewed plan got.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { declarationFingerprints, deferredRecordOf } from '../src/core/deferred.js';
import { planFrom, validateFiles } from '../src/core/engine.js';
import { type ChangeResult, emptyState, type RecordedState } from '../src/core/model.js';
import { serializeState } from '../src/files/state.js';
import { Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { cliIn, FIXED_NOW, simulatorEnvironment, startServicePeriod, temporaryDirectory } from './helpers.js';

const simulators: Simulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

const files = (days = 30) => ({
  'acme.yaml': startServicePeriod('acme', { relationship: 'rs-aaaaaaaaaaaa1', days }),
  'beta.yaml': startServicePeriod('beta', { relationship: 'rs-aaaaaaaaaaaa2' }),
  'gamma.yaml': startServicePeriod('gamma', { relationship: 'rs-aaaaaaaaaaaa3' }),
});

/** A directory whose state holds what a merge's apply left when its deadline cut off all three creates. */
async function setup() {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
  simulators.push(simulator);
  const url = await simulator.start();
  const root = await temporaryDirectory();
  await mkdir(join(root, 'handshakes'));
  for (const [name, text] of Object.entries(files())) await writeFile(join(root, 'handshakes', name), text);
  const validated = validateFiles({
    files: Object.entries(files()).map(([name, text]) => ({ path: `handshakes/${name}`, text })),
    now: FIXED_NOW,
  });
  const state = emptyState('lineage-deferred-cli');
  const plan = planFrom(validated, state);
  const results = plan.changes.map(
    (change): ChangeResult => ({
      change,
      outcome: 'failed',
      failure: { code: 'DeadlineExceeded', message: 'deadline' },
    }),
  );
  const deferred = deferredRecordOf(plan, results, declarationFingerprints(validated), {
    planDigest: plan.digest,
    pullRequest: 7,
    reviewedAt: FIXED_NOW.toISOString(),
  });
  const statePath = join(root, 'handshakes', 'state.json');
  await writeFile(statePath, serializeState({ ...state, ...(deferred ? { deferred } : {}) }));
  const cli = cliIn(root, simulatorEnvironment(url), ['--no-color']);
  const recorded = async () => JSON.parse(await readFile(statePath, 'utf8')) as RecordedState;
  return { simulator, root, cli, recorded };
}

describe('handshakes apply continues a reviewed plan the Action left unsent', () => {
  it('sends the deferred changes once each and clears the record, saying the reviewed plan is complete', async () => {
    const { simulator, cli, recorded } = await setup();
    expect((await recorded()).deferred?.items).toHaveLength(3);
    const applied = await cli('apply', '--auto-approve');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Completed the plan reviewed on #7: 3 of 3 sent; nothing is left.');
    expect((await recorded()).deferred).toBeUndefined();
    expect(simulator.handshakes()).toHaveLength(3);
  });

  it('with nothing left to send (the declarations were removed since), an apply still clears the record', async () => {
    const { root, cli, recorded } = await setup();
    for (const name of Object.keys(files())) await writeFile(join(root, 'handshakes', name), '');
    const applied = await cli('apply', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect((await recorded()).deferred).toBeUndefined();
    expect(applied.stderr).toContain('#7');
  });

  it('names a deferred change whose declaration changed since the review, and drops it from the record', async () => {
    const { root, cli, recorded } = await setup();
    await writeFile(join(root, 'handshakes', 'acme.yaml'), files(60)['acme.yaml']);
    const applied = await cli('apply', '--auto-approve');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Finished the plan reviewed on #7: 2 of 3 sent; 1 changed since the review');
    expect(applied.stdout).toContain(
      'acme: its declaration (or one it references) changed since the review; this apply sent it as planned now, as you confirmed',
    );
    expect((await recorded()).deferred).toBeUndefined();
  });
});
