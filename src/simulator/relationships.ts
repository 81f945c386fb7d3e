import type { AssociationType, ResaleAccountModel, Sector, SupportPlan } from '../core/channel-resources.js';
import type { Tag } from '../core/model.js';
import { ClientTokens } from './idempotency.js';
import { shapedAs } from './model-validation.js';
import { page, sorted } from './paging.js';
import type { ProgramManagementAccountRegistry } from './program-management-accounts.js';
import { SimulatedError } from './service.js';

/** A relationship as the simulator keeps it: RelationshipDetail's members plus what the API never answers with. */
export interface StoredRelationship {
  arn: string;
  id: string;
  revision: string;
  catalog: string;
  associationType: AssociationType;
  programManagementAccountId: string;
  associatedAccountId: string;
  displayName: string;
  resaleAccountModel?: ResaleAccountModel;
  sector: Sector;
  createdAt: string;
  updatedAt: string;
  startDate: string;
  /** Accepted and kept, but write-only: Get and List never return it. */
  requestedSupportPlan?: SupportPlan;
  tags: Tag[];
  /** Creation order, for stable listings. */
  sequence: number;
}

export interface RelationshipInput {
  id: string;
  programManagementAccountId: string;
  catalog?: string;
  associatedAccountId?: string;
  displayName?: string;
}

export interface RelationshipSettings {
  region: string;
  now(): Date;
  newId(prefix: string): string;
  /** 0 turns the quota off (documented: 1,000 per PMA). */
  quotaPerProgramManagementAccount(): number;
  /** True when CreateRelationship refuses a PMA that is not ACTIVE (docs/lifecycle.md: AWS is silent). */
  needsActiveProgramManagementAccount(): boolean;
  /** Why this relationship cannot be deleted now (a service period in force on it), or undefined. */
  deletionBlocker(account: string, relationship: StoredRelationship): string | undefined;
}

const RESOURCE_TYPE = 'Relationship';

/**
 * A customer account number for a relationship registered without one, different per relationship: one account has
 * one relationship under a program management account, which is how apply and import tell relationships apart.
 */
function accountNumberFor(id: string): string {
  let digits = '';
  for (const character of id.repeat(3)) digits += String(character.charCodeAt(0) % 10);
  return digits.slice(-12);
}
const bare = (identifier: string) => identifier.slice(identifier.lastIndexOf('/') + 1);

/**
 * The relationships of each partner account: Create and Delete (@idempotent by clientToken), Update (neither
 * idempotent nor token-bearing; a stale `revision` is a ConflictException), Get and List. A relationship also becomes
 * known when a handshake names an rs- together with a PMA, or through the receiver-side control route, so the
 * handshake tests need no relationship set up first.
 */
export class RelationshipRegistry {
  private readonly byAccount = new Map<string, Map<string, StoredRelationship>>();
  private readonly tokens = new ClientTokens();
  private readonly settings: RelationshipSettings;
  private readonly programManagementAccounts: ProgramManagementAccountRegistry;
  private sequence = 0;

  constructor(settings: RelationshipSettings, programManagementAccounts: ProgramManagementAccountRegistry) {
    this.settings = settings;
    this.programManagementAccounts = programManagementAccounts;
  }

  private relationshipsOf(account: string): Map<string, StoredRelationship> {
    let relationships = this.byAccount.get(account);
    if (!relationships) {
      relationships = new Map();
      this.byAccount.set(account, relationships);
    }
    return relationships;
  }

  private arnFor(account: string, catalog: string, pma: string, id: string): string {
    return `arn:aws:partnercentral:${this.settings.region}:${account}:catalog/${catalog}/program-management-account/${pma}/relationship/${id}`;
  }

