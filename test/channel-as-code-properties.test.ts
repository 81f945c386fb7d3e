// Invariant over any run of applies, crashes and lost state against the simulator over loopback: one relationship
// declaration never leads to two relationships in AWS, and once a clean apply has run, the state records the one.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshState } from '../src/apply/refresh.js';
import { refreshResources } from '../src/apply/resource-refresh.js';
import { planFrom, validateFiles } from '../src/core/engine.js';
import { emptyState, type RecordedState } from '../src/core/model.js';
import { stateProblems } from '../src/core/state-rules.js';
import { DEMO_CREDENTIALS, NO_FAULTS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { applyPlan } from '../src/usecases/apply.js';
import { newClient } from './api-helpers.js';
import { FIXED_NOW } from './helpers.js';
import { runs } from './support/property-runs.js';

type Step =
  /** An apply that finishes. */
  | { kind: 'apply' }
  /** An apply whose process dies at the state write after the create: what it sent stays, the answer is lost. */
  | { kind: 'crash' }
  /** The state file loses the relationship's record and intent (restored from an older commit). */
  | { kind: 'lose' }
  /** The connection drops after AWS committed the create. */
  | { kind: 'drop' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ kind: 'apply' as const }),
  fc.constant({ kind: 'crash' as const }),
  fc.constant({ kind: 'lose' as const }),
  fc.constant({ kind: 'drop' as const }),
);

let simulator: Simulator;
let client: ReturnType<typeof newClient>;
let account: string;

beforeAll(async () => {
  simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
  client = newClient(await simulator.start());
  const created = await client.createProgramManagementAccount({
    catalog: 'AWS',
    program: 'SOLUTION_PROVIDER',
    displayName: 'Properties',
    accountId: '111122223333',
    clientToken: 'properties-pma',
  });
  simulator.programManagementAccounts.activate(DEMO_CREDENTIALS.accountId, created.id, 'AWS');
  account = created.id;
});

afterAll(async () => {
  await simulator.stop();
});

let customer = 100_000_000_000;

function declaration(associatedAccountId: string): string {
  return `kind: Relationship
name: acme
catalog: AWS
programManagementAccount: ${account}
associatedAccountId: "${associatedAccountId}"
associationType: END_CUSTOMER
sector: COMMERCIAL
displayName: ACME
`;
}

function withoutAcme(state: RecordedState): RecordedState {
  const { resources, resourceIntents, ...rest } = state;
  const keep = <V>(record: Record<string, V> | undefined) => {
    const entries = Object.entries(record ?? {}).filter(([name]) => name !== 'acme');
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  };
  const kept = keep(resources);
  const intents = keep(resourceIntents);
  return { ...rest, ...(kept ? { resources: kept } : {}), ...(intents ? { resourceIntents: intents } : {}) };
}

describe('never two relationships created for one declaration', () => {
  it('holds across applies, crashes after the create, lost state and dropped connections', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 6 }), async (steps) => {
        const associatedAccountId = String(customer++);
        const validated = validateFiles({
          files: [{ path: 'handshakes/acme.yaml', text: declaration(associatedAccountId) }],
          now: FIXED_NOW,
        });
        let state: RecordedState = emptyState('00000000-0000-8000-8000-000000000001');
        const mine = () =>
          simulator.relationships
            .all(DEMO_CREDENTIALS.accountId)
            .filter((relationship) => relationship.associatedAccountId === associatedAccountId);
        const apply = async (crashAtRecord: boolean) => {
          let writes = 0;
          await applyPlan(planFrom(validated, state), state, {
            api: client,
            now: () => new Date(),
            appliedBy: {},
            persist: async (next) => {
              writes++;
              // The intent is the first write; dying at the second loses the answer but not what was sent.
              if (crashAtRecord && writes >= 2) throw new Error('killed');
              expect(stateProblems(JSON.parse(JSON.stringify(next)))).toEqual([]);
              state = next;
            },
          });
        };
        for (const step of steps) {
          if (step.kind === 'lose') state = withoutAcme(state);
          else if (step.kind === 'drop') {
            simulator.faults = { ...NO_FAULTS, dropAfterCommitEvery: 1 };
            await apply(false).finally(() => {
              simulator.faults = { ...NO_FAULTS };
            });
          } else await apply(step.kind === 'crash');
          expect(mine().length).toBeLessThanOrEqual(1);
        }
        await apply(false);
        expect(mine()).toHaveLength(1);
        expect(state.resources?.acme?.id).toBe(mine()[0]?.id);
        expect(state.resourceIntents).toBeUndefined();
      }),
      runs(15),
    );
  }, 120_000);
});

type RemovalStep = 'apply' | 'accept' | 'reject' | 'remove' | 'restore' | 'refresh';

describe('never a relationship delete while a period is in force', () => {
  it('the simulator, refusing such deletes as its safe default, never has to refuse one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<RemovalStep>('apply', 'apply', 'accept', 'reject', 'remove', 'restore', 'refresh'), {
          minLength: 1,
          maxLength: 10,
        }),
        async (random) => {
          // Every run first creates the relationship and puts its period in force; then anything may happen.
          const steps: RemovalStep[] = ['apply', 'apply', 'accept', ...random];
          const associatedAccountId = String(customer++);
          const start = `name: acme-support
handshakeType: START_SERVICE_PERIOD
catalog: AWS
relationship: acme
payload:
  startServicePeriodPayload:
    servicePeriodType: MINIMUM_NOTICE_PERIOD
    minimumNoticeDays: 30
`;
          let declared = true;
          let state: RecordedState = emptyState('00000000-0000-8000-8000-000000000002');
          const deletesBefore = simulator.requests.filter(
            (request) => request.operation === 'DeleteRelationship',
          ).length;
          const text = () => (declared ? `${declaration(associatedAccountId)}---\n${start}` : '');
          for (const step of steps) {
            if (step === 'remove') declared = false;
            else if (step === 'restore') declared = true;
            else if (step === 'refresh') {
              const handshakes = await refreshState(client, state, ['AWS'], new Date());
              state = (await refreshResources(client, handshakes.state)).state;
            } else if (step === 'accept' || step === 'reject') {
              const pending = (state.declarations['acme-support']?.handshakes ?? []).filter(
                (entry) => entry.status === 'PENDING',
              );
              const latest = pending.at(-1);
              // The state learns answers only by refresh: a handshake it still thinks PENDING may be answered already.
              const live = latest && simulator.handshakes().find((handshake) => handshake.id === latest.id);
              if (live?.status === 'PENDING') simulator.respond(live.id, step === 'accept' ? 'ACCEPTED' : 'REJECTED');
            } else {
              const validated = validateFiles({
                files: [{ path: 'handshakes/acme.yaml', text: text() }],
                now: FIXED_NOW,
              });
              const plan = planFrom(validated, state);
              if (plan.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) continue;
              const outcome = await applyPlan(plan, state, {
                api: client,
                now: () => new Date(),
                appliedBy: {},
                persist: async (next) => {
                  state = next;
                },
              });
              state = outcome.state;
            }
          }
          const deletes = simulator.requests
            .filter((request) => request.operation === 'DeleteRelationship')
            .slice(deletesBefore);
          expect(deletes.filter((request) => request.status !== 200)).toEqual([]);
        },
      ),
      runs(20),
    );
  }, 180_000);
});
