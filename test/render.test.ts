import { describe, expect, it } from 'vitest';
import type { Plan, RecordedState } from '../src/core/model.js';
import { emptyState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { recordCreation } from '../src/core/record.js';
import { deriveLineage } from '../src/core/token.js';
import { renderDiagnosticsGithub } from '../src/render/diagnostics.js';
import { renderPlanJson } from '../src/render/json.js';
import { escapeMarkdown, MARKDOWN_LIMIT, renderPlanMarkdown } from '../src/render/markdown.js';
import { renderPlanText } from '../src/render/text.js';
import { expectGolden } from './golden.js';
import { declarationsFrom, programManagementAccount, sending, startServicePeriod } from './helpers.js';

const LINEAGE = deriveLineage('handshakes');
const CONTEXT = { appliedAt: '2026-11-27T12:00:00Z', appliedBy: { actor: 'golden' } };

/** A plan with every kind of change and a diagnostic, including hostile user text. */
function examplePlan(): Plan {
  const before = [
    startServicePeriod('cancel-me', { relationship: 'rs-aaaaaaaaaaaaa' }),
    startServicePeriod('replace-me', { relationship: 'rs-bbbbbbbbbbbbb' }),
    startServicePeriod('retag-me', { relationship: 'rs-ccccccccccccc', tags: 'team=ops,old=x' }),
    programManagementAccount('rejected-pma', 'pma-ddddddddddddd'),
  ];
  let state: RecordedState = emptyState(LINEAGE);
  createPlan(declarationsFrom(...before), state).changes.forEach((change, index) => {
    const id = `ch-golden${String(index).padStart(8, '0')}`;
    const status = change.name === 'rejected-pma' ? 'REJECTED' : 'PENDING';
    state = recordCreation(
      state,
      sending(change),
      { id, arn: `arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/channel-handshake/${id}`, status },
      CONTEXT,
    );
  });
  const accepted = createPlan(
    declarationsFrom(startServicePeriod('revoke-me', { relationship: 'rs-eeeeeeeeeeeee' })),
    emptyState(LINEAGE),
  ).changes[0];
  if (!accepted) throw new Error('no change');
  state = recordCreation(
    state,
    sending(accepted),
    {
      id: 'ch-accepted00001',
      arn: 'arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/channel-handshake/ch-accepted00001',
      status: 'ACCEPTED',
    },
    CONTEXT,
  );
  const after = declarationsFrom(
    startServicePeriod('new-one', {
      relationship: 'rs-fffffffffffff',
      note: '@octocat <img src=x onerror=alert(1)> | `code` **bold** [link](http://x)',
    }),
    startServicePeriod('replace-me', { relationship: 'rs-bbbbbbbbbbbbb', days: 60 }),
    startServicePeriod('retag-me', { relationship: 'rs-ccccccccccccc', tags: 'team=sales' }),
    programManagementAccount('rejected-pma', 'pma-ddddddddddddd'),
  );
  return createPlan(after, state);
}

describe('renderers', () => {
  it('renders the text plan', () => {
    expectGolden('plan.txt', renderPlanText(examplePlan(), { color: false }));
  });

  it('colours the text plan only when asked to', () => {
    const plan = examplePlan();
    expect(renderPlanText(plan, { color: false })).not.toContain('\u001B[');
    expect(renderPlanText(plan, { color: true })).toContain('\u001B[32m+    create');
  });

  it('renders the markdown plan', () => {
    expectGolden(
      'plan.md',
      renderPlanMarkdown(examplePlan(), {
        directory: 'handshakes',
        runUrl: 'https://github.com/acme/handshakes/actions/runs/42',
        headSha: '0123456789abcdef0123456789abcdef01234567',
      }),
    );
  });

  it('renders the JSON plan', () => {
    const json = renderPlanJson(examplePlan());
    expectGolden('plan.json', json);
    const parsed = JSON.parse(json);
    expect(Object.keys(parsed)).toEqual(['formatVersion', 'digest', 'lineage', 'summary', 'changes', 'diagnostics']);
    expect(parsed.summary).toEqual({
      rename: 0,
      forget: 0,
      create: 1,
      supersede: 0,
      cancel: 1,
      revoke: 1,
      replace: 1,
      retag: 1,
    });
  });

  it('renders "no changes" plainly', () => {
    const plan = createPlan([], emptyState(LINEAGE));
    expect(renderPlanText(plan, { color: false })).toMatch(/^No changes\./);
    const markdown = renderPlanMarkdown(plan, { directory: 'handshakes' });
    expect(markdown).toContain('### No changes · channel-handshakes plan');
    // Nothing to review, so no 64-character digest to skim past.
    expect(markdown).not.toContain(plan.digest);
  });

  it('leaves no live HTML, mention, table break or code span in user text', () => {
    const escaped = escapeMarkdown('@octocat <script>alert(1)</script> a|b `x` [y](z) #12\nnext');
    expect(escaped).not.toMatch(/<|>|`|\n/);
    // GitHub tables split cells on unescaped pipes only.
    expect(escaped).not.toMatch(/(^|[^\\])\|/);
    expect(escaped).not.toMatch(/@octocat/);
    expect(escaped).toContain('@\u2060octocat');
    const markdown = renderPlanMarkdown(examplePlan(), { directory: 'handshakes' });
    // The hostile note only appears inside a fenced JSON block, where GitHub renders nothing.
    const outsideFences = markdown.replace(/(`{3,})json\n[\s\S]*?\n\1/g, '');
    expect(outsideFences).not.toContain('<img');
    expect(outsideFences).not.toContain('@octocat');
  });

  it('keeps a fenced block closed even when the note contains backtick fences', () => {
    const plan = createPlan(declarationsFrom(startServicePeriod('fence', { note: 'x ```` y' })), emptyState(LINEAGE));
    const markdown = renderPlanMarkdown(plan, { directory: 'handshakes' });
    expect(markdown).toContain('`````json');
  });

  it('truncates long markdown under the limit with a note', () => {
    const many = Array.from({ length: 400 }, (_, index) =>
      startServicePeriod(`customer-${index}`, {
        relationship: `rs-${String(index).padStart(13, '0')}`,
        note: 'n'.repeat(200),
      }),
    );
    const plan = createPlan(declarationsFrom(...many), emptyState(LINEAGE));
    const markdown = renderPlanMarkdown(plan, {
      directory: 'handshakes',
      runUrl: 'https://github.com/o/r/actions/runs/1',
    });
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(markdown).toMatch(/> All 400 changes listed, \d+ with details/);
    expect(markdown).toContain('The full text plan is in the [run log](https://github.com/o/r/actions/runs/1)');
    expect(markdown).toContain(plan.digest);
    const small = renderPlanMarkdown(plan, { directory: 'handshakes', maxLength: 4_000 });
    expect(small.length).toBeLessThanOrEqual(4_000);
    expect(small).toMatch(/> \d+ of 400 changes listed, 0 with details/);
    expect(small).toContain(plan.digest);
  });

  it('renders annotations as workflow commands with escaped properties, a line break in user text shown as \\n', () => {
    const output = renderDiagnosticsGithub([
      {
        severity: 'error',
        code: 'x',
        field: 'payload.note',
        message: '100% wrong\nsecond line',
        location: { file: 'handshakes/a,b.yaml', line: 3, column: 5 },
      },
      { severity: 'warning', code: 'y', message: 'careful' },
    ]);
    expect(output).toBe(
      '::error file=handshakes/a%2Cb.yaml,line=3,col=5,title=channel-handshakes%3A payload.note::100%25 wrong\\nsecond line\n' +
        '::warning title=channel-handshakes::careful',
    );
  });
});
