import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFrom, validateFiles } from '../src/core/engine.js';
import { type RecordedState, STATE_VERSION } from '../src/core/model.js';
import { stateProblems } from '../src/core/state-rules.js';
import { parseState, readState, serializeState } from '../src/files/state.js';
import { reasonText } from '../src/render/reasons.js';
import { FIXED_NOW, sentFor } from './helpers.js';

const V4 = join(import.meta.dirname, 'fixtures', 'state-v4');

describe('state format version 4, as main wrote it before tombstones (fixtures/state-v4/README.md)', () => {
  async function v4Fixture() {
    const text = await readFile(join(V4, 'declarations.yaml'), 'utf8');
    const validated = validateFiles({ files: [{ path: 'handshakes/all.yaml', text }], now: FIXED_NOW });
    const state = (await readState(join(V4, 'state.json'))) as RecordedState;
    return { validated, state, written: JSON.parse(await readFile(join(V4, 'state.json'), 'utf8')) };
  }

  it('is refused by the version 5 rules as written: the renamed history’s specs still name the old key', async () => {
    const { written } = await v4Fixture();
    expect(written.version).toBe(4);
    const problems = stateProblems({ ...written, version: STATE_VERSION });
    expect(problems.map((problem) => `${problem.path} ${problem.message}`)).toContain(
      '$.declarations.accepted-renamed.handshakes[0].spec.name must be "accepted-renamed", the key it is recorded under, not "accepted"',
    );
  });

  it('migrates by setting each spec’s name to its key and the version, and nothing else: ids, tokens, statuses, endedBy and resources as written', async () => {
    const { state, written } = await v4Fixture();
    expect(state.version).toBe(STATE_VERSION);
    expect(state.tombstones).toBeUndefined();
    expect(Object.keys(state.resources ?? {})).toEqual(['emea']);
    expect(sentFor(state, 'accepted-renamed').map((entry) => entry.spec.name)).toEqual(['accepted-renamed']);
    const expected = structuredClone(written);
    expected.version = STATE_VERSION;
    expected.declarations['accepted-renamed'].handshakes[0].spec.name = 'accepted-renamed';
    expect(JSON.parse(serializeState(state))).toEqual(expected);
    // What ended what survives the migration.
    expect(sentFor(state, 'alpha')[0]?.endedBy?.purpose).toBe('revoke');
    expect(sentFor(state, 'superseded')[0]?.endedBy?.purpose).toBe('supersede');
  });

  it('plans exactly as before: the same changes, tokens, digest and words as the fixture plan', async () => {
    const { validated, state } = await v4Fixture();
    const recorded = JSON.parse(await readFile(join(V4, 'plan-v4.json'), 'utf8'));
    const plan = planFrom(validated, state);
    expect(plan.changes).toEqual(recorded.changes);
    expect(plan.summary).toEqual(recorded.summary);
    expect(plan.digest).toBe(recorded.digest);
    expect(plan.changes.map((change) => `${change.action} ${change.name}: ${reasonText(change.reason)}`)).toEqual([
      `forget alpha: no longer declared; ${sentFor(state, 'alpha')[0]?.id} is revoked, so only the record is dropped`,
    ]);
  });

  it('reads back byte for byte once written in the current version', async () => {
    const { state } = await v4Fixture();
    const text = serializeState(state);
    expect(serializeState(parseState(text, 'state.json'))).toBe(text);
  });
});
