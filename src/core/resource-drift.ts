// What refresh learns about the program management accounts and relationships this repository created: their status,
// display name and revision as AWS reports them now, and what changed or went away outside this repository. Pure: the
// caller lists them (apply/resource-refresh.ts) and writes the state.
import type { ProgramManagementAccountSummary, RelationshipSummary, ResourceKind } from './channel-resources.js';
import type { RecordedState, ResourceRecord } from './model.js';
import { setOwn } from './own.js';

/** What AWS answered for one recorded resource: its summary, or nothing (deleted outside). */
export type ResourceReading =
  | { name: string; found: ProgramManagementAccountSummary | RelationshipSummary }
  | { name: string; found: undefined };

/** One difference refresh found on a recorded resource, for scripts (`refresh --format json`) and people alike. */
export interface ResourceFinding {
  name: string;
  kind: ResourceKind;
  id: string;
  /** `went-inactive` is a status change to INACTIVE, named apart because nothing can be created under it any more. */
  finding: 'changed-outside' | 'deleted-outside' | 'status-changed' | 'went-inactive';
  /** For `changed-outside` and the status changes: the field, and its recorded and current values. */
  field?: 'displayName' | 'status';
  from?: string;
  to?: string;
  /** The sentence the text report prints. */
  message: string;
}

export interface ResourceDrift {
  state: RecordedState;
  changed: boolean;
  /** One sentence per difference, for the drift report (each finding's message). */
  lines: string[];
  findings: ResourceFinding[];
}

/** What AWS never returns, said per relationship that sent it. */
export interface UnreadableField {
  name: string;
  field: 'requestedSupportPlan';
  message: string;
}

const WORDS = { ProgramManagementAccount: 'program management account', Relationship: 'relationship' } as const;

export function reconcileResources(state: RecordedState, readings: readonly ResourceReading[]): ResourceDrift {
  const findings: ResourceFinding[] = [];
  let changed = false;
  const resources: Record<string, ResourceRecord> = Object.create(null);
  for (const [name, record] of Object.entries(state.resources ?? {})) setOwn(resources, name, record);
  for (const reading of readings) {
    const record = resources[reading.name];
    if (!record || !Object.hasOwn(resources, reading.name)) continue;
    const what = `${reading.name} (${WORDS[record.kind]} ${record.id})`;
    const subject = { name: reading.name, kind: record.kind, id: record.id };
    if (!reading.found) {
      if (!record.deletedOutside) {
        findings.push({
          ...subject,
          finding: 'deleted-outside',
          message: `${what}: deleted outside this repository (no longer listed)`,
        });
        setOwn(resources, reading.name, { ...record, deletedOutside: true });
        changed = true;
      }
      continue;
    }
    const found = reading.found;
    const next: ResourceRecord = { ...record };
    const { deletedOutside: _gone, ...present } = next;
    const live = { ...present };
    const knownName = record.displayName ?? record.spec.displayName;
    if (found.displayName !== undefined && found.displayName !== knownName) {
      findings.push({
        ...subject,
        finding: 'changed-outside',
        field: 'displayName',
        from: knownName,
        to: found.displayName,
        message: `${what}: displayName changed outside: ${JSON.stringify(knownName)} → ${JSON.stringify(found.displayName)}`,
      });
      live.displayName = found.displayName;
    }
    if (found.revision !== undefined) live.revision = found.revision;
    if ('status' in found && found.status !== undefined && found.status !== record.status) {
      const inactive = found.status === 'INACTIVE';
      findings.push({
        ...subject,
        finding: inactive ? 'went-inactive' : 'status-changed',
        field: 'status',
        ...(record.status !== undefined ? { from: record.status } : {}),
        to: found.status,
        message: inactive
          ? `${what}: went INACTIVE (was ${record.status ?? 'unknown'}); relationships under it cannot be created`
          : `${what}: ${record.status ?? 'unknown'} → ${found.status}`,
      });
      live.status = found.status;
    }
    if (JSON.stringify(live) !== JSON.stringify(record)) {
      setOwn(resources, reading.name, live);
      changed = true;
    }
  }
  const lines = findings.map((finding) => finding.message);
  if (!changed) return { state, changed: false, lines, findings };
  return { state: { ...state, resources: { ...resources } }, changed: true, lines, findings };
}

/** What refresh cannot see, said once per relationship that sent one: AWS never returns the support plan. */
export function unreadableFields(state: RecordedState): UnreadableField[] {
  return Object.entries(state.resources ?? {})
    .filter(
      ([, record]) =>
        record.kind === 'Relationship' && record.spec.kind === 'Relationship' && record.spec.requestedSupportPlan,
    )
    .map(([name]) => ({
      name,
      field: 'requestedSupportPlan' as const,
      message: `${name}: requestedSupportPlan as sent; AWS does not return it`,
    }));
}
