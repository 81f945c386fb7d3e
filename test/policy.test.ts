// One policy (core/policy.ts) for what a merge does to handshakes: the summary line, the pull request's warning, the
// destructive gate and the not-applied report all say the same number. A supersede is counted apart: the period in
// force stays until the customer accepts the new terms, so it ends nothing when applied.
import { describe, expect, it } from 'vitest';
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
