import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PartnerCentralChannelClient } from '../src/api/client.js';
import { resolveCredentialProvider } from '../src/api/credentials.js';
import { DEFAULT_ENDPOINT, FIPS_ENDPOINT, resolveEndpoint } from '../src/api/endpoint.js';
import { ApiError, CredentialsError } from '../src/api/errors.js';
import { RateLimiter } from '../src/api/rate-limiter.js';
import { backoffDelay, withRetries } from '../src/api/retry.js';
import { createNodeTransport } from '../src/api/transport.js';
import { DEMO_CREDENTIALS, NO_FAULTS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { newClient } from './api-helpers.js';

const START = {
  handshakeType: 'START_SERVICE_PERIOD' as const,
  catalog: 'AWS',
  payload: {
    startServicePeriodPayload: {
      programManagementAccountIdentifier: 'pma-abcdef123456g',
      servicePeriodType: 'MINIMUM_NOTICE_PERIOD' as const,
      minimumNoticeDays: '30',
    },
  },
};

function relationship(index: number): string {
  return `rs-${index.toString(36).padStart(13, '0')}`;
}

describe('Partner Central client against the simulator', () => {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
  let url = '';
  beforeAll(async () => {
    url = await simulator.start();
  });
  afterAll(async () => {
    await simulator.stop();
  });
  beforeEach(() => {
    simulator.faults = { ...NO_FAULTS };
    simulator.requests.length = 0;
  });

  it('surfaces a ValidationException with its reason and field list', async () => {
    const client = newClient(url);
    const error = await client
      .createChannelHandshake({ ...START, associatedResourceIdentifier: 'rs-NOT-VALID', clientToken: 'bad one' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'ValidationException', status: 400, retryable: false });
    const message = (error as ApiError).message;
    expect(message).toContain('reason REQUEST_VALIDATION_FAILED');
    expect(message).toContain('associatedResourceIdentifier (associatedResourceIdentifier must match the pattern');
    expect(message).toContain('clientToken (clientToken must match the pattern ^[!-~]*$)');
    expect(simulator.requests).toHaveLength(1);
  });

  it('reads every page of a listing past 100 items', async () => {
    const client = newClient(url);
    for (let index = 0; index < 230; index++) {
      await client.createChannelHandshake({
        ...START,
        associatedResourceIdentifier: relationship(1000 + index),
        clientToken: `page-${index}`,
      });
    }
    simulator.requests.length = 0;
    const all = await client.listAllChannelHandshakes({
      handshakeType: 'START_SERVICE_PERIOD',
      catalog: 'AWS',
      participantType: 'SENDER',
    });
    expect(all.length).toBeGreaterThanOrEqual(230);
    expect(new Set(all.map((item) => item.id)).size).toBe(all.length);
    expect(simulator.requests.filter((request) => request.operation === 'ListChannelHandshakes')).toHaveLength(
      Math.ceil(all.length / 100),
    );
    const firstPage = await client.listChannelHandshakes({
      handshakeType: 'START_SERVICE_PERIOD',
      catalog: 'AWS',
      participantType: 'SENDER',
    });
    expect(firstPage.items).toHaveLength(20);
    expect(firstPage.nextToken).toBeDefined();
  });

  it('retries throttling and server errors, signing every attempt again', async () => {
    simulator.faults = { ...NO_FAULTS, throttleEvery: 2, serverErrorEvery: 3 };
    const client = newClient(url);
    for (let index = 0; index < 6; index++) {
      await client.createChannelHandshake({
        ...START,
        associatedResourceIdentifier: relationship(2000 + index),
        clientToken: `retry-${index}`,
      });
    }
    const statuses = simulator.requests.map((request) => request.status);
    expect(statuses).toContain(429);
    expect(statuses).toContain(500);
    expect(statuses.filter((status) => status === 200)).toHaveLength(6);
    // Every attempt passed signature verification: none was refused with 403.
    expect(statuses).not.toContain(403);
  });

  it('does not retry terminal errors, and keeps secrets out of errors and logs', async () => {
    const lines: string[] = [];
    const client = new PartnerCentralChannelClient({
      endpoint: new URL(url),
      signingRegion: 'us-east-1',
      credentials: async () => ({
        accessKeyId: DEMO_CREDENTIALS.accessKeyId,
        secretAccessKey: 'the-wrong-secret-key',
        sessionToken: 'session-token-secret',
      }),
      transport: createNodeTransport(),
      rateLimits: { mutate: 0, list: 0, tag: 0 },
      log: (line) => lines.push(line),
    });
    const error = (await client
      .listChannelHandshakes({ handshakeType: 'START_SERVICE_PERIOD', catalog: 'AWS', participantType: 'SENDER' })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error.code).toBe('AccessDeniedException');
    expect(error.retryable).toBe(false);
    expect(simulator.requests).toHaveLength(1);
    const visible = `${error.message}\n${error.stack}\n${lines.join('\n')}`;
    expect(visible).not.toContain('the-wrong-secret-key');
    expect(visible).not.toContain('session-token-secret');
    expect(lines).toEqual([expect.stringMatching(/^ListChannelHandshakes attempt 1: HTTP 403 in \d+ ms$/)]);
  });

  it('reports ServiceQuotaExceeded with its quota code instead of retrying it', async () => {
    const strict = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: { ...NO_QUOTAS, activePma: 1 } });
    const strictUrl = await strict.start();
    try {
      const client = newClient(strictUrl);
      await client.createChannelHandshake({
        handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
        catalog: 'AWS',
        associatedResourceIdentifier: 'pma-0000000000001',
        clientToken: 'q1',
      });
      const error = (await client
        .createChannelHandshake({
          handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
          catalog: 'AWS',
          associatedResourceIdentifier: 'pma-0000000000002',
          clientToken: 'q2',
        })
        .catch((caught: unknown) => caught)) as ApiError;
      expect(error).toMatchObject({ code: 'ServiceQuotaExceededException', status: 402, retryable: false });
      expect(error.details.quotaCode).toBe('active-program-management-account-handshakes');
      expect(strict.requests).toHaveLength(2);
    } finally {
      await strict.stop();
    }
  });

  it('replays a create with the same token and refuses the token with different parameters', async () => {
    const client = newClient(url);
    const first = await client.createChannelHandshake({
      ...START,
      associatedResourceIdentifier: relationship(3000),
      clientToken: 'same',
    });
    const again = await client.createChannelHandshake({
      ...START,
      associatedResourceIdentifier: relationship(3000),
      clientToken: 'same',
    });
    expect(again).toEqual(first);
    await expect(
      client.createChannelHandshake({
        ...START,
        associatedResourceIdentifier: relationship(3001),
        clientToken: 'same',
      }),
    ).rejects.toMatchObject({ code: 'ConflictException', status: 409 });
  });

  it('answers cancel, accept and reject as the model says: @idempotent, no ConflictException (200 on a repeat, BUSINESS_VALIDATION_FAILED once no longer PENDING)', async () => {
    const client = newClient(url);
    const create = (index: number) =>
      client.createChannelHandshake({
        ...START,
        associatedResourceIdentifier: relationship(index),
        clientToken: `t${index}`,
      });
    const cancelled = await create(3100);
    const first = await client.cancelChannelHandshake({ catalog: 'AWS', identifier: cancelled.id });
    const repeat = await client.cancelChannelHandshake({ catalog: 'AWS', identifier: cancelled.id });
    expect(first).toMatchObject({ id: cancelled.id, status: 'CANCELED' });
    expect(repeat).toEqual(first);

    const rejected = await create(3101);
    simulator.respond(rejected.id, 'REJECTED');
    const error = await client
      .cancelChannelHandshake({ catalog: 'AWS', identifier: rejected.id })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ValidationException', status: 400, retryable: false });
    expect((error as ApiError).details).toMatchObject({
      reason: 'BUSINESS_VALIDATION_FAILED',
      fieldList: [{ name: 'identifier', code: 'INVALID_STATUS' }],
    });
    expect(simulator.requests.some((request) => request.status === 409)).toBe(false);
  });
});

