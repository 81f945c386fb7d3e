import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMENT_LIMIT, planDataMarker, readPlanData, reportInPlaceOfPlan } from '../src/action/sticky-comment.js';
import {
  type Change,
  type ChangeAction,
  type ChangeResult,
  type DriftReport,
  emptyState,
  type Plan,
  type PlanSummary,
} from '../src/core/model.js';
import { explainFailure, renderApplyMarkdown } from '../src/render/apply-result.js';
import { fitToLimit } from '../src/render/bounded.js';
import { readableMoment } from '../src/render/dates.js';
import { mergeEffectLine, summaryLine } from '../src/render/describe.js';
import { classifyDrift, driftCounts, needsAttention, renderDriftMarkdown } from '../src/render/drift-markdown.js';
import { changeLines } from '../src/render/handshake-changes.js';
import { renderPlanMarkdown } from '../src/render/markdown.js';
import { outcomeLabel } from '../src/render/outcome.js';
import { applyReportOf } from '../src/usecases/apply.js';
import { runs } from './support/property-runs.js';

const spec = (name: string, days: string, tags: Record<string, string> = {}) => ({
  name,
  handshakeType: 'START_SERVICE_PERIOD' as const,
  catalog: 'AWS',
  associatedResourceIdentifier: 'rs-aaaaaaaaaaaaa',
  payload: {
    startServicePeriodPayload: {
      programManagementAccountIdentifier: 'pma-abcdef123456g',
      servicePeriodType: 'MINIMUM_NOTICE_PERIOD' as const,
      minimumNoticeDays: days,
    },
  },
  tags,
  revision: 0,
});

function change(action: ChangeAction, index: number): Change {
  const name = `${action}-${String(index).padStart(4, '0')}`;
  return {
    action,
    name,
    handshakeType: 'START_SERVICE_PERIOD',
    catalog: 'AWS',
    resource: `rs-${String(index).padStart(13, '0')}`,
    reason: { rule: 'forget-document', note: `why ${name} ${'is needed '.repeat(8)}` },
    ...(action === 'create' ? { spec: spec(name, '30'), clientToken: `chs1-${'x'.repeat(43)}` } : {}),
    ...(action !== 'create'
      ? {
          previous: { handshake: { id: 'ch-aaaaaaaaaaaaa', handshakeType: 'START_SERVICE_PERIOD', status: 'PENDING' } },
        }
      : {}),
  } as unknown as Change;
}

function planOf(changes: Change[]): Plan {
  const summary: PlanSummary = {
    create: 0,
    cancel: 0,
    revoke: 0,
    replace: 0,
    supersede: 0,
    retag: 0,
    rename: 0,
    forget: 0,
  };
  for (const each of changes) summary[each.action] = (summary[each.action] ?? 0) + 1;
  return { formatVersion: 3, digest: `sha256:${'0'.repeat(64)}`, lineage: 'l', summary, changes, diagnostics: [] };
}

describe('bounded bodies', () => {
  it('never exceed the limit, whatever the sizes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 500, max: 20_000 }),
        fc.integer({ min: 0, max: 20 }),
        (count, itemSize, limit, keep) => {
          const text = fitToLimit(
            count,
            ({ listed, detailed }) => `head\n${'r'.repeat(listed * 20)}${'d'.repeat(detailed * itemSize)}\n`,
            limit,
            keep,
          );
          expect(text.length).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });

  it('a cut plan keeps every change that ends a handshake, with its details, and cuts creates first (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 900 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 6_000, max: 65_536 }),
        (creates, cancels, limit) => {
          const changes = [
            ...Array.from({ length: creates }, (_, index) => change('create', index)),
            ...Array.from({ length: cancels }, (_, index) => change('cancel', index)),
          ];
          const markdown = renderPlanMarkdown(planOf(changes), { directory: 'handshakes', maxLength: limit });
          expect(markdown.length).toBeLessThanOrEqual(limit);
          for (let index = 0; index < cancels; index++) {
            expect(markdown).toContain(`<summary>🔴\u00a0cancel cancel-${String(index).padStart(4, '0')}</summary>`);
          }
          const listedCreates = markdown.match(/\| 🟢\u00a0create \|/g)?.length ?? 0;
          if (listedCreates < creates) {
            expect(markdown).toContain(`of ${(creates + cancels).toLocaleString('en-US')} changes listed`);
          }
        },
      ),
      runs(40),
    );
  });

  it('collapses the table above 50 rows', () => {
    const many = renderPlanMarkdown(planOf(Array.from({ length: 51 }, (_, index) => change('create', index))), {
      directory: 'handshakes',
    });
    expect(many).toContain('<details><summary>Table of 51 changes</summary>');
    const few = renderPlanMarkdown(planOf(Array.from({ length: 50 }, (_, index) => change('create', index))), {
      directory: 'handshakes',
    });
    expect(few).not.toContain('<summary>Table of');
  });
});

