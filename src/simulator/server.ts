import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { SIGNING_NAME, SIGNING_REGION } from '../api/endpoint.js';
import { OPERATION_RATE_ROWS } from '../api/rates.js';
import type { ProgramManagementAccountStatus } from '../core/channel-resources.js';
import { DEMO_CREDENTIALS } from '../core/demo-credentials.js';
import type { HandshakeStatus, Tag } from '../core/model.js';
import { CHANNEL_MODEL, errorTraits, validateInput } from './model-validation.js';
import {
  ProgramManagementAccountRegistry,
  type StoredProgramManagementAccount,
} from './program-management-accounts.js';
import { type RelationshipInput, RelationshipRegistry, type StoredRelationship } from './relationships.js';
import {
  ChannelService,
  DOCUMENTED_QUOTAS,
  type QuotaSettings,
  SimulatedError,
  type StoredHandshake,
} from './service.js';
import { servicePeriodHolding } from './service-periods.js';
import { SAFE_CHOICES, type SilentChoices, updatedChoices } from './silent-choices.js';

/** The demo identity. Documented in the README; anyone may use it against a local simulator. */
export { DEMO_CREDENTIALS } from '../core/demo-credentials.js';

export interface SimulatorAccount {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
}

export interface FaultSettings {
  /** Answer every Nth request with ThrottlingException (0: never). */
  throttleEvery: number;
  /** Answer every Nth request with InternalServerException / 503 (0: never). */
  serverErrorEvery: number;
  /** Added to every request, in milliseconds. */
  latencyMs: number;
  /** Commit every Nth create or delete (those with a clientToken), then drop the connection unanswered (0: never). */
  dropAfterCommitEvery: number;
  /** Never answer every Nth request: the connection stays open and silent, like a hung endpoint (0: never). */
  hangEvery: number;
  /** Listings ignore the nextToken they are given and always hand back the same one, so paging never ends. */
  repeatNextToken: boolean;
  /** The simulator's clock runs this far from the real one (ms): it judges X-Amz-Date and writes Date by it. */
  clockSkewMs: number;
}

export const NO_FAULTS: FaultSettings = {
  throttleEvery: 0,
  serverErrorEvery: 0,
  latencyMs: 0,
  dropAfterCommitEvery: 0,
  hangEvery: 0,
  repeatNextToken: false,
  clockSkewMs: 0,
};

/** How far X-Amz-Date may be from the server's clock before the request is refused as expired. */
const SIGNATURE_CLOCK_TOLERANCE_MS = 5 * 60_000;

/** The operations served by the PMA and relationship registries rather than by the handshake service. */
const RESOURCE_OPERATIONS = new Set([
  'CreateProgramManagementAccount',
  'UpdateProgramManagementAccount',
  'DeleteProgramManagementAccount',
  'ListProgramManagementAccounts',
  'CreateRelationship',
  'UpdateRelationship',
  'DeleteRelationship',
  'ListRelationships',
  'GetRelationship',
]);
const TAGGING = new Set(['TagResource', 'UntagResource', 'ListTagsForResource']);
const LISTINGS = new Set(['ListChannelHandshakes', 'ListRelationships', 'ListProgramManagementAccounts']);
/** The token-bearing creates and deletes that `dropAfterCommitEvery` commits and then leaves unanswered. */
const COMMITTING = new Set([
  'CreateChannelHandshake',
  'CreateProgramManagementAccount',
  'CreateRelationship',
  'DeleteProgramManagementAccount',
  'DeleteRelationship',
]);
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const REPEATED_NEXT_TOKEN = 'simulator-repeated-next-token';

export interface SimulatorOptions {
  accounts?: SimulatorAccount[];
  /**
   * Requests per second per account and per documented quota row: `mutate` for the handshake, PMA and relationship
   * mutations (each its own 3/s row), `list` for their listings and GetRelationship (each row 5/s). 0: no limit.
   */
  rateLimits?: { mutate: number; list: number };
  quotas?: QuotaSettings;
  /** Where AWS is silent; the safe refusals unless switched off (see silent-choices.ts). */
  choices?: Partial<SilentChoices>;
  faults?: Partial<FaultSettings>;
  /** One line per request. Defaults to no logging. */
  log?: (line: string) => void;
  now?: () => Date;
}

export interface RequestRecord {
  operation: string;
  account?: string;
  status: number;
  error?: string;
  input?: unknown;
}

