// Sends the creates of program management accounts and relationships, exactly once: first a look for one this
// lineage created but never recorded (ListProgramManagementAccounts by accountId and program, ListRelationships by
// account and program management account, then its owner tag), then the intent, durably, then the create with its
// deterministic clientToken, then the record. A run that dies after the request left replays the same token from
// the intent (AWS answers with what the first attempt created); a state lost in between is found by the owner tag.
import { ApiError } from '../api/errors.js';
import type { ResourceSpec } from '../core/channel-resources.js';
import { errorMessage } from '../core/errors.js';
import type { AppliedBy, ChangeResult, RecordedState, ResourceChange, ResourceRecord } from '../core/model.js';
import { ownerOf, ownershipOf, ownerTagValue } from '../core/ownership.js';
import { clearResourceIntent, recordResource, recordResourceIntent } from '../core/resource-record.js';
import type { PartnerCentralPort } from './partner-central.js';

export interface ResourceApplyContext {
  api: PartnerCentralPort;
  /** Applies a state change and returns once it is durable. */
  update(mutate: (state: RecordedState) => RecordedState): Promise<void>;
  lineage: string;
  appliedAt: string;
  appliedBy: AppliedBy;
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

interface Found {
  id: string;
  arn: string;
}

/** The live resource a create would duplicate, if any. */
async function existing(api: PartnerCentralPort, change: ResourceChange): Promise<Found[]> {
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

/** Whether AWS refused a create outright, so it certainly created nothing (as the handshake executor judges it). */
function refusedOutright(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 429 &&
    error.status !== 408 &&
    error.code !== 'ConflictException'
  );
}

function recordFor(
  change: ResourceChange,
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
  const { api } = context;
  if (!change.resume) {
    for (const found of await existing(api, change)) {
      const tags = await api.listTagsForResource({ resourceArn: found.arn });
      const owner = ownerOf(tags);
      if (
        ownershipOf(tags, context.lineage) === 'ours' &&
        owner?.value === ownerTagValue(context.lineage, change.name)
      ) {
        await context.update((state) => recordResource(state, change.name, recordFor(change, found, context, true)));
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
    await context.update((state) => recordResourceIntent(state, change, context.appliedAt));
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
    if (refusedOutright(error))
      await context.update((state) => clearResourceIntent(state, change.name)).catch(() => undefined);
    throw error;
  }
  try {
    await context.update((state) => recordResource(state, change.name, recordFor(change, created, context, false)));
  } catch (error) {
    throw new ResourceRefused(
      'StateWriteFailed',
      `AWS created ${created.id}, but the state file could not be written: ${errorMessage(error)}. Fix the cause and run apply again; the intent replays the same clientToken instead of creating a second one.`,
    );
  }
  return { change, outcome: 'succeeded', handshakeId: created.id };
}
