// One policy (core/policy.ts) for what a merge does to handshakes: the summary line, the pull request's warning, the
// destructive gate and the not-applied report all say the same number. A supersede is counted apart: the period in
// force stays until the customer accepts the new terms, so it ends nothing when applied.
import { describe, expect, it } from 'vitest';
import { createRequestFor } from '../src/core/lifecycle.js';
import { emptyState, type HandshakeStatus, type RecordedState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { ALLOW_DESTRUCTIVE_LABEL, destructiveVerdict, handshakeEffects } from '../src/core/policy.js';
import { recordCreation } from '../src/core/record.js';
import { mergeEffectLine } from '../src/render/describe.js';
import { renderPlanMarkdown } from '../src/render/markdown.js';
import { renderNotAppliedMarkdown } from '../src/render/not-applied.js';
import { declarationsFrom, sending, startServicePeriod } from './helpers.js';

const LINEAGE = 'lineage-policy';
const relationship = (index: number) => `rs-policy00000${index}0`;
const declared = (name: string, index: number, days = 30) =>
  startServicePeriod(name, { relationship: relationship(index), days });

/** cancel (a, pending), revoke (b, accepted), replace (c, pending), supersede (d and e, accepted). */
function mixedPlan() {
  const statuses: Record<string, HandshakeStatus> = {
    a: 'PENDING',
    b: 'ACCEPTED',
    c: 'PENDING',
    d: 'ACCEPTED',
    e: 'ACCEPTED',
  };
  let state: RecordedState = emptyState(LINEAGE);
  const names = Object.keys(statuses);
  const first = createPlan(declarationsFrom(...names.map((name, index) => declared(name, index))), state);
  for (const [index, change] of first.changes.entries()) {
    const id = `ch-policy0000${index}0`;
    state = recordCreation(
      state,
      sending(change),
      { id, arn: `arn:${id}`, status: statuses[change.name] as HandshakeStatus },
      {
        appliedAt: '2026-11-27T12:00:00Z',
        appliedBy: {},
      },
    );
  }
  return createPlan(declarationsFrom(declared('c', 2, 60), declared('d', 3, 60), declared('e', 4, 60)), state);
}

describe('one policy for what a merge ends', () => {
  it('counts revokes, cancels and replaces as ending now, and supersedes apart', () => {
    const plan = mixedPlan();
    expect(plan.summary).toMatchObject({ cancel: 1, revoke: 1, replace: 1, supersede: 2 });
    expect(handshakeEffects(plan.summary)).toEqual({
      endsNow: 3,
      endsNowByAction: [
        { action: 'revoke', count: 1 },
        { action: 'cancel', count: 1 },
        { action: 'replace', count: 1 },
      ],
      supersedes: 2,
    });
  });

  it('says the same number in the summary line, the warning, the gate and the not-applied report', () => {
    const plan = mixedPlan();
    expect(mergeEffectLine(plan.summary)).toBe(
      'Merging will end 3 handshakes (1 of them replaced with a new one) and supersede 2 handshakes with new terms (in force until the customer accepts them).',
    );
    const comment = renderPlanMarkdown(plan, { directory: 'handshakes', maxDestructive: 2 });
    expect(comment).toContain('> This merge ends 3 handshakes (1 revoke, 1 cancel, 1 replace).');
    expect(comment).toContain(
      '> It also supersedes 2 handshakes: each stays in force until the customer accepts the new terms, so they do not count toward max-destructive.',
    );
    expect(comment).toContain('That is more than max-destructive (2)');
    // No other count of ended handshakes anywhere in the comment.
    expect(comment.match(/ends? \d+ handshakes?/g)).toEqual(['end 3 handshakes', 'ends 3 handshakes']);
    const labels: string[] = [];
    expect(destructiveVerdict(plan.summary, { maxDestructive: 3, allowDestructive: false, labels })).toEqual({
      kind: 'within',
      endsNow: 3,
    });
    expect(destructiveVerdict(plan.summary, { maxDestructive: 2, allowDestructive: false, labels })).toEqual({
      kind: 'over',
      endsNow: 3,
    });
    expect(
      destructiveVerdict(plan.summary, {
        maxDestructive: 2,
        allowDestructive: false,
        labels: [ALLOW_DESTRUCTIVE_LABEL],
      }),
    ).toEqual({ kind: 'allowed', endsNow: 3, by: 'label' });
    const report = renderNotAppliedMarkdown(
      { reason: 'destructive-gate', current: { digest: plan.digest, summary: plan.summary }, maxDestructive: 2 },
      { directory: 'handshakes' },
    );
    expect(report).toContain('ends 3 handshakes, more than `max-destructive` (2)');
  });

  it('lets supersedes alone through the gate, with a note instead of a warning', () => {
    const summary = { ...mixedPlan().summary, cancel: 0, revoke: 0, replace: 0 };
    expect(destructiveVerdict(summary, { maxDestructive: 0, allowDestructive: false, labels: [] }).kind).toBe('within');
    expect(mergeEffectLine(summary)).toBe(
      'Merging will supersede 2 handshakes with new terms (in force until the customer accepts them).',
    );
  });
});

describe('a REVOKE_SERVICE_PERIOD declared under another name (issue 16, docs/lifecycle.md row 25)', () => {
  const relationshipOfAlpha = relationship(7);
  const explicitRevoke = (name: string) =>
    [
      `name: ${name}`,
      'handshakeType: REVOKE_SERVICE_PERIOD',
      'catalog: AWS',
      `associatedResourceIdentifier: ${relationshipOfAlpha}`,
      'payload:',
      '  revokeServicePeriodPayload:',
      '    programManagementAccountIdentifier: pma-abcdef123456g',
      '',
    ].join('\n');

  /** alpha's START on the relationship, accepted: its period is in force. */
  function alphaInForce(): RecordedState {
    const [change] = createPlan(declarationsFrom(declared('alpha', 7)), emptyState(LINEAGE)).changes;
    const id = 'ch-policyalpha0';
    return recordCreation(
      emptyState(LINEAGE),
      sending(change),
      { id, arn: `arn:${id}`, status: 'ACCEPTED' },
      { appliedAt: '2026-11-27T12:00:00Z', appliedBy: {} },
    );
  }

  it('ends a period once accepted (AWS "Who sends and who accepts each handshake type": REVOKE_SERVICE_PERIOD, "Accepted: the service period ends immediately"), so it is planned as a revoke and counts toward max-destructive', () => {
    const plan = createPlan(declarationsFrom(explicitRevoke('beta')), alphaInForce());
    expect(plan.changes.map((change) => `${change.action} ${change.name}`)).toEqual(['revoke beta']);
    expect(plan.changes[0]).toMatchObject({ handshakeType: 'REVOKE_SERVICE_PERIOD', ends: 'ch-policyalpha0' });
    expect(plan.changes[0]?.reason).toMatchObject({ rule: 'declared-revoke-ends', endsName: 'alpha' });
    expect(handshakeEffects(plan.summary)).toMatchObject({
      endsNow: 1,
      endsNowByAction: [{ action: 'revoke', count: 1 }],
    });
    expect(destructiveVerdict(plan.summary, { maxDestructive: 0, allowDestructive: false, labels: [] })).toEqual({
      kind: 'over',
      endsNow: 1,
    });
    expect(mergeEffectLine(plan.summary)).toBe('Merging will end 1 handshake.');
    expect(renderPlanMarkdown(plan, { directory: 'handshakes', maxDestructive: 0 })).toContain(
      '> This merge ends 1 handshake (1 revoke).',
    );
  });

  it('keeps the token it had as a create: the same REVOKE, replayed by the same clientToken', () => {
    const [change] = createPlan(declarationsFrom(explicitRevoke('beta')), alphaInForce()).changes;
    const sent = sending(change);
    expect(sent.clientToken).toBe(sent.request.clientToken);
    expect(sent.purpose).toBe('revoke');
    // The token a create of the same spec and generation would carry (core/lifecycle.ts createRequestFor).
    expect(sent.request).toEqual(createRequestFor(LINEAGE, sent.spec, sent.generation));
  });

  it('a REVOKE for a period started elsewhere (no START recorded on the relationship) counts too', () => {
    const plan = createPlan(declarationsFrom(explicitRevoke('beta')), emptyState(LINEAGE));
    expect(plan.changes.map((change) => `${change.action} ${change.name}`)).toEqual(['revoke beta']);
    expect(handshakeEffects(plan.summary).endsNow).toBe(1);
  });
});

describe('the "Merging will…" sentence for program management accounts and relationships (issue 18)', () => {
  it('an update in place says so: merging changes the display name, support plan or tags in AWS', () => {
    expect(mergeEffectLine({ 'update-relationship': 2 } as never)).toBe(
      'Merging will change 2 relationships in place.',
    );
    expect(mergeEffectLine({ 'update-account': 1, 'create-relationship': 1, cancel: 1 } as never)).toBe(
      'Merging will end 1 handshake, create 1 relationship and change 1 program management account in place.',
    );
  });
});
