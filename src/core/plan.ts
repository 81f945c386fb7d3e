import { applyWaves } from './apply-order.js';
import { sha256HexOfCanonicalArray } from './canonical.js';
import {
  historyEntries,
  historyOf,
  identityOf,
  latestOwn,
  relationshipKey,
  renamedHistory,
  withHistory,
  withoutHistory,
} from './history.js';
import { resumeIntents } from './intents.js';
import { ALL_ACTIONS, HANDSHAKE_KIND } from './kinds.js';
import { LifecyclePlanner, type Outcome, previousOf } from './lifecycle.js';
import {
  type Change,
  type Declaration,
  type DeclarationHistory,
  type Diagnostic,
  type ForgetRequest,
  PLAN_FORMAT_VERSION,
  type Plan,
  type PlanSummary,
  type RecordedState,
  retirementOf,
  type WaitingDeclaration,
} from './model.js';

export interface PlanOptions {
  /** The moment fixed terms are measured against. Without it, no fixed term counts as over. */
  now?: Date;
  forgets?: readonly ForgetRequest[];
  /** The changes to program management accounts and relationships, and what waits (core/resource-plan.ts). */
  resources?: { changes: readonly Change[]; waits: readonly WaitingDeclaration[] };
}

/** Forget documents whose name the state no longer holds: done, and safe to delete. */
export function forgetDone(forgets: readonly ForgetRequest[], state: RecordedState): Diagnostic[] {
  return forgets
    .filter((request) => !historyOf(state, request.name))
    .map((request) => ({
      severity: 'warning' as const,
      code: 'forget.done',
      name: request.name,
      field: 'forget',
      location: request.location,
      message: `"${request.name}" is not in the recorded state (any more): this forget document can be deleted.`,
    }));
}

/** Declarations with history moved from names no longer declared: exactly one candidate each way, or none. */
function findRenames(
  declarations: readonly Declaration[],
  state: RecordedState,
  excluded: ReadonlySet<string>,
): { renames: { from: string; to: Declaration }[]; diagnostics: Diagnostic[]; held: Set<string> } {
  const declaredNames = new Set(declarations.map((declaration) => declaration.spec.name));
  const oldByIdentity = new Map<string, string[]>();
  for (const [name, history] of historyEntries(state)) {
    if (declaredNames.has(name) || excluded.has(name)) continue;
    const latest = latestOwn(history);
    if (!latest) continue;
    const identity = identityOf(latest.spec);
    oldByIdentity.set(identity, [...(oldByIdentity.get(identity) ?? []), name]);
  }
  const newByIdentity = new Map<string, Declaration[]>();
  // No recorded name left undeclared: nothing can have been renamed, and the identities of new names are not needed.
  for (const declaration of oldByIdentity.size > 0 ? declarations : []) {
    if (historyOf(state, declaration.spec.name)) continue;
    const identity = identityOf(declaration.spec);
    newByIdentity.set(identity, [...(newByIdentity.get(identity) ?? []), declaration]);
  }
  const renames: { from: string; to: Declaration }[] = [];
  const diagnostics: Diagnostic[] = [];
  // An ambiguous rename holds every name involved: planned on their own, the new name would send a second START with
  // the very terms of a live one, and the old names would be ended.
  const held = new Set<string>();
  for (const [identity, fresh] of newByIdentity) {
    const old = oldByIdentity.get(identity) ?? [];
    if (old.length === 0) continue;
    if (old.length === 1 && fresh.length === 1) {
      renames.push({ from: old[0] as string, to: fresh[0] as Declaration });
      continue;
    }
    const live = old.some((name) => {
      const status = latestOwn(historyOf(state, name) as DeclarationHistory)?.status;
      return status === 'PENDING' || status === 'ACCEPTED';
    });
    if (live) for (const name of old) held.add(name);
    for (const declaration of fresh) {
      if (live) held.add(declaration.spec.name);
      diagnostics.push({
        severity: 'warning',
        code: 'plan.rename-ambiguous',
        name: declaration.spec.name,
        field: 'name',
        location: declaration.fieldLocations.name,
        message: `"${declaration.spec.name}" could be a rename of ${old.map((candidate) => `"${candidate}"`).join(', ')}${fresh.length > 1 ? ` (and so could ${fresh.length - 1} other declaration(s))` : ''}: the same handshake under more than one candidate name, so nothing is renamed. ${live ? 'One of them is live, so nothing is planned for any of these names (no second handshake with the same terms, nothing ended). To move a history, keep exactly one pair: add a forget document for the other recorded names, or give the other declarations their own handshake.' : 'Each recorded name is planned on its own; to move a history, keep exactly one pair.'}`,
      });
    }
  }
  return { renames, diagnostics, held };
}

