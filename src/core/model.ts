// Shared vocabulary of the engine. Field names mirror the Partner Central Channel API so that
// AWS documentation reads straight across into declarations, state and plans.

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

export type Severity = 'error' | 'warning' | 'notice';

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

export interface AppliedBy {
  actor?: string;
  /** Adopted by `handshakes import` rather than sent by an apply. */
  imported?: boolean;
  commit?: string;
  pullRequest?: number;
  runUrl?: string;
}

/** The REVOKE_SERVICE_PERIOD handshake that ended a recorded start-service-period handshake. */
export interface RecordedRevocation {
  id: string;
  arn: string;
  status: HandshakeStatus;
  clientToken: string;
  appliedAt: string;
}

export interface RecordedHandshake {
  id: string;
  arn: string;
  handshakeType: HandshakeType;
  catalog: string;
  status: HandshakeStatus;
  clientToken: string;
  revision: number;
  /** Counts the handshakes ever sent under this name, so a reverted spec never replays an old token. */
  generation: number;
  spec: HandshakeSpec;
  appliedAt: string;
  appliedBy: AppliedBy;
  updatedAt?: string;
  revocation?: RecordedRevocation;
  /** Set when a replace retired this handshake but its create has not been recorded yet: the next apply finishes it. */
  replacementPending?: boolean;
}

export interface RecordedState {
  version: 1;
  lineage: string;
  serial: number;
  handshakes: Record<string, RecordedHandshake>;
}

export type ChangeAction = 'create' | 'cancel' | 'revoke' | 'replace' | 'supersede' | 'retag' | 'rename' | 'forget';

/** The order in which changes appear in a plan and are applied. */
export const CHANGE_ORDER: readonly ChangeAction[] = [
  'create',
  'cancel',
  'revoke',
  'replace',
  'supersede',
  'retag',
  'rename',
  'forget',
];

/** How an existing handshake is taken out of service: cancel while pending, revoke once accepted. */
export interface Retirement {
  action: 'cancel' | 'revoke';
  id: string;
  arn: string;
  /** Only for revoke: the REVOKE_SERVICE_PERIOD handshake to send. */
  request?: CreateChannelHandshakeRequest;
}

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

export interface Change {
  action: ChangeAction;
  name: string;
  handshakeType: HandshakeType;
  catalog: string;
  /** The relationship or program management account the change concerns. */
  resource: string;
  /** Why this change is needed, in words a reviewer understands. */
  reason: string;
  /** The token of the handshake this change sends, if it sends one. */
  clientToken?: string;
  /** The CreateChannelHandshake input this change sends, if any. */
  request?: CreateChannelHandshakeRequest;
  /** Present for cancel, revoke and replace: the recorded handshake being retired. */
  retire?: Retirement;
  /** Present for retag. */
  tags?: TagChange;
  /** The generation the created handshake will be recorded with. */
  generation?: number;
  /** The spec to record once a create or replace succeeds. */
  spec?: HandshakeSpec;
  /** Field paths that differ from the recorded spec (JSON pointers). */
  differences?: string[];
  previous?: ChangePrevious;
}

export interface PlanSummary {
  create: number;
  cancel: number;
  revoke: number;
  replace: number;
  retag: number;
  supersede?: number;
  rename?: number;
  forget?: number;
}

export interface Plan {
  formatVersion: 1;
  digest: string;
  lineage: string;
  summary: PlanSummary;
  changes: Change[];
  diagnostics: Diagnostic[];
  /** Present when the plan was made after a refresh: what changed outside this repository. */
  drift?: DriftReport;
}

// Wire shapes the engine reads: what the API returns for a handshake.
export interface HandshakeDetail {
  id: string;
  arn: string;
  status?: HandshakeStatus;
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

/** What AWS holds that the recorded state did not know. */
export interface DriftReport {
  statusChanges: StatusChange[];
  missing: MissingHandshake[];
  unmanaged: UnmanagedHandshake[];
}

// The outcome of one applied change, as the executor reports it and the renderers show it.
export interface ChangeFailure {
  code: string;
  message: string;
  quotaCode?: string;
}

export interface ChangeResult {
  change: Change;
  outcome: 'succeeded' | 'failed';
  /** The handshake this change sent or acted on. */
  handshakeId?: string;
  status?: HandshakeStatus;
  failure?: ChangeFailure;
}

export function emptyState(lineage: string): RecordedState {
  return { version: 1, lineage, serial: 0, handshakes: {} };
}