  /** Registers a relationship unless the account already has one with that id. */
  register(account: string, input: RelationshipInput): StoredRelationship {
    const relationships = this.relationshipsOf(account);
    const id = bare(input.id);
    const existing = relationships.get(id);
    if (existing) return existing;
    const catalog = input.catalog ?? 'AWS';
    const pma = bare(input.programManagementAccountId);
    const now = this.settings.now().toISOString();
    const relationship: StoredRelationship = {
      arn: this.arnFor(account, catalog, pma, id),
      id,
      revision: '1',
      catalog,
      associationType: 'END_CUSTOMER',
      programManagementAccountId: pma,
      associatedAccountId: input.associatedAccountId ?? accountNumberFor(id),
      displayName: (input.displayName ?? id).slice(0, 30),
      resaleAccountModel: 'SOLUTION_PROVIDER',
      sector: 'COMMERCIAL',
      createdAt: now,
      updatedAt: now,
      startDate: now,
      tags: [],
      sequence: this.sequence++,
    };
    relationships.set(id, relationship);
    return relationship;
  }

  all(account: string): StoredRelationship[] {
    return [...(this.byAccount.get(account)?.values() ?? [])].sort((left, right) => left.sequence - right.sequence);
  }

  /** How many relationships name this PMA. */
  countUnder(account: string, programManagementAccountId: string): number {
    return this.all(account).filter(
      (relationship) => relationship.programManagementAccountId === programManagementAccountId,
    ).length;
  }

  byArn(arn: string): { account: string; relationship: StoredRelationship } | undefined {
    for (const [account, relationships] of this.byAccount) {
      const relationship = relationships.get(bare(arn));
      if (relationship?.arn === arn) return { account, relationship };
    }
    return undefined;
  }

  /** The relationship an identifier names under this PMA and catalog, or ResourceNotFoundException. */
  private found(account: string, input: Record<string, unknown>): StoredRelationship {
    const identifier = String(input.identifier);
    const relationship = this.byAccount.get(account)?.get(bare(identifier));
    if (
      !relationship ||
      relationship.catalog !== input.catalog ||
      relationship.programManagementAccountId !== bare(String(input.programManagementAccountIdentifier)) ||
      (identifier.startsWith('arn:') && identifier !== relationship.arn)
    ) {
      throw new SimulatedError(
        'ResourceNotFoundException',
        `Relationship ${identifier} was not found for ${String(input.programManagementAccountIdentifier)} in catalog ${String(input.catalog)}.`,
        { resourceId: identifier, resourceType: RESOURCE_TYPE },
      );
    }
    return relationship;
  }

  create(account: string, input: Record<string, unknown>): unknown {
    const operation = 'CreateRelationship';
    const replayed = this.tokens.replay(account, operation, input, RESOURCE_TYPE);
    if (replayed) return replayed;
    const catalog = String(input.catalog);
    const pma = this.programManagementAccounts.found(
      account,
      String(input.programManagementAccountIdentifier),
      catalog,
    );
    if (this.settings.needsActiveProgramManagementAccount() && pma.status !== 'ACTIVE') {
      const message = `Program management account ${pma.id} is ${pma.status}; a relationship needs an ACTIVE one (accept its PROGRAM_MANAGEMENT_ACCOUNT handshake first).`;
      throw new SimulatedError('ValidationException', message, {
        reason: 'BUSINESS_VALIDATION_FAILED',
        fieldList: [{ name: 'programManagementAccountIdentifier', code: 'INVALID_STATUS', message }],
      });
    }
    const limit = this.settings.quotaPerProgramManagementAccount();
    if (limit > 0 && this.countUnder(account, pma.id) >= limit) {
      throw new SimulatedError(
        'ServiceQuotaExceededException',
        `Program management account ${pma.id} has reached the quota of ${limit} relationships.`,
        { resourceId: pma.id, resourceType: RESOURCE_TYPE, quotaCode: 'relationships-per-program-management-account' },
      );
    }
    const relationships = this.relationshipsOf(account);
    let id = this.settings.newId('rs-');
    while (relationships.has(id)) id = this.settings.newId('rs-');
    const now = this.settings.now().toISOString();
    const relationship: StoredRelationship = {
      arn: this.arnFor(account, catalog, pma.id, id),
      id,
      revision: '1',
      catalog,
      associationType: input.associationType as AssociationType,
      programManagementAccountId: pma.id,
      associatedAccountId: String(input.associatedAccountId),
      displayName: String(input.displayName),
      ...(input.resaleAccountModel ? { resaleAccountModel: input.resaleAccountModel as ResaleAccountModel } : {}),
      sector: input.sector as Sector,
      createdAt: now,
      updatedAt: now,
      startDate: now,
      ...(input.requestedSupportPlan ? { requestedSupportPlan: input.requestedSupportPlan as SupportPlan } : {}),
      tags: (input.tags as Tag[] | undefined) ?? [],
      sequence: this.sequence++,
    };
    relationships.set(id, relationship);
    const answer = { relationshipDetail: { arn: relationship.arn, id } };
    this.tokens.remember(account, operation, input, id, answer);
    return answer;
  }