describe('old → new', () => {
  it('shows each changed field as a -/+ pair GitHub colours, by its label, then added and removed tags', () => {
    const replace: Change = {
      ...change('replace', 1),
      spec: spec('n', '60', { team: 'partners', owner: 'ops' }),
      previous: { spec: spec('n', '30', { team: 'sales', 'cost-center': '4711' }) },
    } as Change;
    expect(changeLines(replace)).toEqual([
      '- minimum notice days: "30"',
      '+ minimum notice days: "60"',
      '- tag team: "sales"',
      '+ tag team: "partners"',
      '+ tag owner: "ops"',
      '- tag cost-center: "4711"',
    ]);
    // GitHub colours a diff line only when - or + is its first character.
    for (const line of changeLines(replace)) expect(line).toMatch(/^[-+] /);
  });

  it('says what merging will do, destructive counts first', () => {
    const summary: PlanSummary = {
      create: 3,
      cancel: 1,
      revoke: 1,
      replace: 1,
      supersede: 0,
      retag: 2,
      rename: 0,
      forget: 1,
    };
    expect(summaryLine(summary)).toBe('1 to revoke, 1 to cancel, 1 to replace, 3 to create, 2 to retag, 1 to forget.');
    expect(mergeEffectLine(summary)).toBe(
      'Merging will end 3 handshakes (1 of them replaced with a new one), send 3 new handshakes, change the tags of 2 handshakes and update 1 entry of the recorded state only.',
    );
  });

  it('writes dates for people', () => {
    expect(readableMoment('2026-11-28T06:53:17.123Z')).toBe('2026-11-28 06:53 UTC');
  });
});

describe('the apply result', () => {
  it('explains a quota failure in plain words with the next step', () => {
    const failure = {
      code: 'ServiceQuotaExceededException',
      message: 'raw',
      quotaCode: 'active-program-management-account-handshakes',
    };
    expect(explainFailure(failure, change('create', 1))).toEqual({
      reason: 'the quota of active PMA handshakes is reached (100 by default)',
      next: 'cancel pending PMA handshakes that are no longer needed, or ask AWS to raise the quota; then re-run this job',
    });
  });

  it('gives outcomes from later engines (already done, held back) a row of their own', () => {
    const markdown = renderApplyMarkdown(
      applyReportOf(emptyState('x'), [
        { change: change('create', 1), outcome: 'moot', handshakeId: 'ch-bbbbbbbbbbbbb' },
        {
          change: change('cancel', 2),
          outcome: 'held-back',
          failure: { code: 'held-back', message: 'the handshake was accepted meanwhile' },
        },
      ]),
      { directory: 'handshakes' },
    );
    // Nothing was sent: one was already done, one held back. Held-back rows come first.
    expect(markdown).toContain('### ⛔ Not applied: 0 of 2 sent, 1 already done, 1 held back');
    expect(markdown.indexOf('create-0002')).toBeLessThan(markdown.indexOf('create-0001'));
    expect(markdown).toContain('| ➖\u00a0already done | 🟢\u00a0create | create-0001 | ch-bbbbbbbbbbbbb |');
    // Why it was held back and what to do sit under the table, so the table stays narrow on a phone.
    expect(markdown).toContain('| ⏸️\u00a0**held back** | 🔴\u00a0cancel | cancel-0002 |');
    expect(markdown).toContain(
      '- ⏸️ **cancel-0002** (cancel) **held back:** what AWS holds changed since the plan was made.',
    );
  });
});

describe('the outcome label', () => {
  const results = (outcomes: ChangeResult['outcome'][]) =>
    outcomes.map((outcome, index) => ({
      change: change(index % 2 === 0 ? 'create' : 'revoke', index),
      outcome,
      ...(outcome === 'failed' || outcome === 'held-back' ? { failure: { code: outcome, message: 'x' } } : {}),
    })) as ChangeResult[];

  it('says "⚠️ Partly applied" with what was sent when some changes were sent and others held back', () => {
    const outcome = applyReportOf(emptyState('x'), results([...Array(8).fill('succeeded'), 'held-back']));
    expect(outcomeLabel(outcome)).toBe('⚠️ Partly applied: 8 of 9 sent, 1 held back');
    expect(renderApplyMarkdown(outcome, { directory: 'handshakes' })).toContain(
      '### ⚠️ Partly applied: 8 of 9 sent, 1 held back · channel-handshakes apply',
    );
  });

  it('keeps "⛔ Not applied" for a run that sent nothing, and "✅ Applied" for one that did everything', () => {
    expect(outcomeLabel(applyReportOf(emptyState('x'), results(['failed', 'held-back'])))).toBe(
      '⛔ Not applied: 0 of 2 sent, 1 held back, 1 failed',
    );
    expect(outcomeLabel(applyReportOf(emptyState('x'), results(['succeeded', 'moot'])))).toBe(
      '✅ Applied: 1 of 2 sent, 1 already done',
    );
    expect(outcomeLabel(applyReportOf(emptyState('x'), []))).toBe('✅ Nothing to apply');
  });

  it('lists failures, then held-back changes, above everything that succeeded, with one next step', () => {
    const markdown = renderApplyMarkdown(
      applyReportOf(emptyState('x'), results(['succeeded', 'succeeded', 'held-back', 'failed'])),
      { directory: 'handshakes' },
    );
    const rowOf = (name: string) => markdown.indexOf(`| ${name} |`);
    // revoke-0003 failed, create-0002 was held back; revoke-0001 (a revoke, first in reading order) succeeded.
    expect(rowOf('revoke-0003')).toBeGreaterThan(0);
    expect(rowOf('revoke-0003')).toBeLessThan(rowOf('create-0002'));
    expect(rowOf('create-0002')).toBeLessThan(rowOf('revoke-0001'));
    expect(markdown.match(/\*\*Next step:\*\*/g)).toHaveLength(1);
    expect(markdown).not.toContain('Fix the failures and re-run');
  });
});

