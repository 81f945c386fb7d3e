import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PartnerCentralChannelClient } from '../src/api/client.js';
import { Deadline, formatDuration, parseDuration } from '../src/api/deadline.js';
import { DeadlineExceededError, InvalidResponseError } from '../src/api/errors.js';
import { createNodeTransport } from '../src/api/transport.js';
import { run } from '../src/cli/index.js';
import type { RecordedState } from '../src/core/model.js';
import { DEMO_CREDENTIALS, NO_FAULTS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import {
  captureCli,
  programManagementAccount,
  simulatorEnvironment,
  startServicePeriod,
  temporaryDirectory,
} from './helpers.js';
import { git } from './support/git-fixture.js';

const simulators: Simulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

async function startSimulator(faults: Partial<typeof NO_FAULTS> = {}): Promise<{ simulator: Simulator; url: string }> {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS, faults });
  simulators.push(simulator);
  return { simulator, url: await simulator.start() };
}

function client(url: string, options: { deadline?: Deadline; requestTimeoutMs?: number } = {}) {
  return new PartnerCentralChannelClient({
    endpoint: new URL(url),
    signingRegion: 'us-east-1',
    credentials: async () => ({
      accessKeyId: DEMO_CREDENTIALS.accessKeyId,
      secretAccessKey: DEMO_CREDENTIALS.secretAccessKey,
    }),
    transport: createNodeTransport(),
    retryPolicy: { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 50 },
    rateLimits: { mutate: 0, list: 0, tag: 0 },
    ...options,
  });
}

async function repository(declarations: string[]): Promise<string> {
  const root = await temporaryDirectory();
  git(root, 'init', '--quiet');
  git(root, 'remote', 'add', 'origin', 'git@github.com:example/deadlines.git');
  await mkdir(join(root, 'handshakes'));
  await writeFile(join(root, 'handshakes', 'all.yaml'), declarations.join('---\n'));
  return root;
}

