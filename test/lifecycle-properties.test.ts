// Random months of a partner-operations team, against the simulator over loopback: edits, renames, receiver answers,
// refreshes and applies in any order. The lifecycle's promises must hold after every step.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshState } from '../src/apply/refresh.js';
import { STATE_ONLY_ACTIONS } from '../src/core/kinds.js';
import { type Declaration, emptyState, type RecordedState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { stateProblems } from '../src/core/state-rules.js';
import { serializeState } from '../src/files/state.js';
import { reasonText } from '../src/render/reasons.js';
import { Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { applyPlan } from '../src/usecases/apply.js';
import { newClient } from './api-helpers.js';
import { declarationsFrom, FIXED_NOW } from './helpers.js';
import { runs } from './support/property-runs.js';

const NAMES = ['alpha', 'bravo', 'charlie', 'delta'] as const;
const RELATIONSHIPS = ['rs-aaaaaaaaaaaaa', 'rs-bbbbbbbbbbbbb'] as const;
const MUTATING = new Set(['CreateChannelHandshake', 'CancelChannelHandshake', 'TagResource', 'UntagResource']);

interface Slot {
  kind: 'none' | 'start' | 'revoke';
  name: number;
  days: 14 | 30 | 60;
  revision: 0 | 1;
  tag: boolean;
}

const slotArbitrary: fc.Arbitrary<Slot> = fc.record({
  kind: fc.constantFrom('none', 'start', 'start', 'revoke'),
  name: fc.nat(NAMES.length - 1),
  days: fc.constantFrom(14, 30, 60),
  revision: fc.constantFrom(0, 1),
  tag: fc.boolean(),
});

type Step =
  | { kind: 'edit'; slots: [Slot, Slot] }
  | { kind: 'rename'; relationship: number; to: number }
  | { kind: 'answer'; pick: number; answer: 'ACCEPTED' | 'REJECTED' | 'EXPIRED' }
  | { kind: 'refresh' }
  | { kind: 'apply' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('edit' as const), slots: fc.tuple(slotArbitrary, slotArbitrary) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('rename' as const),
      relationship: fc.nat(1),
      to: fc.nat(NAMES.length - 1),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('answer' as const),
      pick: fc.nat(20),
      answer: fc.constantFrom('ACCEPTED' as const, 'ACCEPTED' as const, 'REJECTED' as const, 'EXPIRED' as const),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'refresh' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'apply' as const }) },
);

/** The YAML for the declared slots; a slot whose name another slot took first declares nothing. */
function declarationsOf(slots: readonly Slot[]): Declaration[] {
  const used = new Set<number>();
  const texts: string[] = [];
  slots.forEach((slot, index) => {
    if (slot.kind === 'none' || used.has(slot.name)) return;
    used.add(slot.name);
    const common = [
      `name: ${NAMES[slot.name]}`,
      `handshakeType: ${slot.kind === 'start' ? 'START_SERVICE_PERIOD' : 'REVOKE_SERVICE_PERIOD'}`,
      'catalog: AWS',
      `associatedResourceIdentifier: ${RELATIONSHIPS[index]}`,
      'payload:',
    ];
    const payload =
      slot.kind === 'start'
        ? [
            '  startServicePeriodPayload:',
            '    programManagementAccountIdentifier: pma-abcdef123456g',
            '    servicePeriodType: MINIMUM_NOTICE_PERIOD',
            `    minimumNoticeDays: ${slot.days}`,
          ]
        : ['  revokeServicePeriodPayload:', '    programManagementAccountIdentifier: pma-abcdef123456g'];
    texts.push(
      [...common, ...payload, ...(slot.tag ? ['tags:', '  team: ops'] : []), `revision: ${slot.revision}`, ''].join(
        '\n',
      ),
    );
  });
  return texts.length === 0 ? [] : declarationsFrom(...texts);
}

let simulator: Simulator;
let url: string;

beforeAll(async () => {
  simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
  url = await simulator.start();
});

afterAll(async () => {
  await simulator.stop();
});