/** Plans that would cancel, revoke or replace a protected declaration's handshakes turn into errors. */
function enforceProtection(
  changes: readonly Change[],
  state: RecordedState,
  declared: ReadonlyMap<string, Declaration>,
): Outcome {
  const kept: Change[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const change of changes) {
    const retire = retirementOf(change);
    const destructive =
      change.action === 'cancel' || change.action === 'revoke' || change.action === 'replace' || retire !== undefined;
    const declaration = declared.get(change.name);
    const recordedProtect = historyOf(state, change.name)?.protect === true;
    const declaredProtect = declaration?.spec.protect === true;
    if (destructive && (recordedProtect || declaredProtect)) {
      diagnostics.push({
        severity: 'error',
        code: 'plan.protected',
        name: change.name,
        ...(declaration ? { location: declaration.location, field: 'protect' } : {}),
        message: `"${change.name}" is protected, and this plan would ${retire?.action ?? change.action} ${retire?.id ?? 'its handshake'} (${change.action}). Nothing is planned for it. To go ahead, first merge a pull request that sets protect: false on "${change.name}".`,
      });
      continue;
    }
    kept.push(change);
  }
  return { changes: kept, diagnostics };
}

/** Every handshake action is counted, zero or not; an action of another kind only when the plan has one. */
function summarize(changes: readonly Change[]): PlanSummary {
  const summary = Object.fromEntries(HANDSHAKE_KIND.actions.map((action) => [action, 0])) as PlanSummary;
  for (const change of changes) {
    summary[change.action] = (summary[change.action] ?? 0) + 1;
  }
  return summary;
}

/**
 * `sha256:` over the canonical JSON of the ordered changes: nothing about the run, the machine or the clock. What
 * waits is reviewed too, so it is covered when there is any (a plan without waits keeps the digest it always had).
 */
function planDigest(changes: readonly Change[], waits: readonly WaitingDeclaration[]): string {
  return `sha256:${sha256HexOfCanonicalArray(waits.length > 0 ? [...changes, { waits }] : changes)}`;
}

/**
 * The plan lists its changes in the order they are applied: wave by wave as the kinds' waits decide (renames and
 * forgets before anything that calls the API), and within a wave by name, then by action, for a stable digest.
 */
function inApplyOrder(changes: readonly Change[]): Change[] {
  const byNameThenAction = (left: Change, right: Change) =>
    left.name < right.name
      ? -1
      : left.name > right.name
        ? 1
        : ALL_ACTIONS.indexOf(left.action) - ALL_ACTIONS.indexOf(right.action);
  return applyWaves(changes).flatMap((wave) => wave.map((index) => changes[index] as Change).sort(byNameThenAction));
}

/**
 * Computes what must happen for AWS to hold the declared handshakes, given the history the state records. Pure: the
 * same declarations, state and clock give the same plan, digest and clientTokens on any machine.
 */