describe('the sticky comment after a report', () => {
  it('keeps the reviewed digest and folds the plan once, however often it is reported on', () => {
    const data = planDataMarker({
      digest: 'sha256:abc',
      summary: { create: 1, cancel: 0, revoke: 0, replace: 0, supersede: 0, retag: 0, rename: 0, forget: 0 },
    });
    const plan = `<!-- channel-handshakes:plan dir=handshakes -->\n${data}\n### 1 to create\n`;
    const once = reportInPlaceOfPlan('handshakes', '### ⛔ Not applied\n', plan);
    const twice = reportInPlaceOfPlan('handshakes', '### ✅ applied\n', once);
    expect(readPlanData(twice)?.digest).toBe('sha256:abc');
    expect(twice.match(/The reviewed plan/g)).toHaveLength(1);
    expect(twice).toContain('### 1 to create');
    expect(twice).not.toContain('Not applied');
    const huge = reportInPlaceOfPlan('handshakes', 'x'.repeat(COMMENT_LIMIT), plan);
    expect(huge.length).toBeLessThanOrEqual(COMMENT_LIMIT);
  });
});

describe('drift that means something', () => {
  const report: DriftReport = {
    statusChanges: [
      { name: 'acme', id: 'ch-aaaaaaaaaaaaa', part: 'handshake', from: 'PENDING', to: 'ACCEPTED' },
      { name: 'gone', id: 'ch-bbbbbbbbbbbbb', part: 'handshake', from: 'PENDING', to: 'EXPIRED' },
      { name: 'ended', id: 'ch-ccccccccccccc', part: 'revocation', from: 'PENDING', to: 'REJECTED' },
    ],
    missing: [],
    unmanaged: [],
  };

  it('records an ordinary answer quietly and escalates what needs a person', () => {
    const { attention, quiet } = classifyDrift(report);
    expect(quiet.map((item) => item.kind)).toEqual(['answered']);
    expect(attention.map((item) => item.kind)).toEqual(['not-in-effect', 'revoke-not-in-effect']);
    expect(driftCounts(report)).toBe('1 not in effect, 1 revoke not in effect, 1 answer');
  });

  it('lists a live handshake another repository manages among what needs a person, and opens the issue for it', () => {
    const elsewhere: DriftReport = {
      statusChanges: [],
      missing: [],
      unmanaged: [],
      managedElsewhere: [
        {
          id: 'ch-ddddddddddddd',
          handshakeType: 'START_SERVICE_PERIOD',
          catalog: 'AWS',
          associatedResourceId: 'rs-ddddddddddddd',
          status: 'PENDING',
          owner: 'other-lineage/acme_*owner*',
        },
      ],
    };
    expect(needsAttention(elsewhere)).toBe(true);
    expect(driftCounts(elsewhere)).toBe('1 managed elsewhere');
    const markdown = renderDriftMarkdown(elsewhere, { directory: 'handshakes', checkedAt: '2026-11-28T06:53:00Z' });
    expect(markdown).toContain('### 1 handshake needs a person');
    expect(markdown).toContain('#### Handshakes another repository manages');
    // The owner tag is text from AWS: escaped like any other.
    expect(markdown).toContain('was sent by another repository (owner tag other-lineage/acme\\_\\*owner\\*)');
  });

  it('says "recorded in the state" only when the state is committed', () => {
    const options = { directory: 'handshakes', checkedAt: '2026-11-28T06:53:00Z' };
    expect(renderDriftMarkdown(report, { ...options, commitState: true })).toContain('recorded in the state');
    expect(renderDriftMarkdown(report, { ...options, commitState: false })).not.toContain('recorded in the state');
  });
});
