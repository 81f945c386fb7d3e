import jsonPatch from 'fast-json-patch';
import { canonicalJson, sha256Hex } from './canonical.js';
import {
  CHANGE_ORDER,
  type Change,
  type ChangePrevious,
  type Declaration,
  type Diagnostic,
  type HandshakeSpec,
  type Plan,
  type PlanSummary,
  type RecordedHandshake,
  type RecordedState,
  type TagChange,
  TERMINAL_STATUSES,
} from './model.js';
import { createRequestBody } from './normalize.js';
import { ownValue, setOwn } from './own.js';
import { clientToken } from './token.js';

/** Fields whose change can be applied in place; every other difference needs a new handshake. */
const MUTABLE_PATHS = ['/tags', '/revision'];

function immutableDifferences(recorded: HandshakeSpec, desired: HandshakeSpec): string[] {
  return jsonPatch
    .compare(recorded, desired)
    .map((operation) => operation.path)
    .filter((path) => !MUTABLE_PATHS.some((mutable) => path === mutable || path.startsWith(`${mutable}/`)));
}

function tagChange(recorded: RecordedHandshake, desired: HandshakeSpec): TagChange | undefined {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const operation of jsonPatch.compare({ tags: recorded.spec.tags }, { tags: desired.tags })) {
    const key = jsonPatch.unescapePathComponent(operation.path.slice('/tags/'.length));
    if (operation.op === 'remove') {
      remove.push(key);
    } else if (operation.op === 'add' || operation.op === 'replace') {
      setOwn(set, key, String(operation.value));
    }
  }
  if (remove.length === 0 && Object.keys(set).length === 0) {
    return undefined;
  }
  return { arn: recorded.arn, set, remove: remove.sort() };
}

function createChange(
  lineage: string,
  spec: HandshakeSpec,
  generation: number,
  action: 'create' | 'replace',
  reason: string,
): Change {
  const body = createRequestBody(spec);
  const token = clientToken({ lineage, name: spec.name, revision: spec.revision, generation, purpose: 'create', body });
  return {
    action,
    name: spec.name,
    handshakeType: spec.handshakeType,
    catalog: spec.catalog,
    resource: spec.associatedResourceIdentifier,
    reason,
    clientToken: token,
    request: { ...body, clientToken: token },
    generation,
    spec,
  };
}

/** The REVOKE_SERVICE_PERIOD handshake that ends an accepted start-service-period handshake. */
function revocationRequest(lineage: string, recorded: RecordedHandshake): Change['request'] {
  const payload = recorded.spec.payload;
  const start = payload && 'startServicePeriodPayload' in payload ? payload.startServicePeriodPayload : undefined;
  const body = createRequestBody({
    name: recorded.spec.name,
    handshakeType: 'REVOKE_SERVICE_PERIOD',
    catalog: recorded.catalog,
    associatedResourceIdentifier: recorded.spec.associatedResourceIdentifier,
    payload: {
      revokeServicePeriodPayload: {
        programManagementAccountIdentifier: start?.programManagementAccountIdentifier ?? '',
        note: `Ended by channel-handshakes: ${recorded.spec.name} is no longer declared`.slice(0, 300),
      },
    },
    tags: {},
    revision: recorded.revision,
  });
  const token = clientToken({
    lineage,
    name: recorded.spec.name,
    revision: recorded.revision,
    generation: recorded.generation,
    purpose: 'revoke',
    body,
  });
  return { ...body, clientToken: token };
}

/** The recorded spec and handshake a change moves away from, so a reviewer sees old → new. */
function previousOf(recorded: RecordedHandshake): ChangePrevious {
  return {
    spec: recorded.spec,
    handshake: {
      id: recorded.id,
      handshakeType: recorded.handshakeType,
      status: recorded.status,
      sentAt: recorded.appliedAt,
      ...(recorded.updatedAt ? { updatedAt: recorded.updatedAt } : {}),
    },
  };
}