async function cli(root: string, url: string, ...args: string[]) {
  const captured = captureCli(root, simulatorEnvironment(url));
  const code = await run(args, captured.environment);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

const PMA = {
  handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT' as const,
  catalog: 'AWS',
  associatedResourceIdentifier: 'pma-deadline00001',
};

describe('deadlines', () => {
  it('reads durations as the --timeout flag takes them', () => {
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('0')).toBeUndefined();
    expect(formatDuration(150_000)).toBe('2m30s');
    expect(formatDuration(2_000)).toBe('2s');
  });

  // A hung endpoint used to cost 8 attempts × 30 s per change. The vitest timeout below is far under one 30 s attempt:
  // the test can only pass if the deadline, not the request timeout, ends the call.
  it('a hung endpoint: the call ends at the deadline with a typed error that says the request may have reached AWS', async () => {
    const { simulator, url } = await startSimulator({ hangEvery: 1 });
    const error = await client(url, { deadline: new Deadline(1_500) })
      .createChannelHandshake({ ...PMA, clientToken: 'hung-1' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect((error as DeadlineExceededError).mayHaveReachedAws).toBe(true);
    expect((error as Error).message).toContain('the timeout of 2s for the whole run ran out');
    expect((error as Error).message).toContain('may have reached AWS without an answer');
    expect(simulator.requests.every((request) => request.error === 'hung')).toBe(true);
  }, 15_000);

  it('a hung endpoint: each attempt is bounded by the request timeout, then retried', async () => {
    const { simulator, url } = await startSimulator({ hangEvery: 2 });
    // Request 1 is answered, request 2 hangs for its 300 ms, request 3 (the retry) is answered.
    const api = client(url, { requestTimeoutMs: 300 });
    await api.createChannelHandshake({ ...PMA, clientToken: 'hung-2' });
    const detail = await api.createChannelHandshake({
      ...PMA,
      associatedResourceIdentifier: 'pma-deadline00002',
      clientToken: 'hung-3',
    });
    expect(detail.id).toMatch(/^ch-/);
    expect(simulator.requests.map((request) => request.error ?? request.status)).toEqual([200, 'hung', 200]);
    expect(simulator.handshakes()).toHaveLength(2);
  }, 15_000);

  it('apply --timeout against a hung endpoint stops, says what was done and not, and a re-run finishes with no duplicate', async () => {
    let hangAfterListing = false;
    const simulator: Simulator = new Simulator({
      rateLimits: { mutate: 0, list: 0 },
      quotas: NO_QUOTAS,
      // Once the apply-time listing has been answered, the endpoint hangs: the creates go out and are never answered.
      log: (line) => {
        if (hangAfterListing && line.includes('ListChannelHandshakes 200')) simulator.faults.hangEvery = 1;
      },
    });
    simulators.push(simulator);
    const url = await simulator.start();
    const root = await repository([
      programManagementAccount('first', 'pma-deadline00001'),
      programManagementAccount('second', 'pma-deadline00002'),
      programManagementAccount('third', 'pma-deadline00003'),
    ]);
    // Hung from the first request: the apply-time listing never answers, so nothing is sent.
    simulator.faults = { ...NO_FAULTS, hangEvery: 1 };
    const listing = await cli(root, url, 'apply', '--auto-approve', '--timeout', '2s', '--rate-mutate', '1000');
    expect(listing.code).toBe(1);
    expect(listing.stdout).toContain('Stopped by --timeout 2s.');
    expect(listing.stdout).toContain('done and recorded: 0');
    expect(listing.stdout).toContain('not sent: 3');
    expect(simulator.requests.map((request) => request.operation)).toEqual(['ListChannelHandshakes']);

    // Hung after the listing: the creates reach the endpoint and are never answered.
    simulator.faults = { ...NO_FAULTS };
    hangAfterListing = true;
    const stopped = await cli(root, url, 'apply', '--auto-approve', '--timeout', '2s', '--rate-mutate', '1000');
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toContain('Stopped by --timeout 2s.');
    expect(stopped.stdout).toContain('done and recorded: 0');
    expect(stopped.stdout).toMatch(/sent, no answer before the timeout: [1-3]/);
    expect(stopped.stdout).toContain('Run apply again to finish');
    // The hung endpoint committed nothing, and nothing was recorded.
    expect(simulator.handshakes()).toHaveLength(0);

    hangAfterListing = false;
    simulator.faults = { ...NO_FAULTS };
    const again = await cli(root, url, 'apply', '--auto-approve', '--timeout', '1m', '--rate-mutate', '1000');
    expect(again.code).toBe(0);
    const state = JSON.parse(await readFile(join(root, 'handshakes', 'state.json'), 'utf8')) as RecordedState;
    expect(Object.keys(state.declarations).sort()).toEqual(['first', 'second', 'third']);
    const live = simulator.handshakes().map((handshake) => handshake.associatedResourceId);
    expect(live.sort()).toEqual(['pma-deadline00001', 'pma-deadline00002', 'pma-deadline00003']);
  }, 30_000);

  it('refresh and import --timeout against a hung endpoint stop and say that nothing was written', async () => {
    const { simulator, url } = await startSimulator();
    const root = await repository([programManagementAccount('first', 'pma-deadline00001')]);
    expect((await cli(root, url, 'apply', '--auto-approve')).code).toBe(0);
    const before = await readFile(join(root, 'handshakes', 'state.json'), 'utf8');
    simulator.faults = { ...NO_FAULTS, hangEvery: 1 };
    const refreshed = await cli(root, url, 'refresh', '--timeout', '1s');
    expect(refreshed.code).toBe(1);
    expect(refreshed.stderr).toContain('refresh did not finish within --timeout 1s');
    expect(refreshed.stderr).toContain('Nothing was written: handshakes/state.json is unchanged.');
    const imported = await cli(root, url, 'import', '--timeout', '1s');
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain(
      'import did not finish within --timeout 1s: nothing imported, handshakes/state.json unchanged, the rest not yet.',
    );
    expect(await readFile(join(root, 'handshakes', 'state.json'), 'utf8')).toBe(before);
    // The lock was released on the way out.
    await expect(readFile(join(root, 'handshakes', 'state.json.lock'))).rejects.toThrow(/ENOENT/);
  }, 20_000);

  it('refuses a --timeout it cannot read, before any request', async () => {
    const { simulator, url } = await startSimulator();
    const root = await repository([programManagementAccount('first', 'pma-deadline00001')]);
    const result = await cli(root, url, 'refresh', '--timeout', 'soon');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--timeout takes a duration such as 90s, 10m or 1h, not "soon"');
    expect(simulator.requests).toHaveLength(0);
  });
});

describe('paging', () => {
  it('a repeated nextToken is an error, not an endless loop', async () => {
    const { simulator, url } = await startSimulator({ repeatNextToken: true });
    const error = await client(url)
      .listAllChannelHandshakes({ handshakeType: 'START_SERVICE_PERIOD', catalog: 'AWS', participantType: 'SENDER' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain('handed back a nextToken it had already given');
    // The first page and the one that repeated its token: then it stopped.
    expect(simulator.requests).toHaveLength(2);
  });

  it('refresh against a looping listing fails clearly and leaves the state untouched', async () => {
    const { simulator, url } = await startSimulator();
    const root = await repository([programManagementAccount('first', 'pma-deadline00001')]);
    expect((await cli(root, url, 'apply', '--auto-approve')).code).toBe(0);
    const before = await readFile(join(root, 'handshakes', 'state.json'), 'utf8');
    simulator.faults = { ...NO_FAULTS, repeatNextToken: true };
    const result = await cli(root, url, 'refresh');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ListChannelHandshakes handed back a nextToken it had already given');
    expect(await readFile(join(root, 'handshakes', 'state.json'), 'utf8')).toBe(before);
  });
});

describe('clock skew', () => {
  for (const minutes of [10, -10]) {
    it(`a clock ${minutes > 0 ? 'behind' : 'ahead of'} the server by 10 minutes: one 403, then one corrected retry, then no more`, async () => {
      // The server runs `minutes` ahead of us, i.e. our clock is off by the same amount the other way.
      const { simulator, url } = await startSimulator({ clockSkewMs: minutes * 60_000 });
      const api = client(url);
      const first = await api.createChannelHandshake({ ...PMA, clientToken: `skew-${minutes}` });
      expect(first.id).toMatch(/^ch-/);
      expect(simulator.requests.map((request) => request.status)).toEqual([403, 200]);
      expect(simulator.requests[0]?.error).toBe('InvalidSignatureException');
      expect(Math.round(api.systemClockOffsetMs / 60_000)).toBe(minutes);
      // Every later request is signed at the server's time from the start.
      await api.listAllChannelHandshakes({
        handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
        catalog: 'AWS',
        participantType: 'SENDER',
      });
      expect(simulator.requests.map((request) => request.status)).toEqual([403, 200, 200]);
      expect(simulator.handshakes()).toHaveLength(1);
    });
  }

  it('a skew within the 5-minute tolerance is accepted as it is', async () => {
    const { simulator, url } = await startSimulator({ clockSkewMs: 3 * 60_000 });
    await client(url).createChannelHandshake({ ...PMA, clientToken: 'skew-small' });
    expect(simulator.requests.map((request) => request.status)).toEqual([200]);
  });

  it('apply through a skewed clock sends every handshake once', async () => {
    const { simulator, url } = await startSimulator({ clockSkewMs: -10 * 60_000 });
    const root = await repository([
      startServicePeriod('acme', { relationship: 'rs-deadline00001' }),
      programManagementAccount('pma', 'pma-deadline00009'),
    ]);
    const result = await cli(root, url, 'apply', '--auto-approve');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(simulator.requests.filter((request) => request.status === 403)).toHaveLength(1);
    expect(simulator.handshakes()).toHaveLength(2);
  });
});
