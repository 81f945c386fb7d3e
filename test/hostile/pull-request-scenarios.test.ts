// Issue 16's High and Medium scenarios as one corpus, each with the outcome it must have now and the guard that gives
// it. Planned and decided in the pure core against recorded states; the PR-edits-state cases also run through
// dist/index.js against the GitHub stand-in in state-edits.e2e.test.ts, and the two-checkouts race with two state files
// in ../two-checkouts.test.ts.
import { describe, expect, it } from 'vitest';
import { decideAtApplyTime } from '../../src/core/apply-time-decision.js';
import { hasDrift, reconcile } from '../../src/core/drift.js';
import { withoutHistory } from '../../src/core/history.js';
import { adoptionMismatch } from '../../src/core/import.js';
import { recordIntent } from '../../src/core/intents.js';
import { emptyState, type HandshakeStatus, type LiveHandshake, type RecordedState } from '../../src/core/model.js';
import { OWNER_TAG_KEY, ownerTagValue } from '../../src/core/ownership.js';
import { createPlan } from '../../src/core/plan.js';
import { recordCreation, recordForget } from '../../src/core/record.js';
import { newerDuplicate } from '../../src/core/second-live.js';
import { stateEdits } from '../../src/core/state-edits.js';
import { deriveLineage } from '../../src/core/token.js';
import { parseState, serializeState } from '../../src/files/state.js';
import { declarationsFrom, programManagementAccount, sending, startServicePeriod } from '../helpers.js';

const LINEAGE = deriveLineage('handshakes');
const CONTEXT = { appliedAt: '2026-11-27T12:00:00Z', appliedBy: {} };
const RELATIONSHIP = 'rs-aaaaaaaaaaaaa';
const FOREIGN = 'ch-f0re1gn0000aa';
const arnOf = (id: string) => `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/${id}`;

const start = (name: string) => startServicePeriod(name, { relationship: RELATIONSHIP });
const revoke = (name: string) =>
  `name: ${name}\nhandshakeType: REVOKE_SERVICE_PERIOD\ncatalog: AWS\nassociatedResourceIdentifier: ${RELATIONSHIP}\npayload:\n  revokeServicePeriodPayload:\n    programManagementAccountIdentifier: pma-abcdef123456g\n`;

let counter = 0;
function applied(state: RecordedState, texts: string[], status: HandshakeStatus): RecordedState {
  let next = state;
  for (const change of createPlan(declarationsFrom(...texts), state).changes) {
    // An automatic revoke is recorded by recordRetirement; a declared one is recorded as sent, like a create.
    if (!('request' in change) || (change.action === 'revoke' && change.retire)) continue;
    const id = `ch-${String(++counter).padStart(13, '0')}`;
    next = recordCreation(next, sending(change), { id, arn: arnOf(id), status }, CONTEXT);
  }
  return next;
}

const actions = (state: RecordedState, texts: string[]) =>
  createPlan(declarationsFrom(...texts), state).changes.map((change) => `${change.action} ${change.name}`);

interface Scenario {
  severity: 'high' | 'medium';
  name: string;
  /** What must come of it now, in words. */
  expected: string;
  check(): void;
}

