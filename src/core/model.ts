// Shared vocabulary of the engine. Field names mirror the Partner Central Channel API so that
// AWS documentation reads straight across into declarations, state and plans.
import type {
  CreateProgramManagementAccountRequest,
  CreateRelationshipRequest,
  DeleteProgramManagementAccountRequest,
  DeleteRelationshipRequest,
  ProgramManagementAccountSpec,
  ProgramManagementAccountStatus,
  RelationshipSpec,
  ResourceKind,
  ResourceSpec,
} from './channel-resources.js';
import type { ChangeReason } from './reasons.js';

export const HANDSHAKE_TYPES = ['START_SERVICE_PERIOD', 'REVOKE_SERVICE_PERIOD', 'PROGRAM_MANAGEMENT_ACCOUNT'] as const;
export type HandshakeType = (typeof HANDSHAKE_TYPES)[number];

export const HANDSHAKE_STATUSES = ['PENDING', 'ACCEPTED', 'REJECTED', 'CANCELED', 'EXPIRED'] as const;
export type HandshakeStatus = (typeof HANDSHAKE_STATUSES)[number];

/** Statuses after which AWS will never move the handshake again. */
export const TERMINAL_STATUSES: ReadonlySet<HandshakeStatus> = new Set(['REJECTED', 'CANCELED', 'EXPIRED']);

export type ServicePeriodType = 'MINIMUM_NOTICE_PERIOD' | 'FIXED_COMMITMENT_PERIOD';

export interface StartServicePeriodPayload {
  programManagementAccountIdentifier: string;
  servicePeriodType: ServicePeriodType;
  /** Digits, as the API carries them; declarations may also write an integer. */
  minimumNoticeDays?: string;
  /** RFC 3339 in UTC, e.g. 2027-03-31T00:00:00Z. */
  endDate?: string;
  note?: string;
}

export interface RevokeServicePeriodPayload {
  programManagementAccountIdentifier: string;
  note?: string;
}

export type HandshakePayload =
  | { startServicePeriodPayload: StartServicePeriodPayload }
  | { revokeServicePeriodPayload: RevokeServicePeriodPayload };

/** A declaration after validation and normalization: the desired handshake, independent of YAML spelling. */
export interface HandshakeSpec {
  name: string;
  handshakeType: HandshakeType;
  catalog: string;
  associatedResourceIdentifier: string;
  payload?: HandshakePayload;
  /** Sorted by key. */
  tags: Record<string, string>;
  revision: number;
  /**
   * The note of the REVOKE_SERVICE_PERIOD handshake that ends this START once it is no longer declared. Never sent
   * with the START itself; the value recorded at the START's last apply is the one used.
   */
  revokeNote?: string;
  /** Set (only ever to true) when plans must not cancel, revoke or replace this declaration's handshakes. */
  protect?: true;
}

export interface Tag {
  key: string;
  value: string;
}

/** The CreateChannelHandshake input, exactly as it goes on the wire. */
export interface CreateChannelHandshakeRequest {
  handshakeType: HandshakeType;
  catalog: string;
  associatedResourceIdentifier: string;
  payload?: HandshakePayload;
  clientToken: string;
  tags?: Tag[];
}

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

type Severity = 'error' | 'warning' | 'notice';

/** A problem or remark for the user. Errors block; warnings and notices never fail a run. */
export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  /** Repository-relative path, with the position of the offending node. */
  location?: SourceLocation;
  /** The field path inside the declaration, e.g. payload.startServicePeriodPayload.minimumNoticeDays. */
  field?: string;
  /** The declaration's name, when known. */
  name?: string;
}

/** A validated declaration together with where it came from, so later stages can point back at it. */
export interface Declaration {
  spec: HandshakeSpec;
  location: SourceLocation;
  /** Where the fields that cross-file rules talk about are written. */
  fieldLocations: { name: SourceLocation; associatedResourceIdentifier: SourceLocation };
}

/** A `forget: <name>` document: drop a recorded, undeclared name from the state without any API call. */
export interface ForgetRequest {
  name: string;
  reason?: string;
  location: SourceLocation;
}

