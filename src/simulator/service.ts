import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical.js';
import type { HandshakeStatus, HandshakeType, Tag } from '../core/model.js';
import { validateInput } from './model-validation.js';

/** An error the simulator answers with, named after the model's exception shapes. */
export class SimulatedError extends Error {
  readonly code: string;
  readonly fields: Record<string, unknown>;
  constructor(code: string, message: string, fields: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.fields = fields;
  }
}

export interface StoredHandshake {
  id: string;
  arn: string;
  catalog: string;
  handshakeType: HandshakeType;
  ownerAccountId: string;
  senderAccountId: string;
  receiverAccountId: string;
  associatedResourceId: string;
  detail: Record<string, Record<string, unknown>>;
  createdAt: string;
  updatedAt: string;
  status: HandshakeStatus;
  tags: Tag[];
  /** Creation order, for stable pagination. */
  sequence: number;
}

export interface QuotaSettings {
  /** Handshakes per receiving account per day, per type (documented: 5 start, 5 PMA). 0 turns the quota off. */
  startPerReceiverPerDay: number;
  pmaPerReceiverPerDay: number;
  /** Active (PENDING or ACCEPTED) handshakes per sender (documented: 200 start, 200 revoke, 100 PMA). */
  activeStart: number;
  activeRevoke: number;
  activePma: number;
  /** Program management accounts per partner account (documented: 50). */
  programManagementAccounts: number;
  /** Relationships under one program management account (documented: 1,000). */
  relationshipsPerProgramManagementAccount: number;
}

export const DOCUMENTED_QUOTAS: QuotaSettings = {
  startPerReceiverPerDay: 5,
  pmaPerReceiverPerDay: 5,
  activeStart: 200,
  activeRevoke: 200,
  activePma: 100,
  programManagementAccounts: 50,
  relationshipsPerProgramManagementAccount: 1000,
};

export const NO_QUOTAS: QuotaSettings = {
  startPerReceiverPerDay: 0,
  pmaPerReceiverPerDay: 0,
  activeStart: 0,
  activeRevoke: 0,
  activePma: 0,
  programManagementAccounts: 0,
  relationshipsPerProgramManagementAccount: 0,
};

interface IdempotencyRecord {
  fingerprint: string;
  id: string;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function bareId(identifier: string): string {
  return identifier.slice(identifier.lastIndexOf('/') + 1);
}

/** A stable 12-digit account for the management account behind a relationship or PMA, so quotas per receiver work. */
function receiverAccountFor(resourceId: string): string {
  const digest = createHash('sha256').update(resourceId).digest();
  let digits = '';
  for (let index = 0; digits.length < 12; index++) digits += String((digest[index] ?? 0) % 10);
  return digits;
}

function isActive(handshake: StoredHandshake): boolean {
  return handshake.status === 'PENDING' || handshake.status === 'ACCEPTED';
}

export interface ServiceOptions {
  quotas: QuotaSettings;
  now(): Date;
  random(): number;
  region: string;
  /**
   * The management account and program of a PMA this partner account created through the API, so that its
   * PROGRAM_MANAGEMENT_ACCOUNT handshake goes to that account, as AWS documents. Unknown PMAs keep a made-up receiver.
   */
  programManagementAccount?(
    account: string,
    identifier: string,
    catalog: string,
  ): { accountId: string; program: string } | undefined;
  /** Told after every status change of a handshake (accept, reject, cancel, expire), by the API or a control route. */
  onStatusChange?(handshake: StoredHandshake): void;
}

/**
 * The handshake side of Partner Central Channel, in memory: validation against the model, the handshake lifecycle,
 * idempotent creates keyed by clientToken, list filters and pagination, tags and quotas. HTTP lives elsewhere.
 */
export class ChannelService {
  private readonly handshakes = new Map<string, StoredHandshake>();
  private readonly tokens = new Map<string, IdempotencyRecord>();
  private readonly options: ServiceOptions;
  private sequence = 0;

