import { describe, expect, it } from 'vitest';
import { historyOf, withHistory } from '../src/core/history.js';
import { recordIntent } from '../src/core/intents.js';
import type { DeclarationHistory, HandshakeStatus, RecordedState } from '../src/core/model.js';
import { emptyState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { recordCreation, recordRetirement } from '../src/core/record.js';
import { deriveLineage } from '../src/core/token.js';
import {
  allFields,
  declarationsFrom,
  fields,
  latestSent,
  programManagementAccount,
  retirement,
  sending,
  startServicePeriod,
} from './helpers.js';

const LINEAGE = deriveLineage('handshakes');
const CONTEXT = { appliedAt: '2026-11-27T12:00:00Z', appliedBy: { actor: 'test' } };

/** The state after every create of a plan succeeded, with the given status reported back. */
function appliedState(texts: string[], status: HandshakeStatus = 'PENDING'): RecordedState {
  const plan = createPlan(declarationsFrom(...texts), emptyState(LINEAGE));
  let state = emptyState(LINEAGE);
  plan.changes.forEach((change, index) => {
    const id = `ch-${String(index).padStart(13, '0')}`;
    state = recordCreation(
      state,
      sending(change),
      { id, arn: `arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/channel-handshake/${id}`, status },
      CONTEXT,
    );
  });
  return state;
}

describe('plan', () => {
  it('creates what is declared but not recorded, with the exact request to send and the owner tag', () => {
    const plan = createPlan(declarationsFrom(startServicePeriod('acme', { tags: 'team=ops' })), emptyState(LINEAGE));
    expect(plan.summary).toEqual({
      create: 1,
      cancel: 0,
      revoke: 0,
      replace: 0,
      supersede: 0,
      retag: 0,
      rename: 0,
      forget: 0,
    });
    const [change] = plan.changes;
    expect(fields(change)?.request).toEqual({
      handshakeType: 'START_SERVICE_PERIOD',
      catalog: 'AWS',
      associatedResourceIdentifier: 'rs-abc123def456g',
      payload: {
        startServicePeriodPayload: {
          programManagementAccountIdentifier: 'pma-abcdef123456g',
          servicePeriodType: 'MINIMUM_NOTICE_PERIOD',
          minimumNoticeDays: '30',
        },
      },
      tags: [
        { key: 'team', value: 'ops' },
        { key: 'channel-handshakes:owner', value: `${LINEAGE}/acme` },
      ],
      clientToken: fields(change)?.clientToken,
    });
    expect(fields(change)?.clientToken).toMatch(/^[!-~]{1,64}$/);
  });

  it('plans nothing once the declared handshakes are recorded', () => {
    const texts = [startServicePeriod('acme'), programManagementAccount('pma')];
    const plan = createPlan(declarationsFrom(...texts), appliedState(texts));
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics).toEqual([]);
  });

  it('cancels a removed PENDING handshake and revokes a removed ACCEPTED service period', () => {
    const pending = appliedState([startServicePeriod('acme')], 'PENDING');
    const cancel = createPlan([], pending);
    expect(allFields(cancel.changes).map((change) => [change.action, change.name, change.retire?.id])).toEqual([
      ['cancel', 'acme', 'ch-0000000000000'],
    ]);

    const accepted = appliedState([startServicePeriod('acme', { note: 'kept' })], 'ACCEPTED');
    const revoke = createPlan([], accepted);
    expect(revoke.changes).toHaveLength(1);
    expect(revoke.changes[0]?.action).toBe('revoke');
    expect(fields(revoke.changes[0])?.request).toMatchObject({
      handshakeType: 'REVOKE_SERVICE_PERIOD',
      associatedResourceIdentifier: 'rs-abc123def456g',
      payload: { revokeServicePeriodPayload: { programManagementAccountIdentifier: 'pma-abcdef123456g' } },
    });
  });

  it('row "nothing | an ACCEPTED PMA handshake (AWS has no undo)": forgets it, a state-only change', () => {
    const plan = createPlan([], appliedState([programManagementAccount('pma')], 'ACCEPTED'));
    expect(allFields(plan.changes).map((change) => [change.action, change.name, change.request])).toEqual([
      ['forget', 'pma', undefined],
    ]);
    expect(plan.changes[0]?.reason).toEqual({ rule: 'undeclared-accepted-pma', latest: expect.any(String) });
    expect(plan.diagnostics).toEqual([]);
  });

  it('replaces a pending handshake whose immutable fields changed: cancel, then create with a new token', () => {
    const recorded = appliedState([startServicePeriod('acme', { days: 30 })]);
    const plan = createPlan(declarationsFrom(startServicePeriod('acme', { days: 60 })), recorded);
    expect(plan.changes).toHaveLength(1);
    const [change] = plan.changes;
    expect(change?.action).toBe('replace');
    expect(fields(change)?.retire).toMatchObject({ action: 'cancel', id: 'ch-0000000000000' });
    expect(fields(change)?.differences).toEqual(['/payload/startServicePeriodPayload/minimumNoticeDays']);
    expect(fields(change)?.clientToken).not.toBe(latestSent(recorded, 'acme')?.clientToken);
    expect(fields(change)?.generation).toBe(1);
  });

  it('retags in place when only tags changed', () => {
    const recorded = appliedState([startServicePeriod('acme', { tags: 'team=ops,old=x' })]);
    const plan = createPlan(declarationsFrom(startServicePeriod('acme', { tags: 'team=sales' })), recorded);
    expect(plan.changes.map((change) => change.action)).toEqual(['retag']);
    expect(fields(plan.changes[0])?.tags).toEqual({
      arn: latestSent(recorded, 'acme')?.arn,
      set: { team: 'sales' },
      remove: ['old'],
    });
  });

  it('does not re-send a rejected handshake until its revision is bumped', () => {
    const rejected = appliedState([startServicePeriod('acme')], 'REJECTED');
    const unchanged = createPlan(declarationsFrom(startServicePeriod('acme')), rejected);
    expect(unchanged.changes).toEqual([]);
    expect(unchanged.diagnostics).toEqual([
      expect.objectContaining({ code: 'plan.terminal', message: expect.stringContaining('set revision: 1') }),
    ]);
    const bumped = createPlan(declarationsFrom(startServicePeriod('acme', { revision: 1 })), rejected);
    expect(allFields(bumped.changes).map((change) => [change.action, change.generation])).toEqual([['create', 1]]);
    expect(fields(bumped.changes[0])?.clientToken).not.toBe(latestSent(rejected, 'acme')?.clientToken);
  });

  it('orders changes as they are applied: renames and forgets first, then the rest by name (core/apply-order.ts)', () => {
    let state = appliedState(
      [
        startServicePeriod('to-cancel', { relationship: 'rs-aaaaaaaaaaaaa' }),
        startServicePeriod('to-replace', { relationship: 'rs-bbbbbbbbbbbbb' }),
        startServicePeriod('to-retag', { relationship: 'rs-ccccccccccccc' }),
      ],
      'PENDING',
    );
    const accepted = appliedState([startServicePeriod('to-revoke', { relationship: 'rs-ddddddddddddd' })], 'ACCEPTED');
    state = withHistory(state, 'to-revoke', historyOf(accepted, 'to-revoke') as DeclarationHistory);
    const plan = createPlan(
      declarationsFrom(
        startServicePeriod('b-new', { relationship: 'rs-eeeeeeeeeeeee' }),
        startServicePeriod('a-new', { relationship: 'rs-fffffffffffff' }),
        startServicePeriod('to-replace', { relationship: 'rs-bbbbbbbbbbbbb', days: 60 }),
        startServicePeriod('to-retag', { relationship: 'rs-ccccccccccccc', tags: 'x=y' }),
      ),
      state,
    );
    expect(plan.changes.map((change) => `${change.action} ${change.name}`)).toEqual([
      'create a-new',
      'create b-new',
      'cancel to-cancel',
      'replace to-replace',
      'retag to-retag',
      'revoke to-revoke',
    ]);
  });

  it('never reuses a token when a spec is reverted after a replace', () => {
    const original = appliedState([startServicePeriod('acme', { days: 30 })]);
    const replaced = createPlan(declarationsFrom(startServicePeriod('acme', { days: 60 })), original);
    const change = replaced.changes[0];
    if (!change) throw new Error('expected a replace');
    const afterReplace = recordCreation(
      original,
      sending(change),
      { id: 'ch-1111111111111', arn: 'arn:x', status: 'PENDING' },
      CONTEXT,
    );
    const reverted = createPlan(declarationsFrom(startServicePeriod('acme', { days: 30 })), afterReplace);
    expect(reverted.changes[0]?.action).toBe('replace');
    expect(fields(reverted.changes[0])?.clientToken).not.toBe(latestSent(original, 'acme')?.clientToken);
    expect(fields(reverted.changes[0])?.generation).toBe(2);
  });
});