export interface AppliedBy {
  actor?: string;
  /** Adopted by `handshakes import` rather than sent by an apply. */
  imported?: boolean;
  commit?: string;
  pullRequest?: number;
  runUrl?: string;
}

/** Why a handshake was sent for a declaration. */
export const HANDSHAKE_PURPOSES = ['start', 'supersede', 'revoke', 'pma'] as const;
export type HandshakePurpose = (typeof HANDSHAKE_PURPOSES)[number];

/** What ended a period: the accepted REVOKE_SERVICE_PERIOD or successor START, wherever it is recorded. */
interface EndedBy {
  id: string;
  purpose: HandshakePurpose;
  /** When it was accepted (or, if that is not recorded, sent). */
  at: string;
}

/** One handshake sent for a declaration name, as the state records it. */
export interface SentHandshake {
  id: string;
  arn: string;
  handshakeType: HandshakeType;
  /**
   * `start` opens a service period, `supersede` replaces the one in force, `revoke` ends one (or is the declared
   * REVOKE_SERVICE_PERIOD itself), `pma` activates a program management account.
   */
  purpose: HandshakePurpose;
  status: HandshakeStatus;
  clientToken: string;
  /** What was sent: the declaration, or for a revoke that ends a period, the REVOKE_SERVICE_PERIOD it sent. */
  spec: HandshakeSpec;
  /** Counts the handshakes ever sent under this name, so a reverted spec never replays an old token. */
  generation: number;
  /** For a revoke or a successor START: the id of the start or supersede handshake it ends. */
  ends?: string;
  /** For a start or supersede: the accepted revoke or successor that ended it (state version 3). */
  endedBy?: EndedBy;
  sentAt: string;
  updatedAt?: string;
  appliedBy: AppliedBy;
}

/** Everything sent for one declaration name, oldest first. */
export interface DeclarationHistory {
  handshakes: SentHandshake[];
  /** The declaration's `protect`, as recorded at its last apply. */
  protect?: true;
  /** Set when a replace cancelled the pending handshake but its new one was not recorded yet: the next apply sends it. */
  replacementPending?: true;
}

/**
 * 5: tombstones of forgotten ACCEPTED PROGRAM_MANAGEMENT_ACCOUNT handshakes (`tombstones`), and every recorded spec's
 * name is the key it is recorded under (a rename rewrites it); the reviewed remainder of a merge's plan (`deferred`).
 * 4: program management accounts and relationships this repository created (`resources`, `resourceIntents`).
 * 3: a start or supersede records what ended it (`endedBy`). 2: histories per name. 1: one handshake per name.
 */
export const STATE_VERSION = 5;

/** Why a handshake left the state with a tombstone: its declaration was removed, or a forget document named it. */
export const TOMBSTONE_REASONS = ['no-longer-declared', 'forget-document'] as const;
export type TombstoneReason = (typeof TOMBSTONE_REASONS)[number];

/**
 * What is left of an ACCEPTED PROGRAM_MANAGEMENT_ACCOUNT handshake once its name is forgotten. AWS has no undo for
 * it (a cancel works only while it is PENDING), so it stays live in AWS for good: the tombstone lets refresh and the
 * drift issue recognise it as forgotten on purpose instead of calling it unmanaged, with or without an owner tag.
 */
export interface Tombstone {
  id: string;
  arn: string;
  /** The declaration name it was recorded under. */
  name: string;
  reason: TombstoneReason;
  forgottenAt: string;
}

/**
 * A create that apply was about to send, written durably before the request left. If the run dies before the answer
 * is recorded, the next plan replays exactly this request with exactly this token ("resume interrupted create"), so
 * an edit made in between can never send a second live handshake. Cleared when the create is recorded.
 */
export interface CreateIntent {
  name: string;
  clientToken: string;
  request: CreateChannelHandshakeRequest;
  /** What recording the create needs: the spec and generation it was planned with. */
  spec: HandshakeSpec;
  generation: number;
  /** The purpose and the handshake it ends, as the change that sent it would have recorded them. */
  purpose?: HandshakePurpose;
  ends?: string;
  recordedAt: string;
}