/** A token bucket per account and quota class: `rate` tokens per second, holding at most one second's worth. */
class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; updated: number }>();
  take(key: string, rate: number): boolean {
    if (rate <= 0) return true;
    const now = performance.now();
    const bucket = this.buckets.get(key) ?? { tokens: rate, updated: now };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.updated) / 1000) * rate);
    bucket.updated = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return new Date(Date.UTC(year as number, (month as number) - 1, day, hour, minute, second));
}

/**
 * A local Partner Central Channel endpoint that behaves like the real one for handshakes, program management
 * accounts and relationships: SigV4-verified, model-validated, rate- and quota-limited, idempotent, and able to
 * misbehave on purpose.
 */
export class Simulator {
  readonly service: ChannelService;
  readonly relationships: RelationshipRegistry;
  readonly programManagementAccounts: ProgramManagementAccountRegistry;
  readonly requests: RequestRecord[] = [];
  faults: FaultSettings;
  rateLimits: { mutate: number; list: number };
  /** Where AWS is silent: switchable at run time, also through POST /_simulator/choices. */
  choices: SilentChoices;
  private readonly quotas: QuotaSettings;
  private readonly now: () => Date;
  private readonly accounts: Map<string, SimulatorAccount>;
  private readonly buckets = new TokenBuckets();
  private readonly log: (line: string) => void;
  private server?: Server;
  private requestCount = 0;
  private createCount = 0;

