// The apply order, from what each change waits for (core/kinds.ts): waves of changes, each wave waiting only for the
// ones before it. Within a wave, changes are independent and may run at once.
import { kindOf, type Wait } from './kinds.js';
import type { Change } from './model.js';

function waitKey(wait: Wait): string {
  return wait.name === undefined ? wait.action : `${wait.action}\u0000${wait.name}`;
}

/**
 * The plan's changes as waves of indexes, each change in the first wave after every change it waits for. Linear in
 * the plan's size: a wait's depth is computed once, however many changes share it. A wait that closes a cycle is a
 * bug in a kind's rules, so it is refused rather than guessed at.
 */
export function applyWaves(changes: readonly Change[]): number[][] {
  const targets = new Map<string, number[]>();
  changes.forEach((change, index) => {
    for (const key of [change.action, `${change.action}\u0000${change.name}`]) {
      const list = targets.get(key) ?? [];
      list.push(index);
      targets.set(key, list);
    }
  });
  const depthOf = new Array<number | undefined>(changes.length);
  const waitDepth = new Map<string, number>();
  const visiting = new Set<number>();
  const changeDepth = (index: number): number => {
    const known = depthOf[index];
    if (known !== undefined) return known;
    const change = changes[index] as Change;
    if (visiting.has(index)) throw new Error(`the changes for ${change.name} wait for each other`);
    visiting.add(index);
    let depth = 0;
    for (const wait of kindOf(change).waitsFor(change)) {
      const key = waitKey(wait);
      let reached = waitDepth.get(key);
      if (reached === undefined) {
        reached = (targets.get(key) ?? []).reduce((deepest, target) => Math.max(deepest, changeDepth(target)), -1);
        waitDepth.set(key, reached);
      }
      depth = Math.max(depth, reached + 1);
    }
    visiting.delete(index);
    depthOf[index] = depth;
    return depth;
  };
  const waves: number[][] = [];
  changes.forEach((_change, index) => {
    const depth = changeDepth(index);
    while (waves.length <= depth) waves.push([]);
    (waves[depth] as number[]).push(index);
  });
  return waves.filter((wave) => wave.length > 0);
}