describe('client building blocks', () => {
  it('resolves endpoints like the AWS SDKs', () => {
    expect(resolveEndpoint(undefined, {}).url.href).toBe(`${DEFAULT_ENDPOINT}/`);
    expect(resolveEndpoint(undefined, { AWS_USE_FIPS_ENDPOINT: 'true' }).url.href).toBe(`${FIPS_ENDPOINT}/`);
    expect(
      resolveEndpoint(undefined, {
        AWS_ENDPOINT_URL: 'http://a:1',
        AWS_ENDPOINT_URL_PARTNERCENTRAL_CHANNEL: 'http://b:2',
      }).url.host,
    ).toBe('b:2');
    expect(resolveEndpoint('http://c:3', { AWS_ENDPOINT_URL_PARTNERCENTRAL_CHANNEL: 'http://b:2' }).url.host).toBe(
      'c:3',
    );
    expect(resolveEndpoint(undefined, {}).signingRegion).toBe('us-east-1');
    expect(() => resolveEndpoint('http://c:3', { AWS_USE_FIPS_ENDPOINT: 'true' })).toThrow(
      /FIPS and a custom endpoint/,
    );
  });

  it('fails before any request when there are no credentials', async () => {
    await expect(
      resolveCredentialProvider({}, async () => async () => {
        throw new Error('Could not load credentials from any providers');
      }),
    ).rejects.toThrow(CredentialsError);
    const provider = await resolveCredentialProvider({
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
    });
    expect(await provider()).toEqual({ accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  it('backs off with full jitter under a cap and gives up after the last attempt', async () => {
    const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250 };
    expect(backoffDelay(1, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(3, policy, () => 0.999)).toBe(249);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    const delays: number[] = [];
    let attempts = 0;
    const error = await withRetries(
      async () => {
        attempts++;
        throw new ApiError('ThrottlingException', 429, 'slow down', {}, true);
      },
      policy,
      { sleep: async (ms) => void delays.push(ms), random: () => 0.5 },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(attempts).toBe(4);
    expect(delays).toEqual([50, 100, 125]);
  });

  it('paces requests evenly at the configured rate', async () => {
    let now = 0;
    const slept: number[] = [];
    const limiter = new RateLimiter(4, {
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    for (let index = 0; index < 9; index++) await limiter.acquire();
    // Nine requests at 4 per second span two seconds: the first goes at once, each next one 250 ms later.
    expect(now).toBe(2000);
    expect(slept.every((ms) => ms === 250)).toBe(true);
  });
});
