// How changes to program management accounts and relationships, and the declarations that wait, read in every
// report: kept here so the handshake renderers only call in.
import type { Change, WaitingDeclaration } from '../core/model.js';
import { OWNER_TAG_KEY } from '../core/ownership.js';

const KIND_WORDS = {
  ProgramManagementAccount: 'program management account',
  Relationship: 'relationship',
  ChannelHandshake: 'handshake',
} as const;

/** What a resource change sends, for the detail lines: the request (without its token) and the owner tag. */
export function resourceRequestLines(
  change: Change,
): { request: object; clientToken: string; owner?: string } | undefined {
  if (change.action !== 'create-account' && change.action !== 'create-relationship') return undefined;
  const { clientToken, tags, ...request } = change.request;
  const owner = tags?.find((tag) => tag.key === OWNER_TAG_KEY)?.value;
  const declaredTags = tags?.filter((tag) => tag.key !== OWNER_TAG_KEY) ?? [];
  return {
    request: declaredTags.length > 0 ? { ...request, tags: declaredTags } : request,
    clientToken,
    ...(owner ? { owner } : {}),
  };
}

/** One sentence per waiting declaration: what it waits for, and that a later run sends it. */
export function waitLine(wait: WaitingDeclaration): string {
  const until = {
    created: 'to be created',
    active: 'to become ACTIVE (its activation handshake accepted)',
    ended: 'to end: its service period is in force or a handshake on it is pending (the revoke must be accepted first)',
    deleted: 'to be deleted',
  }[wait.until];
  return `${wait.name} (${KIND_WORDS[wait.kind]}) waits for ${wait.waitsFor} ${until}; a later apply sends it once ready`;
}

/** What an in-place update changes, old → new, one line each: `displayName: "ACME" → "ACME Corp"`, `+ tag team: emea`. */
export function resourceUpdateLines(change: Change): string[] {
  if (change.action !== 'update-account' && change.action !== 'update-relationship') return [];
  const { update } = change;
  const shown = (value: unknown) => (value === undefined ? '(none)' : JSON.stringify(value));
  const lines = Object.entries(update.fields).map(([field, [from, to]]) => `${field}: ${shown(from)} → ${shown(to)}`);
  for (const [key, value] of Object.entries(update.tags?.set ?? {})) lines.push(`tag ${key}: ${JSON.stringify(value)}`);
  for (const key of update.tags?.remove ?? []) lines.push(`tag ${key}: removed`);
  if ('requestedSupportPlan' in update.fields)
    lines.push('requestedSupportPlan: the old value is as sent; AWS does not return it');
  lines.push(`revision sent: ${update.revision ?? 'none recorded: read just before the update'}`);
  return lines;
}
