import { canonicalJson } from './canonical.js';
import { historyEntries, historyNames, historyOf, recordOf } from './history.js';
import type { RecordedState } from './model.js';
import { ownValue, setOwn } from './own.js';

interface MergeConflict {
  name: string;
  reason: string;
}

export type MergeResult = { state: RecordedState; conflicts: [] } | { state?: undefined; conflicts: MergeConflict[] };

const same = (left: unknown, right: unknown) => canonicalJson(left ?? null) === canonicalJson(right ?? null);

/**
 * Two records of one name that hold the same handshakes in the same statuses, and differ only in who recorded them
 * and when (appliedAt, appliedBy, sentAt, at any depth), say the same thing about AWS: two runs that recorded one handshake
 * (a replayed create, a re-run after a push race) do not conflict. Any other difference (a status, a retag's tags, a
 * revocation) still does. Written over the record's shape, so it holds for any state format version.
 */
function equivalent(left: unknown, right: unknown): boolean {
  return same(withoutWhoAndWhen(left), withoutWhoAndWhen(right));
}

function withoutWhoAndWhen(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutWhoAndWhen);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'appliedAt' && key !== 'appliedBy' && key !== 'sentAt')
      .map(([key, inner]) => [key, withoutWhoAndWhen(inner)]),
  );
}

/**
 * Re-applies what this apply recorded (the difference between `base` and `ours`) onto `theirs`, the newest state
 * someone else committed meanwhile. Entries they changed too are conflicts: nothing newer is ever overwritten.
 */
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
  const histories = new Map(historyEntries(theirs));
  for (const name of new Set([...historyNames(base), ...historyNames(ours)])) {
    const before = historyOf(base, name);
    const mine = historyOf(ours, name);
    if (same(before, mine)) continue;
    const newest = historyOf(theirs, name);
    if (same(newest, before) || equivalent(newest, mine)) {
      if (mine) histories.set(name, mine);
      else histories.delete(name);
    } else {
      conflicts.push({ name, reason: 'this apply and a newer commit both changed its record' });
    }
  }
  // Program management accounts and relationships this apply created, updated or deleted merge like histories: a
  // record the newest commit changed too is a conflict, never overwritten (dropping ours would forget a resource that
  // exists in AWS, and the next apply would adopt it only by luck of its owner tag).
  const resources = recordOf(Object.entries(theirs.resources ?? {}));
  for (const name of new Set([...Object.keys(base.resources ?? {}), ...Object.keys(ours.resources ?? {})])) {
    const before = ownValue(base.resources ?? {}, name);
    const mine = ownValue(ours.resources ?? {}, name);
    if (same(before, mine)) continue;
    const newest = ownValue(theirs.resources ?? {}, name);
    if (same(newest, before) || equivalent(newest, mine)) {
      if (mine) setOwn(resources, name, mine);
      else delete resources[name];
    } else {
      conflicts.push({ name, reason: 'this apply and a newer commit both changed its resource record' });
    }
  }
  if (conflicts.length > 0) return { conflicts };
  // In-flight create intents merge the same way; an intent both sides touched keeps the newest commit's.
  const intents = mergedIntents(base.intents, ours.intents, theirs.intents);
  const resourceIntents = mergedIntents(base.resourceIntents, ours.resourceIntents, theirs.resourceIntents);
  // Tombstones this apply left (forgotten ACCEPTED PMA handshakes) join the newest commit's: they only ever grow.
  const before = new Set((base.tombstones ?? []).map((tombstone) => tombstone.id));
  const theirIds = new Set((theirs.tombstones ?? []).map((tombstone) => tombstone.id));
  const tombstones = [
    ...(theirs.tombstones ?? []),
    ...(ours.tombstones ?? []).filter((tombstone) => !before.has(tombstone.id) && !theirIds.has(tombstone.id)),
  ].sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
  const {
    intents: _theirs,
    tombstones: _theirTombstones,
    deferred: theirDeferred,
    resources: _theirResources,
    resourceIntents: _theirResourceIntents,
    ...rest
  } = theirs;
  // The reviewed remainder is this run's to move on when it did; otherwise the newest commit's stands.
  const deferred = same(base.deferred, ours.deferred) ? theirDeferred : ours.deferred;
  return {
    state: {
      ...rest,
      ...(Object.keys(intents).length > 0 ? { intents } : {}),
      ...(Object.keys(resources).length > 0 ? { resources } : {}),
      ...(Object.keys(resourceIntents).length > 0 ? { resourceIntents } : {}),
      ...(deferred ? { deferred } : {}),
      ...(tombstones.length > 0 ? { tombstones } : {}),
      serial: Math.max(theirs.serial, ours.serial) + 1,
      declarations: recordOf(histories),
    },
    conflicts: [],
  };
}

/** Intents this apply wrote or cleared, onto the newest commit's; an intent both sides touched keeps the newest's. */
function mergedIntents<Intent>(
  base: Record<string, Intent> | undefined,
  ours: Record<string, Intent> | undefined,
  theirs: Record<string, Intent> | undefined,
): Record<string, Intent> {
  const merged = recordOf(Object.entries(theirs ?? {}));
  for (const name of new Set([...Object.keys(base ?? {}), ...Object.keys(ours ?? {})])) {
    const before = ownValue(base ?? {}, name);
    const mine = ownValue(ours ?? {}, name);
    if (same(before, mine) || !same(ownValue(theirs ?? {}, name), before)) continue;
    if (mine) setOwn(merged, name, mine);
    else delete merged[name];
  }
  return merged;
}
