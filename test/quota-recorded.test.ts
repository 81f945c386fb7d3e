// Issue 17, "A plan that warns about quotas it can check without AWS": the documented daily and active quotas
// (partnercentral-channel-api.md, "Quotas, rate limits and throttling"), counted from the recorded state.
import { describe, expect, it } from 'vitest';
import { planFrom } from '../src/core/engine.js';
import { emptyState, type HandshakeSpec, type RecordedState, type SentHandshake } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { recordedQuotaWarnings } from '../src/core/quota.js';
import { deriveLineage } from '../src/core/token.js';
import { declarationsFrom, FIXED_NOW, startServicePeriod } from './helpers.js';

const LINEAGE = deriveLineage('handshakes');

function sent(name: string, index: number, relationship: string, status: SentHandshake['status'], sentAt: string) {
  const spec: HandshakeSpec = {
    name,
    handshakeType: 'START_SERVICE_PERIOD',
    catalog: 'AWS',
    associatedResourceIdentifier: relationship,
    payload: {
      startServicePeriodPayload: {
        programManagementAccountIdentifier: 'pma-abcdef123456g',
        servicePeriodType: 'MINIMUM_NOTICE_PERIOD',
        minimumNoticeDays: '30',
      },
    },
    tags: {},
    revision: 0,
  };
  const id = `ch-rec${String(index).padStart(10, '0')}`;
  return {
    id,
    arn: `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/${id}`,
    handshakeType: 'START_SERVICE_PERIOD',
    purpose: 'start',
    status,
    clientToken: `chs1-${index}`,
    spec,
    generation: 0,
    sentAt,
    appliedBy: {},
  } satisfies SentHandshake;
}

function stateWith(entries: SentHandshake[]): RecordedState {
  const state = emptyState(LINEAGE);
  for (const entry of entries) state.declarations[entry.spec.name] = { handshakes: [entry] };
  return state;
}

const hoursAgo = (hours: number) => new Date(FIXED_NOW.getTime() - hours * 3_600_000).toISOString();

describe('quota warnings from the recorded state (issue 17)', () => {
  it('warns when a plan would send a sixth START to one relationship within 24 hours ("5 per receiving account per day")', () => {
    const relationship = 'rs-aaaaaaaaaaaaa';
    const today = [0, 1, 2, 3, 4].map((index) =>
      sent(`earlier-${index}`, index, relationship, 'REJECTED', hoursAgo(2)),
    );
    const plan = createPlan(declarationsFrom(startServicePeriod('again', { relationship })), stateWith(today));
    const warnings = recordedQuotaWarnings(plan, stateWith(today), FIXED_NOW);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'quota.daily-start',
        severity: 'warning',
        message: expect.stringContaining(
          `sends 1 start-service-period handshake(s) to ${relationship}, which already received 5`,
        ),
      }),
    ]);
    expect(warnings[0]?.message).toContain('Counted from the recorded state');
    // Sent yesterday: the day's quota is free again.
    const yesterday = [0, 1, 2, 3, 4].map((index) =>
      sent(`earlier-${index}`, index, relationship, 'REJECTED', hoursAgo(25)),
    );
    expect(recordedQuotaWarnings(plan, stateWith(yesterday), FIXED_NOW)).toEqual([]);
  });

  it('warns when the recorded active STARTs plus the plan pass 200 ("200 active START_SERVICE_PERIOD handshakes")', () => {
    const active = Array.from({ length: 200 }, (_, index) =>
      sent(`live-${index}`, index, `rs-${String(index).padStart(13, '0')}`, 'ACCEPTED', '2026-01-01T00:00:00Z'),
    );
    const state = stateWith(active);
    const plan = createPlan(
      declarationsFrom(startServicePeriod('one-more', { relationship: 'rs-zzzzzzzzzzzzz' })),
      state,
    );
    expect(recordedQuotaWarnings(plan, state, FIXED_NOW)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'quota.active',
          message: expect.stringContaining('active start-service-period handshakes to 201 (200 live + 1 planned)'),
        }),
      ]),
    );
  });

  it('reaches the plan every front door shows, through planFrom', () => {
    const relationship = 'rs-aaaaaaaaaaaaa';
    const today = [0, 1, 2, 3, 4].map((index) =>
      sent(`earlier-${index}`, index, relationship, 'REJECTED', hoursAgo(1)),
    );
    const validated = {
      declarations: declarationsFrom(startServicePeriod('again', { relationship })),
      diagnostics: [],
      forgets: [],
      now: FIXED_NOW,
    };
    const plan = planFrom(validated as unknown as Parameters<typeof planFrom>[0], stateWith(today));
    expect(plan.diagnostics.map((diagnostic) => diagnostic.code)).toContain('quota.daily-start');
  });
});
