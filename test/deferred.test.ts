// The reviewed remainder of a plan (issues 18 and 20): the record a merge's apply leaves, and the one rule a later
// run reads it by — a deferred item goes only when a fresh plan holds exactly that change and its declarations are
// unchanged, so a forged or stale record can hold changes back but never add one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceDeferred, declarationFingerprints, deferredRecordOf, matchDeferred } from '../src/core/deferred.js';
import { planFrom, type Validated, validateFiles } from '../src/core/engine.js';
import {
  type Change,
  type ChangeResult,
  type DeferredRecord,
  emptyState,
  type Plan,
  type RecordedState,
  type SendingChange,
  STATE_VERSION,
} from '../src/core/model.js';
import { recordCreation } from '../src/core/record.js';
import { stateProblems } from '../src/core/state-rules.js';
import { parseState, serializeState } from '../src/files/state.js';
import { renderDeferredMarkdown, renderDeferredText } from '../src/render/deferred.js';
import { expectGolden } from './golden.js';
import { FIXED_NOW, startServicePeriod } from './helpers.js';
import { onboardingYaml } from './support/onboarding-text.js';
import { runs } from './support/property-runs.js';

const LINEAGE = 'lineage-deferred-test';

function validatedOf(...texts: string[]): Validated {
  const validated = validateFiles({
    files: texts.map((text, index) => ({ path: `handshakes/file-${index}.yaml`, text })),
    now: FIXED_NOW,
  });
  expect(validated.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  return validated;
}

const THREE = [
  startServicePeriod('acme', { relationship: 'rs-aaaaaaaaaaaa1' }),
  startServicePeriod('beta', { relationship: 'rs-aaaaaaaaaaaa2' }),
  startServicePeriod('gamma', { relationship: 'rs-aaaaaaaaaaaa3' }),
];

const REVIEW = { planDigest: `sha256:${'a'.repeat(64)}`, pullRequest: 7, reviewedAt: FIXED_NOW.toISOString() };

function succeeded(change: Change, index: number): ChangeResult {
  return { change, outcome: 'succeeded', handshakeId: `ch-${String(index).padStart(13, '0')}`, status: 'PENDING' };
}

function timedOut(change: Change): ChangeResult {
  return { change, outcome: 'failed', failure: { code: 'DeadlineExceeded', message: 'stopped by the deadline' } };
}

/** The state after the first change of `plan` was sent and recorded. */
function afterFirst(plan: Plan, state: RecordedState): RecordedState {
  const first = plan.changes[0] as SendingChange;
  return recordCreation(
    state,
    first,
    {
      id: 'ch-0000000000001',
      arn: 'arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/channel-handshake/ch-0000000000001',
      status: 'PENDING',
    },
    { appliedAt: FIXED_NOW.toISOString(), appliedBy: { actor: 'test' } },
  );
}

function mergeRun() {
  const validated = validatedOf(...THREE);
  const state = emptyState(LINEAGE);
  const plan = planFrom(validated, state);
  const fingerprint = declarationFingerprints(validated);
  const results = plan.changes.map((change, index) => (index === 0 ? succeeded(change, 1) : timedOut(change)));
  const record = deferredRecordOf(plan, results, fingerprint, REVIEW) as DeferredRecord;
  return { validated, state, plan, record, next: afterFirst(plan, state) };
}

describe('the record a merge leaves when its time budget runs out', () => {
  it('names each change the deadline cut off, with its token and the fingerprint of its declaration', () => {
    const { plan, record } = mergeRun();
    expect(record).toMatchObject({ planDigest: REVIEW.planDigest, pullRequest: 7, total: 3, sent: 1 });
    expect(record.items.map((item) => [item.kind, item.name])).toEqual([
      ['time', 'beta'],
      ['time', 'gamma'],
    ]);
    const beta = record.items[0];
    expect(beta?.kind === 'time' && beta.clientToken).toBe((plan.changes[1] as SendingChange).request.clientToken);
    expect(beta?.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('is not written when everything was sent', () => {
    const validated = validatedOf(...THREE);
    const plan = planFrom(validated, emptyState(LINEAGE));
    const results = plan.changes.map((change, index) => succeeded(change, index));
    expect(deferredRecordOf(plan, results, declarationFingerprints(validated), REVIEW)).toBeUndefined();
  });

  it('is valid state: the state rules admit it and it survives a write and a read', () => {
    const { record, next } = mergeRun();
    const state = { ...next, deferred: record };
    expect(stateProblems(JSON.parse(serializeState(state)))).toEqual([]);
    expect(parseState(serializeState(state), 'state.json').deferred).toEqual(record);
    expect(state.version).toBe(STATE_VERSION);
  });

  it('is refused by the state rules when its counts do not add up or a digest is not one', () => {
    const { record, next } = mergeRun();
    const forged = {
      ...next,
      deferred: { ...record, sent: 3, items: record.items.map((item) => ({ ...item, fingerprint: 'x' })) },
    };
    const problems = stateProblems(JSON.parse(serializeState(forged))).map((problem) => problem.path);
    expect(problems).toContain('$.deferred.total');
    expect(problems).toContain('$.deferred.items[0].fingerprint');
  });
});

describe('a later run matches a fresh plan against the record', () => {
  it('sends exactly the deferred changes, and clears the record once they are sent', () => {
    const { validated, record, next } = mergeRun();
    const fresh = planFrom(validated, next);
    const continuation = matchDeferred(record, fresh, declarationFingerprints(validated));
    expect(continuation.send.map((change) => change.name)).toEqual(['beta', 'gamma']);
    expect(continuation.refused).toEqual([]);
    const half = advanceDeferred(record, continuation, [
      succeeded(continuation.send[0] as Change, 2),
      timedOut(continuation.send[1] as Change),
    ]);
    expect(half).toMatchObject({ sent: 2, total: 3, items: [{ name: 'gamma' }] });
    const done = advanceDeferred(
      record,
      continuation,
      continuation.send.map((change, index) => succeeded(change, index + 2)),
    );
    expect(done).toBeUndefined();
  });

  it('refuses a change whose declaration changed since the review, and says so', () => {
    const { record, next } = mergeRun();
    const edited = validatedOf(
      THREE[0] as string,
      startServicePeriod('beta', { relationship: 'rs-aaaaaaaaaaaa2', days: 60 }),
      THREE[2] as string,
    );
    const fresh = planFrom(edited, next);
    const continuation = matchDeferred(record, fresh, declarationFingerprints(edited));
    expect(continuation.send.map((change) => change.name)).toEqual(['gamma']);
    expect(continuation.refused).toEqual([{ item: record.items[0], reason: 'declaration-changed' }]);
    // The refused item leaves the record: it needs a new review.
    expect(advanceDeferred(record, continuation, [])?.items.map((item) => item.name)).toEqual(['gamma']);
  });

  it('never sends a change the record does not name exactly: a forged record can only hold back', () => {
    const { validated, record, next } = mergeRun();
    // A fourth declaration merged without a review of its own: no item names it, so it is not sent.
    const wider = validatedOf(...THREE, startServicePeriod('delta', { relationship: 'rs-aaaaaaaaaaaa4' }));
    const fresh = planFrom(wider, next);
    expect(fresh.changes.map((change) => change.name)).toContain('delta');
    const continuation = matchDeferred(record, fresh, declarationFingerprints(wider));
    expect(continuation.send.map((change) => change.name)).toEqual(['beta', 'gamma']);

    // A forged item for delta, with delta's real fingerprint but a made-up change: refused, not sent.
    const forged: DeferredRecord = {
      ...record,
      items: [
        {
          kind: 'time',
          name: 'delta',
          action: 'create',
          change: `sha256:${'b'.repeat(64)}`,
          fingerprint: declarationFingerprints(wider)('delta'),
        },
      ],
    };
    const forgedMatch = matchDeferred(forged, fresh, declarationFingerprints(wider));
    expect(forgedMatch.send).toEqual([]);
    expect(forgedMatch.refused).toMatchObject([{ reason: 'plan-changed', now: 'create' }]);

    // A forged item for a name nothing plans: nothing to send, and it leaves the record.
    const nothing = matchDeferred(
      { ...record, items: [{ ...(record.items[0] as DeferredRecord['items'][number]), name: 'nobody' }] },
      planFrom(validated, next),
      declarationFingerprints(validated),
    );
    expect(nothing.send).toEqual([]);
    expect(nothing.gone.map((item) => item.name)).toEqual(['nobody']);
  });
});

const ONBOARDING = onboardingYaml();

describe('waits in the record (channel-resources.md: PMAs, then relationships, then service periods)', () => {
  it('records each waiting declaration with what it waits for, and releases only the change that wait held', () => {
    const validated = validatedOf(ONBOARDING);
    const plan = planFrom(validated, emptyState(LINEAGE));
    const fingerprint = declarationFingerprints(validated);
    const record = deferredRecordOf(
      plan,
      plan.changes.map((change, index) => succeeded(change, index)),
      fingerprint,
      REVIEW,
    ) as DeferredRecord;
    expect(record.items).toEqual([
      expect.objectContaining({ kind: 'wait', name: 'acme', waitsFor: 'emea', until: 'created' }),
      expect.objectContaining({ kind: 'wait', name: 'emea-activation', waitsFor: 'emea', until: 'created' }),
    ]);
    expect(record).toMatchObject({ total: 3, sent: 1 });

    // Once the account exists, a fresh plan would create the activation handshake: released. A fresh plan that
    // would update the relationship instead is not what the wait held back: refused.
    const released = { action: 'create', name: 'emea-activation' } as Change;
    const other = { action: 'update-relationship', name: 'acme' } as Change;
    const fresh = { ...plan, changes: [released, other], waits: [] } as Plan;
    const continuation = matchDeferred(record, fresh, fingerprint);
    expect(continuation.send).toEqual([released]);
    expect(continuation.refused).toMatchObject([{ item: { name: 'acme' }, reason: 'plan-changed' }]);
  });

  it('keeps a declaration that still waits, with what it waits for now', () => {
    const validated = validatedOf(ONBOARDING);
    const plan = planFrom(validated, emptyState(LINEAGE));
    const fingerprint = declarationFingerprints(validated);
    const record = deferredRecordOf(plan, [], fingerprint, REVIEW) as DeferredRecord;
    const fresh = {
      ...plan,
      changes: [],
      waits: [{ name: 'acme', kind: 'Relationship', waitsFor: 'emea', until: 'active' }],
    } as Plan;
    const continuation = matchDeferred(record, fresh, fingerprint);
    expect(continuation.waiting).toMatchObject([{ name: 'acme', until: 'active' }]);
    expect(continuation.gone.map((item) => item.name)).toEqual(['emea-activation']);
  });

  it('changes the fingerprint of a relationship when the account it names is edited', () => {
    const before = declarationFingerprints(validatedOf(ONBOARDING))('acme');
    const after = declarationFingerprints(validatedOf(ONBOARDING.replace('EMEA resale', 'EMEA resale 2')))('acme');
    expect(after).not.toBe(before);
  });
});

describe('a record, forged or not, releases only changes the merged declarations plan (property)', () => {
  it('sends only changes of the fresh plan that an item with the current fingerprint names, each at most once, a change only by its exact digest', () => {
    const { validated, record, next } = mergeRun();
    const wider = validatedOf(...THREE, startServicePeriod('delta', { relationship: 'rs-aaaaaaaaaaaa4' }));
    const fresh = planFrom(wider, next);
    const fingerprint = declarationFingerprints(wider);
    const real = record.items;
    const names = ['acme', 'beta', 'gamma', 'delta', 'nobody'];
    const digest = fc.constantFrom(
      ...real.map((item) => (item.kind === 'time' ? item.change : '')),
      `sha256:${'c'.repeat(64)}`,
    );
    const item = fc.record({
      name: fc.constantFrom(...names),
      kind: fc.constantFrom('time', 'wait'),
      change: digest,
      realFingerprint: fc.boolean(),
      until: fc.constantFrom('created', 'active', 'ended', 'deleted'),
      declarationKind: fc.constantFrom('ChannelHandshake', 'Relationship', 'ProgramManagementAccount'),
    });
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 8 }), (drawn) => {
        const items = drawn.map((draw) =>
          draw.kind === 'time'
            ? {
                kind: 'time' as const,
                name: draw.name,
                action: 'create' as const,
                change: draw.change,
                fingerprint: draw.realFingerprint ? fingerprint(draw.name) : `sha256:${'d'.repeat(64)}`,
              }
            : {
                kind: 'wait' as const,
                name: draw.name,
                declarationKind: draw.declarationKind as 'ChannelHandshake',
                waitsFor: 'emea',
                until: draw.until as 'created',
                fingerprint: draw.realFingerprint ? fingerprint(draw.name) : `sha256:${'d'.repeat(64)}`,
              },
        );
        const continuation = matchDeferred({ ...record, total: 20, items }, fresh, fingerprint);
        expect(new Set(continuation.send).size).toBe(continuation.send.length);
        for (const change of continuation.send) {
          expect(fresh.changes).toContain(change);
          const from = continuation.itemOf.get(change);
          expect(from?.name).toBe(change.name);
          expect(from?.fingerprint).toBe(fingerprint(change.name));
          // No time item holds delta's digest (it was never planned in the review): only a wait item can name it, and
          // a wait item is not what the matching can judge; the record's digest in our own comment is (deferred.e2e).
          if (from?.kind === 'time') expect(change.name).not.toBe('delta');
          if (from?.kind === 'wait') expect(change.action).toBe('create');
        }
        // Without the record's real items nothing about the validated set changes what an unforged record sends.
        expect(matchDeferred(record, planFrom(validated, next), declarationFingerprints(validated)).send).toHaveLength(
          2,
        );
      }),
      runs(200),
    );
  });
});

