// Issue 17, "One set of numbers": the summary line, the warning under it and the destructive gate count the same
// handshakes, for any plan. Each number is read back from the text a reviewer sees.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan, PlanSummary } from '../src/core/model.js';
import { destructiveVerdict, endsNow } from '../src/core/policy.js';
import { mergeEffectLine } from '../src/render/describe.js';
import { renderPlanMarkdown } from '../src/render/markdown.js';
import { renderNotAppliedMarkdown } from '../src/render/not-applied.js';
import { runs } from './support/property-runs.js';
import { CHANGE_ACTIONS_FOR_TEST, syntheticChange } from './support/synthetic-changes.js';

function planOf(actions: readonly (typeof CHANGE_ACTIONS_FOR_TEST)[number][]): Plan {
  const changes = actions.map((action, index) => syntheticChange(action, index));
  const summary = Object.fromEntries(CHANGE_ACTIONS_FOR_TEST.map((action) => [action, 0])) as PlanSummary;
  for (const change of changes) summary[change.action] += 1;
  return {
    formatVersion: 3,
    digest: `sha256:${'0'.repeat(64)}`,
    lineage: 'l',
    summary,
    changes,
    diagnostics: [],
  };
}

/** The first whole number after a phrase, or 0 when the phrase is not there. */
function numberAfter(text: string, phrase: RegExp): number {
  const match = phrase.exec(text);
  return match ? Number(match[1]?.replace(/,/g, '')) : 0;
}

describe('one set of numbers (issue 17)', () => {
  it('for any plan, the summary, the warning and the gate count the same handshakes ended now and superseded', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...CHANGE_ACTIONS_FOR_TEST), { maxLength: 40 }),
        fc.integer({ min: 0, max: 10 }),
        (actions, maxDestructive) => {
          const plan = planOf(actions);
          const expectedEnding = actions.filter(endsNow).length;
          const expectedSuperseded = actions.filter((action) => action === 'supersede').length;

          const summary = mergeEffectLine(plan.summary);
          const markdown = renderPlanMarkdown(plan, { directory: 'handshakes', maxDestructive });
          const warning = markdown
            .split('\n')
            .filter((line) => line.startsWith('> '))
            .join('\n');
          const verdict = destructiveVerdict(plan.summary, { maxDestructive, allowDestructive: false, labels: [] });

          expect(numberAfter(summary, /end ([\d,]+) handshake/)).toBe(expectedEnding);
          expect(numberAfter(warning, /This merge ends ([\d,]+) handshake/)).toBe(expectedEnding);
          expect(verdict.endsNow).toBe(expectedEnding);
          expect(numberAfter(summary, /supersede ([\d,]+) handshake/)).toBe(expectedSuperseded);
          expect(numberAfter(warning, /supersedes ([\d,]+) handshake/)).toBe(expectedSuperseded);
          // The warning says the apply will refuse exactly when the gate refuses.
          expect(warning.includes('more than max-destructive')).toBe(verdict.kind === 'over');

          if (verdict.kind === 'over') {
            const ending = plan.changes.filter((change) => endsNow(change.action));
            const gate = renderNotAppliedMarkdown(
              { reason: 'destructive-gate', current: plan, maxDestructive, ending },
              { directory: 'handshakes' },
            );
            expect(numberAfter(gate, /\) ends ([\d,]+) handshakes/)).toBe(expectedEnding);
            // The gate lists each handshake that would end, by name.
            const listed = gate.split('\n').filter((line) => /^- \S+\u00a0(revoke|cancel|replace) /.test(line));
            expect(listed).toHaveLength(expectedEnding);
          }
        },
      ),
      runs(200),
    );
  });
});
