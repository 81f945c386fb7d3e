// Issue 16: the lifecycle gaps, each a row of docs/lifecycle.md (rows 18 and 19). Planned against recorded states,
// as the plan sees them after the applies that led there.
import { describe, expect, it } from 'vitest';
import { withoutHistory } from '../src/core/history.js';
import type { HandshakeStatus, RecordedState } from '../src/core/model.js';
import { emptyState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { recordCreation } from '../src/core/record.js';
import { deriveLineage } from '../src/core/token.js';
import { declarationsFrom, FIXED_NOW, sending, startServicePeriod } from './helpers.js';

const LINEAGE = deriveLineage('handshakes');
const CONTEXT = { appliedAt: '2026-11-27T12:00:00Z', appliedBy: {} };
const RELATIONSHIP = 'rs-aaaaaaaaaaaaa';
const CANCEL_DOC = 'AWS CancelChannelHandshake: "Cancels a pending channel handshake request"';

function start(name: string): string {
  return startServicePeriod(name, { relationship: RELATIONSHIP });
}

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

let counter = 0;
/** Applies every sending change of the plan for `texts` on `state`, each answered with `status`. */
function applied(state: RecordedState, texts: string[], status: HandshakeStatus): RecordedState {
  let next = state;
  for (const change of createPlan(declarationsFrom(...texts), state).changes) {
    // An automatic revoke is recorded by recordRetirement; every other change that sends is recorded as sent.
    if (!('request' in change) || (change.action === 'revoke' && change.retire)) continue;
    const id = `ch-${String(++counter).padStart(13, '0')}`;
    next = recordCreation(
      next,
      sending(change),
      { id, arn: `arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/channel-handshake/${id}`, status },
      CONTEXT,
    );
  }
  return next;
}

const actions = (state: RecordedState, ...texts: string[]) =>
  createPlan(declarationsFrom(...texts), state).changes.map((change) => `${change.action} ${change.name}`);

function fixedTerm(name: string, endDate: string): string {
  return start(name)
    .replace('MINIMUM_NOTICE_PERIOD', 'FIXED_COMMITMENT_PERIOD')
    .replace('minimumNoticeDays: 30', `endDate: ${endDate}`);
}

describe('lifecycle gaps (issue 16)', () => {
  it(`row 18: an undeclared explicit REVOKE still PENDING is cancelled, like row 10 — ${CANCEL_DOC}`, () => {
    // alpha's period in force; beta's explicit REVOKE of it sent and pending; then alpha forgotten.
    const inForce = applied(emptyState(LINEAGE), [start('alpha')], 'ACCEPTED');
    const revoking = applied(inForce, [explicitRevoke('beta')], 'PENDING');
    expect(actions(revoking, explicitRevoke('beta'))).toEqual([]);
    const forgotten = withoutHistory(revoking, 'alpha');
    // Before: "No changes", and the customer could still accept the revoke nobody declares any more.
    expect(actions(forgotten)).toEqual(['cancel beta']);
  });

  it('row 18: while the ended period’s own name is recorded and undeclared too, its pending REVOKE is what row 11 would send: kept (row 12)', () => {
    const inForce = applied(emptyState(LINEAGE), [start('alpha')], 'ACCEPTED');
    const revoking = applied(inForce, [explicitRevoke('beta')], 'PENDING');
    expect(actions(revoking)).toEqual([]);
  });

  it('row 19: a REVOKE is sent only while a period is in force; with the START still PENDING, the plan says why and cancels the START', () => {
    const pending = applied(emptyState(LINEAGE), [start('alpha')], 'PENDING');
    const plan = createPlan(declarationsFrom(explicitRevoke('beta')), pending);
    expect(plan.changes.map((change) => `${change.action} ${change.name}`)).toEqual(['cancel alpha']);
    expect(plan.changes.some((change) => change.handshakeType === 'REVOKE_SERVICE_PERIOD')).toBe(false);
    const warning = plan.diagnostics.find((diagnostic) => diagnostic.code === 'plan.nothing-to-revoke');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toMatch(
      /^"beta": nothing to revoke: the START ch-\d{13} of "alpha" is PENDING since 2026-11-27T12:00:00Z; removing it cancels it\./,
    );
  });

  it('row 19: after the START was cancelled (or rejected), the REVOKE still sends nothing and names its status', () => {
    const cancelled = applied(emptyState(LINEAGE), [start('alpha')], 'CANCELED');
    const plan = createPlan(declarationsFrom(explicitRevoke('beta')), cancelled);
    expect(plan.changes.filter((change) => change.name === 'beta')).toEqual([]);
    expect(plan.diagnostics.find((diagnostic) => diagnostic.code === 'plan.nothing-to-revoke')?.message).toContain(
      `is CANCELED since 2026-11-27T12:00:00Z; no service period is in force on ${RELATIONSHIP}, so no REVOKE_SERVICE_PERIOD is sent`,
    );
  });

  it('row 19: the ended START is kept while the REVOKE is declared, so forgetting it never lets that REVOKE go out', () => {
    const rejected = applied(emptyState(LINEAGE), [start('alpha')], 'REJECTED');
    expect(actions(rejected)).toEqual(['forget alpha']);
    expect(actions(rejected, explicitRevoke('beta'))).toEqual([]);
  });

  it('row 19: a REVOKE for a relationship no START is recorded on (a period started elsewhere) is still sent', () => {
    expect(actions(emptyState(LINEAGE), explicitRevoke('beta'))).toEqual(['revoke beta']);
  });

  describe('an accepted fixed term that ran out (rows 20 and 21)', () => {
    const after = new Date('2027-02-01T00:00:00Z');
    const accepted = () => applied(emptyState(LINEAGE), [fixedTerm('acme', '2027-01-31')], 'ACCEPTED');

    it('row 20: no error, a warning showing the endDate and the way on; other declarations plan as usual', () => {
      const plan = createPlan(
        declarationsFrom(
          fixedTerm('acme', '2027-01-31'),
          startServicePeriod('other', { relationship: 'rs-bbbbbbbbbbbbb' }),
        ),
        accepted(),
        { now: after },
      );
      expect(plan.changes.map((change) => `${change.action} ${change.name}`)).toEqual(['create other']);
      expect(plan.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
      const warning = plan.diagnostics.find((diagnostic) => diagnostic.code === 'plan.term-over');
      expect(warning?.message).toMatch(
        /^"acme": the fixed term of ch-\d{13} is term over since 2027-01-31T00:00:00Z, so no period is in force and nothing is sent\. To renew it, write a later endDate/,
      );
    });

    it('row 21: a later endDate renews it: one new START, no revision bump needed', () => {
      const plan = createPlan(declarationsFrom(fixedTerm('acme', '2027-12-31')), accepted(), { now: after });
      expect(plan.changes.map((change) => `${change.action} ${change.name}`)).toEqual(['create acme']);
      expect(plan.changes[0]?.reason).toMatchObject({
        rule: 'renew-after-term',
        endDate: { from: '2027-01-31T00:00:00Z', to: '2027-12-31T00:00:00Z' },
      });
    });

    it('a fixed term whose endDate has passed is never sent, and only that declaration is held', () => {
      const plan = createPlan(
        declarationsFrom(
          fixedTerm('late', '2026-11-01'),
          startServicePeriod('other', { relationship: 'rs-bbbbbbbbbbbbb' }),
        ),
        emptyState(LINEAGE),
        { now: FIXED_NOW },
      );
      expect(plan.changes.map((change) => `${change.action} ${change.name}`)).toEqual(['create other']);
      expect(plan.diagnostics.find((diagnostic) => diagnostic.code === 'plan.end-date-past')?.message).toContain(
        '"late": endDate 2026-11-01T00:00:00Z is not in the future',
      );
    });
  });

  it('an ambiguous rename with a live candidate never sends a same-terms START, and ends nothing', () => {
    // Two recorded names for one live handshake's identity (an imported or hand-edited state), and a new name.
    let state = emptyState(LINEAGE);
    for (const name of ['old-one', 'old-two']) {
      const [change] = createPlan(declarationsFrom(start(name)), emptyState(LINEAGE)).changes;
      const id = `ch-${name.replace('-', '').padEnd(13, '0')}`;
      state = recordCreation(
        state,
        sending(change),
        {
          id,
          arn: `arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/channel-handshake/${id}`,
          status: 'PENDING',
        },
        CONTEXT,
      );
    }
    const plan = createPlan(declarationsFrom(start('new-name')), state);
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics.find((diagnostic) => diagnostic.code === 'plan.rename-ambiguous')?.message).toContain(
      'One of them is live, so nothing is planned for any of these names (no second handshake with the same terms, nothing ended)',
    );
  });
});
