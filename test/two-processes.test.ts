// Issue 16: "never two live STARTs for one relationship at rest", with two processes and two state files. Two
// checkouts of one repository (the same lineage) each run `dist/cli.js apply` at the same moment, with different (or
// equal) terms for one name, against one simulator and without any lock in common. At rest — once both have finished,
// and again after a follow-up apply in each — AWS holds at most one live START on the relationship.
// test/two-checkouts.test.ts checks the same guarantee inside one process; this one crosses processes, as two laptops
// or a laptop and a workflow would.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_FAULTS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { simulatorEnvironment, startServicePeriod, temporaryDirectory } from './helpers.js';
import { git } from './support/git-fixture.js';
import { runs } from './support/property-runs.js';

const CLI = join(import.meta.dirname, '..', 'dist', 'cli.js');
const RELATIONSHIP = 'rs-twoprocess001';
const LIVE = new Set(['PENDING', 'ACCEPTED']);

const simulators: Simulator[] = [];
afterAll(async () => {
  await Promise.all(simulators.map((simulator) => simulator.stop()));
});

/** A clone of the same repository (same origin, so the same lineage) with its own state file and terms for acme. */
async function checkout(days: number): Promise<string> {
  const root = await temporaryDirectory('handshakes-two-processes-');
  git(root, 'init', '--quiet');
  git(root, 'remote', 'add', 'origin', 'https://github.com/example/two-processes.git');
  await mkdir(join(root, 'handshakes'));
  await writeFile(
    join(root, 'handshakes', 'acme.yaml'),
    startServicePeriod('acme', { relationship: RELATIONSHIP, days }),
  );
  return root;
}

interface Finished {
  code: number;
  output: string;
}

/** `handshakes apply --auto-approve` in its own process, started after `delayMs`. */
async function apply(root: string, url: string, delayMs = 0): Promise<Finished> {
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const child = spawn(process.execPath, [CLI, 'apply', '--auto-approve', '--no-color'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: root,
      ...simulatorEnvironment(url),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number>((resolve) => child.on('close', (exit) => resolve(exit ?? 1)));
  return { code, output };
}

function liveStarts(simulator: Simulator) {
  return simulator
    .handshakes()
    .filter(
      (handshake) =>
        handshake.handshakeType === 'START_SERVICE_PERIOD' &&
        handshake.associatedResourceId === RELATIONSHIP &&
        LIVE.has(handshake.status),
    );
}

/** A run may be held back (exit 1) by the other's handshake; it must never crash. */
function expectNoCrash(finished: Finished): void {
  expect(finished.output).not.toContain('internal error');
  expect([0, 1]).toContain(finished.code);
}

describe('two processes, two state files, one lineage, no shared lock (issue 16)', () => {
  it('never two live STARTs for one relationship at rest: after both applies, and after a follow-up apply in each', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(14, 30, 60),
        fc.constantFrom(14, 30, 60),
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom(0, 25),
        async (daysA, daysB, delayB, latencyMs) => {
          const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
          simulators.push(simulator);
          const url = await simulator.start();
          // Latency widens the moment between each side's listing and its create, where both can find nothing.
          simulator.faults = { ...NO_FAULTS, latencyMs };
          try {
            const [first, second] = await Promise.all([checkout(daysA), checkout(daysB)]);
            const concurrent = await Promise.all([apply(first, url), apply(second, url, delayB)]);
            for (const finished of concurrent) expectNoCrash(finished);
            expect(liveStarts(simulator), concurrent.map((finished) => finished.output).join('\n')).toHaveLength(1);

            const followUp = await Promise.all([apply(first, url), apply(second, url)]);
            for (const finished of followUp) expectNoCrash(finished);
            expect(liveStarts(simulator), followUp.map((finished) => finished.output).join('\n')).toHaveLength(1);
            if (daysA === daysB) {
              // Equal terms carry the same clientToken: AWS answered both with one handshake, and both record it.
              expect(concurrent.every((finished) => finished.code === 0)).toBe(true);
            }
          } finally {
            await simulator.stop();
          }
        },
      ),
      // Each run starts four processes: a few runs, from the fixed seed (test/support/property-runs.ts).
      runs(4),
    );
  }, 120_000);
});
