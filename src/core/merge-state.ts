import { canonicalJson } from './canonical.js';
import type { RecordedState } from './model.js';

export interface MergeConflict {
  name: string;
  reason: string;
}

export type MergeResult = { state: RecordedState; conflicts: [] } | { state?: undefined; conflicts: MergeConflict[] };

const same = (left: unknown, right: unknown) => canonicalJson(left ?? null) === canonicalJson(right ?? null);

/**
 * Two records of one name that hold the same handshake in the same status, and differ only in who recorded it and
 * when (appliedAt, appliedBy), say the same thing about AWS: two runs that recorded one handshake (a replayed create,
 * a re-run after a push race) do not conflict. Any other difference (a retag's tags, a revocation) still does.
 */
function equivalent(left: unknown, right: unknown): boolean {
  if (same(left, right)) return true;
  if (!isRecord(left) || !isRecord(right)) return false;
  if (typeof left.id !== 'string' || left.id !== right.id || left.status !== right.status) return false;
  const { appliedAt: _leftAt, appliedBy: _leftBy, ...leftRest } = left;
  const { appliedAt: _rightAt, appliedBy: _rightBy, ...rightRest } = right;
  return same(leftRest, rightRest);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function mergeRecordedResults(base: RecordedState, ours: RecordedState, theirs: RecordedState): MergeResult {
  if (theirs.lineage !== ours.lineage) {
    return {
      conflicts: [
        {
          name: '(state)',
          reason: `the committed state has lineage ${theirs.lineage}, this apply used ${ours.lineage}`,
        },
      ],
    };
  }
  const conflicts: MergeConflict[] = [];
  const handshakes = { ...theirs.handshakes };
  for (const name of new Set([...Object.keys(base.handshakes), ...Object.keys(ours.handshakes)])) {
    const before = base.handshakes[name];
    const mine = ours.handshakes[name];
    if (same(before, mine)) continue;
    const newest = theirs.handshakes[name];
    if (equivalent(newest, mine)) continue;
    if (same(newest, before)) {
      if (mine) handshakes[name] = mine;
      else delete handshakes[name];
    } else {
      conflicts.push({ name, reason: 'this apply and a newer commit both changed its record' });
    }
  }
  if (conflicts.length > 0) return { conflicts };
  return { state: { ...theirs, serial: Math.max(theirs.serial, ours.serial) + 1, handshakes }, conflicts: [] };
}
