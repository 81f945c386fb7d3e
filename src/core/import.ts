import { isLiteralAccount } from './channel-declarations.js';
import type {
  ProgramManagementAccountSummary,
  RelationshipDetail,
  ResourceKind,
  ResourceSpec,
} from './channel-resources.js';
import type { ChannelHandshakeSummary, HandshakePurpose, HandshakeSpec, HandshakeType, Tag } from './model.js';
import { type RawDeclaration, resourceId } from './normalize.js';
import { ownerOf, ownershipOf } from './ownership.js';

const TYPE_SLUGS = {
  START_SERVICE_PERIOD: 'start',
  REVOKE_SERVICE_PERIOD: 'revoke',
  PROGRAM_MANAGEMENT_ACCOUNT: 'pma',
} as const;

/** A readable, deterministic name: the type and the resource, e.g. start-rs-abc123def456g. */
export function importedName(item: ChannelHandshakeSummary): string {
  const resource = item.associatedResourceId.replace(/^(pma|rs)-/, '');
  return `${TYPE_SLUGS[item.handshakeType]}-${item.associatedResourceId.startsWith('pma-') ? 'pma' : 'rs'}-${resource}`;
}

export type Conversion = { declaration: RawDeclaration | Record<string, unknown> } | { skipped: string };

/** A declaration, by kind and name, that an imported handshake names instead of a literal id. */
export interface ImportedReference {
  kind: ResourceKind;
  name: string;
}

/**
 * Writes back, as a declaration, what a ListChannelHandshakes summary says was sent. The summary does not name the
 * program management account of a service-period handshake, so that must be given (--program-management-account),
 * unless the handshake names its relationship by `reference`: then the account is the relationship's own.
 */
export function declarationFromSummary(
  item: ChannelHandshakeSummary,
  name: string,
  tags: readonly Tag[],
  programManagementAccount: string | undefined,
  reference?: ImportedReference,
): Conversion {
  const tagMap = Object.fromEntries(tags.map((tag) => [tag.key, tag.value]));
  const base = {
    name,
    handshakeType: item.handshakeType,
    catalog: item.catalog,
    ...(reference
      ? { [reference.kind === 'Relationship' ? 'relationship' : 'programManagementAccount']: reference.name }
      : { associatedResourceIdentifier: item.associatedResourceId }),
    ...(tags.length > 0 ? { tags: tagMap } : {}),
  };
  if (item.handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT') {
    return { declaration: base };
  }
  // With relationship:, the payload's account is taken from the relationship, and writing it is refused.
  const account = reference ? {} : { programManagementAccountIdentifier: programManagementAccount };
  if (!reference && !programManagementAccount) {
    return {
      skipped: `${item.handshakeType} ${item.id}: ListChannelHandshakes does not say which program management account it was sent for; run import with --program-management-account pma-…`,
    };
  }
  const detail = (item.detail?.startServicePeriodHandshakeDetail ??
    item.detail?.revokeServicePeriodHandshakeDetail ??
    {}) as Record<string, unknown>;
  const note = typeof detail.note === 'string' ? { note: detail.note } : {};
  if (item.handshakeType === 'REVOKE_SERVICE_PERIOD') {
    return {
      declaration: {
        ...base,
        payload: {
          revokeServicePeriodPayload: { ...account, ...note },
        },
      },
    };
  }
  const servicePeriodType =
    detail.servicePeriodType === 'FIXED_COMMITMENT_PERIOD' ? 'FIXED_COMMITMENT_PERIOD' : 'MINIMUM_NOTICE_PERIOD';
  const terms =
    servicePeriodType === 'FIXED_COMMITMENT_PERIOD'
      ? { endDate: String(detail.endDate ?? '') }
      : { minimumNoticeDays: String(detail.minimumNoticeDays ?? '') };
  return {
    declaration: {
      ...base,
      payload: {
        startServicePeriodPayload: {
          ...account,
          servicePeriodType,
          ...terms,
          ...note,
        },
      },
    },
  };
}

/** What an adopted handshake is recorded as: a start (it may have superseded something, but nothing says so). */
export function importedPurpose(type: HandshakeType): HandshakePurpose {
  return type === 'PROGRAM_MANAGEMENT_ACCOUNT' ? 'pma' : type === 'REVOKE_SERVICE_PERIOD' ? 'revoke' : 'start';
}

/**
 * Why a live handshake is not the one a file written by an earlier import describes, or undefined when it is: same
 * type, resource and catalog, and no owner tag but this lineage's for this name.
 */
export function adoptionMismatch(
  item: ChannelHandshakeSummary,
  spec: HandshakeSpec,
  tags: readonly Tag[],
  lineage: string,
): string | undefined {
  const owner = ownerOf(tags);
  if (owner && ownershipOf(tags, lineage) === 'elsewhere') {
    return `it is managed elsewhere (owner tag ${owner.value})`;
  }
  if (owner && owner.name !== spec.name) return `its owner tag names "${owner.name}", not "${spec.name}"`;
  if (item.handshakeType !== spec.handshakeType) {
    return `it is a ${item.handshakeType}, the file declares a ${spec.handshakeType}`;
  }
  if (resourceId(item.associatedResourceId) !== resourceId(spec.associatedResourceIdentifier)) {
    return `it concerns ${item.associatedResourceId}, the file ${spec.associatedResourceIdentifier}`;
  }
  if (item.catalog !== spec.catalog) return `it is in catalog ${item.catalog}, the file in ${spec.catalog}`;
  return undefined;
}

/**
 * A readable, deterministic name for an imported program management account or relationship: its display name in
 * lowercase words joined by hyphens (EMEA resale → emea-resale), or the kind and id when nothing of it is left. Never
 * something that reads as a literal pma- id, which a reference would take for the id itself.
 */