describe('lifecycle properties', () => {
  it('never two pending STARTs per relationship, never a REVOKE while its START is declared, no API call to rename or forget, and answered histories converge', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 6, maxLength: 24 }), async (steps) => {
        // Every run has its own lineage and its own account: the owner tag keeps one lineage from sending next to
        // another's live handshake, so runs sharing one account's relationships would not be independent.
        await simulator.stop();
        simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
        url = await simulator.start();
        const lineage = `run-${run++}`;
        const api = newClient(url);
        const seen = new Set(simulator.handshakes().map((handshake) => handshake.id));
        const ours = () => simulator.handshakes().filter((handshake) => !seen.has(handshake.id));
        let state: RecordedState = emptyState(lineage);
        let slots: Slot[] = [
          { kind: 'none', name: 0, days: 30, revision: 0, tag: false },
          { kind: 'none', name: 1, days: 30, revision: 0, tag: false },
        ];
        const apply = async () => {
          const declarations = declarationsOf(slots);
          const plan = createPlan(declarations, state, { now: FIXED_NOW });
          const before = simulator.requests.length;
          const sentBefore = new Set(ours().map((handshake) => handshake.id));
          const mutatingCalls = () =>
            simulator.requests.slice(before).filter((request) => MUTATING.has(request.operation)).length;
          const callsWhenStateOnlyDone: number[] = [];
          const outcome = await applyPlan(plan, state, {
            api,
            persist: async () => {},
            now: () => FIXED_NOW,
            appliedBy: {},
            // Renames and forgets run first: when each is done, nothing may have been sent yet.
            onResult: (result) => {
              if (STATE_ONLY_ACTIONS.has(result.change.action)) callsWhenStateOnlyDone.push(mutatingCalls());
            },
          });
          state = outcome.state;
          // Whatever apply records is a state the rules of issue 16 accept: the validator never refuses our own file.
          expect(stateProblems(JSON.parse(serializeState(state)))).toEqual([]);
          expect(callsWhenStateOnlyDone.every((calls) => calls === 0)).toBe(true);
          if (plan.changes.every((change) => STATE_ONLY_ACTIONS.has(change.action))) expect(mutatingCalls()).toBe(0);
          const live = ours();
          for (const relationship of RELATIONSHIPS) {
            const pendingStarts = live.filter(
              (handshake) =>
                handshake.associatedResourceId === relationship &&
                handshake.handshakeType === 'START_SERVICE_PERIOD' &&
                handshake.status === 'PENDING',
            );
            expect(pendingStarts.length).toBeLessThanOrEqual(1);
          }
          const declaredStarts = new Set(
            declarations
              .filter((declaration) => declaration.spec.handshakeType === 'START_SERVICE_PERIOD')
              .map((declaration) => declaration.spec.associatedResourceIdentifier),
          );
          for (const revoke of live.filter(
            (handshake) => handshake.handshakeType === 'REVOKE_SERVICE_PERIOD' && !sentBefore.has(handshake.id),
          )) {
            expect(declaredStarts.has(revoke.associatedResourceId)).toBe(false);
          }
        };
        const refresh = async () => {
          state = (await refreshState(api, state, ['AWS'])).state;
          expect(stateProblems(JSON.parse(serializeState(state)))).toEqual([]);
        };
        for (const step of steps) {
          if (step.kind === 'edit') {
            slots = [...step.slots];
          } else if (step.kind === 'rename') {
            const slot = slots[step.relationship] as Slot;
            if (slot.kind !== 'none' && !slots.some((other) => other.kind !== 'none' && other.name === step.to)) {
              slots[step.relationship] = { ...slot, name: step.to };
            }
          } else if (step.kind === 'answer') {
            const pending = ours().filter((handshake) => handshake.status === 'PENDING');
            const chosen = pending[step.pick % Math.max(1, pending.length)];
            if (chosen) simulator.respond(chosen.id, step.answer);
          } else if (step.kind === 'refresh') {
            await refresh();
          } else {
            await apply();
          }
        }
        // Every handshake answered: apply, refresh, and the plan is empty.
        for (const handshake of ours().filter((candidate) => candidate.status === 'PENDING')) {
          simulator.respond(handshake.id, 'ACCEPTED');
        }
        await refresh();
        await apply();
        await refresh();
        const plan = createPlan(declarationsOf(slots), state, { now: FIXED_NOW });
        expect(plan.changes.map((change) => `${change.action} ${change.name}: ${reasonText(change.reason)}`)).toEqual(
          [],
        );
      }),
      runs(100),
    );
  });
});
