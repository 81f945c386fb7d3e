// Issue 16: two checkouts that share no lock (two laptops, a second workflow) apply different terms for one name at
// once. Each keeps its own state file; both list, find nothing, and send. Invariant: never two live STARTs for one
// relationship at rest — after its create, the newer one finds the older (same owner tag) and cancels itself.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyState, type RecordedState } from '../src/core/model.js';
import { OWNER_TAG_KEY, ownerTagValue } from '../src/core/ownership.js';
import { createPlan } from '../src/core/plan.js';
import { deriveLineage } from '../src/core/token.js';
import { Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { applyPlan } from '../src/usecases/apply.js';
import { newClient } from './api-helpers.js';
import { declarationsFrom, startServicePeriod } from './helpers.js';
import { runs } from './support/property-runs.js';

const simulators: Simulator[] = [];
afterAll(async () => {
  await Promise.all(simulators.map((simulator) => simulator.stop()));
});

const LINEAGE = deriveLineage('handshakes');
const RELATIONSHIP = 'rs-aaaaaaaaaaaaa';

/** One checkout: its own state "file", its own client, its own declaration of acme. */
async function checkout(url: string, days: number, delayMs: number) {
  let state: RecordedState = emptyState(LINEAGE);
  const plan = createPlan(
    declarationsFrom(startServicePeriod('acme', { relationship: RELATIONSHIP, days })),
    emptyState(LINEAGE),
  );
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const outcome = await applyPlan(plan, state, {
    api: newClient(url),
    persist: async (next) => {
      state = next;
    },
    now: () => new Date(),
    appliedBy: {},
  });
  return { outcome, state };
}

describe('two checkouts, two state files, no shared lock (issue 16)', () => {
  it('never two live STARTs for one relationship at rest: the newer one cancels itself and says so', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(14, 30, 60),
        fc.constantFrom(14, 30, 60),
        fc.nat({ max: 5 }),
        async (daysA, daysB, delayB) => {
          const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
          simulators.push(simulator);
          const url = await simulator.start();
          try {
            const [a, b] = await Promise.all([checkout(url, daysA, 0), checkout(url, daysB, delayB)]);
            const ours = simulator
              .handshakes()
              .filter(
                (handshake) =>
                  handshake.handshakeType === 'START_SERVICE_PERIOD' &&
                  handshake.tags?.some(
                    (tag) => tag.key === OWNER_TAG_KEY && tag.value === ownerTagValue(LINEAGE, 'acme'),
                  ),
              );
            const live = ours.filter((handshake) => handshake.status === 'PENDING' || handshake.status === 'ACCEPTED');
            expect(live).toHaveLength(1);
            // Same terms: the same token, so AWS answered both with one handshake (or the later side's listing found it
            // already sent). Different terms: the newer side cancelled its own, recorded it, and reported the one that
            // stays.
            const results = [...a.outcome.results, ...b.outcome.results];
            if (daysA === daysB) {
              expect(ours).toHaveLength(1);
              expect(results.every((result) => result.outcome === 'succeeded' || result.outcome === 'moot')).toBe(true);
            } else {
              const heldBack = results.filter((result) => result.outcome === 'held-back');
              expect(heldBack).toHaveLength(1);
              // Either the later side's apply-time listing already saw the first (held back before sending), or both
              // sent and the newer one cancelled itself after its create.
              const message = heldBack[0]?.message ?? '';
              if (message.startsWith('held back: after the create')) {
                expect(message).toContain(`held back: after the create, ${live[0]?.id}`);
                expect(heldBack[0]?.status).toBe('CANCELED');
              } else {
                expect(message).toContain(`held back: ${live[0]?.id} was sent from this repository for "acme"`);
              }
            }
          } finally {
            await simulator.stop();
          }
        },
      ),
      runs(12),
    );
  });
});