  constructor(options: ServiceOptions) {
    this.options = options;
  }

  all(): StoredHandshake[] {
    return [...this.handshakes.values()].sort((left, right) => left.sequence - right.sequence);
  }

  get(identifier: string): StoredHandshake | undefined {
    return this.handshakes.get(bareId(identifier));
  }

  handle(account: string, operation: string, input: Record<string, unknown>): unknown {
    const problems = validateInput(operation, input);
    if (problems.length > 0) {
      throw new SimulatedError('ValidationException', `1 validation error detected: ${problems[0]?.message}`, {
        reason: 'REQUEST_VALIDATION_FAILED',
        fieldList: problems,
      });
    }
    switch (operation) {
      case 'CreateChannelHandshake':
        return { channelHandshakeDetail: this.create(account, input) };
      case 'CancelChannelHandshake':
        return { channelHandshakeDetail: this.transition(account, input, 'CANCELED', 'sender') };
      case 'AcceptChannelHandshake':
        return { channelHandshakeDetail: this.transition(account, input, 'ACCEPTED', 'receiver') };
      case 'RejectChannelHandshake':
        return { channelHandshakeDetail: this.transition(account, input, 'REJECTED', 'receiver') };
      case 'ListChannelHandshakes':
        return this.list(account, input);
      case 'TagResource':
        this.tag(account, String(input.resourceArn), input.tags as Tag[]);
        return {};
      case 'UntagResource':
        this.untag(account, String(input.resourceArn), input.tagKeys as string[]);
        return {};
      case 'ListTagsForResource':
        return { tags: this.owned(account, String(input.resourceArn)).tags };
      default:
        throw new SimulatedError('ValidationException', `unsupported operation ${operation}`, {
          reason: 'REQUEST_VALIDATION_FAILED',
        });
    }
  }

  private newId(): string {
    let id = 'ch-';
    for (let index = 0; index < 13; index++) {
      id += ALPHABET[Math.floor(this.options.random() * ALPHABET.length)];
    }
    return this.handshakes.has(id) ? this.newId() : id;
  }

  private businessRules(input: Record<string, unknown>): void {
    const type = input.handshakeType as HandshakeType;
    const resource = bareId(String(input.associatedResourceIdentifier));
    const payload = input.payload as Record<string, Record<string, unknown>> | undefined;
    const fail = (name: string, message: string) => {
      throw new SimulatedError('ValidationException', message, {
        reason: 'BUSINESS_VALIDATION_FAILED',
        fieldList: [{ name, code: 'INVALID_VALUE', message }],
      });
    };
    if (type === 'PROGRAM_MANAGEMENT_ACCOUNT') {
      if (!resource.startsWith('pma-'))
        fail(
          'associatedResourceIdentifier',
          'PROGRAM_MANAGEMENT_ACCOUNT handshakes need a program management account (pma-) resource',
        );
      if (payload) fail('payload', 'PROGRAM_MANAGEMENT_ACCOUNT handshakes take no payload');
      return;
    }
    if (!resource.startsWith('rs-'))
      fail('associatedResourceIdentifier', `${type} handshakes need a relationship (rs-) resource`);
    const member = type === 'START_SERVICE_PERIOD' ? 'startServicePeriodPayload' : 'revokeServicePeriodPayload';
    if (!payload?.[member]) fail('payload', `${type} handshakes need payload.${member}`);
    if (type === 'START_SERVICE_PERIOD') {
      const start = payload?.[member] ?? {};
      if (start.servicePeriodType === 'FIXED_COMMITMENT_PERIOD' && start.endDate === undefined) {
        fail('payload.startServicePeriodPayload.endDate', 'FIXED_COMMITMENT_PERIOD needs endDate');
      }
      if (start.servicePeriodType === 'MINIMUM_NOTICE_PERIOD' && start.minimumNoticeDays === undefined) {
        fail('payload.startServicePeriodPayload.minimumNoticeDays', 'MINIMUM_NOTICE_PERIOD needs minimumNoticeDays');
      }
    }
  }

