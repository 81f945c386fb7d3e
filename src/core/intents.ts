import { canonicalJson } from './canonical.js';
import { relationshipKey } from './history.js';
import type {
  Change,
  CreateIntent,
  Declaration,
  Diagnostic,
  HandshakePurpose,
  HandshakeType,
  RecordedState,
  SendingChange,
} from './model.js';
import { ownValue } from './own.js';

/** Records, before a create is sent, exactly what will be sent, so an interrupted run can be finished as it was. */
export function recordIntent(state: RecordedState, change: SendingChange, recordedAt: string): RecordedState {
  const { request, clientToken, spec, generation } = change;
  const intent: CreateIntent = {
    name: change.name,
    clientToken,
    request,
    spec,
    generation,
    purpose: change.purpose,
    ...(change.ends ? { ends: change.ends } : {}),
    recordedAt,
  };
  return { ...state, intents: { ...state.intents, [change.name]: intent } };
}

/** The purpose an intent of an earlier release (which did not record one) is resumed with. */
function purposeOfType(type: HandshakeType): HandshakePurpose {
  if (type === 'PROGRAM_MANAGEMENT_ACCOUNT') return 'pma';
  if (type === 'REVOKE_SERVICE_PERIOD') return 'revoke';
  return 'start';
}

/** Removes a name's intent once its create is recorded, or once AWS refused it outright (nothing was created). */
export function clearIntent(state: RecordedState, name: string): RecordedState {
  if (!state.intents || !ownValue(state.intents, name)) return state;
  const { [name]: _done, ...intents } = state.intents;
  const { intents: _all, ...rest } = state;
  return Object.keys(intents).length > 0 ? { ...rest, intents } : rest;
}

export interface ResumedIntents {
  changes: Change[];
  diagnostics: Diagnostic[];
  /** Names planned here: the ordinary planning of these waits for the next plan. */
  names: Set<string>;
}

/**
 * An intent in the state means an earlier apply sent (or was about to send) a create and never recorded the answer.
 * Whatever the declaration says now, that create is resolved first: replayed with the same request and token, so AWS
 * answers with the handshake it may already hold instead of a second one. The edit is planned once it is recorded.
 */
export function resumeIntents(state: RecordedState, declarations: readonly Declaration[]): ResumedIntents {
  const declared = new Map(declarations.map((declaration) => [declaration.spec.name, declaration]));
  const changes: Change[] = [];
  const diagnostics: Diagnostic[] = [];
  const names = new Set<string>();
  for (const name of Object.keys(state.intents ?? {}).sort()) {
    const intent = ownValue(state.intents ?? {}, name) as CreateIntent;
    names.add(name);
    const conflict = conflictingDeclaration(intent, declarations);
    if (conflict) {
      diagnostics.push(resumeRefused(intent, conflict));
      continue;
    }
    const subject = {
      name,
      handshakeType: intent.request.handshakeType,
      catalog: intent.request.catalog,
      resource: intent.request.associatedResourceIdentifier,
      reason: { rule: 'resume-interrupted-create', recordedAt: intent.recordedAt } as const,
      clientToken: intent.clientToken,
      request: intent.request,
      generation: intent.generation,
      spec: intent.spec,
      purpose: intent.purpose ?? purposeOfType(intent.request.handshakeType),
      ...(intent.ends ? { ends: intent.ends } : {}),
    };
    // A REVOKE_SERVICE_PERIOD ends a period once accepted: replayed, it is counted as the revoke it is (the
    // destructive gate, the summary), never as a plain create.
    changes.push(
      intent.request.handshakeType === 'REVOKE_SERVICE_PERIOD'
        ? { ...subject, action: 'revoke' }
        : { ...subject, action: 'create', resume: true },
    );
    const declaration = declared.get(name);
    const edited = !declaration || canonicalJson(declaration.spec) !== canonicalJson(intent.spec);
    if (edited) {
      diagnostics.push({
        severity: 'notice',
        code: 'plan.resume-first',
        name,
        ...(declaration ? { location: declaration.location } : {}),
        message: `"${name}" has an interrupted create; it is resumed first, and ${declaration ? 'the change to its declaration' : 'its removal'} is planned by the next plan, against the handshake AWS answers with.`,
      });
    }
  }
  return { changes, diagnostics, names };
}

/** Whether two handshake types concern the same thing on a resource: a service period's START and REVOKE do. */
function sameKind(left: HandshakeType, right: HandshakeType): boolean {
  return (left === 'PROGRAM_MANAGEMENT_ACCOUNT') === (right === 'PROGRAM_MANAGEMENT_ACCOUNT');
}

/**
 * A declaration under another name on the intent's relationship or program management account. An intent is never
 * trusted beyond equality with what the engine builds, so it passes the rules a declaration does: no REVOKE while a
 * START for its relationship is declared, no second START or PMA handshake next to another name's.
 */
function conflictingDeclaration(intent: CreateIntent, declarations: readonly Declaration[]): Declaration | undefined {
  const key = relationshipKey(intent.spec);
  return declarations.find(
    (declaration) =>
      declaration.spec.name !== intent.name &&
      sameKind(declaration.spec.handshakeType, intent.spec.handshakeType) &&
      relationshipKey(declaration.spec) === key,
  );
}

function resumeRefused(intent: CreateIntent, conflict: Declaration): Diagnostic {
  const type = intent.request.handshakeType;
  const rule =
    type === 'REVOKE_SERVICE_PERIOD' && conflict.spec.handshakeType === 'START_SERVICE_PERIOD'
      ? 'a REVOKE_SERVICE_PERIOD is never sent while a START for its relationship is declared'
      : `sending it would put a second live handshake on ${intent.request.associatedResourceIdentifier}`;
  return {
    severity: 'error',
    code: 'plan.resume-refused',
    name: intent.name,
    location: conflict.location,
    message: `the state holds an interrupted ${type} for "${intent.name}" on ${intent.request.associatedResourceIdentifier}, but "${conflict.spec.name}" declares a ${conflict.spec.handshakeType} for it: ${rule}, so it is not resumed and nothing is applied. If the state was edited, restore it from git; if an apply of "${intent.name}" really was interrupted, take "${conflict.spec.name}" out of this change until an apply has finished "${intent.name}".`,
  };
}
