import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFrom, validateFiles } from '../src/core/engine.js';
import { StateError } from '../src/core/errors.js';
import { emptyState, type RecordedState, STATE_VERSION } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { recordCreation, recordForget } from '../src/core/record.js';
import { deriveLineage } from '../src/core/token.js';
import { readState, serializeState, writeStateAtomically } from '../src/files/state.js';
import { reasonText } from '../src/render/reasons.js';
import {
  allFields,
  type ChangeFields,
  declarationsFrom,
  FIXED_NOW,
  sending,
  sentFor,
  startServicePeriod,
  temporaryDirectory,
} from './helpers.js';

function sampleState() {
  const lineage = deriveLineage('handshakes');
  const [change] = createPlan(
    declarationsFrom(startServicePeriod('acme', { tags: 'b=two,a=one' })),
    emptyState(lineage),
  ).changes;
  if (!change) throw new Error('no change');
  return recordCreation(
    emptyState(lineage),
    sending(change),
    {
      id: 'ch-abcdefghijklm',
      arn: 'arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/ch-abcdefghijklm',
      status: 'PENDING',
    },
    {
      appliedAt: '2026-11-27T12:00:00Z',
      appliedBy: { commit: 'abc', pullRequest: 12 },
    },
  );
}

describe('recorded state', () => {
  it('is written canonically: sorted keys, two-space indent, trailing newline, byte-identical on rewrite', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory, 'state.json');
    const state = sampleState();
    await writeStateAtomically(path, state);
    const first = await readFile(path, 'utf8');
    expect(first.endsWith('}\n')).toBe(true);
    expect(first).toContain('\n  "declarations": {\n');
    expect(JSON.parse(first).version).toBe(STATE_VERSION);
    const keys = Object.keys(JSON.parse(first));
    expect(keys).toEqual([...keys].sort());
    await writeStateAtomically(path, (await readState(path)) ?? emptyState('x'));
    expect(await readFile(path, 'utf8')).toBe(first);
    expect(serializeState(state)).toBe(first);
  });

  it('treats a missing file as no state', async () => {
    const directory = await temporaryDirectory();
    expect(await readState(join(directory, 'absent.json'))).toBeUndefined();
  });

  it('refuses a malformed file with advice instead of resetting it', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory, 'state.json');
    await writeFile(path, '{"version": 1, "lineage": "x", "serial": 0, "handshakes": {');
    await expect(readState(path)).rejects.toThrow(StateError);
    await expect(readState(path)).rejects.toThrow(/not valid JSON.*never reset automatically/);

    await writeFile(
      path,
      JSON.stringify({ version: 2, lineage: '', serial: -1, declarations: { acme: { status: 'DONE' } } }),
    );
    await expect(readState(path)).rejects.toThrow(
      /\$\.lineage must be a lineage.*\$\.serial must be a whole number.*\$\.declarations\.acme\.status is not a field of a declaration history.*\$\.declarations\.acme\.handshakes is missing.*Restore .* from git/s,
    );
  });

  it('leaves no temporary files behind', async () => {
    const directory = await temporaryDirectory();
    const { readdir } = await import('node:fs/promises');
    await writeStateAtomically(join(directory, 'state.json'), sampleState());
    expect(await readdir(directory)).toEqual(['state.json']);
  });
});

const V1 = join(import.meta.dirname, 'fixtures', 'state-v1');

async function planFixture(stateFile: string, declarationsFile: string) {
  const text = await readFile(join(V1, declarationsFile), 'utf8');
  const validated = validateFiles({ files: [{ path: 'handshakes/all.yaml', text }], now: FIXED_NOW });
  const state = await readState(join(V1, stateFile));
  if (!state) throw new Error('fixture missing');
  return { plan: planFrom(validated, state), state };
}