  private checkQuotas(account: string, type: HandshakeType, receiver: string): void {
    const { quotas } = this.options;
    const mine = this.all().filter((handshake) => handshake.senderAccountId === account);
    const active = mine.filter((handshake) => handshake.handshakeType === type && isActive(handshake)).length;
    const activeLimit =
      type === 'START_SERVICE_PERIOD'
        ? quotas.activeStart
        : type === 'REVOKE_SERVICE_PERIOD'
          ? quotas.activeRevoke
          : quotas.activePma;
    if (activeLimit > 0 && active >= activeLimit) {
      throw new SimulatedError(
        'ServiceQuotaExceededException',
        `You have reached the quota of ${activeLimit} active ${type} handshakes.`,
        {
          resourceId: receiver,
          resourceType: 'ChannelHandshake',
          quotaCode: `active-${type.toLowerCase().replaceAll('_', '-')}-handshakes`,
        },
      );
    }
    const dailyLimit =
      type === 'START_SERVICE_PERIOD'
        ? quotas.startPerReceiverPerDay
        : type === 'PROGRAM_MANAGEMENT_ACCOUNT'
          ? quotas.pmaPerReceiverPerDay
          : 0;
    if (dailyLimit > 0) {
      const dayAgo = this.options.now().getTime() - 86_400_000;
      const today = mine.filter(
        (handshake) =>
          handshake.handshakeType === type &&
          handshake.receiverAccountId === receiver &&
          Date.parse(handshake.createdAt) > dayAgo,
      ).length;
      if (today >= dailyLimit) {
        throw new SimulatedError(
          'ServiceQuotaExceededException',
          `You can send at most ${dailyLimit} ${type} handshakes to account ${receiver} per day.`,
          {
            resourceId: receiver,
            resourceType: 'ChannelHandshake',
            quotaCode: `${type.toLowerCase().replaceAll('_', '-')}-handshakes-per-receiver-per-day`,
          },
        );
      }
    }
  }

  private create(account: string, input: Record<string, unknown>): { id: string; arn: string } {
    const token = typeof input.clientToken === 'string' ? input.clientToken : undefined;
    const { clientToken: _ignored, ...parameters } = input;
    const fingerprint = canonicalJson(parameters);
    if (token) {
      const previous = this.tokens.get(`${account}\u0000${token}`);
      if (previous) {
        if (previous.fingerprint !== fingerprint) {
          throw new SimulatedError(
            'ConflictException',
            `The clientToken ${token} was already used with different parameters.`,
            {
              resourceId: previous.id,
              resourceType: 'ChannelHandshake',
            },
          );
        }
        const original = this.handshakes.get(previous.id) as StoredHandshake;
        return { id: original.id, arn: original.arn };
      }
    }
    this.businessRules(input);
    const type = input.handshakeType as HandshakeType;
    const resource = bareId(String(input.associatedResourceIdentifier));
    const known =
      type === 'PROGRAM_MANAGEMENT_ACCOUNT'
        ? this.options.programManagementAccount?.(
            account,
            String(input.associatedResourceIdentifier),
            String(input.catalog),
          )
        : undefined;
    const receiver = known?.accountId ?? receiverAccountFor(resource);
    this.checkQuotas(account, type, receiver);
    const id = this.newId();
    const now = this.options.now().toISOString();
    const payload = (input.payload ?? {}) as Record<string, Record<string, unknown>>;
    const detail: Record<string, Record<string, unknown>> = type === 'START_SERVICE_PERIOD'
      ? { startServicePeriodHandshakeDetail: { ...payload.startServicePeriodPayload, startDate: now } }
      : type === 'REVOKE_SERVICE_PERIOD'
        ? { revokeServicePeriodHandshakeDetail: { ...payload.revokeServicePeriodPayload } }
        : { programManagementAccountHandshakeDetail: { program: known?.program ?? 'SOLUTION_PROVIDER' } };
    for (const value of Object.values(detail)) delete value.programManagementAccountIdentifier;
    const handshake: StoredHandshake = {
      id,
      arn: `arn:aws:partnercentral:${this.options.region}:${account}:catalog/${String(input.catalog)}/channel-handshake/${id}`,
      catalog: String(input.catalog),
      handshakeType: type,
      ownerAccountId: account,
      senderAccountId: account,
      receiverAccountId: receiver,
      associatedResourceId: resource,
      detail,
      createdAt: now,
      updatedAt: now,
      status: 'PENDING',
      tags: (input.tags as Tag[] | undefined) ?? [],
      sequence: this.sequence++,
    };
    this.handshakes.set(id, handshake);
    if (token) this.tokens.set(`${account}\u0000${token}`, { fingerprint, id });
    return { id, arn: handshake.arn };
  }

