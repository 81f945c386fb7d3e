import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type {
  CreateProgramManagementAccountDetail,
  CreateProgramManagementAccountRequest,
  CreateRelationshipDetail,
  CreateRelationshipRequest,
  DeleteProgramManagementAccountRequest,
  DeleteRelationshipRequest,
  GetRelationshipRequest,
  ListProgramManagementAccountsRequest,
  ListProgramManagementAccountsResponse,
  ListRelationshipsRequest,
  ListRelationshipsResponse,
  ProgramManagementAccountSummary,
  RelationshipDetail,
  RelationshipSummary,
  UpdateProgramManagementAccountDetail,
  UpdateProgramManagementAccountRequest,
  UpdateRelationshipDetail,
  UpdateRelationshipRequest,
} from '../core/channel-resources.js';
import type {
  ChannelHandshakeSummary,
  CreateChannelHandshakeRequest,
  HandshakeDetail,
  HandshakeStatus,
  HandshakeType,
  ServicePeriodType,
  Tag,
} from '../core/model.js';
import type { CredentialProvider } from './credentials.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, type Deadline, formatDuration } from './deadline.js';
import { SIGNING_NAME } from './endpoint.js';
import {
  ApiError,
  type ApiErrorDetails,
  CLOCK_SKEW_CODES,
  DeadlineExceededError,
  InvalidResponseError,
  isRetryable,
  isRetryableResponse,
  NetworkError,
} from './errors.js';
import { type Clock, RateLimiter, SYSTEM_CLOCK } from './rate-limiter.js';
import { DOCUMENTED_RATE_LIMITS, OPERATION_RATE_ROWS, type RateLimits } from './rates.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from './retry.js';
import type { HttpResponse, Transport } from './transport.js';

export type {
  ChannelHandshakeSummary,
  HandshakeDetail,
  ListRelationshipsRequest,
  ListRelationshipsResponse,
  RelationshipDetail,
  RelationshipSummary,
};

const TARGET_PREFIX = 'PartnerCentralChannel';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

export interface ListChannelHandshakesRequest {
  handshakeType: HandshakeType;
  catalog: string;
  participantType: 'SENDER' | 'RECEIVER';
  maxResults?: number;
  statuses?: HandshakeStatus[];
  associatedResourceIdentifiers?: string[];
  handshakeTypeFilters?: Record<string, { servicePeriodTypes?: ServicePeriodType[]; programs?: string[] }>;
  handshakeTypeSort?: Record<string, { sortBy: 'UpdatedAt'; sortOrder: 'Ascending' | 'Descending' }>;
  nextToken?: string;
}

export interface ListChannelHandshakesResponse {
  items?: ChannelHandshakeSummary[];
  nextToken?: string;
}

/**
 * What became of an UpdateRelationship. The operation is neither idempotent nor token-bearing, so an answer that
 * never arrived cannot be settled by sending the request again: a second send would be a second write, or — with the
 * revision of the first — a ConflictException that hides whether the first one landed. The caller reads the
 * relationship again (GetRelationship) and decides.
 */
export type UpdateRelationshipOutcome =
  /** AWS applied the update; `relationship.revision` is the new revision. */
  | { kind: 'updated'; relationship: UpdateRelationshipDetail }
  /** The `revision` sent is not the current one: someone else changed the relationship. Re-read, then re-plan. */
  | { kind: 'conflict'; error: ApiError }
  /**
   * The request may or may not have been applied: the connection failed, the attempt timed out, the run's deadline
   * ran out while it was on the wire, or AWS answered with a server error. Re-read before any retry.
   */
  | { kind: 'unknown'; cause: ApiError | NetworkError | DeadlineExceededError };

/** Operations that the transport never sends twice on its own (see UpdateRelationshipOutcome for why). */
const NOT_IDEMPOTENT = new Set(['UpdateRelationship']);

/** Throttling is refused before anything is done, so even an operation that is not idempotent may be sent again. */
function refusedUnprocessed(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'ThrottlingException' || error.status === 429);
}

/** Skews under the SDKs' threshold (4 minutes) are left alone: SigV4 tolerates them and Date is second-granular. */
const CLOCK_SKEW_THRESHOLD_MS = 240_000;

