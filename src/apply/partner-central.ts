// The one slice of the Partner Central Channel API that apply, its pre-flight, refresh and import use. The real
// client (src/api/) and the simulator's clients fit it; the engine never sees more of the API than this.
import type { ListChannelHandshakesRequest, UpdateRelationshipOutcome } from '../api/client.js';
import type {
  CreateProgramManagementAccountDetail,
  CreateProgramManagementAccountRequest,
  CreateRelationshipDetail,
  CreateRelationshipRequest,
  DeleteProgramManagementAccountRequest,
  DeleteRelationshipRequest,
  GetRelationshipRequest,
  ListProgramManagementAccountsRequest,
  ListRelationshipsRequest,
  ProgramManagementAccountSummary,
  RelationshipDetail,
  RelationshipSummary,
  UpdateProgramManagementAccountDetail,
  UpdateProgramManagementAccountRequest,
  UpdateRelationshipRequest,
} from '../core/channel-resources.js';
import type { ChannelHandshakeSummary, CreateChannelHandshakeRequest, HandshakeDetail, Tag } from '../core/model.js';

export interface PartnerCentralPort {
  createChannelHandshake(input: CreateChannelHandshakeRequest): Promise<HandshakeDetail>;
  cancelChannelHandshake(input: { catalog: string; identifier: string }): Promise<HandshakeDetail>;
  /** Every page of ListChannelHandshakes. */
  listAllChannelHandshakes(input: Omit<ListChannelHandshakesRequest, 'nextToken'>): Promise<ChannelHandshakeSummary[]>;
  tagResource(input: { resourceArn: string; tags: Tag[] }): Promise<void>;
  untagResource(input: { resourceArn: string; tagKeys: string[] }): Promise<void>;
  /** ListChannelHandshakes summaries carry no tags: the owner tag of a live handshake the state does not know. */
  listTagsForResource(input: { resourceArn: string }): Promise<Tag[]>;
  createProgramManagementAccount(
    input: CreateProgramManagementAccountRequest,
  ): Promise<CreateProgramManagementAccountDetail>;
  createRelationship(input: CreateRelationshipRequest): Promise<CreateRelationshipDetail>;
  /** Every page of ListProgramManagementAccounts. */
  listAllProgramManagementAccounts(
    input: Omit<ListProgramManagementAccountsRequest, 'nextToken'>,
  ): Promise<ProgramManagementAccountSummary[]>;
  /** Not idempotent: a lost answer comes back as `unknown`, never retried blindly. */
  updateRelationship(input: UpdateRelationshipRequest): Promise<UpdateRelationshipOutcome>;
  getRelationship(input: GetRelationshipRequest): Promise<RelationshipDetail>;
  /** @idempotent by clientToken. */
  deleteRelationship(input: DeleteRelationshipRequest): Promise<void>;
  /** @idempotent by clientToken. */
  deleteProgramManagementAccount(input: DeleteProgramManagementAccountRequest): Promise<void>;
  updateProgramManagementAccount(
    input: UpdateProgramManagementAccountRequest,
  ): Promise<UpdateProgramManagementAccountDetail>;
  /** Every page of ListRelationships. */
  listAllRelationships(input: Omit<ListRelationshipsRequest, 'nextToken'>): Promise<RelationshipSummary[]>;
}

/**
 * The reading part of the port, for refresh and the pre-flight. Without `listTagsForResource` nothing reads owner tags
 * (one call per unknown live handshake), so a live handshake of another lineage shows as unmanaged.
 */
export type PartnerCentralReader = Pick<PartnerCentralPort, 'listAllChannelHandshakes'> &
  Partial<Pick<PartnerCentralPort, 'listTagsForResource'>>;

/**
 * What `import` reads through the same port: the handshakes, program management accounts and relationships and their
 * owner tags, and each relationship's detail (resaleAccountModel is only in GetRelationship's answer).
 */
export type PartnerCentralImportReader = Pick<
  PartnerCentralPort,
  | 'listAllChannelHandshakes'
  | 'listTagsForResource'
  | 'listAllProgramManagementAccounts'
  | 'getRelationship'
  | 'listAllRelationships'
>;
