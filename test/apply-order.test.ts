// The apply order comes from what each change waits for (core/kinds.ts), not from a list of actions.
import { describe, expect, it } from 'vitest';
import { applyWaves } from '../src/core/apply-order.js';
import { HANDSHAKE_KIND, kindOf } from '../src/core/kinds.js';
import type { Change } from '../src/core/model.js';

const change = (action: Change['action'], name: string): Change =>
  ({ action, name, reason: { rule: 'declared' } }) as unknown as Change;

describe('apply order', () => {
  it('puts renames and forgets in a wave before every change that calls the API, and keeps the rest together', () => {
    const changes = [
      change('create', 'a'),
      change('rename', 'b'),
      change('cancel', 'c'),
      change('forget', 'd'),
      change('retag', 'e'),
    ];
    expect(applyWaves(changes)).toEqual([
      [1, 3],
      [0, 2, 4],
    ]);
  });

  it('runs everything in one wave when nothing waits', () => {
    expect(applyWaves([change('create', 'a'), change('revoke', 'b')])).toEqual([[0, 1]]);
    expect(applyWaves([])).toEqual([]);
  });

  it('stays linear for large plans: 20,000 changes waiting for 10,000 forgets', () => {
    const changes = [
      ...Array.from({ length: 10_000 }, (_, index) => change('forget', `f${index}`)),
      ...Array.from({ length: 20_000 }, (_, index) => change('create', `c${index}`)),
    ];
    const waves = applyWaves(changes);
    expect(waves.map((wave) => wave.length)).toEqual([10_000, 20_000]);
  });

  it('knows the handshake kind by its actions', () => {
    expect(kindOf(change('supersede', 'a'))).toBe(HANDSHAKE_KIND);
    expect(HANDSHAKE_KIND.waitsFor(change('create', 'a'))).toEqual([{ action: 'rename' }, { action: 'forget' }]);
    expect(HANDSHAKE_KIND.waitsFor(change('rename', 'a'))).toEqual([]);
  });
});