describe('how the progress reads (golden)', () => {
  it('in progress, with what waits and for what, then complete', () => {
    const { record, state } = mergeRun();
    const waiting: DeferredRecord = {
      ...record,
      items: [
        ...record.items,
        {
          kind: 'wait',
          name: 'acme-rel',
          declarationKind: 'Relationship',
          waitsFor: 'emea',
          until: 'active',
          fingerprint: record.items[0]?.fingerprint as string,
        },
      ],
      total: 4,
    };
    const progress = renderDeferredMarkdown({ after: waiting }, state);
    const complete = renderDeferredMarkdown({ before: waiting, after: undefined, sentNow: 3 }, state);
    const refused = renderDeferredText({
      before: waiting,
      after: undefined,
      sentNow: 2,
      refused: [{ item: waiting.items[0] as DeferredRecord['items'][number], reason: 'declaration-changed' }],
    });
    expectGolden('reports/deferred-progress.md', `${progress}\n---\n\n${complete}\n---\n\n${refused.join('\n')}\n`);
    expect(progress).toContain('1 of 4 sent from the plan reviewed on #7; continuing in the next run');
    expect(complete).toContain('Completed the plan reviewed on #7: 4 of 4 sent; nothing is left');
  });

  it('as log lines, a waited-for name from an edited state stays on its line and cannot restyle the terminal', () => {
    const { record } = mergeRun();
    const forged: DeferredRecord = {
      ...record,
      items: [
        {
          kind: 'wait',
          name: 'acme-rel',
          declarationKind: 'Relationship',
          waitsFor: 'emea\n\u001b[31m::error::all handshakes were cancelled',
          until: 'active',
          fingerprint: record.items[0]?.fingerprint as string,
        },
      ],
    };
    const lines = renderDeferredText({ after: forged });
    expect(lines.some((line) => line.includes('\n') || line.includes('\u001b'))).toBe(false);
    expect(lines.join('\n')).toContain('emea\\n\\u001B[31m::error::');
  });
});