describe('state format version 1 → 3 (through version 2)', () => {
  it('migrates a state written by the first release: one history per name, every id and token kept', async () => {
    const v1 = JSON.parse(await readFile(join(V1, 'state.json'), 'utf8'));
    const state = await readState(join(V1, 'state.json'));
    expect(state?.version).toBe(STATE_VERSION);
    expect(Object.keys(state?.declarations ?? {}).sort()).toEqual(Object.keys(v1.handshakes).sort());
    for (const name of Object.keys(v1.handshakes)) {
      const entry = v1.handshakes[name];
      const [first] = sentFor(state as RecordedState, name);
      expect(first).toMatchObject({
        id: entry.id,
        arn: entry.arn,
        clientToken: entry.clientToken,
        status: entry.status,
        generation: entry.generation,
        spec: entry.spec,
        sentAt: entry.appliedAt,
        appliedBy: entry.appliedBy,
      });
    }
    expect(sentFor(state as RecordedState, 'pma-account')[0]?.purpose).toBe('pma');
    // The revoke the first release sent beside "revoked" becomes its own history entry, pointing at what it ends.
    const [start, revoke] = sentFor(state as RecordedState, 'revoked');
    expect(revoke).toMatchObject({
      id: v1.handshakes.revoked.revocation.id,
      clientToken: v1.handshakes.revoked.revocation.clientToken,
      handshakeType: 'REVOKE_SERVICE_PERIOD',
      purpose: 'revoke',
      ends: start?.id,
    });
    // Version 3: the START records that this revoke ended it, if the customer accepted the revoke.
    expect(start?.endedBy).toEqual(
      revoke?.status === 'ACCEPTED'
        ? { id: revoke.id, purpose: 'revoke', at: revoke.updatedAt ?? revoke.sentAt }
        : undefined,
    );
  });

  it('plans a migrated state exactly as the first release did', async () => {
    const v1Plan = JSON.parse(await readFile(join(V1, 'plan-v1.json'), 'utf8'));
    const { plan } = await planFixture('state.json', 'declarations.yaml');
    expect(plan.changes).toEqual(v1Plan.changes);
    expect(plan.diagnostics.map((diagnostic) => diagnostic.name)).toEqual(
      v1Plan.diagnostics.map((diagnostic: { name: string }) => diagnostic.name),
    );
  });

  it('finishes an interrupted replace of the first release with the very clientToken it planned', async () => {
    const v1Plan = JSON.parse(await readFile(join(V1, 'interrupted-plan-v1.json'), 'utf8'));
    const { plan } = await planFixture('interrupted-state.json', 'interrupted-declarations.yaml');
    expect(
      allFields(plan.changes).map((change) => [change.action, change.name, change.clientToken, change.request]),
    ).toEqual(
      v1Plan.changes.map((change: ChangeFields) => [change.action, change.name, change.clientToken, change.request]),
    );
  });

  it('is stored in the current version by the next write, and reads back unchanged', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory, 'state.json');
    const migrated = (await readState(join(V1, 'state.json'))) as RecordedState;
    await writeStateAtomically(path, migrated);
    const text = await readFile(path, 'utf8');
    expect(JSON.parse(text)).toMatchObject({
      version: STATE_VERSION,
      lineage: migrated.lineage,
      serial: migrated.serial,
    });
    expect(text).not.toContain('"handshakes": {');
    expect(await readState(path)).toEqual(migrated);
  });

  it('refuses a version it does not know', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory, 'state.json');
    const unknown = STATE_VERSION + 1;
    await writeFile(path, JSON.stringify({ version: unknown, lineage: 'x', serial: 0, declarations: {} }));
    await expect(readState(path)).rejects.toThrow(
      new RegExp(
        `version must be ${Array.from({ length: STATE_VERSION - 1 }, (_, index) => index + 1).join(', ')} or ${STATE_VERSION} \\(found ${unknown}\\)`,
      ),
    );
  });
});

const V2 = join(import.meta.dirname, 'fixtures', 'state-v2');