/** A program management account or relationship this repository created (or adopted by its owner tag). */
export interface ResourceRecord {
  kind: ResourceKind;
  id: string;
  arn: string;
  /** The token of the create that made it. */
  clientToken: string;
  /** The declaration as it was created. */
  spec: ResourceSpec;
  /** For a relationship: the id of the program management account it was created under. */
  programManagementAccountId?: string;
  /** For a program management account: its status, as last read. */
  status?: ProgramManagementAccountStatus;
  createdAt: string;
  appliedBy: AppliedBy;
  /** Set when an apply found it already in AWS with this lineage's owner tag, and recorded it without sending. */
  adopted?: true;
  /** As refresh last read it, when it differs from the declaration it was created with. */
  displayName?: string;
  /** The revision refresh last read (UpdateRelationship and UpdateProgramManagementAccount take it). */
  revision?: string;
  /** Set when refresh no longer found it: deleted outside this repository. */
  deletedOutside?: true;
}

/** A resource create apply was about to send, written durably before the request left (as CreateIntent). */
export interface ResourceIntent {
  name: string;
  kind: ResourceKind;
  clientToken: string;
  request: CreateProgramManagementAccountRequest | CreateRelationshipRequest;
  spec: ResourceSpec;
  programManagementAccountId?: string;
  recordedAt: string;
}

export interface RecordedState {
  version: typeof STATE_VERSION;
  lineage: string;
  serial: number;
  /** Keyed by declaration name; a null-prototype object, read with Object.hasOwn (see history.ts). */
  declarations: Record<string, DeclarationHistory>;
  /** In-flight creates by declaration name (optional: absent when nothing is in flight). */
  intents?: Record<string, CreateIntent>;
  /** Program management accounts and relationships, by declaration name (optional: absent when there are none). */
  resources?: Record<string, ResourceRecord>;
  /** In-flight resource creates, by declaration name (optional). */
  resourceIntents?: Record<string, ResourceIntent>;
  /** Forgotten ACCEPTED PROGRAM_MANAGEMENT_ACCOUNT handshakes, by id order (optional: absent when there are none). */
  tombstones?: Tombstone[];
  /** What a reviewed plan left unsent (waits, the time budget), for later runs to send (core/deferred.ts; optional). */
  deferred?: DeferredRecord;
}

/** One part of a reviewed plan left unsent: a change the time budget cut off, or a declaration that waits. */
export type DeferredItem =
  | {
      kind: 'time';
      name: string;
      action: ChangeAction;
      /** sha256 of the planned change (everything but its reason): a later run sends only exactly this change. */
      change: string;
      /** The change's clientToken, when it has one: an interrupted create resumes with it. */
      clientToken?: string;
      /** sha256 of the normalised declarations the change came from, the ones it references included. */
      fingerprint: string;
    }
  | {
      kind: 'wait';
      name: string;
      declarationKind: WaitingDeclaration['kind'];
      waitsFor: string;
      until: WaitingDeclaration['until'];
      fingerprint: string;
    };

/** The reviewed remainder of a merge's plan: what later runs may send without a new review (core/deferred.ts). */
export interface DeferredRecord {
  /** The digest of the plan the pull request reviewed. */
  planDigest: string;
  pullRequest?: number;
  /** The merge commit that applied it first. */
  commit?: string;
  reviewedAt: string;
  /** Changes and waiting declarations in the reviewed plan. */
  total: number;
  /** How many of them are sent (or were found already done). */
  sent: number;
  items: DeferredItem[];
}

/** A pending handshake taken out of service before a change's new one (if any) is sent. */
export interface CancelRetirement {
  action: 'cancel';
  id: string;
  arn: string;
}

