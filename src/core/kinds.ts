// The kinds of declaration the engine plans, and what each says about the order its changes are applied in. A kind
// names its actions and which other changes one of its changes waits for; the apply order is derived from those
// waits (core/apply-order.ts), never from a flat list, so a kind added later (a relationship, a program management
// account whose handshakes wait for it) only adds its own entry here.
import type { Change, ChangeAction } from './model.js';

export interface DeclarationKind {
  name: string;
  /** The actions of this kind's changes, in the order a plan's summary lists them. */
  actions: readonly ChangeAction[];
  /** Actions that touch only the state file: no API call. */
  stateOnly: ReadonlySet<ChangeAction>;
  /** The changes `change` (of this kind) may run only after: every change of an action, or only those of one name. */
  waitsFor(change: Change): readonly Wait[];
}

/** What a change waits for: every change of `action` in the plan, or only those for the declaration `name`. */
export interface Wait {
  action: ChangeAction;
  name?: string;
}

const HANDSHAKE_STATE_ONLY: ReadonlySet<ChangeAction> = new Set(['rename', 'forget']);

/**
 * Channel handshakes. Renames and forgets touch only the state; every change that calls the API waits for all of
 * them, because a rename moves the history that the changes planned under the new name record into.
 */
export const HANDSHAKE_KIND: DeclarationKind = {
  name: 'handshake',
  actions: ['rename', 'forget', 'create', 'supersede', 'cancel', 'revoke', 'replace', 'retag'],
  stateOnly: HANDSHAKE_STATE_ONLY,
  waitsFor: (change) => (HANDSHAKE_STATE_ONLY.has(change.action) ? [] : [{ action: 'rename' }, { action: 'forget' }]),
};

/** Changes that touch only the state file: no API call. */
export const STATE_ONLY_ACTIONS: ReadonlySet<ChangeAction> = HANDSHAKE_STATE_ONLY;

/**
 * Program management accounts and relationships. A create waits for renames and forgets like every change that calls
 * the API; it never waits for another change of the same plan, because a relationship is planned only under an
 * account that exists and is active, and a handshake naming a resource only once the resource exists (until then
 * each is listed as waiting, core/resource-plan.ts).
 */
const PROGRAM_MANAGEMENT_ACCOUNT_KIND: DeclarationKind = {
  name: 'ProgramManagementAccount',
  actions: ['create-account', 'update-account', 'delete-account'],
  stateOnly: new Set(),
  // A program management account is deleted only after every relationship under it that this plan deletes.
  waitsFor: (change) =>
    change.action === 'delete-account'
      ? [{ action: 'rename' }, { action: 'forget' }, { action: 'delete-relationship' }]
      : [{ action: 'rename' }, { action: 'forget' }],
};

const RELATIONSHIP_KIND: DeclarationKind = {
  name: 'Relationship',
  actions: ['create-relationship', 'update-relationship', 'delete-relationship'],
  stateOnly: new Set(),
  waitsFor: () => [{ action: 'rename' }, { action: 'forget' }],
};

/** Every kind, in the order their actions appear in a plan's summary. */
const DECLARATION_KINDS: readonly DeclarationKind[] = [
  HANDSHAKE_KIND,
  PROGRAM_MANAGEMENT_ACCOUNT_KIND,
  RELATIONSHIP_KIND,
];

/** The kind a change belongs to. */
export function kindOf(change: Change): DeclarationKind {
  const kind = DECLARATION_KINDS.find((candidate) => candidate.actions.includes(change.action));
  if (!kind) throw new Error(`no declaration kind has the action ${change.action}`);
  return kind;
}

/** Every action of every kind, in summary order. */
export const ALL_ACTIONS: readonly ChangeAction[] = DECLARATION_KINDS.flatMap((kind) => kind.actions);