export function importedResourceName(kind: ResourceKind, displayName: string | undefined, id: string): string {
  const words = (displayName ?? '')
    .normalize('NFKD')
    // The accents NFKD splits off (ü → u + ¨) go, so a letter stays in its word.
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  // A name that reads as an id (rs-…, pma-…) would be taken for one by whoever reads `relationship: rs-…`.
  if (words && !isLiteralAccount(words) && !/^(ch|pma|rs)-[a-z0-9]{13}$/.test(words)) return words;
  return `${kind === 'Relationship' ? 'relationship' : 'account'}-${id.replace(/^(pma|rs)-/, '')}`;
}

/** The declared tags as a declaration writes them (the owner tag already left out by the caller). */
function tagMapOf(tags: readonly Tag[]): { tags?: Record<string, string> } {
  return tags.length > 0 ? { tags: Object.fromEntries(tags.map((tag) => [tag.key, tag.value])) } : {};
}

/**
 * A `kind: ProgramManagementAccount` declaration for an account ListProgramManagementAccounts returned, or why none
 * can be written. Protected: removing an imported account's file must never delete it; `protect: false` first does.
 */
export function declarationFromAccount(
  item: ProgramManagementAccountSummary,
  name: string,
  tags: readonly Tag[],
): Conversion {
  if (!item.catalog || !item.program || !item.displayName || !item.accountId) {
    return { skipped: 'ListProgramManagementAccounts left out its catalog, program, displayName or accountId' };
  }
  return {
    declaration: {
      kind: 'ProgramManagementAccount',
      name,
      catalog: item.catalog,
      program: item.program,
      displayName: item.displayName,
      accountId: item.accountId,
      ...tagMapOf(tags),
      protect: true,
    },
  };
}

/**
 * A `kind: Relationship` declaration for a relationship GetRelationship returned, naming its account by `account` (a
 * declaration's name, or the literal pma- id). requestedSupportPlan is never returned, so it is never written.
 */
export function declarationFromRelationship(
  item: RelationshipDetail,
  name: string,
  tags: readonly Tag[],
  account: string,
): Conversion {
  if (!item.catalog || !item.associatedAccountId || !item.associationType || !item.sector || !item.displayName) {
    return {
      skipped: 'GetRelationship left out its catalog, associatedAccountId, associationType, sector or displayName',
    };
  }
  return {
    declaration: {
      kind: 'Relationship',
      name,
      catalog: item.catalog,
      programManagementAccount: account,
      associatedAccountId: item.associatedAccountId,
      associationType: item.associationType,
      sector: item.sector,
      displayName: item.displayName,
      ...(item.resaleAccountModel ? { resaleAccountModel: item.resaleAccountModel } : {}),
      ...tagMapOf(tags),
    },
  };
}

/** What AWS holds for a program management account or relationship, as far as adoption compares it. */
export interface LiveResource {
  kind: ResourceKind;
  id: string;
  catalog?: string;
  /** A program management account's. */
  accountId?: string;
  program?: string;
  /** A relationship's. */
  associatedAccountId?: string;
  programManagementAccountId?: string;
}

/**
 * Why a live program management account or relationship is not the one a file written by an earlier import declares,
 * or undefined when it is: same kind, catalog and identity (a PMA's accountId and program; a relationship's account
 * and program management account, `accountIdOf` resolving a declaration's name), and no owner tag but this lineage's
 * for this name.
 */
export function resourceAdoptionMismatch(
  item: LiveResource,
  spec: ResourceSpec,
  tags: readonly Tag[],
  lineage: string,
  accountIdOf: (reference: string) => string | undefined,
): string | undefined {
  const owner = ownerOf(tags);
  if (owner && ownershipOf(tags, lineage) === 'elsewhere') return `it is managed elsewhere (owner tag ${owner.value})`;
  if (owner && owner.name !== spec.name) return `its owner tag names "${owner.name}", not "${spec.name}"`;
  if (item.kind !== spec.kind) return `it is a ${item.kind}, the file declares a ${spec.kind}`;
  if (item.catalog !== spec.catalog) return `it is in catalog ${item.catalog}, the file in ${spec.catalog}`;
  if (spec.kind === 'ProgramManagementAccount') {
    if (item.accountId !== spec.accountId || item.program !== spec.program) {
      return `it is the ${item.program} account of ${item.accountId}, the file declares the ${spec.program} account of ${spec.accountId}`;
    }
    return undefined;
  }
  const account = isLiteralAccount(spec.programManagementAccount)
    ? resourceId(spec.programManagementAccount)
    : accountIdOf(spec.programManagementAccount);
  if (item.associatedAccountId !== spec.associatedAccountId || item.programManagementAccountId !== account) {
    return `it relates ${item.associatedAccountId} under ${item.programManagementAccountId}, the file ${spec.associatedAccountId} under ${spec.programManagementAccount}`;
  }
  return undefined;
}

/**
 * The first line of every imported file: what it is (a handshake's type, or a resource's kind), its id, its status
 * when imported if it has one, and the day. It names the id, so a re-run of import recognises its own files.
 */
export function importedFileHeader(what: string, id: string, status: string | undefined, appliedAt: string): string {
  return `# Imported from Partner Central: ${what} ${id}, ${status ? `${status} when ` : ''}imported on ${appliedAt.slice(0, 10)}.\n`;
}

/** That first line, read back: the id it names. */
export const IMPORTED_FILE_HEADER = /^# Imported from Partner Central: [A-Za-z_]+ ((?:ch|pma|rs)-[a-z0-9]+),/;
