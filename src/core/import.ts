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

export type Conversion = { declaration: RawDeclaration } | { skipped: string };

/**
 * Writes back, as a declaration, what a ListChannelHandshakes summary says was sent. The summary does not name the
 * program management account of a service-period handshake, so that must be given (--program-management-account).
 */
export function declarationFromSummary(
  item: ChannelHandshakeSummary,
  name: string,
  tags: readonly Tag[],
  programManagementAccount: string | undefined,
): Conversion {
  const tagMap = Object.fromEntries(tags.map((tag) => [tag.key, tag.value]));
  const base = {
    name,
    handshakeType: item.handshakeType,
    catalog: item.catalog,
    associatedResourceIdentifier: item.associatedResourceId,
    ...(tags.length > 0 ? { tags: tagMap } : {}),
  };
  if (item.handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT') {
    return { declaration: base };
  }
  if (!programManagementAccount) {
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
          revokeServicePeriodPayload: { programManagementAccountIdentifier: programManagementAccount, ...note },
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
          programManagementAccountIdentifier: programManagementAccount,
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
