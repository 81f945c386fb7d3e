// Issue 17, the terminal plan: aligned columns whatever the action or type, coloured diff lines and problems, names
// in natural order, the summary at both ends, no pull-request wording, one date format.
import { describe, expect, it } from 'vitest';
import type { Plan, RecordedState } from '../src/core/model.js';
import { emptyState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { recordCreation } from '../src/core/record.js';
import { deriveLineage } from '../src/core/token.js';
import { readableDuration, readableMoment, readableMoments } from '../src/render/dates.js';
import { renderPlanText } from '../src/render/text.js';
import { expectGolden } from './golden.js';
import { declarationsFrom, programManagementAccount, sending, startServicePeriod } from './helpers.js';

const LINEAGE = deriveLineage('handshakes');
const CONTEXT = { appliedAt: '2026-11-27T12:00:00Z', appliedBy: { actor: 'golden' } };

/** An accepted START whose terms change (a supersede), PMA creates, and names that sort differently by code point. */
function terminalPlan(): Plan {
  let state: RecordedState = emptyState(LINEAGE);
  const accepted = createPlan(
    declarationsFrom(startServicePeriod('legacy-2', { relationship: 'rs-aaaaaaaaaaaaa', tags: 'team=ops,old=x' })),
    state,
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
  return createPlan(
    declarationsFrom(
      startServicePeriod('legacy-2', { relationship: 'rs-aaaaaaaaaaaaa', days: 60, tags: 'team=sales,owner=ops' }),
      startServicePeriod('legacy-19', { relationship: 'rs-bbbbbbbbbbbbb' }),
      startServicePeriod('legacy-3', { relationship: 'rs-ccccccccccccc' }),
      programManagementAccount('pma-home', 'pma-ddddddddddddd'),
    ),
    state,
  );
}

const ESCAPE = '\u001B';

describe('the terminal text plan', () => {
  it('matches its golden file', () => {
    expectGolden('plan-terminal.txt', renderPlanText(terminalPlan(), { color: false }));
  });

  it('lines up every column after supersede and on PMA rows', () => {
    const rows = renderPlanText(terminalPlan(), { color: false })
      .split('\n')
      .filter((line) => /^(\+|-\/\+|-|~) /.test(line));
    expect(rows.map((row) => row.split(/\s{2,}/)[1])).toEqual(['supersede', 'create', 'create', 'create']);
    for (const column of ['legacy-', 'START_SERVICE_PERIOD', 'AWS ', 'rs-']) {
      const starts = rows.map((row) => row.indexOf(column)).filter((index) => index >= 0);
      expect(new Set(starts).size, column).toBe(1);
    }
    const pma = rows.find((row) => row.includes('PROGRAM_MANAGEMENT_ACCOUNT')) ?? '';
    const start = rows.find((row) => row.includes('START_SERVICE_PERIOD')) ?? '';
    expect(pma.indexOf('AWS ')).toBe(start.indexOf('AWS '));
  });

  it('names in natural order within an action: legacy-3 before legacy-19', () => {
    const text = renderPlanText(terminalPlan(), { color: false });
    expect(text.indexOf('legacy-3 ')).toBeLessThan(text.indexOf('legacy-19'));
  });

  it('colours added lines green and removed lines red; a changed value is a red/green pair', () => {
    const text = renderPlanText(terminalPlan(), { color: true });
    expect(text).toContain(`${ESCAPE}[32m      + tag owner: "ops"${ESCAPE}[0m`);
    expect(text).toContain(`${ESCAPE}[31m      - tag old: "x"${ESCAPE}[0m`);
    expect(text).toContain(
      `${ESCAPE}[31m      - tag team: "ops"${ESCAPE}[0m\n${ESCAPE}[32m      + tag team: "sales"${ESCAPE}[0m`,
    );
  });

  it('says what applying does, at the top and again at the end, never "Merging will"', () => {
    const lines = renderPlanText(terminalPlan(), { color: false }).trimEnd().split('\n');
    expect(lines.join('\n')).not.toContain('Merging will');
    expect(lines[0]).toBe('Plan: 1 to supersede, 3 to create.');
    expect(lines[1]).toMatch(/^Applying this plan will /);
    expect(lines.at(-4)).toBe(lines[0]);
    expect(lines.at(-3)).toBe(lines[1]);
    expect(lines.at(-1)).toMatch(/^digest sha256:/);
  });

  it('colours problems by severity, errors first, in file and line order, with readable moments', () => {
    const plan = terminalPlan();
    const withProblems: Plan = {
      ...plan,
      diagnostics: [
        {
          severity: 'warning',
          code: 'w',
          message: 'since 2026-11-27T12:00:00Z',
          location: { file: 'handshakes/a.yaml', line: 1, column: 1 },
        },
        { severity: 'error', code: 'e', message: 'late', location: { file: 'handshakes/b.yaml', line: 9, column: 1 } },
        { severity: 'error', code: 'e', message: 'early', location: { file: 'handshakes/b.yaml', line: 2, column: 1 } },
      ],
    };
    const text = renderPlanText(withProblems, { color: true });
    const early = text.indexOf(`${ESCAPE}[31m  handshakes/b.yaml:2:1: error: early`);
    const late = text.indexOf(`${ESCAPE}[31m  handshakes/b.yaml:9:1: error: late`);
    const warning = text.indexOf(`${ESCAPE}[33m  handshakes/a.yaml:1:1: warning: since 2026-11-27 12:00 UTC`);
    expect(early).toBeGreaterThan(0);
    expect(late).toBeGreaterThan(early);
    expect(warning).toBeGreaterThan(late);
  });
});

describe('one format for moments and durations', () => {
  it('a moment is minutes in UTC; a date alone stays a date', () => {
    expect(readableMoment('2026-11-27T12:00:59.123Z')).toBe('2026-11-27 12:00 UTC');
    expect(readableMoment('2026-11-27T13:00:00+01:00')).toBe('2026-11-27 12:00 UTC');
    expect(readableMoments('ended 2026-11-27T12:00:00Z, ends 2027-03-31')).toBe(
      'ended 2026-11-27 12:00 UTC, ends 2027-03-31',
    );
  });

  it('a duration is rounded', () => {
    expect(readableDuration(2989.252907)).toBe('2.99 s');
    expect(readableDuration(640.4)).toBe('640 ms');
    expect(readableDuration(65_000)).toBe('1 min 5 s');
    expect(readableDuration(120_000)).toBe('2 min');
  });
});
