import {
  CancelChannelHandshakeCommand,
  CreateChannelHandshakeCommand,
  ListChannelHandshakesCommand,
  PartnerCentralChannelClient as SdkClient,
} from '@aws-sdk/client-partnercentral-channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/core/canonical.js';
import { emptyState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { deriveLineage } from '../src/core/token.js';
import { DEMO_CREDENTIALS, Simulator } from '../src/simulator/server.js';
import { newClient } from './api-helpers.js';
import { declarationsFrom, fields, programManagementAccount, startServicePeriod } from './helpers.js';

const credentials = { accessKeyId: DEMO_CREDENTIALS.accessKeyId, secretAccessKey: DEMO_CREDENTIALS.secretAccessKey };

describe('the official AWS SDK as a peer', () => {
  const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 } });
  let url = '';
  beforeAll(async () => {
    url = await simulator.start();
  });
  afterAll(async () => {
    await simulator.stop();
  });

  it('talks to the simulator: signed, validated, idempotent, listed and cancelled', async () => {
    const sdk = new SdkClient({ region: 'us-east-1', endpoint: url, credentials });
    const input = {
      handshakeType: 'START_SERVICE_PERIOD' as const,
      catalog: 'AWS',
      associatedResourceIdentifier: 'rs-sdk0000000001',
      payload: {
        startServicePeriodPayload: {
          programManagementAccountIdentifier: 'pma-abcdef123456g',
          servicePeriodType: 'FIXED_COMMITMENT_PERIOD' as const,
          endDate: new Date('2027-06-30T00:00:00Z'),
        },
      },
      clientToken: 'sdk-token-1',
    };
    const created = await sdk.send(new CreateChannelHandshakeCommand(input));
    expect(created.channelHandshakeDetail?.id).toMatch(/^ch-[a-z0-9]{13}$/);
    const replay = await sdk.send(new CreateChannelHandshakeCommand(input));
    expect(replay.channelHandshakeDetail?.id).toBe(created.channelHandshakeDetail?.id);

    const listed = await sdk.send(
      new ListChannelHandshakesCommand({
        handshakeType: 'START_SERVICE_PERIOD',
        catalog: 'AWS',
        participantType: 'SENDER',
      }),
    );
    expect(listed.items?.map((item) => item.id)).toContain(created.channelHandshakeDetail?.id);
    expect(listed.items?.[0]?.createdAt).toBeInstanceOf(Date);

    const cancelled = await sdk.send(
      new CancelChannelHandshakeCommand({ catalog: 'AWS', identifier: created.channelHandshakeDetail?.id as string }),
    );
    expect(cancelled.channelHandshakeDetail?.status).toBe('CANCELED');

    await expect(
      new SdkClient({
        region: 'us-east-1',
        endpoint: url,
        credentials: { ...credentials, secretAccessKey: 'wrong' },
      }).send(
        new ListChannelHandshakesCommand({
          handshakeType: 'START_SERVICE_PERIOD',
          catalog: 'AWS',
          participantType: 'SENDER',
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
  });

  it('sends the same target, content type and body as the SDK for the same inputs', async () => {
    const plan = createPlan(
      declarationsFrom(
        startServicePeriod('acme', { tags: 'team=ops', note: 'Annual support' }),
        startServicePeriod('fixed', { relationship: 'rs-fixed00000001' })
          .replace('MINIMUM_NOTICE_PERIOD', 'FIXED_COMMITMENT_PERIOD')
          .replace('minimumNoticeDays: 30', 'endDate: 2027-06-30'),
        programManagementAccount('pma'),
      ),
      emptyState(deriveLineage('handshakes')),
    );
    const captured: { target: string; contentType: string; body: string }[] = [];
    const sdk = new SdkClient({ region: 'us-east-1', endpoint: url, credentials });
    sdk.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string>; body: string | Uint8Array };
        captured.push({
          target: request.headers['x-amz-target'] ?? '',
          contentType: request.headers['content-type'] ?? '',
          body: typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body),
        });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'capture' },
    );
    const ours = newClient(url);
    for (const change of plan.changes) {
      const request = fields(change).request;
      if (!request) throw new Error('no request');
      const endDate =
        request.payload && 'startServicePeriodPayload' in request.payload
          ? request.payload.startServicePeriodPayload.endDate
          : undefined;
      // The SDK takes a Date for a timestamp member and serializes it itself; ours sends the string directly.
      const sdkInput = structuredClone(request) as { payload?: { startServicePeriodPayload?: { endDate?: unknown } } };
      if (endDate && sdkInput.payload?.startServicePeriodPayload) {
        sdkInput.payload.startServicePeriodPayload.endDate = new Date(endDate);
      }
      await sdk.send(new CreateChannelHandshakeCommand(sdkInput as never));
      const built = await ours.buildRequest('CreateChannelHandshake', request);
      const sdkRequest = captured.at(-1);
      expect(built.headers['x-amz-target']).toBe(sdkRequest?.target);
      expect(built.headers['content-type']).toBe(sdkRequest?.contentType);
      expect(canonicalJson(JSON.parse(built.body))).toBe(canonicalJson(JSON.parse(sdkRequest?.body ?? '{}')));
    }
    expect(captured).toHaveLength(3);
  });
});
