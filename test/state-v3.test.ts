import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFrom, validateFiles } from '../src/core/engine.js';
import { type RecordedState, STATE_VERSION } from '../src/core/model.js';
import { readState, serializeState } from '../src/files/state.js';
import { reasonText } from '../src/render/reasons.js';
import { FIXED_NOW, sentFor } from './helpers.js';

const V3 = join(import.meta.dirname, 'fixtures', 'state-v3');

describe('state format version 3, as the build before the channel-as-code kinds wrote it (fixtures/state-v3/README.md)', () => {
  async function v3Fixture() {
    const text = await readFile(join(V3, 'declarations.yaml'), 'utf8');
    const validated = validateFiles({ files: [{ path: 'handshakes/all.yaml', text }], now: FIXED_NOW });
    const state = (await readState(join(V3, 'state.json'))) as RecordedState;
    return { validated, state, written: JSON.parse(await readFile(join(V3, 'state.json'), 'utf8')) };
  }

  it('is read back with every endedBy it recorded (the state rules know the field)', async () => {
    const { state, written } = await v3Fixture();
    expect(state.lineage).toBe(written.lineage);
    expect(state.serial).toBe(written.serial);
    expect(sentFor(state, 'alpha')[0]?.endedBy).toEqual(written.declarations.alpha.handshakes[0].endedBy);
    expect(sentFor(state, 'alpha')[0]?.endedBy?.purpose).toBe('revoke');
    expect(sentFor(state, 'superseded')[0]?.endedBy?.purpose).toBe('supersede');
  });

  it('migrates to the current version by changing only the version: no resources, every record as written', async () => {
    const { state, written } = await v3Fixture();
    expect(state.version).toBe(STATE_VERSION);
    expect(state.resources).toBeUndefined();
    expect(state.resourceIntents).toBeUndefined();
    expect(JSON.parse(serializeState(state))).toEqual({ ...written, version: STATE_VERSION });
  });

  it('plans the same changes, tokens and words as the fixture plan', async () => {
    const { validated, state } = await v3Fixture();
    const recorded = JSON.parse(await readFile(join(V3, 'plan-v3.json'), 'utf8'));
    const plan = planFrom(validated, state);
    expect(plan.changes).toEqual(recorded.changes);
    expect(plan.changes.map((change) => `${change.action} ${change.name}: ${reasonText(change.reason)}`)).toEqual([
      'forget alpha: no longer declared; ch-zkd9wuuq3hemt is revoked, so only the record is dropped',
    ]);
  });
});
