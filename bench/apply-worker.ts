// Apply throughput and client overhead, measured against the in-process simulator over loopback HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ListChannelHandshakesCommand,
  PartnerCentralChannelClient as SdkClient,
} from '@aws-sdk/client-partnercentral-channel';
import { PartnerCentralChannelClient } from '../src/api/client.js';
import { createNodeTransport } from '../src/api/transport.js';
import { validateFiles } from '../src/core/engine.js';
import { emptyState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { deriveLineage } from '../src/core/token.js';
import { writeStateAtomically } from '../src/files/state.js';
import { DEMO_CREDENTIALS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { applyPlan } from '../src/usecases/apply.js';

const credentials = { accessKeyId: DEMO_CREDENTIALS.accessKeyId, secretAccessKey: DEMO_CREDENTIALS.secretAccessKey };

function client(url: string, rate: number) {
  return new PartnerCentralChannelClient({
    endpoint: new URL(url),
    signingRegion: 'us-east-1',
    credentials: async () => credentials,
    transport: createNodeTransport(),
    rateLimits: { mutate: rate, list: rate, tag: rate },
  });
}

async function applyThroughput(): Promise<void> {
  const quota = 100;
  const simulator = new Simulator({ rateLimits: { mutate: quota, list: quota }, quotas: NO_QUOTAS });
  const url = await simulator.start();
  const text = Array.from({ length: 1000 }, (_, index) =>
    [
      `name: customer-${index}`,
      'handshakeType: START_SERVICE_PERIOD',
      'catalog: AWS',
      `associatedResourceIdentifier: rs-${index.toString(36).padStart(13, '0')}`,
      'payload:',
      '  startServicePeriodPayload:',
      '    programManagementAccountIdentifier: pma-abcdef123456g',
      '    servicePeriodType: MINIMUM_NOTICE_PERIOD',
      '    minimumNoticeDays: 30',
    ].join('\n'),
  ).join('\n---\n');
  const validated = validateFiles({ files: [{ path: 'handshakes/bench.yaml', text }], now: new Date() });
  const plan = createPlan(validated.declarations, emptyState(deriveLineage('handshakes')));
  const stateDirectory = await mkdtemp(join(tmpdir(), 'handshakes-bench-state-'));
  const statePath = join(stateDirectory, 'state.json');
  // Start the clock with a full bucket on the server side, as a fresh account would have.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const started = performance.now();
  const outcome = await applyPlan(plan, emptyState(plan.lineage), {
    api: client(url, quota),
    persist: (state) => writeStateAtomically(statePath, state),
    now: () => new Date(),
    appliedBy: { actor: 'bench' },
    concurrency: 16,
  });
  const seconds = (performance.now() - started) / 1000;
  const failed = outcome.results.filter((result) => result.outcome === 'failed').length;
  const throttled = simulator.requests.filter((request) => request.status === 429).length;
  const handshakes = simulator.handshakes();
  const duplicates = handshakes.length - new Set(handshakes.map((handshake) => handshake.associatedResourceId)).size;
  const rate = 1000 / seconds;
  await simulator.stop();
  await rm(stateDirectory, { recursive: true, force: true });
  console.log(`apply throughput, 1,000 creates, simulator quota ${quota} requests/s`);
  console.log(`  elapsed          : ${seconds.toFixed(2)} s, ${failed} failed, state serial ${outcome.state.serial}`);
  console.log(
    `  achieved rate    : ${rate.toFixed(1)} requests/s = ${((rate / quota) * 100).toFixed(1)} % of quota, listing and intents included (target >= 95 %, issue 20) ${rate / quota >= 0.95 ? 'ok' : 'MISSED'}`,
  );
  console.log(`  throttled        : ${throttled} (target 0) ${throttled === 0 ? 'ok' : 'MISSED'}`);
  console.log(
    `  duplicates       : ${duplicates} (must be 0) ${duplicates === 0 && handshakes.length === 1000 ? 'ok' : 'MISSED'}`,
  );
}

async function clientOverhead(): Promise<void> {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
  const url = await simulator.start();
  const ours = client(url, 0);
  for (let index = 0; index < 20; index++) {
    await ours.createChannelHandshake({
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: `pma-${index.toString(36).padStart(13, '0')}`,
      clientToken: `overhead-${index}`,
    });
  }
  const input = { handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT', catalog: 'AWS', participantType: 'SENDER' } as const;
  const sdk = new SdkClient({ region: 'us-east-1', endpoint: url, credentials });
  const requests = 3000;
  const concurrency = 8;
  const measure = async (call: () => Promise<unknown>) => {
    for (let index = 0; index < 200; index++) await call();
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < requests) await call();
      }),
    );
    return requests / ((performance.now() - started) / 1000);
  };
  const rounds: { ours: number; sdk: number }[] = [];
  for (let round = 0; round < 3; round++) {
    rounds.push({
      ours: await measure(() => ours.listChannelHandshakes(input)),
      sdk: await measure(() => sdk.send(new ListChannelHandshakesCommand(input))),
    });
  }
  await simulator.stop();
  const best = (key: 'ours' | 'sdk') => Math.max(...rounds.map((round) => round[key]));
  const ratio = best('ours') / best('sdk');
  console.log(
    `client overhead, ListChannelHandshakes (20 items), ${requests} requests x 3 rounds, ${concurrency} in flight, no quota`,
  );
  console.log(`  channel-handshakes client : ${best('ours').toFixed(0)} requests/s`);
  console.log(`  official AWS SDK          : ${best('sdk').toFixed(0)} requests/s`);
  console.log(`  ratio                     : ${ratio.toFixed(2)} (target >= 1.0) ${ratio >= 1 ? 'ok' : 'MISSED'}`);
}

await applyThroughput();
await clientOverhead();
process.exit(0);
