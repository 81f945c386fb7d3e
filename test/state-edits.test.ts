import { describe, expect, it } from 'vitest';
import { type RecordedState, type ResourceRecord, type SentHandshake, STATE_VERSION } from '../src/core/model.js';
import { stateEdits } from '../src/core/state-edits.js';
import { describeStateEdit } from '../src/render/state-edits.js';

// Issue 16: what a pull request changed in the recorded state, by meaning (the Action's PR plan and merge use it).

function sent(id: string, overrides: Partial<SentHandshake> = {}): SentHandshake {
  return {
    id,
    arn: `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/${id}`,
    handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
    purpose: 'pma',
    status: 'PENDING',
    clientToken: 'token',
    spec: {
      name: 'alpha',
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: 'pma-abcdef123456g',
      tags: {},
      revision: 0,
    },
    generation: 0,
    sentAt: '2026-11-01T00:00:00Z',
    appliedBy: {},
    ...overrides,
  };
}

function state(declarations: RecordedState['declarations'], extra: Partial<RecordedState> = {}): RecordedState {
  return { version: STATE_VERSION, lineage: 'l-one', serial: 4, declarations, ...extra };
}

describe('stateEdits: the state at a pull request’s base against its head', () => {
  it('an unchanged state (another serial, another spelling) has no edits', () => {
    const base = state({ alpha: { handshakes: [sent('ch-aaaaaaaaaaaaa')] } });
    expect(stateEdits(base, { ...structuredClone(base), serial: 9 })).toEqual([]);
    expect(stateEdits(undefined, undefined)).toEqual([]);
  });

  it('an id and arn pointed at another handshake are two field changes on that record', () => {
    const base = state({ alpha: { handshakes: [sent('ch-aaaaaaaaaaaaa')] } });
    const head = state({ alpha: { handshakes: [sent('ch-fffffffffffff')] } });
    const edits = stateEdits(base, head);
    expect(edits.map((edit) => (edit.kind === 'field-changed' ? edit.field : edit.kind))).toEqual(['id', 'arn']);
    expect(describeStateEdit(edits[0] as never).edit).toBe(
      'handshake 1: id changed from ch-aaaaaaaaaaaaa to ch-fffffffffffff',
    );
  });

  it('records added and removed, resource and status changed, protect removed, other fields named', () => {
    const record = sent('ch-aaaaaaaaaaaaa', { spec: { ...sent('x').spec, protect: true } });
    const base = state({
      alpha: { handshakes: [record], protect: true },
      gone: { handshakes: [sent('ch-bbbbbbbbbbbbb')] },
    });
    const head = state({
      alpha: {
        handshakes: [
          sent('ch-aaaaaaaaaaaaa', {
            status: 'ACCEPTED',
            clientToken: 'other',
            spec: { ...sent('x').spec, associatedResourceIdentifier: 'pma-abcdef123456h' },
          }),
          sent('ch-ccccccccccccc'),
        ],
      },
    });
    expect(stateEdits(base, head)).toEqual([
      {
        kind: 'field-changed',
        name: 'alpha',
        index: 0,
        field: 'resource',
        from: 'pma-abcdef123456g',
        to: 'pma-abcdef123456h',
      },
      { kind: 'field-changed', name: 'alpha', index: 0, field: 'status', from: 'PENDING', to: 'ACCEPTED' },
      { kind: 'protect-removed', name: 'alpha' },
      { kind: 'record-changed', name: 'alpha', index: 0, id: 'ch-aaaaaaaaaaaaa', fields: ['clientToken'] },
      { kind: 'record-added', name: 'alpha', index: 1, id: 'ch-ccccccccccccc' },
      { kind: 'record-removed', name: 'gone', index: 0, id: 'ch-bbbbbbbbbbbbb' },
    ]);
  });

  it('an intent added is named with what it would send; the lineage changed is an edit', () => {
    const request = {
      handshakeType: 'REVOKE_SERVICE_PERIOD' as const,
      catalog: 'AWS',
      associatedResourceIdentifier: 'rs-aaaaaaaaaaaa1',
      clientToken: 't',
    };
    const head = state(
      {},
      {
        lineage: 'l-two',
        intents: {
          beta: { name: 'beta', clientToken: 't', request, spec: sent('x').spec, generation: 0, recordedAt: 'now' },
        },
      },
    );
    expect(stateEdits(state({}), head)).toEqual([
      { kind: 'lineage-changed', from: 'l-one', to: 'l-two' },
      { kind: 'intent-added', name: 'beta', handshakeType: 'REVOKE_SERVICE_PERIOD', resource: 'rs-aaaaaaaaaaaa1' },
    ]);
  });

  it('a state added where the base had none: every record is added', () => {
    const head = state({ alpha: { handshakes: [sent('ch-aaaaaaaaaaaaa')] } });
    expect(stateEdits(undefined, head)).toEqual([
      { kind: 'record-added', name: 'alpha', index: 0, id: 'ch-aaaaaaaaaaaaa' },
    ]);
  });

  it('a tombstone added by hand (it would keep an ACCEPTED PMA handshake out of drift) or removed is an edit', () => {
    const tombstone = {
      id: 'ch-ccccccccccccc',
      arn: 'arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/ch-ccccccccccccc',
      name: 'gone',
      reason: 'no-longer-declared' as const,
      forgottenAt: '2026-11-01T00:00:00Z',
    };
    const base = state({});
    const head = state({}, { tombstones: [tombstone] });
    const added = stateEdits(base, head);
    expect(added).toEqual([{ kind: 'tombstone-added', name: 'gone', id: 'ch-ccccccccccccc' }]);
    expect(describeStateEdit(added[0] as never).edit).toBe(
      '**tombstone added**: ch-ccccccccccccc would no longer be reported by refresh or the drift issue',
    );
    expect(stateEdits(head, base)).toEqual([{ kind: 'tombstone-removed', name: 'gone', id: 'ch-ccccccccccccc' }]);
    expect(stateEdits(head, structuredClone(head))).toEqual([]);
  });
});