  constructor(options: SimulatorOptions = {}) {
    const now = options.now ?? (() => new Date());
    this.now = now;
    this.quotas = options.quotas ?? DOCUMENTED_QUOTAS;
    this.choices = { ...SAFE_CHOICES, ...options.choices };
    const newId = (prefix: string) => {
      let id = prefix;
      for (let index = 0; index < 13; index++) id += ID_ALPHABET[randomInt(0, ID_ALPHABET.length)];
      return id;
    };
    this.programManagementAccounts = new ProgramManagementAccountRegistry({
      region: SIGNING_REGION,
      now,
      newId,
      quota: () => this.quotas.programManagementAccounts,
      deletionBlocker: (account, pma) => this.programManagementAccountDeletionBlocker(account, pma),
    });
    this.relationships = new RelationshipRegistry(
      {
        region: SIGNING_REGION,
        now,
        newId,
        quotaPerProgramManagementAccount: () => this.quotas.relationshipsPerProgramManagementAccount,
        needsActiveProgramManagementAccount: () => this.choices.createRelationshipNeedsActiveProgramManagementAccount,
        deletionBlocker: (account, relationship) => this.relationshipDeletionBlocker(account, relationship),
      },
      this.programManagementAccounts,
    );
    this.service = new ChannelService({
      quotas: this.quotas,
      now,
      random: () => randomInt(0, 1_000_000) / 1_000_000,
      region: SIGNING_REGION,
      programManagementAccount: (account, identifier, catalog) =>
        this.programManagementAccounts.find(account, identifier, catalog),
      onStatusChange: (handshake) => {
        // "To activate a PMA, a channel handshake must be accepted by the AWS management account."
        if (handshake.handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT' && handshake.status === 'ACCEPTED') {
          this.programManagementAccounts.activate(
            handshake.senderAccountId,
            handshake.associatedResourceId,
            handshake.catalog,
          );
        }
      },
    });
    this.accounts = new Map((options.accounts ?? [DEMO_CREDENTIALS]).map((account) => [account.accessKeyId, account]));
    this.rateLimits = options.rateLimits ?? { mutate: 3, list: 5 };
    this.faults = { ...NO_FAULTS, ...options.faults };
    this.log = options.log ?? (() => {});
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((request, response) => {
      this.dispatch(request, response).catch((error: unknown) => {
        this.answer(response, 500, { __type: 'InternalServerException', message: `simulator bug: ${String(error)}` });
      });
    });
    this.server.keepAliveTimeout = 5_000;
    const server = this.server;
    // A port in use or an address not on this machine is an error event, not an exception: hand it to the caller.
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: unknown) => {
      this.server = undefined;
      throw error;
    });
    return this.url;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the simulator is not running');
    return `http://${address.address}:${address.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  // --- the receiving side, for tests and demos ---------------------------------------------------------------

  handshakes(): StoredHandshake[] {
    return this.service.all();
  }

  respond(identifier: string, status: Extract<HandshakeStatus, 'ACCEPTED' | 'REJECTED' | 'EXPIRED'>): StoredHandshake {
    const handshake = this.service.get(identifier);
    if (!handshake) throw new Error(`no handshake ${identifier}`);
    this.service.setStatus(handshake, status);
    return handshake;
  }

  /** The receiving side sets up a relationship with this account (the demo account unless named). */
  addRelationship(input: RelationshipInput, account: string = DEMO_CREDENTIALS.accountId): StoredRelationship {
    return this.relationships.register(account, input);
  }

  /** PMAs and relationships are served here rather than by the handshake service: they are separate resources. */
  private handleResources(account: string, operation: string, input: Record<string, unknown>): unknown {
    const problems = validateInput(operation, input);
    if (problems.length > 0) {
      throw new SimulatedError('ValidationException', `1 validation error detected: ${problems[0]?.message}`, {
        reason: 'REQUEST_VALIDATION_FAILED',
        fieldList: problems,
      });
    }
    switch (operation) {
      case 'CreateProgramManagementAccount':
        return this.programManagementAccounts.create(account, input);
      case 'UpdateProgramManagementAccount':
        return this.programManagementAccounts.update(account, input);
      case 'DeleteProgramManagementAccount':
        return this.programManagementAccounts.delete(account, input);
      case 'ListProgramManagementAccounts':
        return this.programManagementAccounts.list(account, input);
      case 'CreateRelationship':
        return this.relationships.create(account, input);
      case 'UpdateRelationship':
        return this.relationships.update(account, input);
      case 'DeleteRelationship':
        return this.relationships.delete(account, input);
      case 'ListRelationships':
        return this.relationships.list(account, input);
      default:
        return this.relationships.get(account, input);
    }
  }

  /** The tags of a PMA or relationship ARN; handshake ARNs stay with the handshake service. */
  private handleResourceTags(account: string, operation: string, input: Record<string, unknown>): unknown {
    const arn = String(input.resourceArn);
    const problems = validateInput(operation, input);
    if (problems.length > 0 || !arn.includes('/program-management-account/')) {
      return this.service.handle(account, operation, input);
    }
    const pma = arn.includes('/relationship/') ? undefined : this.programManagementAccounts.byArn(arn);
    const relationship = arn.includes('/relationship/') ? this.relationships.byArn(arn) : undefined;
    const resource = pma ?? relationship?.relationship;
    const owner = pma?.ownerAccountId ?? relationship?.account;
    if (!resource) {
      throw new SimulatedError('ResourceNotFoundException', `Resource ${arn} was not found.`, {
        resourceId: arn,
        resourceType: arn.includes('/relationship/') ? 'Relationship' : 'ProgramManagementAccount',
      });
    }
    if (owner !== account) {
      throw new SimulatedError('AccessDeniedException', `You do not own ${arn}.`, { reason: 'NOT_AUTHORIZED' });
    }
    if (operation === 'ListTagsForResource') return { tags: resource.tags };
    if (operation === 'TagResource') {
      const merged = new Map(resource.tags.map((tag) => [tag.key, tag.value]));
      for (const tag of input.tags as Tag[]) merged.set(tag.key, tag.value);
      resource.tags = [...merged].map(([key, value]) => ({ key, value }));
    } else {
      const keys = input.tagKeys as string[];
      resource.tags = resource.tags.filter((tag) => !keys.includes(tag.key));
    }
    return {};
  }

  /** AWS is silent on deleting a relationship under a service period; the safe choice refuses it (service-periods.ts). */
  private relationshipDeletionBlocker(account: string, relationship: StoredRelationship): string | undefined {
    if (!this.choices.deleteRelationshipRefusedWhileServicePeriodOpen) return undefined;
    return servicePeriodHolding(this.service.all(), account, relationship, this.now());
  }

  /** AWS is silent on deleting a PMA that still has relationships; the safe choice refuses it. */
  private programManagementAccountDeletionBlocker(
    account: string,
    pma: StoredProgramManagementAccount,
  ): string | undefined {
    if (!this.choices.deleteProgramManagementAccountRefusedWithRelationships) return undefined;
    const count = this.relationships.countUnder(account, pma.id);
    return count > 0
      ? `Program management account ${pma.id} still has ${count} relationship${count === 1 ? '' : 's'}; delete them first.`
      : undefined;
  }

  /** A handshake that names a relationship together with its program management account makes it known. */
  private learnRelationship(account: string, input: Record<string, unknown>): void {
    const resource = String(input.associatedResourceIdentifier ?? '');
    const id = resource.slice(resource.lastIndexOf('/') + 1);
    const payload = (input.payload ?? {}) as Record<string, { programManagementAccountIdentifier?: string }>;
    const pma = Object.values(payload)[0]?.programManagementAccountIdentifier;
    if (id.startsWith('rs-') && pma) {
      this.relationships.register(account, { id, programManagementAccountId: pma, catalog: String(input.catalog) });
    }
  }

  // --- HTTP --------------------------------------------------------------------------------------------------

  private answer(
    response: ServerResponse,
    status: number,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): void {
    if (response.headersSent || response.destroyed) return;
    const text = JSON.stringify(body);
    response.writeHead(status, {
      // The server's own clock, which a client uses to correct its skew (as the AWS SDKs do).
      date: new Date(this.serverNow()).toUTCString(),
      'content-type': 'application/x-amz-json-1.0',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': `sim-${this.requestCount}`,
      ...headers,
    });
    response.end(text);
  }

  private fail(response: ServerResponse, code: string, message: string, fields: Record<string, unknown> = {}): number {
    const status = CHANNEL_MODEL.shapes[code] ? errorTraits(code).status : 400;
    this.answer(response, status, { __type: code, message, ...fields }, { 'x-amzn-errortype': code });
    return status;
  }

  private async readBody(request: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  private serverNow(): number {
    return Date.now() + this.faults.clockSkewMs;
  }

  /** Recomputes the SigV4 signature with the account's secret; returns the account, or why the request is refused. */
  private async authenticate(
    request: IncomingMessage,
    body: string,
  ): Promise<SimulatorAccount | string | { expired: string }> {
    const authorization = String(request.headers.authorization ?? '');
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
        authorization,
      );
    if (!match) return 'Missing or malformed Authorization header (expected AWS4-HMAC-SHA256).';
    const [, accessKeyId, , region, service, signedHeaders, signature] = match as unknown as string[];
    const account = this.accounts.get(accessKeyId as string);
    if (!account) return `The security token included in the request is invalid (unknown access key ${accessKeyId}).`;
    if (service !== SIGNING_NAME) return `Credential should be scoped to correct service: '${SIGNING_NAME}'.`;
    const signingDate = parseAmzDate(String(request.headers['x-amz-date'] ?? ''));
    if (!signingDate) return 'Missing or malformed X-Amz-Date header.';
    const serverNow = this.serverNow();
    if (Math.abs(serverNow - signingDate.getTime()) > SIGNATURE_CLOCK_TOLERANCE_MS) {
      // AWS's wording for a skewed signer, answered as InvalidSignatureException (403).
      const later = signingDate.getTime() > serverNow;
      const bound = new Date(serverNow + (later ? 1 : -1) * SIGNATURE_CLOCK_TOLERANCE_MS);
      return {
        expired: `Signature ${later ? 'not yet current' : 'expired'}: ${amzDate(signingDate)} is now ${later ? 'later' : 'earlier'} than ${amzDate(bound)} (${amzDate(new Date(serverNow))} ${later ? '+' : '-'} 5 min.)`,
      };
    }
    const headers: Record<string, string> = {};
    for (const name of (signedHeaders as string).split(';')) {
      const value = request.headers[name];
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const signer = new SignatureV4({
      service: SIGNING_NAME,
      region: region as string,
      credentials: {
        accessKeyId: account.accessKeyId,
        secretAccessKey: account.secretAccessKey,
        sessionToken: request.headers['x-amz-security-token'] as string | undefined,
      },
      sha256: Hash.bind(null, 'sha256'),
      applyChecksum: false,
    });
    const expected = await signer.sign(
      {
        method: request.method ?? 'POST',
        protocol: 'http:',
        hostname: 'localhost',
        path: url.pathname,
        query: {},
        headers,
        body,
      },
      { signingDate, signableHeaders: new Set(Object.keys(headers)) },
    );
    const expectedSignature = /Signature=([0-9a-f]{64})/.exec(String(expected.headers.authorization))?.[1];
    if (expectedSignature !== signature) {
      return 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.';
    }
    return account;
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const body = await this.readBody(request);
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/_simulator/')) {
      this.control(url, request.method ?? 'GET', response, body);
      return;
    }
    const number = ++this.requestCount;
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('PartnerCentralChannel.') ? target.slice('PartnerCentralChannel.'.length) : '';
    const record: RequestRecord = { operation: operation || target || '(none)', status: 0 };
    const finish = (status: number, note = '') => {
      record.status = status;
      this.requests.push(record);
      this.log(
        `simulator ${request.method} ${record.operation} ${status} ${Math.round(performance.now() - started)}ms${note ? ` ${note}` : ''}`,
      );
    };
    if (this.faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.faults.latencyMs));

    if (request.method !== 'POST' || !CHANNEL_MODEL.operations[operation]) {
      finish(
        this.fail(response, 'UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}`),
        '',
      );
      return;
    }
    const contentType = String(request.headers['content-type'] ?? '');
    if (!contentType.startsWith('application/x-amz-json-1.0')) {
      finish(
        this.fail(
          response,
          'ValidationException',
          `Content-Type must be application/x-amz-json-1.0, not ${contentType || '(none)'}`,
          { reason: 'REQUEST_VALIDATION_FAILED' },
        ),
      );
      return;
    }
    if (this.faults.hangEvery > 0 && number % this.faults.hangEvery === 0) {
      // Read, never answered: the socket stays open until the client gives up or the simulator stops.
      record.error = 'hung';
      finish(0, '(hung: never answered)');
      return;
    }
    const account = await this.authenticate(request, body);
    if (typeof account === 'object' && 'expired' in account) {
      record.error = 'InvalidSignatureException';
      this.answer(
        response,
        403,
        { __type: 'InvalidSignatureException', message: account.expired },
        { 'x-amzn-errortype': 'InvalidSignatureException' },
      );
      finish(403, '(clock skew)');
      return;
    }
    if (typeof account === 'string') {
      record.error = 'AccessDeniedException';
      finish(
        this.fail(response, 'AccessDeniedException', account, { reason: 'INVALID_SIGNATURE' }),
        '(signature refused)',
      );
      return;
    }
    record.account = account.accountId;
    // Tagging has no documented quota, so it is never throttled here.
    const rate = OPERATION_RATE_ROWS[operation];
    const throttled =
      (this.faults.throttleEvery > 0 && number % this.faults.throttleEvery === 0) ||
      (rate !== undefined &&
        rate.quota !== 'tag' &&
        !this.buckets.take(`${account.accountId}:${rate.row}:${rate.quota}`, this.rateLimits[rate.quota]));
    if (throttled) {
      record.error = 'ThrottlingException';
      finish(
        this.fail(response, 'ThrottlingException', 'Rate exceeded', {
          serviceCode: 'partnercentral-channel',
          quotaCode: `${operation}-rate`,
        }),
      );
      return;
    }
    if (this.faults.serverErrorEvery > 0 && number % this.faults.serverErrorEvery === 0) {
      record.error = 'InternalServerException';
      finish(this.fail(response, 'InternalServerException', 'Simulated internal failure'));
      return;
    }
    let input: Record<string, unknown>;
    try {
      input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      finish(
        this.fail(response, 'ValidationException', 'The request body is not valid JSON.', {
          reason: 'REQUEST_VALIDATION_FAILED',
        }),
      );
      return;
    }
    record.input = input;
    let output: unknown;
    const looping = this.faults.repeatNextToken && LISTINGS.has(operation);
    try {
      const { nextToken: _given, ...firstPage } = input;
      const given = looping ? firstPage : input;
      output = RESOURCE_OPERATIONS.has(operation)
        ? this.handleResources(account.accountId, operation, given)
        : TAGGING.has(operation)
          ? this.handleResourceTags(account.accountId, operation, given)
          : this.service.handle(account.accountId, operation, given);
      if (operation === 'CreateChannelHandshake') this.learnRelationship(account.accountId, input);
      if (looping) output = { ...(output as Record<string, unknown>), nextToken: REPEATED_NEXT_TOKEN };
    } catch (error) {
      if (error instanceof SimulatedError) {
        record.error = error.code;
        finish(this.fail(response, error.code, error.message, error.fields));
        return;
      }
      throw error;
    }
    if (
      COMMITTING.has(operation) &&
      this.faults.dropAfterCommitEvery > 0 &&
      ++this.createCount % this.faults.dropAfterCommitEvery === 0
    ) {
      // The resource exists now, but the caller never learns its id: only an idempotent retry can recover it.
      record.error = 'dropped after commit';
      finish(0, '(committed, connection dropped)');
      request.socket.destroy();
      return;
    }
    this.answer(response, 200, output as Record<string, unknown>);
    finish(200);
  }

  /** AWS's side moves a PMA (the accepted handshake does this too): ACTIVE, or INACTIVE, which AWS never defines. */
  setProgramManagementAccountStatus(
    identifier: string,
    status: ProgramManagementAccountStatus,
  ): StoredProgramManagementAccount {
    const pma = this.programManagementAccounts
      .all()
      .find((candidate) => candidate.id === identifier || candidate.arn === identifier);
    if (!pma) throw new Error(`no program management account ${identifier}`);
    this.programManagementAccounts.setStatus(pma, status);
    return pma;
  }

  /**
   * The receiving side over HTTP, for demos: POST /_simulator/handshakes/{id}/{accept|reject|expire}, and
   * POST /_simulator/relationships {"id":"rs-…","programManagementAccountId":"pma-…"} to add a relationship;
   * POST /_simulator/program-management-accounts/{id}/{activate|deactivate}; GET and POST /_simulator/choices
   * for what the simulator does where AWS is silent.
   */
  private control(url: URL, method: string, response: ServerResponse, body = ''): void {
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[1] === 'choices' && parts.length === 2 && (method === 'GET' || method === 'POST')) {
      if (method === 'POST') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body || '{}');
        } catch {
          this.answer(response, 400, { message: 'the body must be JSON' });
          return;
        }
        const next = updatedChoices(this.choices, parsed);
        if (typeof next === 'string') {
          this.answer(response, 400, { message: next });
          return;
        }
        this.choices = next;
      }
      this.answer(response, 200, { choices: this.choices });
      return;
    }
    if (method === 'GET' && parts[1] === 'program-management-accounts' && parts.length === 2) {
      this.answer(response, 200, { programManagementAccounts: this.programManagementAccounts.all() });
      return;
    }
    const pmaStatuses = { activate: 'ACTIVE', deactivate: 'INACTIVE' } as const;
    if (method === 'POST' && parts[1] === 'program-management-accounts' && parts[2] && parts[3] && parts.length === 4) {
      const status = Object.hasOwn(pmaStatuses, parts[3])
        ? pmaStatuses[parts[3] as keyof typeof pmaStatuses]
        : undefined;
      if (!status) {
        this.answer(response, 404, { message: 'use .../activate or .../deactivate' });
        return;
      }
      try {
        const pma = this.setProgramManagementAccountStatus(parts[2], status);
        this.answer(response, 200, { id: pma.id, status: pma.status, revision: pma.revision });
      } catch (error) {
        this.answer(response, 404, { message: (error as Error).message });
      }
      return;
    }
    if (method === 'GET' && parts[1] === 'handshakes' && parts.length === 2) {
      this.answer(response, 200, { handshakes: this.handshakes() });
      return;
    }
    if (method === 'POST' && parts[1] === 'relationships' && parts.length === 2) {
      try {
        const input = JSON.parse(body || '{}') as RelationshipInput & { account?: string };
        if (
          !/^rs-[a-z0-9]{13}$/.test(input.id ?? '') ||
          !/^pma-[a-z0-9]{13}$/.test(input.programManagementAccountId ?? '')
        ) {
          this.answer(response, 400, { message: 'needs id (rs-…) and programManagementAccountId (pma-…)' });
          return;
        }
        this.answer(response, 200, { relationship: this.addRelationship(input, input.account) });
      } catch {
        this.answer(response, 400, { message: 'the body must be JSON' });
      }
      return;
    }
    if (method === 'GET' && parts[1] === 'relationships' && parts.length === 2) {
      this.answer(response, 200, { relationships: this.relationships.all(DEMO_CREDENTIALS.accountId) });
      return;
    }
    const action = parts[3];
    const statuses = { accept: 'ACCEPTED', reject: 'REJECTED', expire: 'EXPIRED' } as const;
    if (method === 'POST' && parts[1] === 'handshakes' && parts[2] && action && action in statuses) {
      try {
        const handshake = this.respond(parts[2], statuses[action as keyof typeof statuses]);
        this.answer(response, 200, { id: handshake.id, status: handshake.status });
      } catch (error) {
        this.answer(response, 409, { message: (error as Error).message });
      }
      return;
    }
    this.answer(response, 404, { message: 'unknown simulator control route' });
  }
}
