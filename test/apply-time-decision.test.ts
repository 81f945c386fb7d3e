import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAtApplyTime, judgeCancel, liveQueries } from '../src/core/apply-time-decision.js';
import { hasDrift, reconcile } from '../src/core/drift.js';
import { clearIntent, recordIntent } from '../src/core/intents.js';
import { emptyState, type LiveHandshake } from '../src/core/model.js';
import { OWNER_TAG_KEY, ownerLineagePart, ownershipOf, ownerTagValue, withOwnerTag } from '../src/core/ownership.js';
import { createPlan } from '../src/core/plan.js';
import { parseState, serializeState } from '../src/files/state.js';
import { CHANNEL_MODEL } from '../src/simulator/model-validation.js';
import { declarationsFrom, sending, startServicePeriod } from './helpers.js';

const TAG_KEY = CHANNEL_MODEL.shapes.TagKey as { pattern: string; length: { min: number; max: number } };
const TAG_VALUE = CHANNEL_MODEL.shapes.TagValue as { pattern: string; length: { max: number } };
const CONTEXT = { appliedAt: '2026-11-27T12:00:00Z', appliedBy: {} };

function live(overrides: Partial<LiveHandshake>): LiveHandshake {
  return {
    id: 'ch-aaaaaaaaaaaaa',
    arn: 'arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/ch-aaaaaaaaaaaaa',
    catalog: 'AWS',
    handshakeType: 'START_SERVICE_PERIOD',
    associatedResourceId: 'rs-abc123def456g',
    status: 'PENDING',
    ...overrides,
  };
}

describe('the owner tag', () => {
  it('fits the model’s TagKey and TagValue constraints for any lineage and declaration name', () => {
    expect(OWNER_TAG_KEY).toMatch(new RegExp(TAG_KEY.pattern, 'u'));
    expect(OWNER_TAG_KEY.length).toBeLessThanOrEqual(TAG_KEY.length.max);
    fc.assert(
      fc.property(
        fc.oneof(fc.uuid(), fc.string({ maxLength: 400 })),
        fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,62}$/),
        (lineage, name) => {
          const value = ownerTagValue(lineage, name);
          expect(value).toMatch(new RegExp(TAG_VALUE.pattern, 'u'));
          expect(value.length).toBeLessThanOrEqual(TAG_VALUE.length.max);
          expect(value.endsWith(`/${name}`)).toBe(true);
        },
      ),
    );
  });

  it('tells this lineage from another, including lineages the tag has to spell as a digest', () => {
    for (const lineage of ['14b60c64-264b-8ea0-b07d-b7bb2e186edc', 'github.com/acme/repo#handshakes']) {
      const tags = [{ key: OWNER_TAG_KEY, value: ownerTagValue(lineage, 'acme') }];
      expect(ownershipOf(tags, lineage)).toBe('ours');
      expect(ownershipOf(tags, 'another-lineage')).toBe('elsewhere');
      expect(ownershipOf([{ key: 'team', value: 'ops' }], lineage)).toBe('unowned');
    }
    expect(ownerLineagePart('github.com/acme/repo#handshakes')).toMatch(/^sha256\.[0-9a-f]{40}$/);
  });

  it('replaces a declared tag of the same key, so a declaration can never pose as another owner', () => {
    const body = withOwnerTag(
      {
        handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
        catalog: 'AWS',
        associatedResourceIdentifier: 'pma-abcdef123456g',
        tags: [{ key: OWNER_TAG_KEY, value: 'x/y' }],
      },
      'lineage',
      'pma',
    );
    expect(body.tags).toEqual([{ key: OWNER_TAG_KEY, value: 'lineage/pma' }]);
  });
});