export { DOCUMENTED_RATE_LIMITS, type RateLimits };

export interface ClientOptions {
  endpoint: URL;
  signingRegion: string;
  credentials: CredentialProvider;
  transport: Transport;
  retryPolicy?: RetryPolicy;
  rateLimits?: RateLimits;
  clock?: Clock;
  /** Wall-clock milliseconds for signing dates; Date.now unless a test pins it. */
  wallClock?: () => number;
  random?: () => number;
  /** How long one attempt may take (30 s by default). */
  requestTimeoutMs?: number;
  /** A bound on everything this client does: no attempt, pause or wait outlives it. */
  deadline?: Deadline;
  /** One line per attempt, never with headers or bodies, so no secret can reach a log. */
  log?: (line: string) => void;
}

function errorCode(response: HttpResponse, body: Record<string, unknown>): string {
  // awsJson1_0 errors name their shape in `__type` (possibly "namespace#Name") or x-amzn-errortype ("Name:uri").
  const raw = String(response.headers['x-amzn-errortype'] ?? body.__type ?? body.code ?? '');
  const withoutUri = raw.split(':')[0] ?? raw;
  const name = withoutUri.slice(withoutUri.lastIndexOf('#') + 1);
  return name || `HTTP${response.status}`;
}

function toApiError(response: HttpResponse): ApiError {
  let body: Record<string, unknown> = {};
  try {
    body = response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {};
  } catch {
    body = { message: response.body.slice(0, 200) };
  }
  const code = errorCode(response, body);
  const message = String(body.message ?? body.Message ?? `HTTP ${response.status}`);
  const details: ApiErrorDetails = {};
  for (const key of ['reason', 'quotaCode', 'serviceCode', 'resourceId', 'resourceType'] as const) {
    if (typeof body[key] === 'string') details[key] = body[key] as string;
  }
  if (Array.isArray(body.fieldList)) details.fieldList = body.fieldList as ApiErrorDetails['fieldList'];
  return new ApiError(code, response.status, message, details, isRetryableResponse(code, response.status));
}

/**
 * A client for the Partner Central Channel API over awsJson1_0: POST / with X-Amz-Target, SigV4-signed for
 * `partnercentral-channel`. Requests are paced at the per-account quotas and retried with full-jitter backoff;
 * each attempt is signed again, so a retry after a long backoff never carries a stale signature.
 */
export class PartnerCentralChannelClient {
  private readonly options: ClientOptions;
  private readonly signer: SignatureV4;
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly limits: RateLimits;
  private readonly clock: Clock;
  private readonly wallClock: () => number;
  /**
   * Server time minus local time, learned from a Date header after a skew error, as the AWS SDKs keep
   * `systemClockOffset`: every later request is signed at the server's time (getSkewCorrectedDate).
   */
  systemClockOffsetMs = 0;

  constructor(options: ClientOptions) {
    this.options = options;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.wallClock = options.wallClock ?? Date.now;
    this.signer = new SignatureV4({
      service: SIGNING_NAME,
      region: options.signingRegion,
      credentials: options.credentials,
      sha256: Hash.bind(null, 'sha256'),
    });
    this.limits = options.rateLimits ?? DOCUMENTED_RATE_LIMITS;
  }