export function createPlan(
  declarations: readonly Declaration[],
  recordedState: RecordedState,
  options: PlanOptions = {},
): Plan {
  const changes: Change[] = [];
  const diagnostics: Diagnostic[] = [];
  const declared = new Map(declarations.map((declaration) => [declaration.spec.name, declaration]));
  const forgets = new Map<string, ForgetRequest>();
  for (const request of options.forgets ?? []) {
    if (declared.has(request.name)) {
      diagnostics.push({
        severity: 'error',
        code: 'forget.declared',
        name: request.name,
        field: 'forget',
        location: request.location,
        message: `"${request.name}" is still declared, so it cannot be forgotten. Remove its declaration, or delete this forget document.`,
      });
    } else if (!historyOf(recordedState, request.name)) {
      diagnostics.push(...forgetDone([request], recordedState));
    } else {
      forgets.set(request.name, request);
    }
  }

  // Renames first: the new declaration is then planned against the moved history.
  let state = recordedState;
  const renamed = findRenames(declarations, state, new Set(forgets.keys()));
  diagnostics.push(...renamed.diagnostics);
  for (const { from, to } of renamed.renames) {
    const history = historyOf(state, from) as DeclarationHistory;
    const latest = latestOwn(history);
    changes.push({
      name: to.spec.name,
      handshakeType: to.spec.handshakeType,
      catalog: to.spec.catalog,
      resource: to.spec.associatedResourceIdentifier,
      action: 'rename',
      reason: { rule: 'renamed', from },
      previous: { ...(latest ? previousOf(latest) : {}), name: from },
    });
    state = withoutHistory(withHistory(state, to.spec.name, renamedHistory(history, to.spec.name)), from);
  }

  const declaredServicePeriods = new Map<string, Declaration>();
  for (const declaration of declarations) {
    if (declaration.spec.handshakeType !== 'PROGRAM_MANAGEMENT_ACCOUNT') {
      declaredServicePeriods.set(relationshipKey(declaration.spec), declaration);
    }
  }
  const planner = new LifecyclePlanner(state, options.now, declaredServicePeriods);
  const planned: Change[] = [];
  // An interrupted create is resolved before anything else is planned for its name.
  const resumed = resumeIntents(state, declarations);
  planned.push(...resumed.changes);
  diagnostics.push(...resumed.diagnostics);
  for (const declaration of declarations) {
    if (resumed.names.has(declaration.spec.name) || renamed.held.has(declaration.spec.name)) continue;
    const outcome = planner.planDeclared(declaration, historyOf(state, declaration.spec.name));
    planned.push(...outcome.changes);
    diagnostics.push(...outcome.diagnostics);
  }
  for (const [name, history] of historyEntries(state)) {
    if (declared.has(name) || resumed.names.has(name) || renamed.held.has(name)) continue;
    const forget = forgets.get(name);
    if (forget) {
      const latest = latestOwn(history) ?? history.handshakes.at(-1);
      planned.push({
        name,
        ...(latest
          ? {
              handshakeType: latest.handshakeType,
              catalog: latest.spec.catalog,
              resource: latest.spec.associatedResourceIdentifier,
            }
          : {}),
        action: 'forget',
        reason: { rule: 'forget-document', ...(forget.reason ? { note: forget.reason } : {}) },
        ...(latest ? { previous: previousOf(latest) } : {}),
      });
      continue;
    }
    const outcome = planner.planUndeclared(name, history);
    planned.push(...outcome.changes);
    diagnostics.push(...outcome.diagnostics);
  }
  const protectedOutcome = enforceProtection(planned, state, declared);
  changes.push(...protectedOutcome.changes);
  diagnostics.push(...protectedOutcome.diagnostics);
  changes.push(...(options.resources?.changes ?? []));
  const ordered = inApplyOrder(changes);
  const waits = [...(options.resources?.waits ?? [])];
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    digest: planDigest(ordered, waits),
    lineage: state.lineage,
    summary: summarize(ordered),
    changes: ordered,
    diagnostics,
    ...(waits.length > 0 ? { waits } : {}),
  };
}
