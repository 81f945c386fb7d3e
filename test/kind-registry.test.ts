// The registries of declaration kinds are complete: every kind has its schema, normalisation, identity, changes,
// planner and recorder in the core, its executor in apply/ and its describer in render/ (the mapped types make a
// missing entry a compile error), and a plan with changes of every kind goes plan → execute → record → describe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshState } from '../src/apply/refresh.js';
import { refreshResources } from '../src/apply/resource-refresh.js';
import { DECLARATION_KINDS } from '../src/core/declaration-kinds.js';
import { planFrom, validateFiles } from '../src/core/engine.js';
import { CORE_KINDS } from '../src/core/kind-registry.js';
import { CHANGE_KINDS, type ChangeOfKind, KIND_NAMES, type KindName, kindNameOf } from '../src/core/kinds.js';
import { type Change, emptyState, type HandshakeType, type RecordedState, sentRequestOf } from '../src/core/model.js';
import { ACTION_SYMBOLS } from '../src/render/describe.js';
import { SHORT_TYPES } from '../src/render/handshake-changes.js';
import { described } from '../src/render/kind-describers.js';
import { renderPlanMarkdown } from '../src/render/markdown.js';
import { renderPlanText } from '../src/render/text.js';
import { Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { applyPlan } from '../src/usecases/apply.js';
import { newClient } from './api-helpers.js';
import { FIXED_NOW } from './helpers.js';
import { onboardingYaml } from './support/onboarding-text.js';

// Compile-time: every change belongs to a kind, and no kind claims a change another one has.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const everyChangeHasAKind: Same<ChangeOfKind<KindName>, Change> = true;

const EVERY_KIND = onboardingYaml({ tags: true, start: true });

describe('the registries of declaration kinds', () => {
  it('give every kind a schema, a normalisation, an identity, its changes, a planner and a recorder', () => {
    expect(everyChangeHasAKind).toBe(true);
    expect(Object.keys(CORE_KINDS)).toEqual([...KIND_NAMES]);
    expect(DECLARATION_KINDS.map((entry) => entry.kind)).toEqual([...KIND_NAMES]);
    for (const kind of KIND_NAMES) {
      const entry = CORE_KINDS[kind];
      expect(entry.declaration.kind).toBe(kind);
      expect(entry.changes.name).toBe(kind);
      expect(entry.declaration.schema).toBeTypeOf('object');
      expect(entry.declaration.normalize).toBeTypeOf('function');
      expect(entry.declaration.identity).toBeTypeOf('function');
      expect(entry.plan).toBeDefined();
      expect(entry.record.holds).toBeTypeOf('function');
      expect(entry.record.clearIntent).toBeTypeOf('function');
    }
  });

  it('give every action to exactly one kind', () => {
    const claimed = KIND_NAMES.flatMap((kind) => CHANGE_KINDS[kind].actions.map((action) => ({ action, kind })));
    // ACTION_SYMBOLS is a Record over every action, so its keys are every action there is.
    expect(claimed.map(({ action }) => action).sort()).toEqual(Object.keys(ACTION_SYMBOLS).sort());
    for (const { action, kind } of claimed) {
      expect(kindNameOf({ action } as Change)).toBe(kind);
    }
  });
});

describe('a plan with changes of every kind', () => {
  let simulator: Simulator;
  let url: string;
  beforeAll(async () => {
    simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
    url = await simulator.start();
  });
  afterAll(async () => {
    await simulator.stop();
  });

  it('is planned, executed against the simulator, recorded and described through each kind’s entries', async () => {
    const client = newClient(url);
    const validated = validateFiles({
      files: [{ path: 'handshakes/onboarding.yaml', text: EVERY_KIND }],
      now: FIXED_NOW,
    });
    expect(validated.hasErrors).toBe(false);
    let state: RecordedState = emptyState('00000000-0000-8000-8000-00000000cafe');
    const roundTripped = new Set<KindName>();
    // Each run sends what is ready; in between, the customer accepts the activation and a refresh learns it.
    for (let run = 0; run < 6; run++) {
      const plan = planFrom(validated, state);
      expect(plan.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
      if (plan.changes.length === 0 && !plan.waits) break;
      const text = renderPlanText(plan, { color: false });
      const markdown = renderPlanMarkdown(plan, { directory: 'handshakes' });
      for (const change of plan.changes) {
        const kind = kindNameOf(change);
        expect(CORE_KINDS[kind].record.holds(state, change.name)).toBe(false);
        // Described by its kind: the Type column names the handshake type it sends, or the kind it creates, and both
        // reports show the exact request with its clientToken.
        const reading = described(change);
        const sends = sentRequestOf(change)?.handshakeType;
        expect(reading.type()).toBe(kind === 'ChannelHandshake' ? sends : kind);
        expect(reading.shortType()).toBe(kind === 'ChannelHandshake' ? SHORT_TYPES[sends as HandshakeType] : kind);
        expect(text).toContain(reading.type());
        // The comment's table puts the type under the name (three columns, so a phone shows them all).
        expect(markdown).toContain(`${change.name}<br>${reading.shortType()}`);
        const token = 'clientToken' in change ? change.clientToken : undefined;
        expect(token).toBeDefined();
        expect(
          reading
            .textLines()
            .map((line) => line.text)
            .join('\n'),
        ).toContain(token);
        expect(reading.markdownBlocks().join('\n')).toContain('**Exact request**');
        expect(reading.markdownBlocks().join('\n')).toContain(token);
        for (const block of reading.markdownBlocks()) expect(markdown).toContain(block);
      }
      const outcome = await applyPlan(plan, state, {
        api: client,
        now: () => FIXED_NOW,
        appliedBy: {},
        persist: async (next) => {
          state = next;
        },
      });
      state = outcome.state;
      for (const result of outcome.results) {
        expect(result.outcome).toBe('succeeded');
        const kind = kindNameOf(result.change);
        expect(CORE_KINDS[kind].record.holds(state, result.change.name)).toBe(true);
        roundTripped.add(kind);
      }
      for (const handshake of simulator.handshakes()) {
        if (handshake.status === 'PENDING') simulator.respond(handshake.id, 'ACCEPTED');
      }
      const refreshed = await refreshState(client, state, ['AWS'], FIXED_NOW);
      state = (await refreshResources(client, refreshed.state)).state;
    }
    expect([...roundTripped].sort()).toEqual([...KIND_NAMES].sort());
    expect(planFrom(validated, state).changes).toEqual([]);
  }, 60_000);
});