const SCENARIOS: Scenario[] = [
  {
    severity: 'high',
    name: 'a PR that edits only state.json points alpha’s id and arn at another repository’s pending handshake and removes alpha',
    expected:
      'the edit is shown (id, arn changed) and the merge is refused (state-edited); with the label, the cancel is refused by name at apply time',
    check() {
      const base = applied(emptyState(LINEAGE), [programManagementAccount('alpha')], 'PENDING');
      const head = parseState(
        serializeState(base)
          .replaceAll(base.declarations.alpha?.handshakes[0]?.arn as string, arnOf(FOREIGN))
          .replaceAll(base.declarations.alpha?.handshakes[0]?.id as string, FOREIGN),
        'state.json',
      );
      expect(stateEdits(base, head).map((edit) => (edit.kind === 'field-changed' ? edit.field : edit.kind))).toEqual([
        'id',
        'arn',
      ]);
      const plan = createPlan([], head);
      const foreign: LiveHandshake = {
        id: FOREIGN,
        arn: arnOf(FOREIGN),
        catalog: 'AWS',
        handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
        associatedResourceId: 'pma-abcdef123456g',
        status: 'PENDING',
        tags: [{ key: OWNER_TAG_KEY, value: 'another-lineage/theirs' }],
      };
      const [decision] = decideAtApplyTime(plan, head, [foreign], CONTEXT).decisions;
      expect(decision).toMatchObject({ kind: 'refused', mismatch: true });
    },
  },
  {
    severity: 'high',
    name: 'the same PR with an empty id ""',
    expected: 'refused by meaning on read, with the JSON path and "restore from git"; nothing planned',
    check() {
      const base = applied(emptyState(LINEAGE), [programManagementAccount('alpha')], 'PENDING');
      const text = serializeState(base).replace(/"id": "ch-[a-z0-9]{13}"/, '"id": ""');
      expect(() => parseState(text, 'state.json')).toThrow(/\$\.declarations\.alpha\.handshakes\[0\]\.id/);
    },
  },
  {
    severity: 'high',
    name: 'a PR that adds a REVOKE_SERVICE_PERIOD intent while a START for that relationship is declared',
    expected: 'shown as an intent added; the plan refuses to resume it (START/REVOKE rule), nothing is applied',
    check() {
      const [change] = createPlan(declarationsFrom(revoke('beta')), emptyState(LINEAGE)).changes;
      const withIntent = recordIntent(emptyState(LINEAGE), sending(change), '2026-11-27T10:00:00Z');
      expect(stateEdits(emptyState(LINEAGE), withIntent).map((edit) => edit.kind)).toEqual(['intent-added']);
      const plan = createPlan(declarationsFrom(start('alpha')), withIntent);
      expect(plan.changes.filter((planned) => planned.handshakeType === 'REVOKE_SERVICE_PERIOD')).toEqual([]);
      expect(plan.diagnostics.some((diagnostic) => diagnostic.code === 'plan.resume-refused')).toBe(true);
    },
  },
  {
    severity: 'high',
    name: 'a pending explicit REVOKE whose declaration is removed (the period’s START forgotten)',
    expected: 'cancelled, like row 10 (row 18)',
    check() {
      const inForce = applied(emptyState(LINEAGE), [start('alpha')], 'ACCEPTED');
      const revoking = applied(inForce, [revoke('beta')], 'PENDING');
      expect(actions(withoutHistory(revoking, 'alpha'), [])).toEqual(['cancel beta']);
    },
  },
  {
    severity: 'high',
    name: 'a PR removes a pending START and declares a REVOKE for its relationship',
    expected:
      'the START is cancelled and no REVOKE is sent: "nothing to revoke: … is PENDING; removing it cancels it" (row 19)',
    check() {
      const pending = applied(emptyState(LINEAGE), [start('alpha')], 'PENDING');
      const plan = createPlan(declarationsFrom(revoke('beta')), pending);
      expect(plan.changes.map((change) => `${change.action} ${change.name}`)).toEqual(['cancel alpha']);
      expect(plan.diagnostics.find((diagnostic) => diagnostic.code === 'plan.nothing-to-revoke')?.message).toMatch(
        /nothing to revoke: .* is PENDING since .*; removing it cancels it/,
      );
    },
  },
  {
    severity: 'high',
    name: 'two checkouts send different terms for one name at once',
    expected: 'the newer START finds the older (same owner tag) after its create and cancels itself; one live at rest',
    check() {
      const tag = [{ key: OWNER_TAG_KEY, value: ownerTagValue(LINEAGE, 'acme') }];
      const item = (id: string, createdAt: string): LiveHandshake => ({
        id,
        arn: arnOf(id),
        catalog: 'AWS',
        handshakeType: 'START_SERVICE_PERIOD',
        associatedResourceId: RELATIONSHIP,
        status: 'PENDING',
        createdAt,
        tags: tag,
      });
      const older = item('ch-0000000000001', '2026-11-27T10:00:00.000Z');
      const newer = item('ch-0000000000002', '2026-11-27T10:00:00.005Z');
      expect(newerDuplicate(newer.id, [older, newer], tag[0]?.value as string)?.kept.id).toBe(older.id);
      expect(newerDuplicate(older.id, [older, newer], tag[0]?.value as string)).toBeUndefined();
    },
  },
  {
    severity: 'medium',
    name: '`protect` removed from state.json together with the declaration',
    expected: 'shown as "protect removed"; the merge is refused unless labelled (state-edited)',
    check() {
      const base = applied(emptyState(LINEAGE), [programManagementAccount('alpha')], 'PENDING');
      const alpha = base.declarations.alpha;
      const protectedBase = {
        ...base,
        declarations: { ...base.declarations, alpha: { ...alpha, protect: true as const } },
      };
      expect(stateEdits(protectedBase as RecordedState, base)).toEqual([{ kind: 'protect-removed', name: 'alpha' }]);
    },
  },
  {
    severity: 'medium',
    name: 'a crafted imported/*.yaml header naming another repository’s handshake',
    expected: 'not adopted: the owner tag of another lineage is named',
    check() {
      const [declaration] = declarationsFrom(programManagementAccount('mine'));
      const foreign = {
        id: FOREIGN,
        arn: arnOf(FOREIGN),
        catalog: 'AWS',
        handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT' as const,
        associatedResourceId: 'pma-abcdef123456g',
        status: 'PENDING' as const,
      };
      expect(
        adoptionMismatch(foreign, declaration?.spec as never, [{ key: OWNER_TAG_KEY, value: 'other/theirs' }], LINEAGE),
      ).toMatch(/managed elsewhere/);
    },
  },
  {
    severity: 'medium',
    name: 'a forgotten ACCEPTED PMA handshake (this repository’s owner tag)',
    expected: 'listed as forgotten, not drift; the drift issue offers no cancel for it (row 22)',
    check() {
      const { report } = reconcile(emptyState(LINEAGE), [
        {
          id: 'ch-0000000000009',
          arn: arnOf('ch-0000000000009'),
          catalog: 'AWS',
          handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
          associatedResourceId: 'pma-abcdef123456g',
          status: 'ACCEPTED',
          tags: [{ key: OWNER_TAG_KEY, value: ownerTagValue(LINEAGE, 'pma') }],
        },
      ]);
      expect(report.unmanaged).toEqual([]);
      expect(hasDrift(report)).toBe(false);
    },
  },
  {
    severity: 'medium',
    name: 'a forgotten ACCEPTED PMA handshake without an owner tag (sent before owner tags, or adopted by import)',
    expected: 'forgetting it leaves a tombstone: not drift, and the drift issue offers no cancel (row 24)',
    check() {
      const accepted = applied(emptyState(LINEAGE), [programManagementAccount('pma')], 'ACCEPTED');
      const [forget] = createPlan([], accepted).changes;
      if (forget?.action !== 'forget') throw new Error('expected a forget of pma');
      const sent = accepted.declarations.pma?.handshakes[0];
      if (!sent) throw new Error('expected pma to be recorded');
      const listed: LiveHandshake = {
        id: sent.id,
        arn: sent.arn,
        catalog: 'AWS',
        handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
        associatedResourceId: 'pma-abcdef123456g',
        status: 'ACCEPTED',
      };
      const { report } = reconcile(recordForget(accepted, forget, CONTEXT.appliedAt), [listed]);
      expect(report.unmanaged).toEqual([]);
      expect(hasDrift(report)).toBe(false);
    },
  },
  {
    severity: 'medium',
    name: 'an accepted fixed term whose endDate passed, with an unrelated declaration added',
    expected: 'no error: a warning with the endDate; the unrelated declaration plans (row 20)',
    check() {
      const fixed = start('acme')
        .replace('MINIMUM_NOTICE_PERIOD', 'FIXED_COMMITMENT_PERIOD')
        .replace('minimumNoticeDays: 30', 'endDate: 2027-01-31');
      const state = applied(emptyState(LINEAGE), [fixed], 'ACCEPTED');
      const plan = createPlan(
        declarationsFrom(fixed, startServicePeriod('other', { relationship: 'rs-bbbbbbbbbbbbb' })),
        state,
        { now: new Date('2027-02-01T00:00:00Z') },
      );
      expect(plan.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
      expect(plan.changes.map((change) => `${change.action} ${change.name}`)).toEqual(['create other']);
    },
  },
];

describe('issue 16’s High and Medium scenarios, each with its outcome now', () => {
  it.each(SCENARIOS.map((scenario) => [`${scenario.severity}: ${scenario.name} → ${scenario.expected}`, scenario]))(
    '%s',
    (_title, scenario) => {
      (scenario as Scenario).check();
    },
  );
});
