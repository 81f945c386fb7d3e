/** A tag as the API carries it (model.ts has the same shape; kept here so this module imports nothing). */
interface Tag {
  key: string;
  value: string;
}

// The wire shapes of program management accounts (PMAs) and relationships, as the Smithy model states them. Types and
// enum values only: the core plans with them, the API client sends and reads them, the simulator serves them, and
// test/channel-resources.test.ts checks the enum values against the model. Members the model marks optional in an
// answer are optional here too, because AWS may leave any of them out.

export const PROGRAMS = ['SOLUTION_PROVIDER', 'DISTRIBUTION', 'DISTRIBUTION_SELLER'] as const;
export type Program = (typeof PROGRAMS)[number];

export const PROGRAM_MANAGEMENT_ACCOUNT_STATUSES = ['PENDING', 'ACTIVE', 'INACTIVE'] as const;
export type ProgramManagementAccountStatus = (typeof PROGRAM_MANAGEMENT_ACCOUNT_STATUSES)[number];

export const ASSOCIATION_TYPES = ['DOWNSTREAM_SELLER', 'END_CUSTOMER', 'INTERNAL'] as const;
export type AssociationType = (typeof ASSOCIATION_TYPES)[number];

export const RESALE_ACCOUNT_MODELS = ['DISTRIBUTOR', 'END_CUSTOMER', 'SOLUTION_PROVIDER'] as const;
export type ResaleAccountModel = (typeof RESALE_ACCOUNT_MODELS)[number];

export const SECTORS = ['COMMERCIAL', 'GOVERNMENT', 'GOVERNMENT_EXCEPTION'] as const;
export type Sector = (typeof SECTORS)[number];

export const COVERAGES = ['ENTIRE_ORGANIZATION', 'MANAGEMENT_ACCOUNT_ONLY'] as const;
type Coverage = (typeof COVERAGES)[number];

export const SUPPORT_PROVIDERS = ['DISTRIBUTOR', 'DISTRIBUTION_SELLER'] as const;
type SupportProvider = (typeof SUPPORT_PROVIDERS)[number];

type SortOrder = 'Ascending' | 'Descending';

/** ResoldEnterprise and ResoldUnifiedOperations share this shape. */
interface ResoldSupport {
  coverage: Coverage;
  tamLocation: string;
  chargeAccountId?: string;
}

interface PartnerLedSupport {
  coverage: Coverage;
  tamLocation: string;
  provider?: SupportProvider;
}

/** The SupportPlan union: exactly one member. Write-only: no answer of the API ever carries it back. */
export type SupportPlan =
  | { resoldEnterprise: ResoldSupport }
  | { resoldUnifiedOperations: ResoldSupport }
  | { partnerLedSupport: PartnerLedSupport };

// --- program management accounts ------------------------------------------------------------------------------

/**
 * `clientToken` is optional on the wire (the AWS SDKs fill in a random one), but required here: a random token
 * cannot replay after a lost answer, so this project always sends a deterministic one.
 */
export interface CreateProgramManagementAccountRequest {
  catalog: string;
  program: Program;
  displayName: string;
  accountId: string;
  clientToken: string;
  tags?: Tag[];
}

export interface CreateProgramManagementAccountDetail {
  id: string;
  arn: string;
}

/** Only displayName can change. `revision`, when sent, must be the current one or AWS answers ConflictException. */
export interface UpdateProgramManagementAccountRequest {
  catalog: string;
  identifier: string;
  revision?: string;
  displayName?: string;
}

export interface UpdateProgramManagementAccountDetail {
  id?: string;
  arn?: string;
  revision?: string;
  displayName?: string;
}

export interface DeleteProgramManagementAccountRequest {
  catalog: string;
  identifier: string;
  clientToken: string;
}

/** There is no GetProgramManagementAccount: a listing filtered by accountIds is how one PMA is read. */
export interface ListProgramManagementAccountsRequest {
  catalog: string;
  maxResults?: number;
  displayNames?: string[];
  programs?: Program[];
  accountIds?: string[];
  statuses?: ProgramManagementAccountStatus[];
  sort?: { sortOrder: SortOrder; sortBy: 'UpdatedAt' };
  nextToken?: string;
}