  /**
   * Moves a PENDING handshake on. The model marks Cancel, Accept and Reject `@idempotent` and lists no
   * ConflictException for them: repeating the transition that already happened answers 200 with the handshake as it
   * is, and any other move of a handshake that is no longer PENDING is a business-validation failure.
   */
  private transition(
    account: string,
    input: Record<string, unknown>,
    status: HandshakeStatus,
    actor: 'sender' | 'receiver',
  ) {
    const handshake = this.get(String(input.identifier));
    if (!handshake || handshake.catalog !== input.catalog) {
      throw new SimulatedError(
        'ResourceNotFoundException',
        `Channel handshake ${String(input.identifier)} was not found in catalog ${String(input.catalog)}.`,
        {
          resourceId: String(input.identifier),
          resourceType: 'ChannelHandshake',
        },
      );
    }
    const allowed = actor === 'sender' ? handshake.senderAccountId : handshake.receiverAccountId;
    if (account !== allowed) {
      throw new SimulatedError('AccessDeniedException', `Only the ${actor} of ${handshake.id} can do this.`, {
        reason: 'NOT_AUTHORIZED',
      });
    }
    if (handshake.status === status) {
      return { id: handshake.id, arn: handshake.arn, status };
    }
    if (handshake.status !== 'PENDING') {
      const message = `Channel handshake ${handshake.id} is ${handshake.status}; only a PENDING handshake can become ${status}.`;
      throw new SimulatedError('ValidationException', message, {
        reason: 'BUSINESS_VALIDATION_FAILED',
        fieldList: [{ name: 'identifier', code: 'INVALID_STATUS', message }],
      });
    }
    return this.setStatus(handshake, status);
  }

  /** The receiver's side, for tests and demos: accept, reject or let a handshake expire. Only PENDING moves. */
  setStatus(handshake: StoredHandshake, status: HandshakeStatus): { id: string; arn: string; status: HandshakeStatus } {
    if (handshake.status !== 'PENDING') {
      throw new Error(`Channel handshake ${handshake.id} is ${handshake.status}, not PENDING.`);
    }
    handshake.status = status;
    handshake.updatedAt = this.options.now().toISOString();
    this.options.onStatusChange?.(handshake);
    return { id: handshake.id, arn: handshake.arn, status };
  }

  /** A handshake sent by someone else (the console, another tool), for drift and import tests. */
  insertExternal(
    account: string,
    input: Record<string, unknown>,
    status: HandshakeStatus = 'PENDING',
  ): StoredHandshake {
    const { id } = this.create(account, { ...input, clientToken: undefined });
    const handshake = this.handshakes.get(id) as StoredHandshake;
    handshake.status = status;
    return handshake;
  }