describe('plan after an interrupted replace', () => {
  it('finishes the replace with the same clientToken once its retirement is recorded', () => {
    const recorded = appliedState([startServicePeriod('acme', { days: 30 })]);
    const desired = declarationsFrom(startServicePeriod('acme', { days: 60 }));
    const [replace] = createPlan(desired, recorded).changes;
    if (!replace) throw new Error('expected a replace');
    // The cancel went through and was recorded, together with the intent of the create (as apply writes them); the
    // create never happened (a crash).
    const halfway = recordIntent(
      recordRetirement(
        recorded,
        replace,
        retirement(replace),
        { id: 'ch-0000000000000', arn: 'arn', status: 'CANCELED' },
        CONTEXT,
      ),
      sending(replace),
      CONTEXT.appliedAt,
    );
    const resumed = createPlan(desired, halfway);
    expect(resumed.changes.map((change) => change.action)).toEqual(['create']);
    expect(fields(resumed.changes[0])?.clientToken).toBe(sending(replace).clientToken);
    expect(fields(resumed.changes[0])?.request).toEqual(sending(replace).request);
    expect(resumed.changes[0]?.reason).toMatchObject({ rule: 'resume-interrupted-create' });
    // Without the intent (a state the first release left halfway), it is finished with the first release's request,
    // which carried no owner tag, so whatever that release may have sent is replayed by its token.
    const firstRelease = createPlan(desired, { ...halfway, intents: undefined });
    expect(firstRelease.changes[0]?.reason).toMatchObject({ rule: 'finish-interrupted-replace' });
    expect(fields(firstRelease.changes[0])?.request?.tags).toBeUndefined();
  });

  it('does not re-send a rejected handshake just because its declaration changed', () => {
    const rejected = appliedState([startServicePeriod('acme', { days: 30 })], 'REJECTED');
    const plan = createPlan(declarationsFrom(startServicePeriod('acme', { days: 60 })), rejected);
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics[0]).toMatchObject({ severity: 'warning', code: 'plan.terminal', name: 'acme' });
    expect(plan.diagnostics[0]?.message).toContain(
      '"acme": its latest handshake ch-0000000000000 is REJECTED since 2026-11-27T12:00:00Z, and nothing is re-sent automatically. To send a fresh handshake, set revision: 1.',
    );
  });
});

describe('forget documents and protection in the plan', () => {
  const location = { file: 'handshakes/forget.yaml', line: 1, column: 1 };

  it('refuses to forget a declared name, and says a forget of a name no longer recorded can go', () => {
    const state = appliedState([startServicePeriod('acme')]);
    const declared = createPlan(declarationsFrom(startServicePeriod('acme')), state, {
      forgets: [{ name: 'acme', location }],
    });
    expect(declared.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'forget.declared', name: 'acme', location }),
    ]);
    const gone = createPlan([], emptyState(LINEAGE), { forgets: [{ name: 'acme', location }] });
    expect(gone.changes).toEqual([]);
    expect(gone.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'forget.done' })]);
  });

  it('turns a replace of a handshake declared protect: true into an error and plans nothing for it', () => {
    const state = appliedState([startServicePeriod('acme')]);
    const plan = createPlan(declarationsFrom(`${startServicePeriod('acme', { days: 60 })}protect: true\n`), state);
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'plan.protected', name: 'acme' }),
    ]);
  });
});