/** An accepted period ended by sending a REVOKE_SERVICE_PERIOD handshake. */
interface RevokeRetirement {
  action: 'revoke';
  id: string;
  arn: string;
  /** The REVOKE_SERVICE_PERIOD handshake to send. */
  request: CreateChannelHandshakeRequest;
}

/** How an existing handshake is taken out of service: cancel while pending, revoke once accepted. */
export type Retirement = CancelRetirement | RevokeRetirement;

export interface TagChange {
  arn: string;
  set: Record<string, string>;
  remove: string[];
}

/** What a change moves away from or ends, so renderers can show old → new. */
export interface ChangePrevious {
  /** The recorded spec the change moves away from (replace, supersede, retag, rename, cancel, revoke). */
  spec?: HandshakeSpec;
  /** The recorded handshake the change ends or acts on. */
  handshake?: {
    id: string;
    handshakeType: HandshakeType;
    status: HandshakeStatus;
    sentAt?: string;
    updatedAt?: string;
  };
  /** For rename: the name the history is recorded under now. */
  name?: string;
}

/** What every handshake change names: the declaration, and the handshake kind and resource it concerns. */
interface HandshakeChangeSubject {
  name: string;
  handshakeType: HandshakeType;
  catalog: string;
  /** The relationship or program management account the change concerns. */
  resource: string;
  /** Why this change is needed: a rule id and the facts it names (render/reasons.ts words it). */
  reason: ChangeReason;
  /** What the change moves away from or ends. */
  previous?: ChangePrevious;
}

/** Apply-time refresh found the handshake a replace or supersede cancels first already ended: only the new one is sent. */
interface AlreadyEnded {
  id: string;
  status: HandshakeStatus;
  at?: string;
}

/** A change that sends a CreateChannelHandshake for a declaration and records it once AWS answers. */
interface SendsDeclaredHandshake {
  /** The token of the handshake this change sends. */
  clientToken: string;
  /** The CreateChannelHandshake input this change sends. */
  request: CreateChannelHandshakeRequest;
  /** The generation the created handshake will be recorded with. */
  generation: number;
  /** The spec to record once the create succeeds. */
  spec: HandshakeSpec;
  /** The purpose the handshake this change sends is recorded with. */
  purpose: HandshakePurpose;
  /** For a START or REVOKE that ends another name's period: the id of the handshake it ends. */
  ends?: string;
  /** Field paths that differ from the recorded spec (JSON pointers). */
  differences?: string[];
}

/** Sends a declared handshake that nothing of this name is pending for. */
interface CreateChange extends HandshakeChangeSubject, SendsDeclaredHandshake {
  action: 'create';
  /** Set when the create replays an intent an interrupted apply left behind. */
  resume?: boolean;
}

/** Sends a START with new terms while the period in force stays until the customer accepts them. */
export interface SupersedeChange extends HandshakeChangeSubject, SendsDeclaredHandshake {
  action: 'supersede';
  ends: string;
  /** A pending supersede or revoke cancelled first. */
  retire?: CancelRetirement;
  alreadyEnded?: AlreadyEnded;
}

/** Cancels a pending handshake that cannot be edited, then sends the new one. */
export interface ReplaceChange extends HandshakeChangeSubject, SendsDeclaredHandshake {
  action: 'replace';
  /** Absent once apply-time refresh found the old handshake already ended: only the create is left. */
  retire?: CancelRetirement;
  alreadyEnded?: AlreadyEnded;
}

/** Cancels a pending handshake. */
export interface CancelChange extends HandshakeChangeSubject {
  action: 'cancel';
  retire: CancelRetirement;
}

/** Ends a period in force of a name nothing declares any more, by sending one REVOKE_SERVICE_PERIOD. */
interface AutomaticRevokeChange extends HandshakeChangeSubject {
  action: 'revoke';
  clientToken: string;
  request: CreateChannelHandshakeRequest;
  purpose: 'revoke';
  /** The START or supersede it ends. */
  ends: string;
  generation: number;
  retire: RevokeRetirement;
}

/**
 * A declared REVOKE_SERVICE_PERIOD: under the very name whose period it ends, under another name, or for a period
 * started elsewhere (and a resumed one). It ends a period once accepted, so it is a revoke, never a plain create.
 */
