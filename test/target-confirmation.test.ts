// Issue 16: before any cancel, revoke or tag call, the apply-time listing confirms the handshake's type, resource and
// owner tag match the record. A foreign or mismatched target is refused by name, and no call is sent.
import { describe, expect, it } from 'vitest';
import { decideAtApplyTime } from '../src/core/apply-time-decision.js';
import { emptyState, type LiveHandshake, type RecordedState } from '../src/core/model.js';
import { OWNER_TAG_KEY, ownerTagValue } from '../src/core/ownership.js';
import { createPlan } from '../src/core/plan.js';
import { recordCreation } from '../src/core/record.js';
import { deriveLineage } from '../src/core/token.js';
import { declarationsFrom, sending, startServicePeriod } from './helpers.js';

const LINEAGE = deriveLineage('handshakes');
const CONTEXT = { appliedAt: '2026-11-27T12:00:00Z', appliedBy: {} };
const ID = 'ch-aaaaaaaaaaaaa';
const ARN = `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/${ID}`;

/** alpha's START recorded as PENDING, then its declaration removed: the plan cancels it. */
function cancelPlan(): { state: RecordedState; plan: ReturnType<typeof createPlan> } {
  const declared = createPlan(declarationsFrom(startServicePeriod('alpha')), emptyState(LINEAGE));
  const state = recordCreation(
    emptyState(LINEAGE),
    sending(declared.changes[0]),
    { id: ID, arn: ARN, status: 'PENDING' },
    CONTEXT,
  );
  return { state, plan: createPlan([], state) };
}

function live(overrides: Partial<LiveHandshake> = {}): LiveHandshake {
  return {
    id: ID,
    arn: ARN,
    catalog: 'AWS',
    handshakeType: 'START_SERVICE_PERIOD',
    associatedResourceId: 'rs-abc123def456g',
    status: 'PENDING',
    tags: [{ key: OWNER_TAG_KEY, value: ownerTagValue(LINEAGE, 'alpha') }],
    ...overrides,
  };
}

function decide(items: LiveHandshake[]) {
  const { state, plan } = cancelPlan();
  expect(plan.changes.map((change) => `${change.action} ${change.name}`)).toEqual(['cancel alpha']);
  return decideAtApplyTime(plan, state, items, CONTEXT).decisions[0];
}

describe('confirm every target before acting (issue 16)', () => {
  it('the record’s own handshake, with our owner tag (or none, as older releases sent), is cancelled', () => {
    expect(decide([live()])?.kind).toBe('proceed');
    expect(decide([live({ tags: [] })])?.kind).toBe('proceed');
  });

  it('a target the listing does not hold on the recorded resource is refused by name', () => {
    const decision = decide([]);
    expect(decision).toMatchObject({ kind: 'refused', mismatch: true });
    expect(decision?.kind === 'refused' && decision.message).toBe(
      `refused: the cancel of ${ID} was not sent: it is not among the START_SERVICE_PERIOD handshakes this account sent on rs-abc123def456g (the apply-time listing does not hold it). The state does not describe a handshake this repository sent: restore it from git history.`,
    );
  });

  it('another repository’s handshake under the recorded id (its owner tag) is refused by name', () => {
    const decision = decide([live({ tags: [{ key: OWNER_TAG_KEY, value: 'another-lineage/theirs' }] })]);
    expect(decision?.kind === 'refused' && decision.message).toMatch(
      /^refused: the cancel of ch-aaaaaaaaaaaaa was not sent: it is managed elsewhere \(owner tag another-lineage\/theirs\)/,
    );
  });

  it('a listed handshake of another type, resource or arn is refused, each difference named', () => {
    const decision = decide([
      live({
        handshakeType: 'REVOKE_SERVICE_PERIOD',
        associatedResourceId: 'rs-bbbbbbbbbbbbb',
        arn: ARN.replace('us-east-1', 'eu-west-1'),
      }),
    ]);
    expect(decision?.kind === 'refused' && decision.message).toContain(
      'it is a REVOKE_SERVICE_PERIOD, the record a START_SERVICE_PERIOD; it concerns rs-bbbbbbbbbbbbb, the record rs-abc123def456g; its arn is',
    );
  });
});
