// Sends the creates of program management accounts and relationships, exactly once: first a look for one this
// lineage created but never recorded (ListProgramManagementAccounts by accountId and program, ListRelationships by
// account and program management account, then its owner tag), then the intent, durably, then the create with its
// deterministic clientToken, then the record. A run that dies after the request left replays the same token from
// the intent (AWS answers with what the first attempt created); a state lost in between is found by the owner tag.
import { ApiError, createRefusedOutright } from '../api/errors.js';
import type { ResourceSpec } from '../core/channel-resources.js';
import { errorMessage } from '../core/errors.js';
import { CORE_KINDS } from '../core/kind-registry.js';
import type {
  AppliedBy,
  ChangeResult,
  RecordedState,
  ResourceChange,
  ResourceCreateChange,
  ResourceDeleteChange,
  ResourceRecord,
  ResourceUpdateChange,
} from '../core/model.js';
import { ownerOf, ownershipOf, ownerTagValue } from '../core/ownership.js';
import type { PartnerCentralPort } from './partner-central.js';

export interface ResourceApplyContext {
  api: PartnerCentralPort;
  /** Applies a state change and returns once it is durable. */
  update(mutate: (state: RecordedState) => RecordedState): Promise<void>;
  lineage: string;
  appliedAt: string;
  appliedBy: AppliedBy;
  /** The state as recorded so far in this run. */
  recorded(): RecordedState;
}

/** A resource change that could not be sent, with the reason in words; nothing was created by this run. */
class ResourceRefused extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    // The executor reports a failure's name as its code.
    this.name = code;
  }
}

/** The state transitions of the change's kind, from its registry entry (core/kind-registry.ts). */
function recordOf(change: ResourceChange) {
  return CORE_KINDS[change.kind].record;
}

interface Found {
  id: string;
  arn: string;
}

/** The live resource a create would duplicate, if any. */
async function existing(api: PartnerCentralPort, change: ResourceCreateChange): Promise<Found[]> {
  if (change.action === 'create-account') {
    const items = await api.listAllProgramManagementAccounts({
      catalog: change.catalog,
      accountIds: [change.request.accountId],
      programs: [change.request.program],
    });
    return items.flatMap((item) =>
      item.id && item.arn && item.status !== 'INACTIVE' ? [{ id: item.id, arn: item.arn }] : [],
    );
  }
  const items = await api.listAllRelationships({
    catalog: change.catalog,
    associatedAccountIds: [change.request.associatedAccountId],
    programManagementAccountIdentifiers: [change.request.programManagementAccountIdentifier],
  });
  return items.flatMap((item) => (item.id && item.arn ? [{ id: item.id, arn: item.arn }] : []));
}

function recordFor(
  change: ResourceCreateChange,
  found: Found,
  context: ResourceApplyContext,
  adopted: boolean,
): ResourceRecord {
  const spec: ResourceSpec = change.spec;
  return {
    kind: change.kind,
    id: found.id,
    arn: found.arn,
    clientToken: change.clientToken,
    spec,
    ...(change.action === 'create-relationship' ? { programManagementAccountId: change.resource } : {}),
    ...(change.action === 'create-account' ? { status: 'PENDING' as const } : {}),
    createdAt: context.appliedAt,
    appliedBy: context.appliedBy,
    ...(adopted ? { adopted: true as const } : {}),
  };
}

export async function applyResourceChange(
  change: ResourceChange,
  context: ResourceApplyContext,
): Promise<ChangeResult> {
  switch (change.action) {
    case 'update-account':
    case 'update-relationship':
      return applyUpdate(change, context);
    case 'delete-account':
    case 'delete-relationship':
      return applyDelete(change, context);
    default:
      return applyCreate(change, context);
  }
}

