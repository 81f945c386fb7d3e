// What a pull request changed in the recorded state, by meaning. The state is written by applies; a pull request that
// edits it decides what the next merge sends (an id pointed at another repository's handshake is cancelled as ours),
// so the Action shows every edit to the reviewer and refuses the merge unless a label allows it (docs/action.md).
import { canonicalJson } from './canonical.js';
import type { DeclarationHistory, RecordedState, ResourceRecord, SentHandshake, Tombstone } from './model.js';

/** The fields of a recorded handshake that say which handshake it is, and what apply does to it. */
const WATCHED_FIELDS = ['id', 'arn', 'resource', 'status'] as const;
type WatchedField = (typeof WATCHED_FIELDS)[number];

export type StateEdit =
  | { kind: 'lineage-changed'; from: string; to: string }
  | { kind: 'record-added'; name: string; index: number; id: string }
  | { kind: 'record-removed'; name: string; index: number; id: string }
  | { kind: 'field-changed'; name: string; index: number; field: WatchedField; from: string; to: string }
  /** Any other field of a recorded handshake (token, spec, purpose, what it ends, when): named, not shown. */
  | { kind: 'record-changed'; name: string; index: number; id: string; fields: string[] }
  | { kind: 'protect-removed'; name: string }
  | { kind: 'history-changed'; name: string; fields: string[] }
  | { kind: 'intent-added'; name: string; handshakeType: string; resource: string }
  | { kind: 'intent-removed'; name: string }
  | { kind: 'intent-changed'; name: string }
  /** A tombstone keeps an ACCEPTED PMA handshake out of drift: one added by hand would hide it from review. */
  | { kind: 'tombstone-added'; name: string; id: string }
  | { kind: 'tombstone-removed'; name: string; id: string }
  /** A program management account or relationship record: its id decides what an update or delete is sent to. */
  | { kind: 'resource-added'; name: string; id: string }
  | { kind: 'resource-removed'; name: string; id: string }
  | { kind: 'resource-field-changed'; name: string; field: ResourceWatchedField; from: string; to: string }
  | { kind: 'resource-changed'; name: string; id: string; fields: string[] }
  | { kind: 'resource-intent-added'; name: string; resourceKind: string }
  | { kind: 'resource-intent-removed'; name: string }
  | { kind: 'resource-intent-changed'; name: string }
  /** The reviewed remainder of a merge's plan: what later runs may send without a new review. */
  | { kind: 'deferred-changed'; fields: string[] };

/** The fields of a resource record that say which resource it is: what an update or a delete is sent to. */
const RESOURCE_WATCHED_FIELDS = ['id', 'arn', 'programManagementAccountId'] as const;
type ResourceWatchedField = (typeof RESOURCE_WATCHED_FIELDS)[number];

function resourceEdits(
  name: string,
  before: ResourceRecord | undefined,
  after: ResourceRecord | undefined,
): StateEdit[] {
  if (after && !before) return [{ kind: 'resource-added', name, id: after.id }];
  if (before && !after) return [{ kind: 'resource-removed', name, id: before.id }];
  if (!before || !after) return [];
  const edits: StateEdit[] = [];
  for (const field of RESOURCE_WATCHED_FIELDS) {
    const from = before[field] ?? '';
    const to = after[field] ?? '';
    if (from !== to) edits.push({ kind: 'resource-field-changed', name, field, from, to });
  }
  if (before.spec.protect && !after.spec.protect) edits.push({ kind: 'protect-removed', name });
  const fields = differingKeys(before, after, RESOURCE_WATCHED_FIELDS).flatMap((key) =>
    key === 'spec' ? differingKeys(before.spec, after.spec, ['protect']).map((inner) => `spec.${inner}`) : [key],
  );
  if (fields.length > 0) edits.push({ kind: 'resource-changed', name, id: after.id, fields });
  return edits;
}

function fieldValue(record: SentHandshake, field: WatchedField): string {
  switch (field) {
    case 'id':
      return record.id;
    case 'arn':
      return record.arn;
    case 'resource':
      return record.spec.associatedResourceIdentifier;
    case 'status':
      return record.status;
  }
}

function ownEntries<T>(map: Record<string, T> | undefined): [string, T][] {
  return map ? Object.keys(map).map((key) => [key, map[key] as T]) : [];
}

function lookup<T>(map: Record<string, T> | undefined, key: string): T | undefined {
  return map && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** The keys of two objects whose values differ, in a stable order. */
function differingKeys(before: object, after: object, ignore: readonly string[] = []): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((key) => !ignore.includes(key))
    .filter(
      (key) =>
        canonicalJson((before as Record<string, unknown>)[key]) !==
        canonicalJson((after as Record<string, unknown>)[key]),
    )
    .sort();
}