function retagChange(recorded: RecordedHandshake, tags: TagChange): Change {
  return {
    action: 'retag',
    name: recorded.spec.name,
    handshakeType: recorded.handshakeType,
    catalog: recorded.catalog,
    resource: recorded.spec.associatedResourceIdentifier,
    reason: `tags changed on ${recorded.id}`,
    tags,
    previous: previousOf(recorded),
  };
}

function isRevocable(recorded: RecordedHandshake): boolean {
  return recorded.status === 'ACCEPTED' && recorded.handshakeType === 'START_SERVICE_PERIOD' && !recorded.revocation;
}

function isLive(recorded: RecordedHandshake): boolean {
  return recorded.status === 'PENDING' || isRevocable(recorded);
}

function retirementOf(lineage: string, recorded: RecordedHandshake): Change['retire'] {
  if (recorded.status === 'PENDING') {
    return { action: 'cancel', id: recorded.id, arn: recorded.arn };
  }
  return { action: 'revoke', id: recorded.id, arn: recorded.arn, request: revocationRequest(lineage, recorded) };
}

function recordedOnly(
  lineage: string,
  recorded: RecordedHandshake,
  name: string,
): { change?: Change; diagnostic?: Diagnostic } {
  const base = {
    name,
    handshakeType: recorded.handshakeType,
    catalog: recorded.catalog,
    resource: recorded.spec.associatedResourceIdentifier,
    previous: previousOf(recorded),
  };
  if (recorded.status === 'PENDING') {
    return {
      change: {
        ...base,
        action: 'cancel',
        reason: `no longer declared; ${recorded.id} is still PENDING, so it is cancelled`,
        retire: retirementOf(lineage, recorded),
      },
    };
  }
  if (isRevocable(recorded)) {
    const retire = retirementOf(lineage, recorded);
    return {
      change: {
        ...base,
        action: 'revoke',
        reason: `no longer declared; ${recorded.id} was ACCEPTED, so a REVOKE_SERVICE_PERIOD handshake ends the service period`,
        clientToken: retire?.request?.clientToken,
        request: retire?.request,
        retire,
      },
    };
  }
  if (recorded.status === 'ACCEPTED' && recorded.handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT') {
    return {
      diagnostic: {
        severity: 'warning',
        code: 'plan.pma-not-revocable',
        name,
        message: `"${name}" was removed, but its PROGRAM_MANAGEMENT_ACCOUNT handshake ${recorded.id} was ACCEPTED and the API cannot revoke it. Nothing will be sent. To end the program management account, deactivate it in Partner Central (DeleteProgramManagementAccount); to keep tracking it, restore the declaration.`,
      },
    };
  }
  return {};
}