describe('stateEdits: program management accounts, relationships and the reviewed remainder (issues 16 and 18)', () => {
  function relationship(id: string, overrides: Partial<ResourceRecord> = {}): ResourceRecord {
    return {
      kind: 'Relationship',
      id,
      arn: `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel/relationship/${id}`,
      clientToken: 'token',
      spec: { name: 'acme', displayName: 'ACME' } as never,
      programManagementAccountId: 'pma-abcdef123456g',
      createdAt: '2026-11-01T00:00:00Z',
      appliedBy: {},
      ...overrides,
    };
  }

  it('a relationship record pointed at another relationship is shown: its delete would go there', () => {
    const base = state({}, { resources: { acme: relationship('rs-aaaaaaaaaaaaa') } });
    const head = state({}, { resources: { acme: relationship('rs-fffffffffffff') } });
    const edits = stateEdits(base, head);
    expect(edits.map((edit) => edit.kind)).toEqual(['resource-field-changed', 'resource-field-changed']);
    expect(describeStateEdit(edits[0] as never).edit).toBe(
      '**id changed** from rs-aaaaaaaaaaaaa to rs-fffffffffffff: an update or delete would go to it',
    );
  });

  it('resource records added or removed, protect removed, a resource intent added, the deferred record changed', () => {
    const protectedOne = relationship('rs-aaaaaaaaaaaaa', { spec: { name: 'acme', protect: true } as never });
    const base = state({}, { resources: { acme: protectedOne, gone: relationship('rs-bbbbbbbbbbbbb') } });
    const head = state(
      {},
      {
        resources: { acme: relationship('rs-aaaaaaaaaaaaa'), added: relationship('rs-ccccccccccccc') },
        resourceIntents: {
          globex: {
            name: 'globex',
            kind: 'Relationship',
            clientToken: 't',
            request: {} as never,
            spec: {} as never,
            recordedAt: '2026-11-01T00:00:00Z',
          },
        },
        deferred: {
          planDigest: `sha256:${'0'.repeat(64)}`,
          reviewedAt: '2026-11-01T00:00:00Z',
          total: 1,
          sent: 0,
          items: [],
        },
      },
    );
    expect(stateEdits(base, head).map((edit) => `${edit.kind}:${'name' in edit ? edit.name : ''}`)).toEqual([
      'protect-removed:acme',
      'resource-changed:acme',
      'resource-added:added',
      'resource-removed:gone',
      'resource-intent-added:globex',
      'deferred-changed:',
    ]);
  });
});
