// Intents written a batch at a time (src/apply/intent-batches.ts): one durable write holds the intents of the next
// few creates, always before any of their requests leaves, and a crash inside a batch loses nothing and sends
// nothing twice. Over loopback HTTP against the simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandshakeApi } from '../src/apply/executor.js';
import { planFrom, validateFiles } from '../src/core/engine.js';
import { type CreateChannelHandshakeRequest, emptyState, type RecordedState } from '../src/core/model.js';
import { Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { applyPlan } from '../src/usecases/apply.js';
import { newClient } from './api-helpers.js';
import { FIXED_NOW, startServicePeriod } from './helpers.js';

let simulator: Simulator;
let client: ReturnType<typeof newClient>;

beforeAll(async () => {
  simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
  client = newClient(await simulator.start());
});

afterAll(async () => {
  await simulator.stop();
});

const COUNT = 10;
const relationship = (index: number) => `rs-batch${String(index).padStart(8, '0')}`;

function validated() {
  const files = Array.from({ length: COUNT }, (_, index) => ({
    path: `handshakes/customer-${index}.yaml`,
    text: startServicePeriod(`customer-${index}`, { relationship: relationship(index) }),
  }));
  return validateFiles({ files, now: FIXED_NOW });
}

/** The client, with every create first checked against what the state file holds at the moment it leaves. */
function checkedApi(
  onDisk: () => RecordedState,
  onCreate: (request: CreateChannelHandshakeRequest) => void,
  problems: string[],
): HandshakeApi {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'createChannelHandshake') {
        return async (request: CreateChannelHandshakeRequest) => {
          const name = Object.entries(onDisk().intents ?? {}).find(
            ([, intent]) => intent.clientToken === request.clientToken,
          )?.[0];
          if (name === undefined)
            problems.push(`${request.associatedResourceIdentifier} left without a durable intent`);
          onCreate(request);
          return target.createChannelHandshake(request);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const mine = () => simulator.handshakes().filter((handshake) => handshake.associatedResourceId.startsWith('rs-batch'));

describe('intents written a batch at a time', () => {
  it('a crash inside a batch (two of its creates sent, one answer recorded at most), then a re-run: every handshake exactly once', async () => {
    const declarations = validated();
    let disk: RecordedState = emptyState('00000000-0000-8000-8000-0000000batch');
    const writes: RecordedState[] = [];
    const problems: string[] = [];
    let sent = 0;
    let crashed = false;
    const api = checkedApi(
      () => disk,
      () => {
        if (crashed) throw new Error('killed');
        sent++;
      },
      problems,
    );
    const first = await applyPlan(planFrom(declarations, disk), disk, {
      // The process dies once the second create has left: from then on nothing reaches the disk or AWS.
      api: new Proxy(api, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (property !== 'createChannelHandshake') return value;
          return async (request: CreateChannelHandshakeRequest) => {
            const answer = await value(request);
            if (sent >= 2) crashed = true;
            return answer;
          };
        },
      }),
      persist: async (next) => {
        if (crashed) throw new Error('killed');
        disk = next;
        writes.push(next);
      },
      now: () => FIXED_NOW,
      appliedBy: { actor: 'test' },
      concurrency: 2,
    });
    expect(problems).toEqual([]);
    expect(first.results.filter((result) => result.outcome === 'succeeded').length).toBeLessThan(COUNT);
    expect(mine()).toHaveLength(2);
    // The first write held the intents of a whole batch (twice the concurrency), before the first request left.
    expect(Object.keys(writes[0]?.intents ?? {})).toHaveLength(4);
    // What the disk holds after the crash: the batch's intents, sent or not, and at most the answers recorded in time.
    const intents = Object.keys(disk.intents ?? {});
    expect(intents.length).toBeGreaterThanOrEqual(2);

    const resumed = planFrom(declarations, disk);
    expect(
      resumed.changes.filter((change) => 'resume' in change && change.resume).map((change) => change.name),
    ).toEqual([...intents].sort());
    let replay = disk;
    const second = await applyPlan(resumed, disk, {
      api: checkedApi(
        () => replay,
        () => {},
        problems,
      ),
      persist: async (next) => {
        replay = next;
      },
      now: () => FIXED_NOW,
      appliedBy: { actor: 'test' },
      concurrency: 2,
    });
    expect(problems).toEqual([]);
    expect(second.results.every((result) => result.outcome !== 'failed')).toBe(true);
    expect(mine()).toHaveLength(COUNT);
    expect(new Set(mine().map((handshake) => handshake.associatedResourceId)).size).toBe(COUNT);
    expect(replay.intents).toBeUndefined();
    expect(planFrom(declarations, replay).changes).toEqual([]);
  });
});
