// What refresh learns about the program management accounts and relationships this repository created: their status,
// display name and revision as AWS reports them now, and what changed or went away outside this repository. Pure: the
// caller lists them (apply/resource-refresh.ts) and writes the state.
import type { ProgramManagementAccountSummary, RelationshipSummary } from './channel-resources.js';
import type { RecordedState, ResourceRecord } from './model.js';
import { setOwn } from './own.js';

/** What AWS answered for one recorded resource: its summary, or nothing (deleted outside). */
export type ResourceReading =
  | { name: string; found: ProgramManagementAccountSummary | RelationshipSummary }
  | { name: string; found: undefined };

export interface ResourceDrift {
  state: RecordedState;
  changed: boolean;
  /** One sentence per difference, for the drift report. */
  lines: string[];
}

const WORDS = { ProgramManagementAccount: 'program management account', Relationship: 'relationship' } as const;

export function reconcileResources(state: RecordedState, readings: readonly ResourceReading[]): ResourceDrift {
  const lines: string[] = [];
  let changed = false;
  const resources: Record<string, ResourceRecord> = Object.create(null);
  for (const [name, record] of Object.entries(state.resources ?? {})) setOwn(resources, name, record);
  for (const reading of readings) {
    const record = resources[reading.name];
    if (!record || !Object.hasOwn(resources, reading.name)) continue;
    const what = `${reading.name} (${WORDS[record.kind]} ${record.id})`;
    if (!reading.found) {
      if (!record.deletedOutside) {
        lines.push(`${what}: deleted outside this repository (no longer listed)`);
        setOwn(resources, reading.name, { ...record, deletedOutside: true });
        changed = true;
      }
      continue;
    }
    const found = reading.found;
    const next: ResourceRecord = { ...record };
    const { deletedOutside: _gone, ...present } = next;
    const live = { ...present };
    if (found.displayName !== undefined && found.displayName !== (record.displayName ?? record.spec.displayName)) {
      lines.push(
        `${what}: displayName changed outside: ${JSON.stringify(record.displayName ?? record.spec.displayName)} → ${JSON.stringify(found.displayName)}`,
      );
      live.displayName = found.displayName;
    }
    if (found.revision !== undefined) live.revision = found.revision;
    if ('status' in found && found.status !== undefined && found.status !== record.status) {
      lines.push(
        found.status === 'INACTIVE'
          ? `${what}: went INACTIVE (was ${record.status ?? 'unknown'}); relationships under it cannot be created`
          : `${what}: ${record.status ?? 'unknown'} → ${found.status}`,
      );
      live.status = found.status;
    }
    if (JSON.stringify(live) !== JSON.stringify(record)) {
      setOwn(resources, reading.name, live);
      changed = true;
    }
  }
  if (!changed) return { state, changed: false, lines };
  return { state: { ...state, resources: { ...resources } }, changed: true, lines };
}

/** What refresh cannot see, said once per relationship that sent one: AWS never returns the support plan. */
export function unreadableLines(state: RecordedState): string[] {
  return Object.entries(state.resources ?? {})
    .filter(
      ([, record]) =>
        record.kind === 'Relationship' && record.spec.kind === 'Relationship' && record.spec.requestedSupportPlan,
    )
    .map(([name]) => `${name}: requestedSupportPlan as sent; AWS does not return it`);
}
