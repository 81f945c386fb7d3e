// Plans the program management accounts and relationships a directory declares, and turns the handshakes that name
// them by reference into ordinary handshake declarations once what they name exists. What this version plans for
// them: the create, exactly once (a deterministic clientToken over the request, the owner tag, an intent before the
// request). What waits: a relationship whose account does not exist or is not ACTIVE yet, and a handshake whose
// resource does not exist yet; each is listed as waiting, sends nothing, and is planned by a later run once ready.
// What is refused, each at its declaration: an immutable field changed, and the updates and deletes this version
// does not plan yet.
import { canonicalJson, sha256Base64Url } from './canonical.js';
import {
  isLiteralAccount,
  type ReferencingHandshakeDeclaration,
  type ResourceDeclaration,
} from './channel-declarations.js';
import type {
  CreateProgramManagementAccountRequest,
  CreateRelationshipRequest,
  ProgramManagementAccountSpec,
  RelationshipSpec,
  ResourceSpec,
} from './channel-resources.js';
import { endersByTarget, historyEntries, periodInForce } from './history.js';
import type {
  Declaration,
  Diagnostic,
  RecordedState,
  ResourceChange,
  ResourceCreateChange,
  ResourceRecord,
  WaitingDeclaration,
} from './model.js';
import { resourceId } from './normalize.js';
import { OWNER_TAG_KEY, ownerTagValue } from './ownership.js';
import { resolvedHandshakeSpec } from './references.js';

/** AWS documents at most 50 program management accounts, and 1,000 relationships per account. */
const RESOURCE_QUOTAS = { programManagementAccounts: 50, relationshipsPerAccount: 1000 } as const;

const RESOURCE_TOKEN_PREFIX = 'chr1-';

export interface ResourcePlan {
  changes: ResourceChange[];
  /** Handshake declarations whose reference resolved to a recorded resource, with its id written in. */
  resolved: Declaration[];
  waits: WaitingDeclaration[];
  diagnostics: Diagnostic[];
}

function recordOf(state: RecordedState, name: string): ResourceRecord | undefined {
  return state.resources && Object.hasOwn(state.resources, name) ? state.resources[name] : undefined;
}

/** The clientToken of a resource create: the same lineage, name and request always give the same token. */
function resourceToken(lineage: string, name: string, kind: string, body: object): string {
  return `${RESOURCE_TOKEN_PREFIX}${sha256Base64Url(canonicalJson({ lineage, name, kind, purpose: 'create', body }))}`;
}

function tagList(lineage: string, name: string, tags: Record<string, string>) {
  return [
    ...Object.entries(tags).map(([key, value]) => ({ key, value })),
    { key: OWNER_TAG_KEY, value: ownerTagValue(lineage, name) },
  ];
}

/** Fields AWS never changes once the resource exists, with how each is written. */
function immutableFields(spec: ResourceSpec): Record<string, string | undefined> {
  return spec.kind === 'ProgramManagementAccount'
    ? { catalog: spec.catalog, accountId: spec.accountId, program: spec.program }
    : {
        catalog: spec.catalog,
        programManagementAccount: spec.programManagementAccount,
        associatedAccountId: spec.associatedAccountId,
        associationType: spec.associationType,
        sector: spec.sector,
        resaleAccountModel: spec.resaleAccountModel,
      };
}

/** Fields UpdateRelationship or UpdateProgramManagementAccount change in place (tags go by TagResource). */
function updatableFields(spec: ResourceSpec): Record<string, unknown> {
  return spec.kind === 'ProgramManagementAccount'
    ? { displayName: spec.displayName }
    : { displayName: spec.displayName, requestedSupportPlan: spec.requestedSupportPlan };
}

/**
 * The in-place update from the recorded resource to its declaration: the fields the Update operation takes (against
 * the display name refresh last read, if it read one) and the declared tags. None when nothing differs.
 */
