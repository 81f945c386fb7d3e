// The kinds of declaration the engine plans, and what each says about the order its changes are applied in. A kind
// names its actions and which other changes one of its changes waits for; the apply order is derived from those
// waits (core/apply-order.ts), never from a flat list, so a kind added later (a relationship, a program management
// account whose handshakes wait for it) only adds its own entry here. Every per-kind table of the program is a
// `Record<KindName, …>` (see core/kind-registry.ts), so a new kind fails to compile until each layer has its entry.
import { InternalError } from './errors.js';
import type { Change, ChangeAction, ResourceChange } from './model.js';

/** Every kind of declaration, the handshake first. */
export const KIND_NAMES = ['ChannelHandshake', 'ProgramManagementAccount', 'Relationship'] as const;
export type KindName = (typeof KIND_NAMES)[number];

/** The changes of each kind: a change belongs to exactly one kind. */
interface ChangesByKind {
  ChannelHandshake: Exclude<Change, ResourceChange>;
  ProgramManagementAccount: Extract<ResourceChange, { kind: 'ProgramManagementAccount' }>;
  Relationship: Extract<ResourceChange, { kind: 'Relationship' }>;
}
export type ChangeOfKind<K extends KindName> = ChangesByKind[K];

export interface DeclarationKind<K extends KindName = KindName> {
  name: K;
  /** The actions of this kind's changes, in the order a plan's summary lists them. */
  actions: readonly ChangeOfKind<K>['action'][];
  /** Actions that touch only the state file: no API call. */
  stateOnly: ReadonlySet<ChangeAction>;
  /** The changes `change` (of this kind) may run only after: every change of an action, or only those of one name. */
  waitsFor(change: ChangeOfKind<K>): readonly Wait[];
  /**
   * Whether apply's pre-flight lists what AWS holds for these changes and decides each before anything is sent
   * (core/apply-time-decision.ts); otherwise the kind's executor checks just before each create.
   */
  decidedBeforeSending: boolean;
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
const HANDSHAKE_CHANGES: DeclarationKind<'ChannelHandshake'> = {
  name: 'ChannelHandshake',
  actions: ['rename', 'forget', 'create', 'supersede', 'cancel', 'revoke', 'replace', 'retag'],
  stateOnly: HANDSHAKE_STATE_ONLY,
  waitsFor: (change) => (HANDSHAKE_STATE_ONLY.has(change.action) ? [] : [{ action: 'rename' }, { action: 'forget' }]),
  decidedBeforeSending: true,
};

/** The handshake kind, for callers that hold any change. */
export const HANDSHAKE_KIND: DeclarationKind = HANDSHAKE_CHANGES;

/** Changes that touch only the state file: no API call. */
export const STATE_ONLY_ACTIONS: ReadonlySet<ChangeAction> = HANDSHAKE_STATE_ONLY;

/**
 * Program management accounts and relationships. A create waits for renames and forgets like every change that calls
 * the API; it never waits for another change of the same plan, because a relationship is planned only under an
 * account that exists and is active, and a handshake naming a resource only once the resource exists (until then
 * each is listed as waiting, core/resource-plan.ts).
 */
const PROGRAM_MANAGEMENT_ACCOUNT_KIND: DeclarationKind<'ProgramManagementAccount'> = {
  name: 'ProgramManagementAccount',
  actions: ['create-account', 'update-account', 'delete-account'],
  stateOnly: new Set(),
  // A program management account is deleted only after every relationship under it that this plan deletes.
  waitsFor: (change) =>
    change.action === 'delete-account'
      ? [{ action: 'rename' }, { action: 'forget' }, { action: 'delete-relationship' }]
      : [{ action: 'rename' }, { action: 'forget' }],
  decidedBeforeSending: false,
};

const RELATIONSHIP_KIND: DeclarationKind<'Relationship'> = {
  name: 'Relationship',
  actions: ['create-relationship', 'update-relationship', 'delete-relationship'],
  stateOnly: new Set(),
  waitsFor: () => [{ action: 'rename' }, { action: 'forget' }],
  decidedBeforeSending: false,
};

/** The change side of every kind. */
export const CHANGE_KINDS: { readonly [K in KindName]: DeclarationKind<K> } = {
  ChannelHandshake: HANDSHAKE_CHANGES,
  ProgramManagementAccount: PROGRAM_MANAGEMENT_ACCOUNT_KIND,
  Relationship: RELATIONSHIP_KIND,
};

const KIND_OF_ACTION = new Map<ChangeAction, KindName>(
  KIND_NAMES.flatMap((kind) => CHANGE_KINDS[kind].actions.map((action) => [action, kind] as const)),
);

/** The name of the kind a change belongs to, by its action. */
export function kindNameOf(change: Change): KindName {
  return kindNameOfAction(change.action);
}

/** The name of the kind an action belongs to; every action belongs to exactly one (test/kind-registry.test.ts). */
export function kindNameOfAction(action: ChangeAction): KindName {
  const kind = KIND_OF_ACTION.get(action);
  if (!kind) throw new InternalError(`no declaration kind has the action ${action}`);
  return kind;
}

/** The kind a change belongs to. */
export function kindOf(change: Change): DeclarationKind {
  return CHANGE_KINDS[kindNameOf(change)];
}

/**
 * Calls the entry of the change's kind with the change, typed as that kind's change (and any further arguments): how
 * every layer dispatches through its registry. The one cast is sound because `kindNameOf` picks the kind whose actions
 * include the change's.
 */
export function byKind<A extends unknown[], R>(
  change: Change,
  entries: { readonly [K in KindName]: (change: ChangeOfKind<K>, ...rest: A) => R },
  ...rest: A
): R {
  return (entries[kindNameOf(change)] as (change: Change, ...rest: A) => R)(change, ...rest);
}

/** Every action of every kind, in summary order. */
export const ALL_ACTIONS: readonly ChangeAction[] = KIND_NAMES.flatMap((kind) => CHANGE_KINDS[kind].actions);
