import { type Change, type ChangeAction, type PlanSummary, retirementOf, unreachable } from '../core/model.js';
import { readableMoment } from './dates.js';
import { countedChanges, mergeEffects } from './kind-describers.js';

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

/** Emoji and verb held together by a non-breaking space, so a narrow column never splits them. */
export function actionLabel(action: ChangeAction): string {
  return `${ACTION_ICONS[action]}\u00a0${action}`;
}

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
    return `${countedChanges(action, countOf(summary, action))} ${ACTION_PHRASES[action]}`;
  });
  return parts.length === 0 ? 'No changes.' : `${parts.join(', ')}.`;
}

/**
 * Where each part of the "Merging will…" sentence is read: what ends things first, then what creates and deletes
 * channel resources, then what sends a handshake, then what only edits tags or the recorded state. Each kind's
 * describer words its parts (render/kind-describers.ts) and names the action a part is read at.
 */
const MERGE_EFFECT_RANK: Record<ChangeAction, number> = {
  // Exhaustive, so a new action must be given its place: the actions no kind words a part at keep a rank anyway.
  cancel: 0,
  revoke: 0,
  replace: 0,
  supersede: 1,
  'create-account': 2,
  'create-relationship': 3,
  'delete-relationship': 4,
  'delete-account': 5,
  'update-account': 6,
  'update-relationship': 7,
  create: 8,
  retag: 9,
  rename: 10,
  forget: 10,
};

/** One sentence saying what merging will do, in the words of what happens to handshakes and channel resources. */
export function mergeEffectLine(summary: PlanSummary): string {
  const parts = mergeEffects(summary)
    .sort((left, right) => MERGE_EFFECT_RANK[left.at] - MERGE_EFFECT_RANK[right.at])
    .map((effect) => effect.text);
  if (parts.length === 0) return 'Merging will change nothing in AWS.';
  const sentence = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `Merging will ${sentence}.`;
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
