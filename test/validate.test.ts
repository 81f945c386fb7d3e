import { describe, expect, it } from 'vitest';
import { validateFiles } from '../src/core/engine.js';
import { declarationsFrom, FIXED_NOW, startServicePeriod } from './helpers.js';

function validate(text: string) {
  return validateFiles({ files: [{ path: 'handshakes/x.yaml', text }], now: FIXED_NOW });
}

describe('declarations', () => {
  it('normalizes integers to digit strings, dates to UTC and sorts tags', () => {
    const [declaration] = declarationsFrom(
      [
        'name: fixed',
        'handshakeType: START_SERVICE_PERIOD',
        'catalog: AWS',
        'associatedResourceIdentifier: rs-abc123def456g',
        'payload:',
        '  startServicePeriodPayload:',
        '    programManagementAccountIdentifier: pma-abcdef123456g',
        '    servicePeriodType: FIXED_COMMITMENT_PERIOD',
        '    endDate: 2027-03-31',
        'tags: { zeta: "1", alpha: "2" }',
      ].join('\n'),
    );
    expect(declaration?.spec).toEqual({
      name: 'fixed',
      handshakeType: 'START_SERVICE_PERIOD',
      catalog: 'AWS',
      associatedResourceIdentifier: 'rs-abc123def456g',
      payload: {
        startServicePeriodPayload: {
          programManagementAccountIdentifier: 'pma-abcdef123456g',
          servicePeriodType: 'FIXED_COMMITMENT_PERIOD',
          endDate: '2027-03-31T00:00:00Z',
        },
      },
      tags: { alpha: '2', zeta: '1' },
      revision: 0,
    });
    expect(Object.keys(declaration?.spec.tags ?? {})).toEqual(['alpha', 'zeta']);
  });

  it('accepts a date-time with an offset and stores it in UTC', () => {
    const text = startServicePeriod('offset')
      .replace('MINIMUM_NOTICE_PERIOD', 'FIXED_COMMITMENT_PERIOD')
      .replace('minimumNoticeDays: 30', 'endDate: 2027-03-31T02:00:00+02:00');
    const [declaration] = declarationsFrom(text);
    const payload = declaration?.spec.payload;
    expect(payload && 'startServicePeriodPayload' in payload && payload.startServicePeriodPayload.endDate).toBe(
      '2027-03-31T00:00:00Z',
    );
  });

  it('treats minimumNoticeDays written as a string and as a number alike', () => {
    const [asNumber] = declarationsFrom(startServicePeriod('a', { days: 30 }));
    const [asString] = declarationsFrom(
      startServicePeriod('a').replace('minimumNoticeDays: 30', 'minimumNoticeDays: "30"'),
    );
    expect(asNumber?.spec).toEqual(asString?.spec);
  });

  it('warns, without failing, about notice periods and terms AWS does not document', () => {
    const notice = validate(startServicePeriod('odd-notice', { days: 45 }));
    expect(notice.hasErrors).toBe(false);
    expect(notice.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        field: 'payload.startServicePeriodPayload.minimumNoticeDays',
        location: { file: 'handshakes/x.yaml', line: 9, column: 24 },
        message: expect.stringContaining('14, 30 or 60 days'),
      }),
    ]);
    const term = validate(
      startServicePeriod('short-term')
        .replace('MINIMUM_NOTICE_PERIOD', 'FIXED_COMMITMENT_PERIOD')
        .replace('minimumNoticeDays: 30', 'endDate: 2026-12-15'),
    );
    expect(term.hasErrors).toBe(false);
    expect(term.diagnostics[0]?.message).toContain('18 days from today');
  });

  it('reads YAML 1.2 core: yes stays a string and no timestamps are invented', () => {
    const result = validate(`${startServicePeriod('yaml12')}    note: yes\n`);
    expect(result.hasErrors).toBe(false);
    const payload = result.declarations[0]?.spec.payload;
    expect(payload && 'startServicePeriodPayload' in payload && payload.startServicePeriodPayload.note).toBe('yes');
  });

  it('ignores empty documents and comment-only files', () => {
    const result = validateFiles({
      files: [
        { path: 'handshakes/empty.yaml', text: '# nothing here yet\n' },
        { path: 'handshakes/two.yaml', text: `---\n${startServicePeriod('only')}---\n` },
      ],
      now: FIXED_NOW,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.declarations.map((declaration) => declaration.spec.name)).toEqual(['only']);
  });

  it('counts an id and its ARN as the same relationship when looking for duplicate handshakes', () => {
    const arn =
      'arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/program-management-account/pma-abcdef123456g/relationship/rs-abc123def456g';
    const result = validateFiles({
      files: [
        { path: 'handshakes/a.yaml', text: startServicePeriod('by-id') },
        { path: 'handshakes/b.yaml', text: startServicePeriod('by-arn', { relationship: arn }) },
      ],
      now: FIXED_NOW,
    });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'duplicate.handshake',
        location: { file: 'handshakes/b.yaml', line: 4, column: 31 },
        message: expect.stringContaining('as "by-id" at handshakes/a.yaml:1:1'),
      }),
    ]);
  });
});