export interface ProgramManagementAccountSummary {
  id?: string;
  revision?: string;
  catalog?: string;
  program?: Program;
  displayName?: string;
  accountId?: string;
  arn?: string;
  createdAt?: string;
  updatedAt?: string;
  startDate?: string;
  status?: ProgramManagementAccountStatus;
}

export interface ListProgramManagementAccountsResponse {
  items?: ProgramManagementAccountSummary[];
  nextToken?: string;
}

// --- relationships --------------------------------------------------------------------------------------------

/** `clientToken` is required here for the same reason as on CreateProgramManagementAccountRequest. */
export interface CreateRelationshipRequest {
  catalog: string;
  associationType: AssociationType;
  programManagementAccountIdentifier: string;
  associatedAccountId: string;
  displayName: string;
  resaleAccountModel?: ResaleAccountModel;
  sector: Sector;
  clientToken: string;
  tags?: Tag[];
  requestedSupportPlan?: SupportPlan;
}

export interface CreateRelationshipDetail {
  id: string;
  arn: string;
}

/** Neither idempotent nor token-bearing: see the client's updateRelationship for what a lost answer means. */
export interface UpdateRelationshipRequest {
  catalog: string;
  identifier: string;
  programManagementAccountIdentifier: string;
  revision?: string;
  displayName?: string;
  requestedSupportPlan?: SupportPlan;
}

export interface UpdateRelationshipDetail {
  arn?: string;
  id?: string;
  revision?: string;
  displayName?: string;
}

export interface DeleteRelationshipRequest {
  catalog: string;
  identifier: string;
  programManagementAccountIdentifier: string;
  clientToken: string;
}

export interface GetRelationshipRequest {
  catalog: string;
  programManagementAccountIdentifier: string;
  identifier: string;
}

/** ListRelationships needs only the catalog; the filters narrow it. */
export interface ListRelationshipsRequest {
  catalog: string;
  maxResults?: number;
  associatedAccountIds?: string[];
  associationTypes?: AssociationType[];
  displayNames?: string[];
  programManagementAccountIdentifiers?: string[];
  sort?: { sortOrder: SortOrder; sortBy: 'UpdatedAt' };
  nextToken?: string;
}

/** A RelationshipSummary: no status, and no requestedSupportPlan (it cannot be read back). */
export interface RelationshipSummary {
  arn?: string;
  id?: string;
  revision?: string;
  catalog?: string;
  associationType?: AssociationType;
  programManagementAccountId?: string;
  associatedAccountId?: string;
  displayName?: string;
  sector?: Sector;
  createdAt?: string;
  updatedAt?: string;
  startDate?: string;
}

/** GetRelationship's answer: the summary plus resaleAccountModel. */
export interface RelationshipDetail extends RelationshipSummary {
  resaleAccountModel?: ResaleAccountModel;
}

export interface ListRelationshipsResponse {
  items?: RelationshipSummary[];
  nextToken?: string;
}

// --- declarations of them (kind: ProgramManagementAccount, kind: Relationship) ------------------------------

export interface ProgramManagementAccountSpec {
  kind: 'ProgramManagementAccount';
  name: string;
  catalog: string;
  program: Program;
  displayName: string;
  accountId: string;
  /** Sorted by key. */
  tags: Record<string, string>;
  protect?: true;
}

export interface RelationshipSpec {
  kind: 'Relationship';
  name: string;
  catalog: string;
  /** The name of a ProgramManagementAccount declaration, or a literal pma- id or its ARN. */
  programManagementAccount: string;
  associatedAccountId: string;
  associationType: AssociationType;
  sector: Sector;
  displayName: string;
  resaleAccountModel?: ResaleAccountModel;
  requestedSupportPlan?: SupportPlan;
  /** Sorted by key. */
  tags: Record<string, string>;
  protect?: true;
}

export type ResourceSpec = ProgramManagementAccountSpec | RelationshipSpec;
export type ResourceKind = ResourceSpec['kind'];