function declaredAndRecorded(
  lineage: string,
  declaration: Declaration,
  recorded: RecordedHandshake,
): { changes: Change[]; diagnostics: Diagnostic[] } {
  const desired = declaration.spec;
  const name = desired.name;
  const differences = immutableDifferences(recorded.spec, desired);
  const revisionBumped = desired.revision > recorded.revision;
  const tags = tagChange(recorded, desired);
  const location = declaration.location;

  if (!isLive(recorded)) {
    const terminal = TERMINAL_STATUSES.has(recorded.status) || recorded.revocation !== undefined;
    // A bumped revision asks for a fresh handshake. A replace whose retirement was recorded but whose create was
    // not is finished the same way: same generation, revision and body, so the same clientToken, never a second one.
    if (terminal && (revisionBumped || recorded.replacementPending)) {
      const previous = `the previous handshake ${recorded.id} is ${recorded.revocation ? 'revoked' : recorded.status}`;
      const why = revisionBumped
        ? `revision ${recorded.revision} → ${desired.revision}; ${previous}`
        : `finishing an interrupted replace: ${previous}, and its replacement was not sent yet`;
      return { changes: [createChange(lineage, desired, recorded.generation + 1, 'create', why)], diagnostics: [] };
    }
    if (terminal) {
      const state = recorded.revocation ? 'revoked' : recorded.status;
      return {
        changes: [],
        diagnostics: [
          {
            severity: 'notice',
            code: 'plan.terminal',
            name,
            field: 'revision',
            location,
            message: `"${name}" was ${state} (${recorded.id}) and is not re-sent automatically${differences.length > 0 ? ', even though its declaration changed' : ''}. To send a fresh handshake, set revision: ${recorded.revision + 1}.`,
          },
        ],
      };
    }
    // Accepted, and nothing can retire it through the API (a PMA or a revoke handshake): only tags can change.
    const diagnostics: Diagnostic[] =
      differences.length > 0 || revisionBumped
        ? [
            {
              severity: 'warning',
              code: 'plan.accepted-immutable',
              name,
              location,
              field: differences[0]?.slice(1).replaceAll('/', '.'),
              message: `"${name}" (${recorded.handshakeType} ${recorded.id}) was ACCEPTED and cannot be cancelled or revoked through the API, so the change to ${differences.length > 0 ? differences.join(', ') : 'revision'} is not applied. Restore the recorded values, or declare the new handshake under a new name.`,
            },
          ]
        : [];
    const changes: Change[] = tags ? [retagChange(recorded, tags)] : [];
    return { changes, diagnostics };
  }

  if (differences.length > 0 || revisionBumped) {
    const retire = retirementOf(lineage, recorded);
    const why =
      differences.length > 0
        ? `${differences.join(', ')} changed`
        : `revision ${recorded.revision} → ${desired.revision}`;
    const change = createChange(
      lineage,
      desired,
      recorded.generation + 1,
      'replace',
      `${why}; a sent handshake cannot be edited, so ${recorded.id} is ${retire?.action === 'cancel' ? 'cancelled' : 'revoked'} and a new one is sent`,
    );
    return { changes: [{ ...change, retire, differences, previous: previousOf(recorded) }], diagnostics: [] };
  }
  if (tags) {
    return { changes: [retagChange(recorded, tags)], diagnostics: [] };
  }
  return { changes: [], diagnostics: [] };
}

function summarize(changes: readonly Change[]): PlanSummary {
  const summary: PlanSummary = { create: 0, cancel: 0, revoke: 0, replace: 0, retag: 0 };
  for (const change of changes) {
    summary[change.action] = (summary[change.action] ?? 0) + 1;
  }
  return summary;
}

/** `sha256:` over the canonical JSON of the ordered changes: nothing about the run, the machine or the clock. */
export function planDigest(changes: readonly Change[]): string {
  return `sha256:${sha256Hex(canonicalJson(changes))}`;
}

function compareChanges(left: Change, right: Change): number {
  const byAction = CHANGE_ORDER.indexOf(left.action) - CHANGE_ORDER.indexOf(right.action);
  if (byAction !== 0) {
    return byAction;
  }
  return left.name < right.name ? -1 : left.name > right.name ? 1 : 0;
}

/**
 * Computes what must happen for AWS to hold the declared handshakes, given what the state says was sent.
 * Pure: the same declarations and state give the same plan, digest and clientTokens on any machine.
 */
export function createPlan(declarations: readonly Declaration[], state: RecordedState): Plan {
  const changes: Change[] = [];
  const diagnostics: Diagnostic[] = [];
  const declared = new Map(declarations.map((declaration) => [declaration.spec.name, declaration]));
  for (const declaration of declarations) {
    const recorded = ownValue(state.handshakes, declaration.spec.name);
    if (!recorded) {
      changes.push(createChange(state.lineage, declaration.spec, 0, 'create', 'declared, not yet sent'));
      continue;
    }
    const outcome = declaredAndRecorded(state.lineage, declaration, recorded);
    changes.push(...outcome.changes);
    diagnostics.push(...outcome.diagnostics);
  }
  for (const [name, recorded] of Object.entries(state.handshakes)) {
    if (declared.has(name)) {
      continue;
    }
    const outcome = recordedOnly(state.lineage, recorded, name);
    if (outcome.change) {
      changes.push(outcome.change);
    }
    if (outcome.diagnostic) {
      diagnostics.push(outcome.diagnostic);
    }
  }
  changes.sort(compareChanges);
  return {
    formatVersion: 1,
    digest: planDigest(changes),
    lineage: state.lineage,
    summary: summarize(changes),
    changes,
    diagnostics,
  };
}