function updateOf(record: ResourceRecord, spec: ResourceSpec): { change?: ResourceChange } | { problem: string } {
  const recorded: Record<string, unknown> = {
    ...updatableFields(record.spec),
    ...(record.displayName !== undefined ? { displayName: record.displayName } : {}),
  };
  const declared = updatableFields(spec);
  const fields: Record<string, [unknown, unknown]> = {};
  for (const field of differing(recorded, declared)) fields[field] = [recorded[field], declared[field]];
  if ('requestedSupportPlan' in fields && declared.requestedSupportPlan === undefined) {
    return {
      problem: `"${spec.name}" no longer declares requestedSupportPlan, but UpdateRelationship can only send a new one, never remove the one sent. Declare the plan to send instead.`,
    };
  }
  const set: Record<string, string> = {};
  for (const [key, value] of Object.entries(spec.tags)) if (record.spec.tags[key] !== value) set[key] = value;
  const remove = Object.keys(record.spec.tags).filter((key) => !Object.hasOwn(spec.tags, key));
  const tags = Object.keys(set).length > 0 || remove.length > 0 ? { set, remove } : undefined;
  if (Object.keys(fields).length === 0 && !tags) return {};
  const update = {
    id: record.id,
    arn: record.arn,
    ...(record.revision !== undefined ? { revision: record.revision } : {}),
    fields,
    ...(tags ? { tags } : {}),
  };
  const reason = { rule: 'declared' as const };
  return {
    change:
      spec.kind === 'ProgramManagementAccount'
        ? {
            action: 'update-account',
            kind: 'ProgramManagementAccount',
            name: spec.name,
            catalog: spec.catalog,
            reason,
            spec,
            update,
          }
        : {
            action: 'update-relationship',
            kind: 'Relationship',
            name: spec.name,
            catalog: spec.catalog,
            resource: record.programManagementAccountId ?? '',
            reason,
            spec,
            update,
          },
  };
}

function differing(left: Record<string, unknown>, right: Record<string, unknown>): string[] {
  return Object.keys({ ...left, ...right }).filter((key) => canonicalJson(left[key]) !== canonicalJson(right[key]));
}

/** The program management accounts whose activation handshake the state records as accepted. */
function acceptedActivations(state: RecordedState): Set<string> {
  const accepted = new Set<string>();
  for (const [, history] of historyEntries(state)) {
    for (const sent of history.handshakes) {
      if (sent.handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT' && sent.status === 'ACCEPTED') {
        accepted.add(resourceId(sent.spec.associatedResourceIdentifier));
      }
    }
  }
  return accepted;
}

/**
 * Whether a recorded program management account is ACTIVE: read so by refresh, or (AWS: "To activate a PMA, a channel
 * handshake must be accepted by the AWS management account") its activation handshake was accepted. INACTIVE wins.
 */
function isActive(record: ResourceRecord, accepted: ReadonlySet<string>): boolean {
  if (record.status === 'INACTIVE' || record.deletedOutside) return false;
  return record.status === 'ACTIVE' || accepted.has(record.id);
}

const KIND_WORDS = { ProgramManagementAccount: 'program management account', Relationship: 'relationship' } as const;