async function applyCreate(change: ResourceCreateChange, context: ResourceApplyContext): Promise<ChangeResult> {
  const { api } = context;
  if (!change.resume) {
    for (const found of await existing(api, change)) {
      const tags = await api.listTagsForResource({ resourceArn: found.arn });
      const owner = ownerOf(tags);
      if (
        ownershipOf(tags, context.lineage) === 'ours' &&
        owner?.value === ownerTagValue(context.lineage, change.name)
      ) {
        await context.update((state) =>
          recordOf(change).created(state, change.name, recordFor(change, found, context, true)),
        );
        return {
          change,
          outcome: 'moot',
          handshakeId: found.id,
          message: `already created by this repository (owner tag ${owner.value}) and not recorded: ${found.id} recorded, nothing sent`,
        };
      }
      throw new ResourceRefused(
        'AlreadyExists',
        `${found.id} already exists for this ${change.kind === 'Relationship' ? 'account under this program management account' : 'account and program'}, ${owner ? `with the owner tag ${owner.value} (another declaration or repository)` : 'without an owner tag (created elsewhere)'}: nothing was sent. Declare it under the name its owner tag says, or remove this declaration.`,
      );
    }
  }
  try {
    await context.update((state) => recordOf(change).intent(state, change, context.appliedAt));
  } catch (error) {
    throw new ResourceRefused(
      'StateWriteFailed',
      `nothing was sent: the intent to create could not be written to the state file first: ${errorMessage(error)}.`,
    );
  }
  let created: Found;
  try {
    created =
      change.action === 'create-account'
        ? await api.createProgramManagementAccount(change.request)
        : await api.createRelationship(change.request);
  } catch (error) {
    if (createRefusedOutright(error))
      await context.update((state) => recordOf(change).clearIntent(state, change.name)).catch(() => undefined);
    throw error;
  }
  try {
    await context.update((state) =>
      recordOf(change).created(state, change.name, recordFor(change, created, context, false)),
    );
  } catch (error) {
    throw new ResourceRefused(
      'StateWriteFailed',
      `AWS created ${created.id}, but the state file could not be written: ${errorMessage(error)}. Fix the cause and run apply again; the intent replays the same clientToken instead of creating a second one.`,
    );
  }
  return { change, outcome: 'succeeded', handshakeId: created.id };
}

/**
 * Before an update or a delete, confirms that the resource it goes to is this declaration's: the state can be edited
 * in a pull request, and a record pointed at another declaration's or another repository's relationship would have
 * that one deleted. The resource AWS holds under the recorded id must carry exactly this lineage's tag for this name,
 * or, for a record `import` wrote (its clientToken is empty: created elsewhere), no owner tag at all; everything
 * apply creates is tagged in the create request itself. Nothing is sent otherwise. A resource AWS no longer holds is
 * left to the call itself (a delete of it is moot).
 */
async function confirmTarget(
  change: ResourceUpdateChange | ResourceDeleteChange,
  id: string,
  context: ResourceApplyContext,
): Promise<void> {
  const { api } = context;
  const verb = change.action.startsWith('delete') ? 'delete' : 'update';
  let arn: string | undefined;
  if (change.kind === 'Relationship') {
    arn = (
      await api.getRelationship({
        catalog: change.catalog,
        identifier: id,
        programManagementAccountIdentifier: change.resource,
      })
    ).arn;
  } else {
    const accounts = await api.listAllProgramManagementAccounts({ catalog: change.catalog });
    arn = accounts.find((account) => account.id === id)?.arn;
    if (!arn) return;
  }
  const refused = `refused: the ${verb} of ${id} was not sent`;
  const restore = 'The state does not describe a resource this declaration created: restore it from git history.';
  if (change.action.startsWith('update') && 'update' in change && arn && arn !== change.update.arn) {
    throw new ResourceRefused(
      'TargetMismatch',
      `${refused}: its arn is ${arn}, the record's ${change.update.arn}. ${restore}`,
    );
  }
  if (!arn) return;
  const tags = await api.listTagsForResource({ resourceArn: arn });
  const owner = ownerOf(tags);
  const resources = context.recorded().resources ?? {};
  const record = Object.hasOwn(resources, change.name) ? resources[change.name] : undefined;
  const imported = record !== undefined && (record.clientToken === '' || record.appliedBy.imported === true);
  if (!owner && !imported) {
    throw new ResourceRefused(
      'TargetMismatch',
      `${refused}: it carries no owner tag, while the record says this repository created it (every resource apply creates carries ${ownerTagValue(context.lineage, change.name)}). ${restore}`,
    );
  }
  if (
    owner &&
    !(ownershipOf(tags, context.lineage) === 'ours' && owner.value === ownerTagValue(context.lineage, change.name))
  ) {
    throw new ResourceRefused(
      'TargetMismatch',
      `${refused}: it carries the owner tag ${owner.value}, not ${ownerTagValue(context.lineage, change.name)} (another declaration or repository). ${restore}`,
    );
  }
}

/** A held-back result: the reviewed update no longer fits what AWS holds; nothing more is sent until a new plan. */
function heldBack(change: ResourceUpdateChange, message: string): ChangeResult {
  return {
    change,
    outcome: 'held-back',
    handshakeId: change.update.id,
    message,
    failure: { code: 'held-back', message },
  };
}

/**
 * Sends an update in place. UpdateRelationship is not idempotent: it carries the revision refresh recorded (or, when
 * none is recorded, the one a GetRelationship reads just before, once the display name there is still the recorded
 * one), a ConflictException means someone changed the relationship meanwhile (held back: refresh, then plan again),
 * and an answer lost on the way is settled by reading the relationship again before anything is sent twice.
 */
