import { describe, expect, it } from 'vitest';
import type { ChannelHandshakeSummary } from '../src/api/client.js';
import { describeDrift, hasDrift, reconcile } from '../src/core/drift.js';
import { declarationFromSummary, importedName } from '../src/core/import.js';
import type { RecordedState } from '../src/core/model.js';
import { emptyState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { recordCreation, recordRetirement } from '../src/core/record.js';
import { deriveLineage } from '../src/core/token.js';
import { declarationsFrom, retirement, sending, sentFor, startServicePeriod } from './helpers.js';

const CONTEXT = { appliedAt: '2026-11-27T12:00:00Z', appliedBy: {} };

function summary(overrides: Partial<ChannelHandshakeSummary>): ChannelHandshakeSummary {
  return {
    id: 'ch-0000000000001',
    arn: 'arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/ch-0000000000001',
    catalog: 'AWS',
    handshakeType: 'START_SERVICE_PERIOD',
    associatedResourceId: 'rs-abc123def456g',
    status: 'PENDING',
    ...overrides,
  };
}

describe('reconcile', () => {
  it('follows the revocation of a revoked service period too', () => {
    let state: RecordedState = emptyState(deriveLineage('handshakes'));
    const [create] = createPlan(declarationsFrom(startServicePeriod('acme')), state).changes;
    if (!create) throw new Error('no create');
    state = recordCreation(
      state,
      sending(create),
      { id: 'ch-start0000001a', arn: 'arn:s', status: 'ACCEPTED' },
      CONTEXT,
    );
    const [revoke] = createPlan([], state).changes;
    if (!revoke) throw new Error('no revoke');
    state = recordRetirement(
      state,
      revoke,
      retirement(revoke),
      { id: 'ch-revoke000001', arn: 'arn:r', status: 'PENDING' },
      CONTEXT,
    );
    const result = reconcile(state, [
      summary({ id: 'ch-start0000001a', status: 'ACCEPTED' }),
      summary({
        id: 'ch-revoke000001',
        handshakeType: 'REVOKE_SERVICE_PERIOD',
        status: 'ACCEPTED',
        updatedAt: '2026-11-28T09:00:00Z',
      }),
    ]);
    expect(result.changed).toBe(true);
    expect(result.state.serial).toBe(state.serial + 1);
    expect(sentFor(result.state, 'acme').find((entry) => entry.purpose === 'revoke')?.status).toBe('ACCEPTED');
    expect(describeDrift(result.report)).toEqual([
      'acme (its revocation): PENDING → ACCEPTED on 2026-11-28T09:00:00Z (ch-revoke000001)',
    ]);
  });

  it('counts only live handshakes as unmanaged, and an unchanged state is returned as it was', () => {
    const state = emptyState('lineage');
    const result = reconcile(state, [
      summary({ status: 'REJECTED' }),
      summary({ id: 'ch-0000000000002', status: 'ACCEPTED' }),
    ]);
    expect(result.report.unmanaged.map((item) => item.id)).toEqual(['ch-0000000000002']);
    expect(result.changed).toBe(false);
    expect(result.state).toBe(state);
    expect(hasDrift(result.report)).toBe(true);
  });

  it('does not call a period that is over unmanaged: revoked, superseded, or its fixed term run out', () => {
    const now = new Date('2027-06-01T00:00:00Z');
    const at = (day: string) => `2026-${day}T00:00:00Z`;
    const result = reconcile(
      emptyState('lineage'),
      [
        // rs-1: a start, then an accepted revoke: both over.
        summary({ id: 'ch-start1000000a', associatedResourceId: 'rs-1', status: 'ACCEPTED', createdAt: at('01-01') }),
        summary({
          id: 'ch-revoke100000a',
          handshakeType: 'REVOKE_SERVICE_PERIOD',
          associatedResourceId: 'rs-1',
          status: 'ACCEPTED',
          createdAt: at('02-01'),
        }),
        // rs-2: superseded by a later accepted start, which is still live.
        summary({ id: 'ch-start2000000a', associatedResourceId: 'rs-2', status: 'ACCEPTED', createdAt: at('01-01') }),
        summary({ id: 'ch-start2000000b', associatedResourceId: 'rs-2', status: 'ACCEPTED', createdAt: at('03-01') }),
        // rs-3: a fixed term that ended before now.
        summary({
          id: 'ch-start3000000a',
          associatedResourceId: 'rs-3',
          status: 'ACCEPTED',
          detail: { startServicePeriodHandshakeDetail: { endDate: '2027-03-31T00:00:00Z' } },
        }),
      ],
      now,
    );
    expect(result.report.unmanaged.map((item) => item.id)).toEqual(['ch-start2000000b']);
  });
});

describe('import conversion', () => {
  it('turns each kind of summary back into the declaration that would send it', () => {
    expect(importedName(summary({}))).toBe('start-rs-abc123def456g');
    expect(
      importedName(summary({ handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT', associatedResourceId: 'pma-abcdef123456g' })),
    ).toBe('pma-pma-abcdef123456g');
    const fixed = declarationFromSummary(
      summary({
        detail: {
          startServicePeriodHandshakeDetail: {
            servicePeriodType: 'FIXED_COMMITMENT_PERIOD',
            endDate: '2027-03-31T00:00:00Z',
            startDate: '2026-01-01T00:00:00Z',
            note: 'FY27',
          },
        },
      }),
      'fixed',
      [{ key: 'team', value: 'ops' }],
      'pma-abcdef123456g',
    );
    expect(fixed).toEqual({
      declaration: {
        name: 'fixed',
        handshakeType: 'START_SERVICE_PERIOD',
        catalog: 'AWS',
        associatedResourceIdentifier: 'rs-abc123def456g',
        tags: { team: 'ops' },
        payload: {
          startServicePeriodPayload: {
            programManagementAccountIdentifier: 'pma-abcdef123456g',
            servicePeriodType: 'FIXED_COMMITMENT_PERIOD',
            endDate: '2027-03-31T00:00:00Z',
            note: 'FY27',
          },
        },
      },
    });
    const revoke = declarationFromSummary(
      summary({
        handshakeType: 'REVOKE_SERVICE_PERIOD',
        detail: { revokeServicePeriodHandshakeDetail: { note: 'moved' } },
      }),
      'revoke',
      [],
      'pma-abcdef123456g',
    );
    expect(revoke).toMatchObject({
      declaration: {
        payload: {
          revokeServicePeriodPayload: { programManagementAccountIdentifier: 'pma-abcdef123456g', note: 'moved' },
        },
      },
    });
    expect(declarationFromSummary(summary({}), 'x', [], undefined)).toEqual({
      skipped: expect.stringContaining('run import with --program-management-account pma-…'),
    });
  });
});
