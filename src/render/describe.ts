import { type Change, type ChangeAction, type PlanSummary, retirementOf, unreachable } from '../core/model.js';
import { handshakeEffects } from '../core/policy.js';
import { readableMoment } from './dates.js';
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