export function planResources(
  resources: readonly ResourceDeclaration[],
  referencing: readonly ReferencingHandshakeDeclaration[],
  state: RecordedState,
  /** The handshake declarations with literal ids, so a relationship one of them names is never deleted. */
  handshakes: readonly Declaration[] = [],
  now?: Date,
): ResourcePlan {
  const plan: ResourcePlan = { changes: [], resolved: [], waits: [], diagnostics: [] };
  const declared = new Map(resources.map((declaration) => [declaration.spec.name, declaration]));
  const error = (
    declaration: { location: ResourceDeclaration['location'] },
    name: string,
    code: string,
    field: string,
    message: string,
  ) => plan.diagnostics.push({ severity: 'error', code, name, field, location: declaration.location, message });
  const relationshipsUnder = new Map<string, number>();
  for (const record of Object.values(state.resources ?? {})) {
    if (record.kind === 'Relationship' && record.programManagementAccountId) {
      relationshipsUnder.set(
        record.programManagementAccountId,
        (relationshipsUnder.get(record.programManagementAccountId) ?? 0) + 1,
      );
    }
  }
  let activations: Set<string> | undefined;
  let accounts = Object.values(state.resources ?? {}).filter(
    (record) => record.kind === 'ProgramManagementAccount',
  ).length;

  // Accounts first, so a relationship can see whether its account exists.
  const ordered = [...resources].sort((left, right) =>
    left.spec.kind === right.spec.kind ? 0 : left.spec.kind === 'ProgramManagementAccount' ? -1 : 1,
  );
  for (const declaration of ordered) {
    const { spec } = declaration;
    const intent =
      state.resourceIntents && Object.hasOwn(state.resourceIntents, spec.name)
        ? state.resourceIntents[spec.name]
        : undefined;
    const record = recordOf(state, spec.name);
    if (intent && !record) {
      // An interrupted create is replayed exactly, with its token, whatever the declaration says now.
      plan.changes.push(resumedChange(intent));
      continue;
    }
    if (record) {
      if (record.kind !== spec.kind) {
        error(
          declaration,
          spec.name,
          'plan.kind-changed',
          'kind',
          `"${spec.name}" is recorded as the ${KIND_WORDS[record.kind]} ${record.id}, but is now declared as a ${spec.kind}. A declaration keeps its kind: declare the ${spec.kind} under a new name.`,
        );
        continue;
      }
      const fixed = differing(immutableFields(record.spec), immutableFields(spec));
      if (fixed.length > 0) {
        error(
          declaration,
          spec.name,
          'plan.immutable-field',
          fixed[0] as string,
          `"${spec.name}" changes ${fixed.join(', ')}, which AWS cannot change on the existing ${KIND_WORDS[spec.kind]} ${record.id}. Nothing is replaced automatically: put back the recorded value${fixed.length > 1 ? 's' : ''} (${fixed.map((field) => `${field}: ${immutableFields(record.spec)[field] ?? '(none)'}`).join(', ')}), and declare the new ${KIND_WORDS[spec.kind]} under a new name; remove this one once ${spec.kind === 'Relationship' ? 'its service periods have ended' : 'no relationship is left under it'}.`,
        );
        continue;
      }
      if (record.deletedOutside) {
        error(
          declaration,
          spec.name,
          'plan.deleted-outside',
          'name',
          `"${spec.name}", the ${KIND_WORDS[spec.kind]} ${record.id}, was deleted outside this repository (refresh no longer finds it). Nothing is planned for it: declare a new one under a new name.`,
        );
        continue;
      }
      const update = updateOf(record, spec);
      if ('problem' in update) {
        error(declaration, spec.name, 'plan.update-impossible', 'requestedSupportPlan', update.problem);
        continue;
      }
      if (update.change) plan.changes.push(update.change);
      continue;
    }
    if (spec.kind === 'ProgramManagementAccount') {
      accounts++;
      if (accounts > RESOURCE_QUOTAS.programManagementAccounts) {
        error(
          declaration,
          spec.name,
          'quota.program-management-accounts',
          'kind',
          `"${spec.name}" would be program management account number ${accounts}; AWS documents at most ${RESOURCE_QUOTAS.programManagementAccounts}. Nothing is planned for it.`,
        );
        continue;
      }
      plan.changes.push(accountCreate(state.lineage, spec));
      continue;
    }
    activations ??= acceptedActivations(state);
    const account = accountOf(spec, declared, state, activations);
    if ('waitsFor' in account) {
      plan.waits.push({ name: spec.name, kind: 'Relationship', waitsFor: account.waitsFor, until: account.until });
      continue;
    }
    const count = (relationshipsUnder.get(account.id) ?? 0) + 1;
    relationshipsUnder.set(account.id, count);
    if (count > RESOURCE_QUOTAS.relationshipsPerAccount) {
      error(
        declaration,
        spec.name,
        'quota.relationships',
        'programManagementAccount',
        `"${spec.name}" would be relationship number ${count} under ${account.id}; AWS documents at most ${RESOURCE_QUOTAS.relationshipsPerAccount} per program management account. Nothing is planned for it.`,
      );
      continue;
    }
    plan.changes.push(relationshipCreate(state.lineage, spec, account.id));
  }

  for (const declaration of referencing) plan.resolved.push(...resolveReference(declaration, state, plan));
  planDeletes(state, declared, [...handshakes, ...plan.resolved], plan, now);
  return plan;
}

const DELETE_WORDS = { ProgramManagementAccount: 'program management account', Relationship: 'relationship' } as const;

/** Whether a period is in force on the relationship, or a START or REVOKE on it is pending: then it is not deleted. */
function relationshipBusy(state: RecordedState, id: string, now: Date | undefined): string | undefined {
  const enders = endersByTarget(state);
  for (const [name, history] of historyEntries(state)) {
    const on = history.handshakes.filter((entry) => resourceId(entry.spec.associatedResourceIdentifier) === id);
    if (on.length === 0) continue;
    if (on.some((entry) => entry.status === 'PENDING')) return name;
    if (periodInForce({ ...history, handshakes: on }, enders, now)) return name;
  }
  return undefined;
}

function deleteToken(lineage: string, name: string, kind: string, id: string): string {
  return `${RESOURCE_TOKEN_PREFIX}${sha256Base64Url(canonicalJson({ lineage, name, kind, purpose: 'delete', id }))}`;
}

/**
 * Recorded resources nothing declares any more. A relationship is deleted only once no period is in force and
 * nothing is pending on it (removing its START revokes now; the delete waits for the revoke's acceptance), and never
 * while a handshake declaration still names it. A program management account is deleted only after the
 * relationships under it, and never while a declared one remains.
 */
