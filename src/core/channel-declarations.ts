// Declarations of the channel resources themselves: `kind: ProgramManagementAccount` and `kind: Relationship`, and the
// references a handshake declaration makes to them (`relationship:`, `programManagementAccount:`). Validated documents
// become these typed specs, one spelling per meaning, so that later stages compare and hash them as they are.
import type {
  AssociationType,
  Program,
  ProgramManagementAccountSpec,
  RelationshipSpec,
  ResaleAccountModel,
  ResourceKind,
  ResourceSpec,
  Sector,
  SupportPlan,
} from './channel-resources.js';
import type { HandshakeSpec, SourceLocation } from './model.js';
import { setOwn } from './own.js';

/** A validated resource declaration and where it came from. */
export interface ResourceDeclaration {
  spec: ResourceSpec;
  location: SourceLocation;
  fieldLocations: { name: SourceLocation; programManagementAccount?: SourceLocation };
}

/** What a handshake declaration names instead of a literal associatedResourceIdentifier. */
interface HandshakeReference {
  kind: ResourceKind;
  /** The referenced declaration's name. */
  name: string;
  /** Where the reference is written. */
  location: SourceLocation;
}

/**
 * A handshake declaration that names its relationship or program management account by reference. Its resource id
 * (and, for a service period, the payload's account) are known only once the referenced resource exists, so the spec
 * here leaves them as declared: `associatedResourceIdentifier` is empty, and the payload's account may be absent.
 */
export interface ReferencingHandshakeDeclaration {
  spec: HandshakeSpec;
  reference: HandshakeReference;
  location: SourceLocation;
  fieldLocations: { name: SourceLocation; payloadAccount?: SourceLocation };
}

/** Whether a relationship's `programManagementAccount` is a literal id or ARN rather than a declaration's name. */
export function isLiteralAccount(value: string): boolean {
  return /(^|\/)pma-[a-z0-9]{13}$/.test(value);
}

function sortedTags(raw: Record<string, unknown> | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  const source = raw ?? {};
  for (const key of Object.keys(source).sort()) setOwn(tags, key, String(source[key]));
  return tags;
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

/** A `kind: ProgramManagementAccount` document the schema accepted. */
export function normalizeProgramManagementAccount(raw: Record<string, unknown>): ProgramManagementAccountSpec {
  return definedOnly({
    kind: 'ProgramManagementAccount' as const,
    name: raw.name as string,
    catalog: raw.catalog as string,
    program: raw.program as Program,
    displayName: raw.displayName as string,
    accountId: raw.accountId as string,
    tags: sortedTags(raw.tags as Record<string, unknown> | undefined),
    protect: raw.protect === true ? (true as const) : undefined,
  });
}

/** A `kind: Relationship` document the schema accepted. */
export function normalizeRelationship(raw: Record<string, unknown>): RelationshipSpec {
  return definedOnly({
    kind: 'Relationship' as const,
    name: raw.name as string,
    catalog: raw.catalog as string,
    programManagementAccount: raw.programManagementAccount as string,
    associatedAccountId: raw.associatedAccountId as string,
    associationType: raw.associationType as AssociationType,
    sector: raw.sector as Sector,
    displayName: raw.displayName as string,
    resaleAccountModel: raw.resaleAccountModel as ResaleAccountModel | undefined,
    requestedSupportPlan: raw.requestedSupportPlan as SupportPlan | undefined,
    tags: sortedTags(raw.tags as Record<string, unknown> | undefined),
    protect: raw.protect === true ? (true as const) : undefined,
  });
}

/**
 * What makes two declarations the same resource in AWS, so that two of them never claim one: a PMA by catalog,
 * management account and program (ListProgramManagementAccounts filters by accountId and program), a relationship by catalog, account and
 * PMA (ListRelationships filters by both).
 */
export function resourceIdentity(spec: ResourceSpec): string {
  return spec.kind === 'ProgramManagementAccount'
    ? `ProgramManagementAccount ${spec.catalog} ${spec.accountId} ${spec.program}`
    : `Relationship ${spec.catalog} ${spec.associatedAccountId} ${spec.programManagementAccount}`;
}