function recordEdits(name: string, index: number, before: SentHandshake, after: SentHandshake): StateEdit[] {
  const edits: StateEdit[] = [];
  for (const field of WATCHED_FIELDS) {
    const from = fieldValue(before, field);
    const to = fieldValue(after, field);
    if (from !== to) edits.push({ kind: 'field-changed', name, index, field, from, to });
  }
  if (before.spec.protect && !after.spec.protect) edits.push({ kind: 'protect-removed', name });
  const shown = ['id', 'arn', 'status'];
  const fields = differingKeys(before, after, shown).flatMap((key) =>
    key === 'spec'
      ? differingKeys(before.spec, after.spec, ['associatedResourceIdentifier', 'protect']).map(
          (inner) => `spec.${inner}`,
        )
      : [key],
  );
  if (fields.length > 0) edits.push({ kind: 'record-changed', name, index, id: after.id, fields });
  return edits;
}

function historyEdits(name: string, before: DeclarationHistory | undefined, after: DeclarationHistory | undefined) {
  const edits: StateEdit[] = [];
  const was = before?.handshakes ?? [];
  const now = after?.handshakes ?? [];
  // Records are matched by position: an edited id is still the same record, changed.
  for (let index = 0; index < Math.max(was.length, now.length); index++) {
    const old = was[index];
    const current = now[index];
    if (old && current) edits.push(...recordEdits(name, index, old, current));
    else if (current) edits.push({ kind: 'record-added', name, index, id: current.id });
    else if (old) edits.push({ kind: 'record-removed', name, index, id: old.id });
  }
  const protectRemoved = edits.some((edit) => edit.kind === 'protect-removed');
  if (before?.protect && !after?.protect && !protectRemoved) edits.push({ kind: 'protect-removed', name });
  if (before && after) {
    const fields = differingKeys(before, after, ['handshakes', 'protect']);
    if (fields.length > 0) edits.push({ kind: 'history-changed', name, fields });
  }
  return edits;
}

/**
 * The semantic difference between the state at a pull request's base and at its head: records added or removed,
 * an id, arn, resource or status changed, protection removed, intents added. The serial and the file's spelling are
 * not edits. An absent state (`undefined`) has no records.
 */
export function stateEdits(base: RecordedState | undefined, head: RecordedState | undefined): StateEdit[] {
  const edits: StateEdit[] = [];
  if (base && head && base.lineage !== head.lineage) {
    edits.push({ kind: 'lineage-changed', from: base.lineage, to: head.lineage });
  }
  for (const name of namesIn(base?.declarations, head?.declarations)) {
    edits.push(...historyEdits(name, lookup(base?.declarations, name), lookup(head?.declarations, name)));
  }
  for (const name of namesIn(base?.intents, head?.intents)) {
    const current = lookup(head?.intents, name);
    const change = presence(lookup(base?.intents, name), current);
    if (change === 'added' && current) {
      edits.push({
        kind: 'intent-added',
        name,
        handshakeType: current.request.handshakeType,
        resource: current.request.associatedResourceIdentifier,
      });
    } else if (change) edits.push({ kind: change === 'removed' ? 'intent-removed' : 'intent-changed', name });
  }
  edits.push(...tombstoneEdits(base?.tombstones ?? [], head?.tombstones ?? []));
  for (const name of namesIn(base?.resources, head?.resources)) {
    edits.push(...resourceEdits(name, lookup(base?.resources, name), lookup(head?.resources, name)));
  }
  for (const name of namesIn(base?.resourceIntents, head?.resourceIntents)) {
    const current = lookup(head?.resourceIntents, name);
    const change = presence(lookup(base?.resourceIntents, name), current);
    if (change === 'added' && current) edits.push({ kind: 'resource-intent-added', name, resourceKind: current.kind });
    else if (change) {
      edits.push({ kind: change === 'removed' ? 'resource-intent-removed' : 'resource-intent-changed', name });
    }
  }
  const deferredFields = differingKeys(base?.deferred ?? {}, head?.deferred ?? {});
  if (deferredFields.length > 0) edits.push({ kind: 'deferred-changed', fields: deferredFields });
  return edits;
}

/** The keys of either map, each once, sorted: the names an edit can concern. */
function namesIn(base: object | undefined, head: object | undefined): string[] {
  return [
    ...new Set(
      [...ownEntries(base as Record<string, unknown>), ...ownEntries(head as Record<string, unknown>)].map(
        ([name]) => name,
      ),
    ),
  ].sort();
}

/** Whether an entry was added, removed or changed between base and head; undefined when it is the same. */
function presence(old: unknown, current: unknown): 'added' | 'removed' | 'changed' | undefined {
  if (current && !old) return 'added';
  if (old && !current) return 'removed';
  return canonicalJson(old) !== canonicalJson(current) ? 'changed' : undefined;
}

/** Tombstones added or removed, matched by their whole content (an edited one is one removed and one added). */
function tombstoneEdits(before: readonly Tombstone[], after: readonly Tombstone[]): StateEdit[] {
  const was = new Set(before.map((tombstone) => canonicalJson(tombstone)));
  const now = new Set(after.map((tombstone) => canonicalJson(tombstone)));
  return [
    ...before
      .filter((tombstone) => !now.has(canonicalJson(tombstone)))
      .map((tombstone) => ({ kind: 'tombstone-removed' as const, name: tombstone.name, id: tombstone.id })),
    ...after
      .filter((tombstone) => !was.has(canonicalJson(tombstone)))
      .map((tombstone) => ({ kind: 'tombstone-added' as const, name: tombstone.name, id: tombstone.id })),
  ];
}