  private limiterFor(operation: string): RateLimiter {
    const rate = OPERATION_RATE_ROWS[operation] ?? { row: 'handshake', quota: 'mutate' };
    const key = `${rate.row}:${rate.quota}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiter(this.limits[rate.quota], this.clock);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }

  /** The exact HTTP request for one attempt: what the official SDK would send, signed now. */
  async buildRequest(operation: string, input: unknown) {
    const { endpoint } = this.options;
    const body = JSON.stringify(input);
    const signingDate = new Date(this.wallClock() + this.systemClockOffsetMs);
    const signed = await this.signer.sign(
      {
        method: 'POST',
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        port: endpoint.port ? Number(endpoint.port) : undefined,
        path: endpoint.pathname || '/',
        query: {},
        headers: {
          host: endpoint.host,
          'content-type': CONTENT_TYPE,
          'x-amz-target': `${TARGET_PREFIX}.${operation}`,
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
      },
      { signingDate },
    );
    return { url: endpoint, method: 'POST' as const, headers: signed.headers as Record<string, string>, body };
  }

  async send<Output>(operation: string, input: unknown): Promise<Output> {
    const limiter = this.limiterFor(operation);
    const deadline = this.options.deadline;
    let sentAttempts = 0;
    let lastProblem: string | undefined;
    const outOfTime = () =>
      DeadlineExceededError.forCall(
        operation,
        formatDuration(deadline?.budgetMs ?? 0),
        sentAttempts > 0 && lastProblem !== undefined && !lastProblem.startsWith('HTTP'),
        lastProblem,
      );
    return withRetries(
      async (attempt) => {
        if (deadline?.expired()) throw outOfTime();
        await limiter.acquire();
        if (deadline?.expired()) throw outOfTime();
        let skewCorrected = false;
        for (;;) {
          const started = this.clock.now();
          const request = await this.buildRequest(operation, input);
          const timeoutMs = Math.max(
            1,
            Math.min(this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, deadline?.remaining() ?? Infinity),
          );
          let response: HttpResponse;
          sentAttempts++;
          try {
            response = await this.options.transport({ ...request, timeoutMs });
          } catch (error) {
            lastProblem = (error as Error).message;
            this.options.log?.(`${operation} attempt ${attempt}: ${lastProblem}`);
            if (deadline?.expired()) throw outOfTime();
            throw error;
          }
          const elapsed = Math.round(this.clock.now() - started);
          this.options.log?.(`${operation} attempt ${attempt}: HTTP ${response.status} in ${elapsed} ms`);
          if (response.status >= 200 && response.status < 300) {
            return (response.body ? JSON.parse(response.body) : {}) as Output;
          }
          const error = toApiError(response);
          lastProblem = `HTTP ${response.status} ${error.code}`;
          if (!skewCorrected && this.correctClockSkew(error, response)) {
            // Signed again at the server's time and sent once more, outside the backoff: nothing was wrong but our clock.
            skewCorrected = true;
            await limiter.acquire();
            this.options.log?.(
              `${operation}: the local clock is ${Math.round(this.systemClockOffsetMs / 1000)} s behind the server (its Date header); signing again with the server's time`,
            );
            continue;
          }
          throw error;
        }
      },
      this.options.retryPolicy ?? DEFAULT_RETRY_POLICY,
      {
        sleep: async (milliseconds) => {
          if (deadline && deadline.remaining() <= milliseconds) throw outOfTime();
          await this.clock.sleep(milliseconds);
        },
        random: this.options.random ?? Math.random,
        shouldRetry: NOT_IDEMPOTENT.has(operation) ? refusedUnprocessed : isRetryable,
      },
    );
  }

  /**
   * Like the AWS SDKs' AwsSdkSigV4Signer.errorHandler: a 403 with a clock-skew code whose Date header is more than
   * 4 minutes from our clock moves `systemClockOffsetMs` to the server's time. True when the offset changed.
   */
  private correctClockSkew(error: ApiError, response: HttpResponse): boolean {
    if (response.status !== 403 || !CLOCK_SKEW_CODES.has(error.code)) return false;
    const serverTime = Date.parse(response.headers.date ?? '');
    if (Number.isNaN(serverTime)) return false;
    const offset = serverTime - this.wallClock();
    if (Math.abs(offset - this.systemClockOffsetMs) < CLOCK_SKEW_THRESHOLD_MS) return false;
    this.systemClockOffsetMs = offset;
    return true;
  }

  async createChannelHandshake(input: CreateChannelHandshakeRequest): Promise<HandshakeDetail> {
    const output = await this.send<{ channelHandshakeDetail?: HandshakeDetail }>('CreateChannelHandshake', input);
    return this.detail(output.channelHandshakeDetail, 'CreateChannelHandshake');
  }

  async cancelChannelHandshake(input: { catalog: string; identifier: string }): Promise<HandshakeDetail> {
    const output = await this.send<{ channelHandshakeDetail?: HandshakeDetail }>('CancelChannelHandshake', input);
    return this.detail(output.channelHandshakeDetail, 'CancelChannelHandshake');
  }

  async acceptChannelHandshake(input: { catalog: string; identifier: string }): Promise<HandshakeDetail> {
    const output = await this.send<{ channelHandshakeDetail?: HandshakeDetail }>('AcceptChannelHandshake', input);
    return this.detail(output.channelHandshakeDetail, 'AcceptChannelHandshake');
  }

  async rejectChannelHandshake(input: { catalog: string; identifier: string }): Promise<HandshakeDetail> {
    const output = await this.send<{ channelHandshakeDetail?: HandshakeDetail }>('RejectChannelHandshake', input);
    return this.detail(output.channelHandshakeDetail, 'RejectChannelHandshake');
  }

  listChannelHandshakes(input: ListChannelHandshakesRequest): Promise<ListChannelHandshakesResponse> {
    return this.send<ListChannelHandshakesResponse>('ListChannelHandshakes', input);
  }

  /** Reads every page of a listing. */
  async listAllChannelHandshakes(
    input: Omit<ListChannelHandshakesRequest, 'nextToken'>,
  ): Promise<ChannelHandshakeSummary[]> {
    return readAllPages('ListChannelHandshakes', (nextToken) =>
      this.listChannelHandshakes({ maxResults: 100, ...input, ...(nextToken ? { nextToken } : {}) }),
    );
  }

  listRelationships(input: ListRelationshipsRequest): Promise<ListRelationshipsResponse> {
    return this.send<ListRelationshipsResponse>('ListRelationships', input);
  }

  /** Every relationship in a catalog: the one call that says which program management account each belongs to. */
  async listAllRelationships(input: Omit<ListRelationshipsRequest, 'nextToken'>): Promise<RelationshipSummary[]> {
    return readAllPages('ListRelationships', (nextToken) =>
      this.listRelationships({ maxResults: 100, ...input, ...(nextToken ? { nextToken } : {}) }),
    );
  }

  async getRelationship(input: GetRelationshipRequest): Promise<RelationshipDetail> {
    const output = await this.send<{ relationshipDetail?: RelationshipDetail }>('GetRelationship', input);
    return output.relationshipDetail ?? {};
  }

  /** @idempotent by clientToken: a retry after a lost answer replays the first create instead of making a second. */
  async createRelationship(input: CreateRelationshipRequest): Promise<CreateRelationshipDetail> {
    const output = await this.send<{ relationshipDetail?: Partial<CreateRelationshipDetail> }>(
      'CreateRelationship',
      input,
    );
    return this.created(output.relationshipDetail, 'CreateRelationship', 'relationshipDetail');
  }

  /**
   * Sent at most once, except after a ThrottlingException (refused before anything was done). Every other failure
   * is handed back as an outcome instead of being retried, because a blind second send is a second write: see
   * UpdateRelationshipOutcome. Errors that say the request was refused as it stands (validation, not found, access)
   * are thrown as ApiError, like every other operation's.
   */
  async updateRelationship(input: UpdateRelationshipRequest): Promise<UpdateRelationshipOutcome> {
    try {
      const output = await this.send<{ relationshipDetail?: UpdateRelationshipDetail }>('UpdateRelationship', input);
      return { kind: 'updated', relationship: output.relationshipDetail ?? {} };
    } catch (error) {
      if (error instanceof ApiError && error.code === 'ConflictException') return { kind: 'conflict', error };
      if (error instanceof NetworkError) return { kind: 'unknown', cause: error };
      if (error instanceof DeadlineExceededError && error.mayHaveReachedAws) return { kind: 'unknown', cause: error };
      if (error instanceof ApiError && error.status >= 500) return { kind: 'unknown', cause: error };
      throw error;
    }
  }

  /** @idempotent by clientToken: the same token replays the first answer, even once the relationship is gone. */
  async deleteRelationship(input: DeleteRelationshipRequest): Promise<void> {
    await this.send('DeleteRelationship', input);
  }

  /** @idempotent by clientToken. The PMA starts PENDING; its PROGRAM_MANAGEMENT_ACCOUNT handshake activates it. */
  async createProgramManagementAccount(
    input: CreateProgramManagementAccountRequest,
  ): Promise<CreateProgramManagementAccountDetail> {
    const output = await this.send<{ programManagementAccountDetail?: Partial<CreateProgramManagementAccountDetail> }>(
      'CreateProgramManagementAccount',
      input,
    );
    return this.created(
      output.programManagementAccountDetail,
      'CreateProgramManagementAccount',
      'programManagementAccountDetail',
    );
  }

  /**
   * @idempotent (without a token): retried like the creates. A ConflictException means the `revision` sent is not
   * the current one, and is thrown as an ApiError with code ConflictException.
   */
  async updateProgramManagementAccount(
    input: UpdateProgramManagementAccountRequest,
  ): Promise<UpdateProgramManagementAccountDetail> {
    const output = await this.send<{ programManagementAccountDetail?: UpdateProgramManagementAccountDetail }>(
      'UpdateProgramManagementAccount',
      input,
    );
    return output.programManagementAccountDetail ?? {};
  }

  /** @idempotent by clientToken. */
  async deleteProgramManagementAccount(input: DeleteProgramManagementAccountRequest): Promise<void> {
    await this.send('DeleteProgramManagementAccount', input);
  }

  listProgramManagementAccounts(
    input: ListProgramManagementAccountsRequest,
  ): Promise<ListProgramManagementAccountsResponse> {
    return this.send<ListProgramManagementAccountsResponse>('ListProgramManagementAccounts', input);
  }

  /** Every PMA matching the filters. There is no Get: this, filtered by accountIds, is how one PMA is read. */
  async listAllProgramManagementAccounts(
    input: Omit<ListProgramManagementAccountsRequest, 'nextToken'>,
  ): Promise<ProgramManagementAccountSummary[]> {
    return readAllPages('ListProgramManagementAccounts', (nextToken) =>
      this.listProgramManagementAccounts({ maxResults: 100, ...input, ...(nextToken ? { nextToken } : {}) }),
    );
  }

  async tagResource(input: { resourceArn: string; tags: Tag[] }): Promise<void> {
    await this.send('TagResource', input);
  }

  async untagResource(input: { resourceArn: string; tagKeys: string[] }): Promise<void> {
    await this.send('UntagResource', input);
  }

  async listTagsForResource(input: { resourceArn: string }): Promise<Tag[]> {
    const output = await this.send<{ tags?: Tag[] }>('ListTagsForResource', input);
    return output.tags ?? [];
  }

  private created(
    detail: { id?: string; arn?: string } | undefined,
    operation: string,
    member: string,
  ): { id: string; arn: string } {
    if (!detail?.id || !detail.arn) {
      throw new ApiError('InvalidResponse', 200, `${operation} answered without ${member} id and arn`, {}, false);
    }
    return { id: detail.id, arn: detail.arn };
  }

  private detail(detail: HandshakeDetail | undefined, operation: string): HandshakeDetail {
    if (!detail?.id || !detail.arn) {
      throw new ApiError(
        'InvalidResponse',
        200,
        `${operation} answered without channelHandshakeDetail id and arn`,
        {},
        false,
      );
    }
    return detail;
  }
}

/**
 * Follows nextToken to the end. A token seen before means the endpoint would hand out the same pages forever, so it
 * is an error rather than a loop.
 */
async function readAllPages<Item>(
  operation: string,
  page: (nextToken: string | undefined) => Promise<{ items?: Item[]; nextToken?: string }>,
): Promise<Item[]> {
  const items: Item[] = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  do {
    const answer = await page(nextToken);
    items.push(...(answer.items ?? []));
    nextToken = answer.nextToken;
    if (nextToken !== undefined && seen.has(nextToken)) {
      throw new InvalidResponseError(
        `${operation} handed back a nextToken it had already given (after ${seen.size + 1} pages, ${items.length} items), so paging would never end; stopped. Nothing was changed because of this listing. This is a fault of the endpoint: retry later, or report it if it persists.`,
      );
    }
    if (nextToken !== undefined) seen.add(nextToken);
  } while (nextToken);
  return items;
}