interface DeclaredRevokeChange extends HandshakeChangeSubject, SendsDeclaredHandshake {
  action: 'revoke';
  retire?: undefined;
}

type RevokeChange = AutomaticRevokeChange | DeclaredRevokeChange;

/** Changes tags in place, or records a changed `protect` or `revokeNote` without any API call. */
export interface RetagChange extends HandshakeChangeSubject {
  action: 'retag';
  tags?: TagChange;
  /** The protection to record for the name. */
  protect?: boolean;
  /** The declared spec whose `revokeNote` is recorded. */
  spec?: HandshakeSpec;
}

/** Moves a recorded history to a new name: state only. */
export interface RenameChange extends HandshakeChangeSubject {
  action: 'rename';
  previous: ChangePrevious & { name: string };
}

/** Drops a recorded name from the state: no API call; what it sent stays in AWS, unmanaged. */
export interface ForgetChange {
  action: 'forget';
  name: string;
  reason: ChangeReason;
  /** Absent when nothing was ever sent under the name: then there is no handshake to name. */
  handshakeType?: HandshakeType;
  catalog?: string;
  resource?: string;
  previous?: ChangePrevious;
}

/** What every change to a program management account or relationship names. */
interface ResourceChangeSubject {
  name: string;
  kind: ResourceKind;
  catalog: string;
  /** Resource changes send no handshake. */
  handshakeType?: undefined;
  /** For a relationship: the program management account it is created under. */
  resource?: string;
  reason: ChangeReason;
  previous?: undefined;
}

/** Creates a declared program management account (CreateProgramManagementAccount). */
interface CreateAccountChange extends ResourceChangeSubject {
  action: 'create-account';
  kind: 'ProgramManagementAccount';
  clientToken: string;
  request: CreateProgramManagementAccountRequest;
  spec: ProgramManagementAccountSpec;
  resume?: boolean;
}

/** Creates a declared relationship under a program management account that exists (CreateRelationship). */
interface CreateRelationshipChange extends ResourceChangeSubject {
  action: 'create-relationship';
  kind: 'Relationship';
  clientToken: string;
  request: CreateRelationshipRequest;
  spec: RelationshipSpec;
  /** The id of the program management account it is created under. */
  resource: string;
  resume?: boolean;
}

/** What an update changes in place: the fields sent to Update…, and the tags. */
interface ResourceUpdate {
  /** The recorded id and ARN. */
  id: string;
  arn: string;
  /** The revision refresh last read; sent so that a change made outside meanwhile is a ConflictException. */
  revision?: string;
  /** Field → [recorded, declared], for the fields the Update operation changes (displayName, requestedSupportPlan). */
  fields: Record<string, [unknown, unknown]>;
  /** Tags to set and to remove (the owner tag is never touched). */
  tags?: { set: Record<string, string>; remove: string[] };
}

/** Changes a program management account in place (UpdateProgramManagementAccount, TagResource, UntagResource). */
interface UpdateAccountChange extends ResourceChangeSubject {
  action: 'update-account';
  kind: 'ProgramManagementAccount';
  spec: ProgramManagementAccountSpec;
  update: ResourceUpdate;
}

/** Changes a relationship in place (UpdateRelationship, TagResource, UntagResource). */
interface UpdateRelationshipChange extends ResourceChangeSubject {
  action: 'update-relationship';
  kind: 'Relationship';
  spec: RelationshipSpec;
  /** The program management account it belongs to. */
  resource: string;
  update: ResourceUpdate;
}

/** Deletes a program management account nothing declares any more, with no relationship left under it. */
interface DeleteAccountChange extends ResourceChangeSubject {
  action: 'delete-account';
  kind: 'ProgramManagementAccount';
  id: string;
  clientToken: string;
  request: DeleteProgramManagementAccountRequest;
}

