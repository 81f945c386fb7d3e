import {
  type Change,
  type ChangeAction,
  declaredSendOf,
  type HandshakeSpec,
  type HandshakeType,
  type PlanSummary,
  retirementOf,
  sentRequestOf,
  unreachable,
} from '../core/model.js';
import { handshakeEffects } from '../core/policy.js';
import { readableMoment } from './dates.js';
import { fieldLabel } from './field-labels.js';
import { singleLine } from './neutralise.js';
import { resourceEffectParts } from './resource-changes.js';

export const ACTION_SYMBOLS: Record<ChangeAction, string> = {
  create: '+',
  cancel: '-',
  revoke: '-',
  replace: '-/+',
  supersede: '-/+',
  retag: '~',
  rename: '>',
  forget: 'x',
  'create-account': '+',
  'create-relationship': '+',
  'update-account': '~',
  'update-relationship': '~',
  'delete-account': '-',
  'delete-relationship': '-',
};

const ACTION_ICONS: Record<ChangeAction, string> = {
  create: '🟢',
  cancel: '🔴',
  revoke: '🔴',
  replace: '🟡',
  supersede: '🟡',
  retag: '🔵',
  rename: '⚪',
  forget: '⚪',
  'create-account': '🟢',
  'create-relationship': '🟢',
  'update-account': '🔵',
  'update-relationship': '🔵',
  'delete-account': '🔴',
  'delete-relationship': '🔴',
};

const ACTION_PHRASES: Record<ChangeAction, string> = {
  create: 'to create',
  cancel: 'to cancel',
  revoke: 'to revoke',
  replace: 'to replace',
  supersede: 'to supersede',
  retag: 'to retag',
  rename: 'to rename',
  forget: 'to forget',
  'create-account': 'to create',
  'create-relationship': 'to create',
  'update-account': 'to update',
  'update-relationship': 'to update',
  'delete-account': 'to delete',
  'delete-relationship': 'to delete',
};

/**
 * The order a reviewer reads changes in: what ends a handshake first, then what sends one, then what only edits tags
 * or the recorded state. Only for display: the plan keeps its own (apply) order, which its digest covers.
 */
const DISPLAY_ORDER: readonly ChangeAction[] = [
  'delete-relationship',
  'delete-account',
  'revoke',
  'cancel',
  'replace',
  'supersede',
  'create-account',
  'create-relationship',
  'create',
  'update-account',
  'update-relationship',
  'retag',
  'rename',
  'forget',
];

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

/** Emoji and verb held together by a non-breaking space, so a narrow column never splits them. */
export function actionLabel(action: ChangeAction): string {
  return `${ACTION_ICONS[action]}\u00a0${action}`;
}

/** Resource changes name what they create in the summary line: "1 relationship to create". */
const RESOURCE_WORDS = {
  'create-account': 'program management account',
  'create-relationship': 'relationship',
  'update-account': 'program management account',
  'update-relationship': 'relationship',
  'delete-account': 'program management account',
  'delete-relationship': 'relationship',
} as const;

function countOf(summary: PlanSummary, action: ChangeAction): number {
  return summary[action] ?? 0;
}

/** Changes in display order; stable, so the plan's name order holds within each action. */
export function inDisplayOrder<T extends { action: ChangeAction }>(items: readonly T[]): T[] {
  return [...items].sort((left, right) => DISPLAY_ORDER.indexOf(left.action) - DISPLAY_ORDER.indexOf(right.action));
}

/** "1 to revoke, 2 to create" — the line a reviewer reads first, destructive counts first. */
export function summaryLine(summary: PlanSummary): string {
  const parts = DISPLAY_ORDER.filter((action) => countOf(summary, action) > 0).map((action) => {
    const count = countOf(summary, action);
    const what = RESOURCE_WORDS[action as keyof typeof RESOURCE_WORDS];
    return `${what ? plural(count, what) : count.toLocaleString('en-US')} ${ACTION_PHRASES[action]}`;
  });
  return parts.length === 0 ? 'No changes.' : `${parts.join(', ')}.`;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** One sentence saying what merging will do, in the words of what happens to handshakes. */
export function mergeEffectLine(summary: PlanSummary): string {
  // The numbers come from core/policy.ts, as the warning's and the gate's do.
  const { endsNow, supersedes } = handshakeEffects(summary);
  const replaces = countOf(summary, 'replace');
  const creates = countOf(summary, 'create');
  const retags = countOf(summary, 'retag');
  const stateOnly = countOf(summary, 'rename') + countOf(summary, 'forget');
  const parts: string[] = [];
  if (endsNow > 0) {
    const replaced =
      replaces === 0
        ? ''
        : ` (${replaces === endsNow && replaces === 1 ? 'it is' : `${replaces} of them`} replaced with ${replaces === 1 ? 'a new one' : 'new ones'})`;
    parts.push(`end ${plural(endsNow, 'handshake')}${replaced}`);
  }
  if (supersedes > 0) {
    parts.push(
      `supersede ${plural(supersedes, 'handshake')} with new terms (in force until the customer accepts them)`,
    );
  }
  parts.push(...resourceEffectParts(summary));
  if (creates > 0) parts.push(`send ${plural(creates, 'new handshake')}`);
  if (retags > 0) parts.push(`change the tags of ${plural(retags, 'handshake')}`);
  if (stateOnly > 0) parts.push(`update ${plural(stateOnly, 'entry', 'entries')} of the recorded state only`);
  if (parts.length === 0) return 'Merging will change nothing in AWS.';
  const sentence = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `Merging will ${sentence}.`;
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

/** "ch-… (START_SERVICE_PERIOD, ACCEPTED, sent 2026-11-27 12:00 UTC)": the handshake a change ends or acts on. */
export function previousHandshakeLine(change: Change): string | undefined {
  const handshake = change.previous?.handshake;
  if (!handshake) {
    return retirementOf(change)?.id;
  }
  const when = handshake.updatedAt
    ? ` since ${readableMoment(handshake.updatedAt)}`
    : handshake.sentAt
      ? `, sent ${readableMoment(handshake.sentAt)}`
      : '';
  return `${handshake.id} (${handshake.handshakeType}, ${handshake.status}${when})`;
}

/**
 * What a change does to the handshake it concerns, as a sentence start: "Ends", "Supersedes", … A supersede ends
 * nothing when applied (the period stays in force until the customer accepts), so it never says "Ends".
 */
export function previousVerb(change: Change): string {
  switch (change.action) {
    case 'cancel':
    case 'revoke':
    case 'replace':
      return 'Ends';
    case 'supersede':
      return 'Supersedes';
    case 'rename':
    case 'forget':
      return 'Recorded as';
    case 'create':
    case 'retag':
    case 'create-account':
    case 'create-relationship':
    case 'update-account':
    case 'update-relationship':
      return 'Acts on';
    case 'delete-account':
    case 'delete-relationship':
      return 'Ends';
    default:
      return unreachable(change);
  }
}