describe('state format version 2 → 3, on a state the released build wrote (fixtures/state-v2/README.md)', () => {
  async function v2Fixture() {
    const text = await readFile(join(V2, 'declarations.yaml'), 'utf8');
    const validated = validateFiles({ files: [{ path: 'handshakes/all.yaml', text }], now: FIXED_NOW });
    const state = (await readState(join(V2, 'state.json'))) as RecordedState;
    return { validated, state, v2: JSON.parse(await readFile(join(V2, 'state.json'), 'utf8')) };
  }

  it('keeps every recorded handshake, id and token, and records on each ended period what ended it', async () => {
    const { state, v2 } = await v2Fixture();
    expect(state.version).toBe(STATE_VERSION);
    expect(state.lineage).toBe(v2.lineage);
    expect(state.serial).toBe(v2.serial);
    for (const name of Object.keys(v2.declarations)) {
      const before = v2.declarations[name].handshakes as Record<string, unknown>[];
      expect(sentFor(state, name).map(({ endedBy: _new, ...entry }) => entry)).toEqual(before);
    }
    const ender = (name: string, index = -1) => sentFor(state, name).at(index);
    const endedBy = (name: string, index = 0) => sentFor(state, name)[index]?.endedBy;
    // The automatic revoke of "revoked", beta's declared REVOKE of alpha, and the accepted supersede of "superseded".
    expect(endedBy('revoked')).toBeUndefined(); // its REVOKE is still pending
    expect(endedBy('alpha')).toEqual({ id: ender('beta')?.id, purpose: 'revoke', at: ender('beta')?.updatedAt });
    expect(endedBy('superseded')).toEqual({
      id: ender('superseded')?.id,
      purpose: 'supersede',
      at: ender('superseded')?.updatedAt,
    });
    // A supersede still pending ends nothing yet.
    expect(endedBy('replaced')).toBeUndefined();
  });

  it('plans exactly as the released build did: the same changes, tokens, requests and words', async () => {
    const { validated, state } = await v2Fixture();
    const v2Plan = JSON.parse(await readFile(join(V2, 'plan-v2.json'), 'utf8'));
    const plan = planFrom(validated, state);
    expect(
      plan.changes.map((change) => ({
        ...change,
        reason: reasonText(change.reason),
      })),
    ).toEqual(v2Plan.changes);
    expect(plan.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.name])).toEqual(
      v2Plan.diagnostics.map((diagnostic: { code: string; name: string }) => [diagnostic.code, diagnostic.name]),
    );
  });

  it('plans the same once beta, whose REVOKE ended alpha, is forgotten: alpha stays ended', async () => {
    const { validated, state } = await v2Fixture();
    const forgotten = createPlan([], state, {
      now: FIXED_NOW,
      forgets: [{ name: 'beta', location: { file: 'handshakes/forget.yaml', line: 1, column: 1 } }],
    }).changes.find((change) => change.name === 'beta');
    if (forgotten?.action !== 'forget') throw new Error('expected a forget of beta');
    const withoutBeta = recordForget(state, forgotten, FIXED_NOW.toISOString());
    const declarations = validated.declarations.filter((declaration) => declaration.spec.name !== 'beta');
    expect(
      createPlan(declarations, withoutBeta, { now: FIXED_NOW }).changes.map((change) => [change.action, change.name]),
    ).toEqual([['forget', 'alpha']]);
  });

  it('is written in the current version and reads back unchanged', async () => {
    const { state } = await v2Fixture();
    const directory = await temporaryDirectory();
    const path = join(directory, 'state.json');
    await writeStateAtomically(path, state);
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(STATE_VERSION);
    expect(await readState(path)).toEqual(state);
  });
});

describe('names that are also Object.prototype members', () => {
  it('keeps constructor and __proto__ as ordinary names through plan, record, write and read', async () => {
    const lineage = deriveLineage('handshakes');
    let state = emptyState(lineage);
    const declarations = declarationsFrom(startServicePeriod('constructor'));
    expect(createPlan(declarations, state).changes.map((change) => [change.action, change.name])).toEqual([
      ['create', 'constructor'],
    ]);
    const [change] = createPlan(declarations, state).changes;
    state = recordCreation(
      state,
      sending(change),
      {
        id: 'ch-constructor01',
        arn: 'arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/ch-constructor01',
        status: 'PENDING',
      },
      {
        appliedAt: '2026-11-27T12:00:00Z',
        appliedBy: {},
      },
    );
    // A spec names its key (format version 5), and "__proto__" is no declaration name: the key holds a history with
    // nothing sent, which JSON.parse must still read as an ordinary key, never as the prototype.
    const text = serializeState(state).replace(
      '"declarations": {\n',
      '"declarations": {\n    "__proto__": {\n      "handshakes": []\n    },\n',
    );
    const directory = await temporaryDirectory();
    const path = join(directory, 'state.json');
    await writeFile(path, text);
    const read = (await readState(path)) as RecordedState;
    expect(Object.keys(read.declarations).sort()).toEqual(['__proto__', 'constructor']);
    expect(serializeState(read)).toBe(text);
    // "constructor" is still declared with the terms sent: nothing for it; "__proto__" sent nothing: forgotten.
    const plan = createPlan(declarations, read);
    expect(plan.changes.map((planned) => [planned.action, planned.name])).toEqual([['forget', '__proto__']]);
    const cancel = createPlan([], read);
    expect(cancel.changes.map((planned) => [planned.action, planned.name]).sort()).toEqual([
      ['cancel', 'constructor'],
      ['forget', '__proto__'],
    ]);
  });
});