  private list(account: string, input: Record<string, unknown>) {
    const statuses = input.statuses as HandshakeStatus[] | undefined;
    const resources = (input.associatedResourceIdentifiers as string[] | undefined)?.map(bareId);
    const filters = input.handshakeTypeFilters as
      | Record<string, { servicePeriodTypes?: string[]; programs?: string[] }>
      | undefined;
    const filter = filters ? Object.values(filters)[0] : undefined;
    const participant = input.participantType === 'SENDER' ? 'senderAccountId' : 'receiverAccountId';
    let matches = this.all().filter(
      (handshake) =>
        handshake.handshakeType === input.handshakeType &&
        handshake.catalog === input.catalog &&
        handshake[participant] === account &&
        (!statuses || statuses.length === 0 || statuses.includes(handshake.status)) &&
        (!resources || resources.length === 0 || resources.includes(handshake.associatedResourceId)),
    );
    if (filter?.servicePeriodTypes?.length) {
      matches = matches.filter((handshake) =>
        filter.servicePeriodTypes?.includes(String(Object.values(handshake.detail)[0]?.servicePeriodType)),
      );
    }
    if (filter?.programs?.length) {
      matches = matches.filter((handshake) =>
        filter.programs?.includes(String(Object.values(handshake.detail)[0]?.program)),
      );
    }
    const sort = input.handshakeTypeSort
      ? Object.values(input.handshakeTypeSort as Record<string, { sortOrder: string }>)[0]
      : undefined;
    if (sort) {
      const direction = sort.sortOrder === 'Descending' ? -1 : 1;
      matches.sort(
        (left, right) => direction * (left.updatedAt.localeCompare(right.updatedAt) || left.sequence - right.sequence),
      );
    }
    const pageSize = (input.maxResults as number | undefined) ?? 20;
    const query = canonicalJson({ ...input, nextToken: undefined, maxResults: undefined });
    let offset = 0;
    if (typeof input.nextToken === 'string') {
      const decoded = this.decodeToken(input.nextToken);
      if (!decoded || decoded.query !== createHash('sha256').update(query).digest('hex')) {
        throw new SimulatedError('ValidationException', 'The nextToken is invalid or belongs to a different query.', {
          reason: 'REQUEST_VALIDATION_FAILED',
          fieldList: [{ name: 'nextToken', code: 'INVALID_VALUE', message: 'nextToken is invalid' }],
        });
      }
      offset = decoded.offset;
    }
    const page = matches.slice(offset, offset + pageSize);
    const items = page.map(({ tags: _tags, sequence: _sequence, ...summary }) => summary);
    const more = offset + pageSize < matches.length;
    return {
      items,
      ...(more
        ? {
            nextToken: Buffer.from(
              JSON.stringify({ offset: offset + pageSize, query: createHash('sha256').update(query).digest('hex') }),
            ).toString('base64url'),
          }
        : {}),
    };
  }

  private decodeToken(token: string): { offset: number; query: string } | undefined {
    try {
      const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
      return Number.isInteger(value.offset) && typeof value.query === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private owned(account: string, arn: string): StoredHandshake {
    const handshake = this.get(arn);
    if (!handshake || handshake.arn !== arn) {
      throw new SimulatedError('ResourceNotFoundException', `Resource ${arn} was not found.`, {
        resourceId: arn,
        resourceType: 'ChannelHandshake',
      });
    }
    if (handshake.ownerAccountId !== account) {
      throw new SimulatedError('AccessDeniedException', `You do not own ${arn}.`, { reason: 'NOT_AUTHORIZED' });
    }
    return handshake;
  }

  private tag(account: string, arn: string, tags: Tag[]): void {
    const handshake = this.owned(account, arn);
    const merged = new Map(handshake.tags.map((tag) => [tag.key, tag.value]));
    for (const tag of tags) merged.set(tag.key, tag.value);
    handshake.tags = [...merged].map(([key, value]) => ({ key, value }));
  }

  private untag(account: string, arn: string, keys: string[]): void {
    const handshake = this.owned(account, arn);
    handshake.tags = handshake.tags.filter((tag) => !keys.includes(tag.key));
  }
}