  /**
   * Not idempotent: every accepted call is a write and moves the revision on, so a blind retry of a call whose answer
   * was lost, sent with the revision it was first sent with, is refused as stale.
   */
  update(account: string, input: Record<string, unknown>): unknown {
    const relationship = this.found(account, input);
    if (input.revision !== undefined && input.revision !== relationship.revision) {
      throw new SimulatedError(
        'ConflictException',
        `Relationship ${relationship.id} is at revision ${relationship.revision}, not ${String(input.revision)}.`,
        { resourceId: relationship.id, resourceType: RESOURCE_TYPE },
      );
    }
    if (typeof input.displayName === 'string') relationship.displayName = input.displayName;
    if (input.requestedSupportPlan) relationship.requestedSupportPlan = input.requestedSupportPlan as SupportPlan;
    relationship.revision = String(Number(relationship.revision) + 1);
    relationship.updatedAt = this.settings.now().toISOString();
    return { relationshipDetail: shapedAs('UpdateRelationshipDetail', relationship) };
  }

  delete(account: string, input: Record<string, unknown>): unknown {
    const operation = 'DeleteRelationship';
    const replayed = this.tokens.replay(account, operation, input, RESOURCE_TYPE);
    if (replayed) return replayed;
    const relationship = this.found(account, input);
    const blocker = this.settings.deletionBlocker(account, relationship);
    if (blocker) {
      throw new SimulatedError('ConflictException', blocker, {
        resourceId: relationship.id,
        resourceType: RESOURCE_TYPE,
      });
    }
    this.byAccount.get(account)?.delete(relationship.id);
    const answer = {};
    this.tokens.remember(account, operation, input, relationship.id, answer);
    return answer;
  }

  list(account: string, input: Record<string, unknown>) {
    const pmas = (input.programManagementAccountIdentifiers as string[] | undefined)?.map(bare);
    const accounts = input.associatedAccountIds as string[] | undefined;
    const types = input.associationTypes as string[] | undefined;
    const names = input.displayNames as string[] | undefined;
    const matches = this.all(account).filter(
      (relationship) =>
        relationship.catalog === input.catalog &&
        (!pmas?.length || pmas.includes(relationship.programManagementAccountId)) &&
        (!accounts?.length || accounts.includes(relationship.associatedAccountId)) &&
        (!types?.length || types.includes(relationship.associationType)) &&
        (!names?.length || names.includes(relationship.displayName)),
    );
    const { items, nextToken } = page(sorted(matches, input.sort as { sortOrder?: string } | undefined), input);
    return {
      items: items.map((relationship) => shapedAs('RelationshipSummary', relationship)),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  get(account: string, input: Record<string, unknown>) {
    return { relationshipDetail: shapedAs('RelationshipDetail', this.found(account, input)) };
  }
}
