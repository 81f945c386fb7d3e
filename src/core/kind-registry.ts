// The core's registry of declaration kinds: for each kind, everything the pure engine needs from it, in one typed
// `Record<KindName, …>` so that a kind added to `KIND_NAMES` fails to compile until it has every entry:
//   declaration — its schema, normalisation and identity (core/declaration-kinds.ts);
//   changes     — its actions, which of them touch only the state, and what each waits for (core/kinds.ts);
//   plan        — how its declarations become changes;
//   record      — the state transitions that record what AWS answered for its changes.
// The edges keep their own registries, keyed the same way: `execute` in src/apply/executor.ts, `refresh` in
// src/apply/kind-refresh.ts and `describe` in src/render/kind-describers.ts. ARCHITECTURE.md lists what a new kind
// supplies.
import type { ReferencingHandshakeDeclaration, ResourceDeclaration } from './channel-declarations.js';
import { DECLARATION_ENTRIES, type DeclarationKindEntry } from './declaration-kinds.js';
import { historyOf } from './history.js';
import { clearIntent, recordIntent } from './intents.js';
import { CHANGE_KINDS, type DeclarationKind, KIND_NAMES, type KindName } from './kinds.js';
import type { Change, Declaration, Diagnostic, RecordedState, WaitingDeclaration } from './model.js';
import { createPlan } from './plan.js';
import { recordCreation, recordForget, recordRename, recordRetag, recordRetirement } from './record.js';

// What a handshake's recorder takes: the one way in to core/record.ts is this registry.
export type { StepResult } from './record.js';

import { planResources } from './resource-plan.js';
import {
  clearResourceIntent,
  recordResource,
  recordResourceDeleted,
  recordResourceIntent,
  recordUpdate,
} from './resource-record.js';

/** What validation kept, of every kind: the input of every planner. */
export interface DeclaredOfEveryKind {
  /** Handshake declarations (with their resource written literally). */
  declarations: readonly Declaration[];
  /** Program management accounts and relationships. */
  resources: readonly ResourceDeclaration[];
  /** Handshake declarations naming their resource by reference, resolved by the planner of what they name. */
  referencing: readonly ReferencingHandshakeDeclaration[];
}

/** What a kind's planner adds to the plan; the handshake planner then puts the plan together (core/plan.ts). */
export interface PlannedPart {
  changes: Change[];
  /** Handshake declarations whose reference now names something recorded, with its id written in. */
  resolved: Declaration[];
  waits: WaitingDeclaration[];
  diagnostics: Diagnostic[];
}

/**
 * Plans the declarations of kinds that handshakes may wait for. Runs before the handshake planner, which plans the
 * handshakes it resolved with the rest. Kinds planned together (a relationship needs to see its account) share one.
 */
interface KindPlanner {
  /** Whether there is anything for it to plan; when no planner has, a plan of handshakes only is made directly. */
  hasWork(declared: DeclaredOfEveryKind, state: RecordedState): boolean;
  plan(declared: DeclaredOfEveryKind, state: RecordedState, now: Date): PlannedPart;
}

/** Program management accounts and relationships are planned together: a relationship waits for its account. */
const RESOURCE_PLANNER: KindPlanner = {
  hasWork: (declared, state) => declared.resources.length > 0 || declared.referencing.length > 0 || !!state.resources,
  plan: (declared, state, now) =>
    planResources(declared.resources, declared.referencing, state, declared.declarations, now),
};

/** Every recorder answers whether the state records a declaration of its kind under a name. */
interface KindRecorder {
  holds(state: RecordedState, name: string): boolean;
  /** Drops the name's in-flight create: AWS refused it outright, so nothing was created. */
  clearIntent(state: RecordedState, name: string): RecordedState;
}

/** Checks a recorder has the common part, and keeps the type of its kind's own transitions. */
const recorder = <T extends KindRecorder>(entries: T): T => entries;

const HANDSHAKE_RECORDER = recorder({
  holds: (state: RecordedState, name: string) => historyOf(state, name) !== undefined,
  intent: recordIntent,
  clearIntent,
  creation: recordCreation,
  retirement: recordRetirement,
  retag: recordRetag,
  rename: recordRename,
  forget: recordForget,
});

function resourceRecorder(kind: Exclude<KindName, 'ChannelHandshake'>) {
  return recorder({
    holds: (state: RecordedState, name: string) =>
      !!state.resources && Object.hasOwn(state.resources, name) && state.resources[name]?.kind === kind,
    intent: recordResourceIntent,
    clearIntent: clearResourceIntent,
    created: recordResource,
    updated: recordUpdate,
    deleted: recordResourceDeleted,
  });
}

interface RecordersByKind {
  ChannelHandshake: typeof HANDSHAKE_RECORDER;
  ProgramManagementAccount: ReturnType<typeof resourceRecorder>;
  Relationship: ReturnType<typeof resourceRecorder>;
}

/** Everything the core knows of one kind. */
export interface CoreKind<K extends KindName> {
  declaration: DeclarationKindEntry<K>;
  changes: DeclarationKind<K>;
  /** The handshake, planned last, puts the plan together; every other kind supplies a planner that runs before it. */
  plan: K extends 'ChannelHandshake' ? typeof createPlan : KindPlanner;
  record: RecordersByKind[K];
}

export const CORE_KINDS: { readonly [K in KindName]: CoreKind<K> } = {
  ChannelHandshake: {
    declaration: DECLARATION_ENTRIES.ChannelHandshake,
    changes: CHANGE_KINDS.ChannelHandshake,
    plan: createPlan,
    record: HANDSHAKE_RECORDER,
  },
  ProgramManagementAccount: {
    declaration: DECLARATION_ENTRIES.ProgramManagementAccount,
    changes: CHANGE_KINDS.ProgramManagementAccount,
    plan: RESOURCE_PLANNER,
    record: resourceRecorder('ProgramManagementAccount'),
  },
  Relationship: {
    declaration: DECLARATION_ENTRIES.Relationship,
    changes: CHANGE_KINDS.Relationship,
    plan: RESOURCE_PLANNER,
    record: resourceRecorder('Relationship'),
  },
};

/** The planners of every kind but the handshake, each once, in registry order: what runs before the handshakes. */
const PLANNERS_BEFORE_HANDSHAKES: readonly KindPlanner[] = [
  ...new Set(KIND_NAMES.flatMap((kind) => (kind === 'ChannelHandshake' ? [] : [CORE_KINDS[kind].plan as KindPlanner]))),
];

/**
 * What the kinds planned before the handshakes add, or undefined when none of them has anything to plan (then the
 * plan is one of handshakes only, made exactly as before any other kind existed).
 */
export function planKindsBeforeHandshakes(
  declared: DeclaredOfEveryKind,
  state: RecordedState,
  now: Date,
): PlannedPart | undefined {
  if (!PLANNERS_BEFORE_HANDSHAKES.some((planner) => planner.hasWork(declared, state))) return undefined;
  const parts = PLANNERS_BEFORE_HANDSHAKES.map((planner) => planner.plan(declared, state, now));
  return {
    changes: parts.flatMap((part) => part.changes),
    resolved: parts.flatMap((part) => part.resolved),
    waits: parts.flatMap((part) => part.waits),
    diagnostics: parts.flatMap((part) => part.diagnostics),
  };
}
