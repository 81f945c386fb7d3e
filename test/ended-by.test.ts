// What ended a service period is kept on the period itself (`endedBy`, state version 3), so forgetting the name of
// the handshake that ended it can never bring the period back.
import { describe, expect, it } from 'vitest';
import { periodInForce } from '../src/core/history.js';
import { type Change, emptyState, type RecordedState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { recordCreation, recordForget } from '../src/core/record.js';
import { declarationsFrom, FIXED_NOW, sending, sentFor, startServicePeriod } from './helpers.js';

const RELATIONSHIP = 'rs-aaaaaaaaaaaaa';
const CONTEXT = { appliedAt: '2026-11-27T12:00:00.000Z', appliedBy: {} };

function explicitRevoke(name: string): string {
  return [
    `name: ${name}`,
    'handshakeType: REVOKE_SERVICE_PERIOD',
    'catalog: AWS',
    `associatedResourceIdentifier: ${RELATIONSHIP}`,
    'payload:',
    '  revokeServicePeriodPayload:',
    '    programManagementAccountIdentifier: pma-abcdef123456g',
    '',
  ].join('\n');
}

const alpha = (tags = 'team: ops') =>
  startServicePeriod('alpha', { relationship: RELATIONSHIP }).concat(`tags:\n  ${tags}\n`);

/** Sends every change of the plan that sends a handshake, and records it with the given status. */
function applySends(state: RecordedState, changes: readonly Change[], status: 'ACCEPTED' | 'PENDING'): RecordedState {
  let next = state;
  changes.forEach((change, index) => {
    const id = `ch-sent${String(index).padStart(9, '0')}${next.serial}`;
    next = recordCreation(next, sending(change), { id, arn: `arn:${id}`, status }, CONTEXT);
    next = { ...next, serial: next.serial + 1 };
  });
  return next;
}

describe('a period ended by a handshake recorded under another name', () => {
  it('regression (fast-check seed -629145066): a REVOKE declared under beta ends alpha; forgetting beta never brings alpha back', () => {
    const plan = (texts: string[], state: RecordedState) =>
      createPlan(texts.length > 0 ? declarationsFrom(...texts) : [], state, { now: FIXED_NOW });
    // alpha's START, accepted.
    let state = applySends(
      emptyState('lineage-regression'),
      plan([alpha()], emptyState('lineage-regression')).changes,
      'ACCEPTED',
    );
    const [start] = sentFor(state, 'alpha');
    // 1. An explicit REVOKE declared under beta ends alpha's accepted START (alpha's declaration removed).
    const revokePlan = plan([explicitRevoke('beta')], state);
    expect(revokePlan.changes.map((change) => [change.action, change.name])).toEqual([['revoke', 'beta']]);
    state = applySends(state, revokePlan.changes, 'ACCEPTED');
    const [revoke] = sentFor(state, 'beta');
    expect(sentFor(state, 'alpha')[0]?.endedBy).toBeUndefined();
    // 2. beta is forgotten (alpha is declared again meanwhile, with other tags).
    const forgetPlan = plan([alpha('team: sales')], state);
    expect(forgetPlan.changes.map((change) => [change.action, change.name])).toEqual([['forget', 'beta']]);
    const [forget] = forgetPlan.changes;
    if (forget?.action !== 'forget') throw new Error('expected a forget');
    state = recordForget(state, forget, CONTEXT.appliedAt);
    // The fact moved onto alpha's START before beta's history went.
    expect(sentFor(state, 'alpha')[0]?.endedBy).toEqual({ id: revoke?.id, purpose: 'revoke', at: CONTEXT.appliedAt });
    expect(periodInForce(state.declarations.alpha as never, new Map(), FIXED_NOW)).toBeUndefined();
    // 3. alpha stays revoked: no retag of the revoked handshake, now or on any later plan.
    for (let round = 0; round < 3; round++) {
      const again = plan([alpha('team: sales')], state);
      expect(again.changes).toEqual([]);
      expect(again.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
        expect.stringContaining(`its latest handshake ${start?.id} is revoked`),
      ]);
    }
    // And removing alpha forgets it: no second REVOKE goes to the customer.
    expect(plan([], state).changes.map((change) => [change.action, change.name])).toEqual([['forget', 'alpha']]);
  });

  it('keeps the successor that superseded a period on the period, whichever name sent it', () => {
    let state = applySends(
      emptyState('lineage-successor'),
      createPlan(
        declarationsFrom(startServicePeriod('old', { relationship: RELATIONSHIP })),
        emptyState('lineage-successor'),
      ).changes,
      'ACCEPTED',
    );
    // A START declared under a new name for another PMA (so no rename), replaces the period once accepted.
    const moved = createPlan(
      declarationsFrom(
        startServicePeriod('new', { relationship: RELATIONSHIP, days: 60 }).replace(
          'pma-abcdef123456g',
          'pma-zzzzzzzzzzzzz',
        ),
      ),
      state,
    );
    expect(moved.changes.map((change) => [change.action, change.name])).toEqual([['create', 'new']]);
    state = applySends(state, moved.changes, 'ACCEPTED');
    const [successor] = sentFor(state, 'new');
    // Forgetting "new" (an explicit forget document, say) leaves "old" ended by it.
    const [forget] = createPlan([], state, {
      forgets: [{ name: 'new', location: { file: 'handshakes/forget.yaml', line: 1, column: 1 } }],
    }).changes.filter((change) => change.name === 'new');
    if (forget?.action !== 'forget') throw new Error('expected a forget');
    state = recordForget(state, forget, CONTEXT.appliedAt);
    expect(sentFor(state, 'old')[0]?.endedBy).toEqual({ id: successor?.id, purpose: 'start', at: CONTEXT.appliedAt });
  });
});