function planDeletes(
  state: RecordedState,
  declared: ReadonlyMap<string, ResourceDeclaration>,
  handshakes: readonly Declaration[],
  plan: ResourcePlan,
  now: Date | undefined,
): void {
  const deleting = new Set<string>();
  const records = Object.entries(state.resources ?? {}).filter(([name]) => !declared.has(name));
  const refuse = (name: string, code: string, message: string) =>
    plan.diagnostics.push({ severity: 'error', code, name, message });
  /** A protected resource is never deleted: the plan refuses, naming how to let it go. */
  const refusedAsProtected = (name: string, what: string, record: ResourceRecord): boolean => {
    if (!record.spec.protect) return false;
    refuse(
      name,
      'plan.protected',
      `${what} is protected (protect: true when it was created), and this plan would delete it. Declare it again, or first merge a change that sets protect: false on it.`,
    );
    return true;
  };
  for (const [name, record] of records) {
    if (record.kind !== 'Relationship') continue;
    const what = `"${name}", the ${DELETE_WORDS[record.kind]} ${record.id},`;
    if (refusedAsProtected(name, what, record)) continue;
    const naming = handshakes.find(
      (declaration) => resourceId(declaration.spec.associatedResourceIdentifier) === record.id,
    );
    if (naming) {
      refuse(
        name,
        'plan.delete-still-named',
        `${what} is no longer declared, but the handshake "${naming.spec.name}" (${naming.location.file}:${naming.location.line}) still names it. Remove that handshake too: its service period is revoked first, and the relationship deleted once the revoke is accepted.`,
      );
      continue;
    }
    const busy = relationshipBusy(state, record.id, now);
    if (busy) {
      plan.waits.push({ name, kind: 'Relationship', waitsFor: busy, until: 'ended' });
      continue;
    }
    const account = record.programManagementAccountId ?? '';
    const clientToken = deleteToken(state.lineage, name, record.kind, record.id);
    plan.changes.push({
      action: 'delete-relationship',
      kind: 'Relationship',
      name,
      catalog: record.spec.catalog,
      resource: account,
      id: record.id,
      reason: { rule: 'undeclared-resource' },
      clientToken,
      request: {
        catalog: record.spec.catalog,
        identifier: record.id,
        programManagementAccountIdentifier: account,
        clientToken,
      },
    });
    deleting.add(name);
  }
  for (const [name, record] of records) {
    if (record.kind !== 'ProgramManagementAccount') continue;
    const what = `"${name}", the ${DELETE_WORDS[record.kind]} ${record.id},`;
    if (refusedAsProtected(name, what, record)) continue;
    const declaredUnder = [...declared.values()].find(
      (declaration) =>
        declaration.spec.kind === 'Relationship' &&
        (declaration.spec.programManagementAccount === name ||
          resourceId(declaration.spec.programManagementAccount) === record.id),
    );
    if (declaredUnder) {
      refuse(
        name,
        'plan.delete-account-with-relationships',
        `${what} is no longer declared, but the relationship "${declaredUnder.spec.name}" (${declaredUnder.location.file}:${declaredUnder.location.line}) is still declared under it. Remove the relationships under it first (or with it).`,
      );
      continue;
    }
    const remaining = Object.entries(state.resources ?? {}).filter(
      ([other, candidate]) =>
        candidate.kind === 'Relationship' && candidate.programManagementAccountId === record.id && !deleting.has(other),
    );
    if (remaining.length > 0) {
      plan.waits.push({
        name,
        kind: 'ProgramManagementAccount',
        waitsFor: (remaining[0] as [string, ResourceRecord])[0],
        until: 'deleted',
      });
      continue;
    }
    const clientToken = deleteToken(state.lineage, name, record.kind, record.id);
    plan.changes.push({
      action: 'delete-account',
      kind: 'ProgramManagementAccount',
      name,
      catalog: record.spec.catalog,
      id: record.id,
      reason: { rule: 'undeclared-resource' },
      clientToken,
      request: { catalog: record.spec.catalog, identifier: record.id, clientToken },
    });
  }
}

type AccountReadiness = { id: string } | { waitsFor: string; until: 'created' | 'active' };

/** The account a relationship is created under, or what it waits for. */
function accountOf(
  spec: RelationshipSpec,
  declared: ReadonlyMap<string, ResourceDeclaration>,
  state: RecordedState,
  accepted: ReadonlySet<string>,
): AccountReadiness {
  if (isLiteralAccount(spec.programManagementAccount)) return { id: resourceId(spec.programManagementAccount) };
  const record = recordOf(state, spec.programManagementAccount);
  if (!record || !declared.has(spec.programManagementAccount))
    return { waitsFor: spec.programManagementAccount, until: 'created' };
  return isActive(record, accepted) ? { id: record.id } : { waitsFor: spec.programManagementAccount, until: 'active' };
}

