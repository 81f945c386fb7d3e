import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical.js';
import { SimulatedError } from './service.js';

/** A relationship as ListRelationships and GetRelationship describe it (RelationshipSummary / RelationshipDetail). */
export interface StoredRelationship {
  arn: string;
  id: string;
  revision: string;
  catalog: string;
  associationType: 'DOWNSTREAM_SELLER' | 'END_CUSTOMER' | 'INTERNAL';
  programManagementAccountId: string;
  associatedAccountId: string;
  displayName: string;
  resaleAccountModel: 'DISTRIBUTOR' | 'END_CUSTOMER' | 'SOLUTION_PROVIDER';
  sector: 'COMMERCIAL' | 'GOVERNMENT' | 'GOVERNMENT_EXCEPTION';
  createdAt: string;
  updatedAt: string;
  startDate: string;
}

export interface RelationshipInput {
  id: string;
  programManagementAccountId: string;
  catalog?: string;
  associatedAccountId?: string;
  displayName?: string;
}

const bare = (identifier: string) => identifier.slice(identifier.lastIndexOf('/') + 1);

/**
 * The relationships of each account, for ListRelationships and GetRelationship. The simulator has no way to create
 * one through the API (the model's CreateRelationship is out of scope), so one is registered when a handshake names
 * an rs- together with a program management account, or through the receiver-side control route.
 */
export class RelationshipRegistry {
  private readonly byAccount = new Map<string, Map<string, StoredRelationship>>();
  private readonly region: string;
  private readonly now: () => Date;

  constructor(region: string, now: () => Date) {
    this.region = region;
    this.now = now;
  }

  /** Registers a relationship unless the account already has one with that id. */
  register(account: string, input: RelationshipInput): StoredRelationship {
    const relationships = this.byAccount.get(account) ?? new Map<string, StoredRelationship>();
    this.byAccount.set(account, relationships);
    const id = bare(input.id);
    const existing = relationships.get(id);
    if (existing) return existing;
    const catalog = input.catalog ?? 'AWS';
    const pma = bare(input.programManagementAccountId);
    const now = this.now().toISOString();
    const relationship: StoredRelationship = {
      arn: `arn:aws:partnercentral:${this.region}:${account}:catalog/${catalog}/program-management-account/${pma}/relationship/${id}`,
      id,
      revision: '1',
      catalog,
      associationType: 'END_CUSTOMER',
      programManagementAccountId: pma,
      associatedAccountId: input.associatedAccountId ?? '000000000000',
      displayName: (input.displayName ?? id).slice(0, 30),
      resaleAccountModel: 'SOLUTION_PROVIDER',
      sector: 'COMMERCIAL',
      createdAt: now,
      updatedAt: now,
      startDate: now,
    };
    relationships.set(id, relationship);
    return relationship;
  }

  all(account: string): StoredRelationship[] {
    return [...(this.byAccount.get(account)?.values() ?? [])];
  }

  list(account: string, input: Record<string, unknown>) {
    const pmas = (input.programManagementAccountIdentifiers as string[] | undefined)?.map(bare);
    const accounts = input.associatedAccountIds as string[] | undefined;
    const types = input.associationTypes as string[] | undefined;
    const names = input.displayNames as string[] | undefined;
    let matches = this.all(account).filter(
      (relationship) =>
        relationship.catalog === input.catalog &&
        (!pmas?.length || pmas.includes(relationship.programManagementAccountId)) &&
        (!accounts?.length || accounts.includes(relationship.associatedAccountId)) &&
        (!types?.length || types.includes(relationship.associationType)) &&
        (!names?.length || names.includes(relationship.displayName)),
    );
    const sort = input.sort as { sortOrder?: string } | undefined;
    if (sort) {
      const direction = sort.sortOrder === 'Descending' ? -1 : 1;
      matches = [...matches].sort((left, right) => direction * left.updatedAt.localeCompare(right.updatedAt));
    }
    const pageSize = (input.maxResults as number | undefined) ?? 20;
    const query = createHash('sha256')
      .update(canonicalJson({ ...input, nextToken: undefined, maxResults: undefined }))
      .digest('hex');
    let offset = 0;
    if (typeof input.nextToken === 'string') {
      const decoded = decode(input.nextToken);
      if (!decoded || decoded.query !== query) {
        throw new SimulatedError('ValidationException', 'The nextToken is invalid or belongs to a different query.', {
          reason: 'REQUEST_VALIDATION_FAILED',
          fieldList: [{ name: 'nextToken', code: 'INVALID_VALUE', message: 'nextToken is invalid' }],
        });
      }
      offset = decoded.offset;
    }
    const items = matches
      .slice(offset, offset + pageSize)
      .map(({ resaleAccountModel: _detailOnly, ...summary }) => summary);
    const more = offset + pageSize < matches.length;
    return {
      items,
      ...(more
        ? { nextToken: Buffer.from(JSON.stringify({ offset: offset + pageSize, query })).toString('base64url') }
        : {}),
    };
  }

  get(account: string, input: Record<string, unknown>) {
    const relationship = this.byAccount.get(account)?.get(bare(String(input.identifier)));
    if (
      !relationship ||
      relationship.catalog !== input.catalog ||
      relationship.programManagementAccountId !== bare(String(input.programManagementAccountIdentifier))
    ) {
      throw new SimulatedError(
        'ResourceNotFoundException',
        `Relationship ${String(input.identifier)} was not found for ${String(input.programManagementAccountIdentifier)} in catalog ${String(input.catalog)}.`,
        { resourceId: String(input.identifier), resourceType: 'Relationship' },
      );
    }
    return { relationshipDetail: relationship };
  }
}

function decode(token: string): { offset: number; query: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return Number.isInteger(value.offset) && typeof value.query === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
