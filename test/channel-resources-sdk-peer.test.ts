import {
  AcceptChannelHandshakeCommand,
  ConflictException,
  CreateChannelHandshakeCommand,
  CreateProgramManagementAccountCommand,
  CreateRelationshipCommand,
  DeleteProgramManagementAccountCommand,
  DeleteRelationshipCommand,
  GetRelationshipCommand,
  ListProgramManagementAccountsCommand,
  ListRelationshipsCommand,
  ListTagsForResourceCommand,
  PartnerCentralChannelClient as SdkClient,
  ServiceQuotaExceededException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateProgramManagementAccountCommand,
  UpdateRelationshipCommand,
  ValidationException,
} from '@aws-sdk/client-partnercentral-channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/core/canonical.js';
import type { CreateRelationshipRequest } from '../src/core/channel-resources.js';
import { DEMO_CREDENTIALS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { newClient } from './api-helpers.js';

const credentials = { accessKeyId: DEMO_CREDENTIALS.accessKeyId, secretAccessKey: DEMO_CREDENTIALS.secretAccessKey };

describe('the official AWS SDK as a peer for program management accounts and relationships', () => {
  const simulator = new Simulator({
    rateLimits: { mutate: 0, list: 0 },
    quotas: { ...NO_QUOTAS, relationshipsPerProgramManagementAccount: 1 },
  });
  let url = '';
  beforeAll(async () => {
    url = await simulator.start();
  });
  afterAll(async () => {
    await simulator.stop();
  });

  it('every PMA and relationship operation round-trips through the SDK, which parses every answer', async () => {
    const sdk = new SdkClient({ region: 'us-east-1', endpoint: url, credentials });
    const pmaInput = {
      catalog: 'AWS',
      program: 'SOLUTION_PROVIDER' as const,
      displayName: 'SDK PMA',
      accountId: DEMO_CREDENTIALS.accountId,
      tags: [{ key: 'team', value: 'emea' }],
    };
    // No clientToken: the SDK fills in a random one (@idempotencyToken).
    const pma = (await sdk.send(new CreateProgramManagementAccountCommand(pmaInput))).programManagementAccountDetail;
    expect(pma?.id).toMatch(/^pma-[a-z0-9]{13}$/);
    const pmaId = pma?.id as string;
    const pending = await sdk.send(new ListProgramManagementAccountsCommand({ catalog: 'AWS', statuses: ['PENDING'] }));
    expect(pending.items?.map((item) => item.id)).toEqual([pmaId]);
    expect(pending.items?.[0]?.createdAt).toBeInstanceOf(Date);

    await expect(
      sdk.send(
        new CreateRelationshipCommand({
          catalog: 'AWS',
          associationType: 'END_CUSTOMER',
          programManagementAccountIdentifier: pmaId,
          associatedAccountId: '444455556666',
          displayName: 'Too early',
          sector: 'COMMERCIAL',
        }),
      ),
    ).rejects.toBeInstanceOf(ValidationException);

    const activation = await sdk.send(
      new CreateChannelHandshakeCommand({
        handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
        catalog: 'AWS',
        associatedResourceIdentifier: pmaId,
      }),
    );
    // The PMA names this very account as its management account, so this account answers its own handshake.
    await sdk.send(
      new AcceptChannelHandshakeCommand({
        catalog: 'AWS',
        identifier: activation.channelHandshakeDetail?.id as string,
      }),
    );
    const active = await sdk.send(new ListProgramManagementAccountsCommand({ catalog: 'AWS', statuses: ['ACTIVE'] }));
    expect(active.items?.[0]).toMatchObject({ id: pmaId, status: 'ACTIVE', revision: '2' });
    expect(active.items?.[0]?.startDate).toBeInstanceOf(Date);

    const renamed = await sdk.send(
      new UpdateProgramManagementAccountCommand({
        catalog: 'AWS',
        identifier: pmaId,
        revision: '2',
        displayName: 'SDK 2',
      }),
    );
    expect(renamed.programManagementAccountDetail).toMatchObject({ revision: '3', displayName: 'SDK 2' });
    await expect(
      sdk.send(
        new UpdateProgramManagementAccountCommand({
          catalog: 'AWS',
          identifier: pmaId,
          revision: '1',
          displayName: 'x',
        }),
      ),
    ).rejects.toBeInstanceOf(ConflictException);

    const created = await sdk.send(
      new CreateRelationshipCommand({
        catalog: 'AWS',
        associationType: 'END_CUSTOMER',
        programManagementAccountIdentifier: pmaId,
        associatedAccountId: '444455556666',
        displayName: 'SDK customer',
        resaleAccountModel: 'END_CUSTOMER',
        sector: 'COMMERCIAL',
        requestedSupportPlan: { partnerLedSupport: { coverage: 'ENTIRE_ORGANIZATION', tamLocation: 'EU' } },
        tags: [{ key: 'team', value: 'emea' }],
      }),
    );
    const relationshipId = created.relationshipDetail?.id as string;
    const identity = { catalog: 'AWS', programManagementAccountIdentifier: pmaId, identifier: relationshipId };
    const detail = (await sdk.send(new GetRelationshipCommand(identity))).relationshipDetail;
    expect(detail).toMatchObject({ id: relationshipId, resaleAccountModel: 'END_CUSTOMER', revision: '1' });
    expect(detail?.updatedAt).toBeInstanceOf(Date);
    expect(detail).not.toHaveProperty('requestedSupportPlan');
    const listed = await sdk.send(
      new ListRelationshipsCommand({ catalog: 'AWS', programManagementAccountIdentifiers: [pmaId], maxResults: 1 }),
    );
    expect(listed.items?.map((item) => item.id)).toEqual([relationshipId]);

    await expect(
      sdk.send(
        new CreateRelationshipCommand({
          catalog: 'AWS',
          associationType: 'INTERNAL',
          programManagementAccountIdentifier: pmaId,
          associatedAccountId: '444455557777',
          displayName: 'Over the quota',
          sector: 'COMMERCIAL',
        }),
      ),
    ).rejects.toBeInstanceOf(ServiceQuotaExceededException);

    const updated = await sdk.send(
      new UpdateRelationshipCommand({ ...identity, revision: '1', displayName: 'Renamed' }),
    );
    expect(updated.relationshipDetail).toMatchObject({ revision: '2', displayName: 'Renamed' });
    await expect(
      sdk.send(new UpdateRelationshipCommand({ ...identity, revision: '1', displayName: 'Stale' })),
    ).rejects.toMatchObject({ name: 'ConflictException', $metadata: { httpStatusCode: 409 } });

    const arn = created.relationshipDetail?.arn as string;
    await sdk.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'stage', value: 'live' }] }));
    await sdk.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
    expect((await sdk.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual([
      { key: 'stage', value: 'live' },
    ]);

    await expect(
      sdk.send(new DeleteProgramManagementAccountCommand({ catalog: 'AWS', identifier: pmaId })),
    ).rejects.toBeInstanceOf(ConflictException);
    await sdk.send(new DeleteRelationshipCommand(identity));
    await sdk.send(new DeleteProgramManagementAccountCommand({ catalog: 'AWS', identifier: pmaId }));
    expect((await sdk.send(new ListProgramManagementAccountsCommand({ catalog: 'AWS' }))).items).toEqual([]);
  });

  it('our client sends the same target, content type and body as the SDK for the new operations', async () => {
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
    const relationship: CreateRelationshipRequest = {
      catalog: 'AWS',
      associationType: 'END_CUSTOMER',
      programManagementAccountIdentifier: 'pma-abcdef123456g',
      associatedAccountId: '444455556666',
      displayName: 'Same bytes',
      sector: 'COMMERCIAL',
      clientToken: 'same-bytes',
      requestedSupportPlan: { resoldEnterprise: { coverage: 'ENTIRE_ORGANIZATION', tamLocation: 'EU' } },
    };
    const cases: [string, object, object][] = [
      [
        'CreateProgramManagementAccount',
        new CreateProgramManagementAccountCommand({
          catalog: 'AWS',
          program: 'DISTRIBUTION',
          displayName: 'Same bytes',
          accountId: '444455556666',
          clientToken: 'same-bytes',
        }),
        {
          catalog: 'AWS',
          program: 'DISTRIBUTION',
          displayName: 'Same bytes',
          accountId: '444455556666',
          clientToken: 'same-bytes',
        },
      ],
      ['CreateRelationship', new CreateRelationshipCommand(relationship), relationship],
      [
        'UpdateRelationship',
        new UpdateRelationshipCommand({
          catalog: 'AWS',
          identifier: 'rs-abcdef123456g',
          programManagementAccountIdentifier: 'pma-abcdef123456g',
          revision: '3',
          displayName: 'Same bytes',
        }),
        {
          catalog: 'AWS',
          identifier: 'rs-abcdef123456g',
          programManagementAccountIdentifier: 'pma-abcdef123456g',
          revision: '3',
          displayName: 'Same bytes',
        },
      ],
      [
        'ListProgramManagementAccounts',
        new ListProgramManagementAccountsCommand({
          catalog: 'AWS',
          statuses: ['ACTIVE'],
          accountIds: ['444455556666'],
        }),
        { catalog: 'AWS', statuses: ['ACTIVE'], accountIds: ['444455556666'] },
      ],
    ];
    for (const [operation, command, input] of cases) {
      await sdk.send(command as never).catch(() => undefined);
      const built = await ours.buildRequest(operation, input);
      const sdkRequest = captured.at(-1);
      expect(built.headers['x-amz-target'], operation).toBe(sdkRequest?.target);
      expect(built.headers['content-type']).toBe(sdkRequest?.contentType);
      expect(canonicalJson(JSON.parse(built.body)), operation).toBe(
        canonicalJson(JSON.parse(sdkRequest?.body ?? '{}')),
      );
    }
    expect(captured).toHaveLength(cases.length);
  });
});