async function applyUpdate(change: ResourceUpdateChange, context: ResourceApplyContext): Promise<ChangeResult> {
  const { api } = context;
  await confirmTarget(change, change.update.id, context);
  const { update } = change;
  const declared = (field: string) => update.fields[field]?.[1];
  let revision = update.revision;
  if (change.action === 'update-relationship' && Object.keys(update.fields).length > 0) {
    const identity = {
      catalog: change.catalog,
      identifier: update.id,
      programManagementAccountIdentifier: change.resource,
    };
    if (revision === undefined) {
      const current = await api.getRelationship(identity);
      const recorded = update.fields.displayName?.[0] ?? change.spec.displayName;
      if (
        current.displayName !== undefined &&
        current.displayName !== recorded &&
        current.displayName !== declared('displayName')
      ) {
        return heldBack(
          change,
          `held back: ${update.id} is named ${JSON.stringify(current.displayName)} in AWS, not the recorded ${JSON.stringify(recorded)}: it was changed outside. Run refresh, then plan again.`,
        );
      }
      revision = current.revision;
    }
    const outcome = await api.updateRelationship({
      ...identity,
      ...(revision !== undefined ? { revision } : {}),
      ...('displayName' in update.fields ? { displayName: declared('displayName') as string } : {}),
      ...('requestedSupportPlan' in update.fields && declared('requestedSupportPlan') !== undefined
        ? { requestedSupportPlan: declared('requestedSupportPlan') as never }
        : {}),
    });
    if (outcome.kind === 'conflict') {
      return heldBack(
        change,
        `held back: ${update.id} changed in AWS since revision ${revision ?? '(unknown)'} was read (ConflictException). Run refresh, then plan again.`,
      );
    }
    if (outcome.kind === 'unknown') {
      // Whether it was applied is unknown: read it again, and never send it a second time in this run.
      const current = await api.getRelationship(identity);
      const applied = !('displayName' in update.fields) || current.displayName === declared('displayName');
      if (!applied) {
        throw new ResourceRefused(
          'UpdateUnknown',
          `the UpdateRelationship of ${update.id} got no answer (${outcome.cause.message}), and reading it again shows it was not applied. Nothing was sent twice; run apply again to send it.`,
        );
      }
      revision = current.revision;
    } else {
      revision = outcome.relationship.revision ?? revision;
    }
  }
  if (change.action === 'update-account' && 'displayName' in update.fields) {
    const answer = await api
      .updateProgramManagementAccount({
        catalog: change.catalog,
        identifier: update.id,
        ...(revision !== undefined ? { revision } : {}),
        displayName: declared('displayName') as string,
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'ConflictException') return undefined;
        throw error;
      });
    if (!answer) {
      return heldBack(
        change,
        `held back: ${update.id} changed in AWS since revision ${revision ?? '(unknown)'} was read (ConflictException). Run refresh, then plan again.`,
      );
    }
    revision = answer.revision ?? revision;
  }
  if (update.tags) {
    const set = Object.entries(update.tags.set).map(([key, value]) => ({ key, value }));
    if (set.length > 0) await api.tagResource({ resourceArn: update.arn, tags: set });
    if (update.tags.remove.length > 0)
      await api.untagResource({ resourceArn: update.arn, tagKeys: update.tags.remove });
  }
  await context.update((state) => recordOf(change).updated(state, change, revision));
  return { change, outcome: 'succeeded', handshakeId: update.id };
}

/**
 * Deletes with the deterministic clientToken, so a retry or a re-run replays the first delete. The plan sends a
 * relationship's delete only once no period is in force or pending on it; if AWS still refuses (ConflictException),
 * nothing is deleted and the record stays.
 */
async function applyDelete(change: ResourceDeleteChange, context: ResourceApplyContext): Promise<ChangeResult> {
  try {
    await confirmTarget(change, change.id, context);
    if (change.action === 'delete-relationship') await context.api.deleteRelationship(change.request);
    else await context.api.deleteProgramManagementAccount(change.request);
  } catch (error) {
    // Already gone (deleted outside): nothing left to delete; the record goes.
    if (!(error instanceof ApiError && error.code === 'ResourceNotFoundException')) throw error;
    await context.update((state) => recordOf(change).deleted(state, change.name));
    return { change, outcome: 'moot', handshakeId: change.id, message: `already deleted: ${change.id} is not in AWS` };
  }
  await context.update((state) => recordOf(change).deleted(state, change.name));
  return { change, outcome: 'succeeded', handshakeId: change.id };
}