/** Deletes a relationship nothing declares any more, once no service period is in force or pending on it. */
interface DeleteRelationshipChange extends ResourceChangeSubject {
  action: 'delete-relationship';
  kind: 'Relationship';
  id: string;
  /** The program management account it belongs to. */
  resource: string;
  clientToken: string;
  request: DeleteRelationshipRequest;
}

export type ResourceDeleteChange = DeleteAccountChange | DeleteRelationshipChange;
export type ResourceCreateChange = CreateAccountChange | CreateRelationshipChange;
export type ResourceUpdateChange = UpdateAccountChange | UpdateRelationshipChange;
export type ResourceChange = ResourceCreateChange | ResourceUpdateChange | ResourceDeleteChange;

/** One planned change: one type per action, each with exactly the fields it needs. */
export type Change =
  | CreateChange
  | SupersedeChange
  | ReplaceChange
  | CancelChange
  | RevokeChange
  | RetagChange
  | RenameChange
  | ForgetChange
  | CreateAccountChange
  | CreateRelationshipChange
  | UpdateAccountChange
  | UpdateRelationshipChange
  | DeleteAccountChange
  | DeleteRelationshipChange;

/** A declaration this plan sends nothing for yet, because what it needs does not exist or is not ready. */
export interface WaitingDeclaration {
  name: string;
  kind: ResourceKind | 'ChannelHandshake';
  /** The declaration it waits for. */
  waitsFor: string;
  /** What that declaration must reach first: created, ACTIVE, its service period ended, or deleted. */
  until: 'created' | 'active' | 'ended' | 'deleted';
}

export type ChangeAction = Change['action'];

/** Changes that send a declared handshake (and record it with `recordCreation`). */
export type SendingChange = CreateChange | SupersedeChange | ReplaceChange | DeclaredRevokeChange;

/** A compile-time proof that a switch handled every case. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

/** The change itself when it sends a declared handshake (recorded with `recordCreation`), else undefined. */
export function declaredSendOf(change: Change): SendingChange | undefined {
  switch (change.action) {
    case 'create':
    case 'supersede':
    case 'replace':
      return change;
    case 'revoke':
      return change.retire ? undefined : change;
    case 'cancel':
    case 'retag':
    case 'rename':
    case 'forget':
    case 'create-account':
    case 'create-relationship':
    case 'update-account':
    case 'update-relationship':
    case 'delete-account':
    case 'delete-relationship':
      return undefined;
    default:
      return unreachable(change);
  }
}

/** The CreateChannelHandshake request a change sends, if any (a revoke's REVOKE_SERVICE_PERIOD included). */
export function sentRequestOf(change: Change): CreateChannelHandshakeRequest | undefined {
  switch (change.action) {
    case 'create':
    case 'supersede':
    case 'replace':
    case 'revoke':
      return change.request;
    case 'cancel':
    case 'retag':
    case 'rename':
    case 'forget':
    case 'create-account':
    case 'create-relationship':
    case 'update-account':
    case 'update-relationship':
    case 'delete-account':
    case 'delete-relationship':
      return undefined;
    default:
      return unreachable(change);
  }
}

/** The recorded handshake a change takes out of service first, if any. */
export function retirementOf(change: Change): Retirement | undefined {
  switch (change.action) {
    case 'cancel':
    case 'supersede':
    case 'replace':
    case 'revoke':
      return change.retire;
    case 'create':
    case 'retag':
    case 'rename':
    case 'forget':
    case 'create-account':
    case 'create-relationship':
    case 'update-account':
    case 'update-relationship':
    case 'delete-account':
    case 'delete-relationship':
      return undefined;
    default:
      return unreachable(change);
  }
}

/** Every handshake action has a count; an action of another kind only when the plan has such changes. */
export type PlanSummary = Record<HandshakeChangeAction, number> & Partial<Record<ResourceChange['action'], number>>;

type HandshakeChangeAction = Exclude<ChangeAction, ResourceChange['action']>;

