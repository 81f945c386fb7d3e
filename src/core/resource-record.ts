// State transitions for program management accounts and relationships: the intent before a create, and the record
// once AWS answered (which clears the intent in the same write).
import type {
  RecordedState,
  ResourceCreateChange,
  ResourceIntent,
  ResourceRecord,
  ResourceUpdateChange,
} from './model.js';
import { setOwn } from './own.js';

function without<V>(record: Record<string, V> | undefined, name: string): Record<string, V> | undefined {
  if (!record || !Object.hasOwn(record, name)) return record;
  const copy: Record<string, V> = Object.create(null);
  for (const key of Object.keys(record)) if (key !== name) setOwn(copy, key, record[key] as V);
  return Object.keys(copy).length > 0 ? copy : undefined;
}

function withEntry<V>(record: Record<string, V> | undefined, name: string, value: V): Record<string, V> {
  const copy: Record<string, V> = Object.create(null);
  for (const key of Object.keys(record ?? {})) setOwn(copy, key, (record as Record<string, V>)[key] as V);
  setOwn(copy, name, value);
  return copy;
}

function withIntents(state: RecordedState, intents: Record<string, ResourceIntent> | undefined): RecordedState {
  const { resourceIntents: _old, ...rest } = state;
  return intents ? { ...rest, resourceIntents: intents } : rest;
}

export function recordResourceIntent(
  state: RecordedState,
  change: ResourceCreateChange,
  recordedAt: string,
): RecordedState {
  const intent: ResourceIntent = {
    name: change.name,
    kind: change.kind,
    clientToken: change.clientToken,
    request: change.request,
    spec: change.spec,
    ...(change.action === 'create-relationship' ? { programManagementAccountId: change.resource } : {}),
    recordedAt,
  };
  return withIntents(state, withEntry(state.resourceIntents, change.name, intent));
}

export function clearResourceIntent(state: RecordedState, name: string): RecordedState {
  return withIntents(state, without(state.resourceIntents, name));
}

export function recordResource(state: RecordedState, name: string, record: ResourceRecord): RecordedState {
  return { ...clearResourceIntent(state, name), resources: withEntry(state.resources, name, record) };
}

/** An applied update: the declaration as it now stands, and the revision AWS answered with (the live name is now it). */
export function recordUpdate(
  state: RecordedState,
  change: ResourceUpdateChange,
  revision: string | undefined,
): RecordedState {
  const record =
    state.resources && Object.hasOwn(state.resources, change.name) ? state.resources[change.name] : undefined;
  if (!record) return state;
  const { displayName: _live, revision: _old, ...rest } = record;
  return recordResource(state, change.name, {
    ...rest,
    spec: change.spec,
    ...(revision !== undefined ? { revision } : {}),
  });
}

/** A deleted resource leaves the state. */
export function recordResourceDeleted(state: RecordedState, name: string): RecordedState {
  const { resources: _all, ...rest } = state;
  const remaining = without(state.resources, name);
  return remaining ? { ...rest, resources: remaining } : rest;
}
