// Issue 17, "Show what the customer receives": the Terms column and the note, read from the request a change sends.
import { describe, expect, it } from 'vitest';
import { emptyState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { deriveLineage } from '../src/core/token.js';
import { markdownCode } from '../src/render/neutralise.js';
import { customerNoteOf, termsOf } from '../src/render/terms.js';
import { declarationsFrom, startServicePeriod } from './helpers.js';
import { syntheticChange } from './support/synthetic-changes.js';

const fixedTerm = (name: string, endDate: string) =>
  [
    `name: ${name}`,
    'handshakeType: START_SERVICE_PERIOD',
    'catalog: AWS',
    'associatedResourceIdentifier: rs-aaaaaaaaaaaaa',
    'payload:',
    '  startServicePeriodPayload:',
    '    programManagementAccountIdentifier: pma-abcdef123456g',
    '    servicePeriodType: FIXED_COMMITMENT_PERIOD',
    `    endDate: "${endDate}"`,
    '    note: "Welcome aboard"',
    '',
  ].join('\n');

describe('the terms a customer receives', () => {
  it('names a notice period in days, a fixed term by its end date, and a change of notice as old → new', () => {
    const plan = createPlan(
      declarationsFrom(startServicePeriod('notice', { note: 'See you' }), fixedTerm('fixed', '2027-03-31T00:00:00Z')),
      emptyState(deriveLineage('handshakes')),
      // A fixed moment before the end date, so the fixed term is still planned once 2027-03-31 has passed.
      { now: new Date('2026-12-01T00:00:00Z') },
    );
    const byName = new Map(plan.changes.map((change) => [change.name, change]));
    expect(termsOf(byName.get('notice') as never)).toBe("30 days' notice");
    expect(termsOf(byName.get('fixed') as never)).toBe('fixed until 2027-03-31');
    expect(customerNoteOf(byName.get('notice') as never)).toBe('See you');
    expect(customerNoteOf(byName.get('fixed') as never)).toBe('Welcome aboard');
    // syntheticChange moves 30 → 60 days for what it replaces or supersedes, and revokes the 30-day period.
    expect(termsOf(syntheticChange('replace', 1))).toBe("30 → 60 days' notice");
    expect(termsOf(syntheticChange('supersede', 2))).toBe("30 → 60 days' notice");
    expect(termsOf(syntheticChange('revoke', 3))).toBe("revokes 30 days' notice");
    expect(termsOf(syntheticChange('forget', 4))).toBe('');
  });
});

describe('markdownCode', () => {
  it('keeps a clientToken copyable: no backslash before an underscore or a dash', () => {
    expect(markdownCode('chs1-KDDZfqz_kcu6-x')).toBe('`chs1-KDDZfqz_kcu6-x`');
  });

  it('outlasts backticks in the text, stays on one line, and escapes a pipe only in a table cell', () => {
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`edge')).toBe('`` `edge ``');
    expect(markdownCode('one\ntwo')).toBe('`one\\ntwo`');
    expect(markdownCode('a|b')).toBe('`a|b`');
    expect(markdownCode('a|b', { inTable: true })).toBe('`a\\|b`');
  });
});