/** 3: typed reasons (`reason` is a rule id with its facts), and a forget of a bare record names no handshake. */
export const PLAN_FORMAT_VERSION = 3;

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  digest: string;
  lineage: string;
  summary: PlanSummary;
  changes: Change[];
  diagnostics: Diagnostic[];
  /** Present when the plan was made after a refresh: what changed outside this repository. */
  drift?: DriftReport;
  /** Present when some declaration waits for another to be created or to become active: nothing is sent for it yet. */
  waits?: WaitingDeclaration[];
}

// Wire shapes the engine reads: what the API returns for a handshake.
export interface HandshakeDetail {
  id: string;
  arn: string;
  status?: HandshakeStatus;
}

/** A handshake as apply-time refresh sees it: the List summary, plus its tags when they were needed. */
export interface LiveHandshake extends ChannelHandshakeSummary {
  tags?: Tag[];
}

export interface ChannelHandshakeSummary {
  id: string;
  arn: string;
  catalog: string;
  handshakeType: HandshakeType;
  ownerAccountId?: string;
  senderAccountId?: string;
  receiverAccountId?: string;
  associatedResourceId: string;
  detail?: Record<string, Record<string, unknown>>;
  createdAt?: string;
  updatedAt?: string;
  status: HandshakeStatus;
}

// Drift: what AWS holds that the recorded state did not know.
export interface StatusChange {
  name: string;
  id: string;
  /** `handshake` for the recorded handshake, `revocation` for the REVOKE_SERVICE_PERIOD that ends it. */
  part: 'handshake' | 'revocation';
  from: HandshakeStatus;
  to: HandshakeStatus;
  at?: string;
}

export interface MissingHandshake {
  name: string;
  id: string;
  status: HandshakeStatus;
}

export interface UnmanagedHandshake {
  id: string;
  handshakeType: HandshakeType;
  catalog: string;
  associatedResourceId: string;
  status: HandshakeStatus;
  createdAt?: string;
}

/** A live handshake another repository (lineage) sent, by its owner tag: not ours to report as unmanaged. */
export interface ManagedElsewhere extends UnmanagedHandshake {
  /** The owner tag's value, `<lineage>/<name>`. */
  owner: string;
}

/** A live handshake this lineage's owner tag claims for `name`, that the state does not record. */
export interface OwnUnrecorded extends UnmanagedHandshake {
  /** The declaration name its owner tag names. */
  name: string;
}

/** What AWS holds that the recorded state did not know. */
export interface DriftReport {
  statusChanges: StatusChange[];
  missing: MissingHandshake[];
  unmanaged: UnmanagedHandshake[];
  /** Present when tags were read: live handshakes that carry another lineage's owner tag. */
  managedElsewhere?: ManagedElsewhere[];
  /**
   * Present when tags were read: live handshakes with this lineage's owner tag that the state does not record (sent
   * from another checkout, or a lost state). Never called unmanaged. An ACCEPTED PROGRAM_MANAGEMENT_ACCOUNT handshake
   * among them was forgotten on purpose (AWS has no undo): it is listed, but it is not drift.
   */
  ownUnrecorded?: OwnUnrecorded[];
}

// The outcome of one applied change, as the executor reports it and the renderers show it.
export interface ChangeFailure {
  code: string;
  message: string;
  quotaCode?: string;
  /** Set when the run's deadline cut a request short after it left: AWS may hold what it asked for. */
  mayHaveReachedAws?: true;
}

export interface ChangeResult {
  change: Change;
  /**
   * `moot`: AWS had already done it or made it pointless, so nothing was sent ("already …"; counts as success).
   * `held-back`: the reviewed change would now need a different action; nothing was sent, a new plan is needed.
   */
  outcome: 'succeeded' | 'moot' | 'held-back' | 'failed';
  /** For `moot` and `held-back`: what apply learned, in words. */
  message?: string;
  /** The handshake this change sent or acted on. */
  handshakeId?: string;
  status?: HandshakeStatus;
  failure?: ChangeFailure;
}

export function emptyState(lineage: string): RecordedState {
  return { version: STATE_VERSION, lineage, serial: 0, declarations: Object.create(null) };
}
