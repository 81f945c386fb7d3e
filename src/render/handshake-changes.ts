// How a handshake change reads, field by field: the handshake type it sends, and its old → new lines. The handshake's
// describer (render/kind-describers.ts) and the apply report use these; render/resource-changes.ts is its counterpart
// for program management accounts and relationships.
import { type Change, declaredSendOf, type HandshakeSpec, type HandshakeType, sentRequestOf } from '../core/model.js';
import { fieldLabel } from './field-labels.js';
import { singleLine } from './neutralise.js';

/** Shown where a handshake type would be, for a name that never sent one (a forget of a bare record). */
export const NOTHING_SENT = '(nothing sent)';

/** The spec a change moves to: what it sends, or for a retag the declaration whose revokeNote it records. */
function newSpecOf(change: Change): HandshakeSpec | undefined {
  return change.action === 'retag' ? change.spec : declaredSendOf(change)?.spec;
}

/** Short labels so the table fits a pull-request column; the full type is in each change's details. */
export const SHORT_TYPES: Record<HandshakeType, string> = {
  START_SERVICE_PERIOD: 'start',
  REVOKE_SERVICE_PERIOD: 'revoke',
  PROGRAM_MANAGEMENT_ACCOUNT: 'pma',
};

/**
 * The handshake type a change actually sends: a revoke of a START sends a REVOKE_SERVICE_PERIOD. A change that sends
 * nothing (a cancel, a retag) names the type of the handshake it acts on.
 */
export function sentTypeOf(change: Change): HandshakeType | undefined {
  return sentRequestOf(change)?.handshakeType ?? change.handshakeType;
}

/** Fields of a spec as `path → value`, with the payload member's name left out: `minimumNoticeDays`, not the path. */
function flatFields(spec: HandshakeSpec | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  if (!spec) return fields;
  fields.set('handshakeType', spec.handshakeType);
  fields.set('catalog', spec.catalog);
  fields.set('associatedResourceIdentifier', spec.associatedResourceIdentifier);
  fields.set('revision', String(spec.revision));
  const payload = spec.payload as Record<string, Record<string, unknown>> | undefined;
  for (const member of Object.values(payload ?? {})) {
    for (const [key, value] of Object.entries(member ?? {})) {
      if (value !== undefined) fields.set(key, String(value));
    }
  }
  // Never sent with the START, but the note of its future revoke: a reviewer reads it like any field.
  if (spec.revokeNote !== undefined) fields.set('revokeNote', spec.revokeNote);
  return fields;
}

const quoted = (value: string) => JSON.stringify(value);

/** A changed value as a -/+ pair, which GitHub colours in a `diff` block: each line starts in column 1. */
function changedPair(label: string, was: string, value: string): string[] {
  return [`- ${label}: ${quoted(was)}`, `+ ${label}: ${quoted(value)}`];
}

/**
 * Each field that differs between the recorded spec and the new one, by its label: `- minimum notice days: "30"`
 * then `+ minimum notice days: "60"`; a new field has only the `+` line, a dropped one only the `-` line. Tags have
 * their own lines.
 */
function fieldChangeLines(change: Change): string[] {
  const before = change.previous?.spec;
  const after = newSpecOf(change);
  if (!before || !after) return [];
  const old = flatFields(before);
  const next = flatFields(after);
  const lines: string[] = [];
  for (const [key, value] of next) {
    const was = old.get(key);
    if (was === undefined) lines.push(`+ ${fieldLabel(key)}: ${quoted(value)}`);
    else if (was !== value) lines.push(...changedPair(fieldLabel(key), was, value));
  }
  for (const [key, was] of old) {
    if (!next.has(key)) lines.push(`- ${fieldLabel(key)}: ${quoted(was)}`);
  }
  return lines;
}

/** Tag edits: `- tag team: "sales"` / `+ tag team: "partners"`, `+ tag owner: "ops"`, `- tag cost-center: "4711"`. */
function tagLines(change: Change): string[] {
  const before = change.previous?.spec?.tags;
  if (change.action !== 'retag') {
    const after = newSpecOf(change)?.tags;
    return before && after ? tagDifference(before, after) : [];
  }
  if (!change.tags) return [];
  return [
    ...Object.entries(change.tags.set).flatMap(([key, value]) => {
      const was = before?.[key];
      return was === undefined ? [`+ tag ${key}: ${quoted(value)}`] : changedPair(`tag ${key}`, was, value);
    }),
    ...change.tags.remove.map((key) =>
      before?.[key] !== undefined ? `- tag ${key}: ${quoted(before[key])}` : `- tag ${key}`,
    ),
  ];
}

function tagDifference(before: Record<string, string>, after: Record<string, string>): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(after)) {
    const was = before[key];
    if (was === undefined) lines.push(`+ tag ${key}: ${quoted(value)}`);
    else if (was !== value) lines.push(...changedPair(`tag ${key}`, was, value));
  }
  for (const [key, was] of Object.entries(before)) {
    if (!(key in after)) lines.push(`- tag ${key}: ${quoted(was)}`);
  }
  return lines;
}

/** Every old → new line of a change: fields first, then tags. Keys and values come from user text: one line each. */
export function changeLines(change: Change): string[] {
  return [...fieldChangeLines(change), ...tagLines(change)].map(singleLine);
}