describe('deciding at apply time', () => {
  it('judges a cancel by the live status: PENDING proceeds, CANCELED is done, REJECTED/EXPIRED are moot, ACCEPTED escalates', () => {
    expect(
      ['PENDING', 'CANCELED', 'REJECTED', 'EXPIRED', 'ACCEPTED', undefined].map((status) =>
        judgeCancel(status as never),
      ),
    ).toEqual(['proceed', 'done', 'ended', 'ended', 'held-back', 'unknown']);
  });

  it('lists each touched relationship once per catalog and type, a service period’s START and REVOKE together', () => {
    const plan = createPlan(
      declarationsFrom(
        startServicePeriod('a', { relationship: 'rs-bbbbbbbbbbbbb' }),
        startServicePeriod('b', { relationship: 'rs-aaaaaaaaaaaaa' }),
      ),
      emptyState('lineage'),
    );
    expect(liveQueries(plan)).toEqual([
      { catalog: 'AWS', handshakeType: 'REVOKE_SERVICE_PERIOD', resources: ['rs-aaaaaaaaaaaaa', 'rs-bbbbbbbbbbbbb'] },
      { catalog: 'AWS', handshakeType: 'START_SERVICE_PERIOD', resources: ['rs-aaaaaaaaaaaaa', 'rs-bbbbbbbbbbbbb'] },
    ]);
  });

  it('lets a create proceed next to a live handshake without an owner tag (console or another tool): refresh reports it', () => {
    const state = emptyState('lineage');
    const plan = createPlan(declarationsFrom(startServicePeriod('acme')), state);
    const decided = decideAtApplyTime(plan, state, [live({ tags: [] })], CONTEXT);
    expect(decided.decisions.map((decision) => decision.kind)).toEqual(['proceed']);
    expect(decided.learned).toBe(false);
  });

  it('refuses a create next to a live handshake of another lineage, naming the owner, and changes no state', () => {
    const state = emptyState('lineage');
    const plan = createPlan(declarationsFrom(startServicePeriod('acme')), state);
    const foreign = live({ tags: [{ key: OWNER_TAG_KEY, value: ownerTagValue('other', 'acme') }] });
    const decided = decideAtApplyTime(plan, state, [foreign], CONTEXT);
    expect(decided.decisions[0]).toMatchObject({ kind: 'refused', owner: 'other/acme' });
    expect(decided.state).toBe(state);
  });
});

describe('intents in the state file', () => {
  it('round-trips an intent and refuses one whose request does not carry its clientToken', () => {
    const state = emptyState('lineage');
    const [change] = createPlan(declarationsFrom(startServicePeriod('acme')), state).changes;
    const withIntent = recordIntent(state, sending(change), '2026-11-27T12:00:00Z');
    expect(parseState(serializeState(withIntent), 'state.json')).toEqual(withIntent);
    const broken = {
      ...withIntent,
      intents: { acme: { ...withIntent.intents?.acme, request: { ...sending(change).request, clientToken: 'other' } } },
    };
    expect(() => parseState(JSON.stringify(broken), 'state.json')).toThrow(
      /\$\.intents\.acme\.clientToken must be the clientToken of its request.*\$\.intents\.acme\.request is not the request this engine builds/s,
    );
    expect(clearIntent(withIntent, 'acme')).toEqual(state);
  });
});

describe('refresh and ownership', () => {
  it('reports a live handshake with another lineage’s owner tag as managed elsewhere, not unmanaged, and not as drift', () => {
    const state = emptyState('lineage');
    const foreign = live({ tags: [{ key: OWNER_TAG_KEY, value: ownerTagValue('other', 'acme') }] });
    const fromConsole = live({ id: 'ch-bbbbbbbbbbbbb', tags: [] });
    const { report } = reconcile(state, [foreign, fromConsole]);
    expect(report.unmanaged.map((item) => item.id)).toEqual(['ch-bbbbbbbbbbbbb']);
    expect(report.managedElsewhere).toEqual([expect.objectContaining({ id: foreign.id, owner: 'other/acme' })]);
    expect(hasDrift({ ...report, unmanaged: [] })).toBe(false);
  });
});