/** The create a resource declaration sends (what an intent must hold), for the state rules. */
export function resourceCreateOf(
  lineage: string,
  spec: ResourceSpec,
  accountId: string | undefined,
): ResourceCreateChange {
  return spec.kind === 'ProgramManagementAccount'
    ? accountCreate(lineage, spec)
    : relationshipCreate(lineage, spec, accountId ?? '');
}

function accountCreate(lineage: string, spec: ProgramManagementAccountSpec): ResourceCreateChange {
  const body: Omit<CreateProgramManagementAccountRequest, 'clientToken'> = {
    catalog: spec.catalog,
    program: spec.program,
    displayName: spec.displayName,
    accountId: spec.accountId,
    tags: tagList(lineage, spec.name, spec.tags),
  };
  const clientToken = resourceToken(lineage, spec.name, spec.kind, body);
  return {
    action: 'create-account',
    kind: 'ProgramManagementAccount',
    name: spec.name,
    catalog: spec.catalog,
    reason: { rule: 'declared' },
    clientToken,
    request: { ...body, clientToken },
    spec,
  };
}

function relationshipCreate(lineage: string, spec: RelationshipSpec, accountId: string): ResourceCreateChange {
  const body: Omit<CreateRelationshipRequest, 'clientToken'> = {
    catalog: spec.catalog,
    associationType: spec.associationType,
    programManagementAccountIdentifier: accountId,
    associatedAccountId: spec.associatedAccountId,
    displayName: spec.displayName,
    sector: spec.sector,
    ...(spec.resaleAccountModel ? { resaleAccountModel: spec.resaleAccountModel } : {}),
    ...(spec.requestedSupportPlan ? { requestedSupportPlan: spec.requestedSupportPlan } : {}),
    tags: tagList(lineage, spec.name, spec.tags),
  };
  const clientToken = resourceToken(lineage, spec.name, spec.kind, body);
  return {
    action: 'create-relationship',
    kind: 'Relationship',
    name: spec.name,
    catalog: spec.catalog,
    resource: accountId,
    reason: { rule: 'declared' },
    clientToken,
    request: { ...body, clientToken },
    spec,
  };
}

function resumedChange(intent: NonNullable<RecordedState['resourceIntents']>[string]): ResourceCreateChange {
  const reason = { rule: 'resume-interrupted-create' as const, recordedAt: intent.recordedAt };
  return intent.spec.kind === 'ProgramManagementAccount'
    ? {
        action: 'create-account',
        kind: 'ProgramManagementAccount',
        name: intent.name,
        catalog: intent.spec.catalog,
        reason,
        clientToken: intent.clientToken,
        request: intent.request as CreateProgramManagementAccountRequest,
        spec: intent.spec,
        resume: true,
      }
    : {
        action: 'create-relationship',
        kind: 'Relationship',
        name: intent.name,
        catalog: intent.spec.catalog,
        resource: intent.programManagementAccountId ?? '',
        reason,
        clientToken: intent.clientToken,
        request: intent.request as CreateRelationshipRequest,
        spec: intent.spec,
        resume: true,
      };
}

/**
 * A handshake naming a recorded resource becomes an ordinary declaration: the resource's id in
 * associatedResourceIdentifier and, for a service period, the relationship's account in the payload. One naming a
 * resource not created yet waits, unless the name already sent handshakes: then leaving it out of the plan would read
 * as a removal, so it is refused instead.
 */
function resolveReference(
  declaration: ReferencingHandshakeDeclaration,
  state: RecordedState,
  plan: ResourcePlan,
): Declaration[] {
  const { spec, reference } = declaration;
  const record = recordOf(state, reference.name);
  if (!record || record.kind !== reference.kind) {
    if (Object.hasOwn(state.declarations, spec.name)) {
      plan.diagnostics.push({
        severity: 'error',
        code: 'plan.reference-unresolved',
        name: spec.name,
        field: reference.kind === 'Relationship' ? 'relationship' : 'programManagementAccount',
        location: reference.location,
        message: `"${spec.name}" has sent handshakes, but the ${KIND_WORDS[reference.kind]} "${reference.name}" it names is not recorded. Write its id in associatedResourceIdentifier instead.`,
      });
      return [];
    }
    plan.waits.push({ name: spec.name, kind: 'ChannelHandshake', waitsFor: reference.name, until: 'created' });
    return [];
  }
  return [
    {
      spec: resolvedHandshakeSpec(spec, record),
      location: declaration.location,
      fieldLocations: { name: declaration.fieldLocations.name, associatedResourceIdentifier: reference.location },
    },
  ];
}
