import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
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
import { SIGNING_NAME } from './endpoint.js';
import { ApiError, type ApiErrorDetails, isRetryableResponse } from './errors.js';
import { type Clock, RateLimiter, SYSTEM_CLOCK } from './rate-limiter.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from './retry.js';
import type { HttpResponse, Transport } from './transport.js';

export type { ChannelHandshakeSummary, HandshakeDetail };

export const TARGET_PREFIX = 'PartnerCentralChannel';
export const CONTENT_TYPE = 'application/x-amz-json-1.0';

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

/** Which per-account rate quota an operation draws on. */
const OPERATION_CLASS: Record<string, 'mutate' | 'list' | 'tag'> = {
  CreateChannelHandshake: 'mutate',
  CancelChannelHandshake: 'mutate',
  AcceptChannelHandshake: 'mutate',
  RejectChannelHandshake: 'mutate',
  ListChannelHandshakes: 'list',
  TagResource: 'tag',
  UntagResource: 'tag',
  ListTagsForResource: 'tag',
};

export interface RateLimits {
  /** Create, Cancel, Accept and Reject: 3 requests per second per account, as documented. */
  mutate: number;
  /** ListChannelHandshakes: 5 requests per second per account. */
  list: number;
  /** Tagging has no documented quota; paced like List to stay polite. */
  tag: number;
}

export const DOCUMENTED_RATE_LIMITS: RateLimits = { mutate: 3, list: 5, tag: 5 };

export interface ClientOptions {
  endpoint: URL;
  signingRegion: string;
  credentials: CredentialProvider;
  transport: Transport;
  retryPolicy?: RetryPolicy;
  rateLimits?: RateLimits;
  clock?: Clock;
  random?: () => number;
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
  private readonly limiters: Record<'mutate' | 'list' | 'tag', RateLimiter>;
  private readonly clock: Clock;

  constructor(options: ClientOptions) {
    this.options = options;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.signer = new SignatureV4({
      service: SIGNING_NAME,
      region: options.signingRegion,
      credentials: options.credentials,
      sha256: Hash.bind(null, 'sha256'),
    });
    const limits = options.rateLimits ?? DOCUMENTED_RATE_LIMITS;
    this.limiters = {
      mutate: new RateLimiter(limits.mutate, this.clock),
      list: new RateLimiter(limits.list, this.clock),
      tag: new RateLimiter(limits.tag, this.clock),
    };
  }

  /** The exact HTTP request for one attempt: what the official SDK would send, signed now. */
  async buildRequest(operation: string, input: unknown) {
    const { endpoint } = this.options;
    const body = JSON.stringify(input);
    const signed = await this.signer.sign({
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
    });
    return { url: endpoint, method: 'POST' as const, headers: signed.headers as Record<string, string>, body };
  }

  async send<Output>(operation: string, input: unknown): Promise<Output> {
    const limiter = this.limiters[OPERATION_CLASS[operation] ?? 'mutate'];
    return withRetries(
      async (attempt) => {
        await limiter.acquire();
        const started = this.clock.now();
        const request = await this.buildRequest(operation, input);
        let response: HttpResponse;
        try {
          response = await this.options.transport(request);
        } catch (error) {
          this.options.log?.(`${operation} attempt ${attempt}: ${(error as Error).message}`);
          throw error;
        }
        const elapsed = Math.round(this.clock.now() - started);
        this.options.log?.(`${operation} attempt ${attempt}: HTTP ${response.status} in ${elapsed} ms`);
        if (response.status < 200 || response.status >= 300) {
          throw toApiError(response);
        }
        return (response.body ? JSON.parse(response.body) : {}) as Output;
      },
      this.options.retryPolicy ?? DEFAULT_RETRY_POLICY,
      {
        sleep: (milliseconds) => this.clock.sleep(milliseconds),
        random: this.options.random ?? Math.random,
      },
    );
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
    const items: ChannelHandshakeSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.listChannelHandshakes({ maxResults: 100, ...input, ...(nextToken ? { nextToken } : {}) });
      items.push(...(page.items ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return items;
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
