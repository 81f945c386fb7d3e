import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateError } from '../src/core/errors.js';
import { emptyState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { recordCreation } from '../src/core/record.js';
import { deriveLineage } from '../src/core/token.js';
import { readState, serializeState, writeStateAtomically } from '../src/files/state.js';
import { declarationsFrom, startServicePeriod, temporaryDirectory } from './helpers.js';

function sampleState() {
  const lineage = deriveLineage('handshakes');
  const [change] = createPlan(
    declarationsFrom(startServicePeriod('acme', { tags: 'b=two,a=one' })),
    emptyState(lineage),
  ).changes;
  if (!change) throw new Error('no change');
  return recordCreation(
    emptyState(lineage),
    change,
    { id: 'ch-abcdefghijklm', arn: 'arn:x', status: 'PENDING' },
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
    expect(first).toContain('\n  "handshakes": {\n');
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
      JSON.stringify({ version: 2, lineage: '', serial: -1, handshakes: { acme: { status: 'DONE' } } }),
    );
    await expect(readState(path)).rejects.toThrow(
      /version must be 1.*lineage must be a non-empty string.*serial must be a whole number.*handshakes\.acme\.status must be one of/,
    );
  });

  it('leaves no temporary files behind', async () => {
    const directory = await temporaryDirectory();
    const { readdir } = await import('node:fs/promises');
    await writeStateAtomically(join(directory, 'state.json'), sampleState());
    expect(await readdir(directory)).toEqual(['state.json']);
  });
});
