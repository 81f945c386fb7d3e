import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PartnerCentralChannelClient } from '../src/api/client.js';
import { ApiError } from '../src/api/errors.js';
import { createNodeTransport } from '../src/api/transport.js';
import {
  ASSOCIATION_TYPES,
  COVERAGES,
  type CreateRelationshipRequest,
  PROGRAM_MANAGEMENT_ACCOUNT_STATUSES,
  PROGRAMS,
  RESALE_ACCOUNT_MODELS,
  SECTORS,
  SUPPORT_PROVIDERS,
} from '../src/core/channel-resources.js';
import { CHANNEL_MODEL, validateOutput } from '../src/simulator/model-validation.js';
import { DEMO_CREDENTIALS, NO_FAULTS, Simulator, type SimulatorAccount } from '../src/simulator/server.js';
import { DOCUMENTED_QUOTAS, NO_QUOTAS } from '../src/simulator/service.js';
import { SAFE_CHOICES } from '../src/simulator/silent-choices.js';
import { newClient, UNLIMITED } from './api-helpers.js';

// The official model beside the repository, as in model-conformance.test.ts.
const OFFICIAL = join(import.meta.dirname, '..', '..', 'shared', 'reference', 'partnercentral-channel.smithy.json');

/** The management account a PMA names: it receives and accepts the PMA's activation handshake. */
const MANAGEMENT: SimulatorAccount = {
  accessKeyId: 'AKIASIMULATOR0000002',
  secretAccessKey: 'simulator/secret/key/management/account/02',
  accountId: '444455556666',
};

function clientFor(url: string, account: SimulatorAccount) {
  return new PartnerCentralChannelClient({
    endpoint: new URL(url),
    signingRegion: 'us-east-1',
    credentials: async () => ({ accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey }),
    transport: createNodeTransport({ timeoutMs: 5_000 }),
    retryPolicy: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 },
    rateLimits: UNLIMITED,
  });
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

async function control(url: string, path: string, body?: unknown) {
  const response = await fetch(`${url}/_simulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('program management accounts and relationships in the simulator (over loopback, our client)', () => {
  const simulator = new Simulator({
    accounts: [DEMO_CREDENTIALS, MANAGEMENT],
    rateLimits: { mutate: 0, list: 0 },
    quotas: NO_QUOTAS,
  });
  let url = '';
  let partner: PartnerCentralChannelClient;
  let management: PartnerCentralChannelClient;
  let tokenCount = 0;
  const token = () => `token-${++tokenCount}`;

  beforeAll(async () => {
    url = await simulator.start();
    partner = clientFor(url, DEMO_CREDENTIALS);
    management = clientFor(url, MANAGEMENT);
  });
  afterAll(async () => {
    await simulator.stop();
  });
  beforeEach(() => {
    simulator.faults = { ...NO_FAULTS };
    simulator.choices = { ...SAFE_CHOICES };
    simulator.requests.length = 0;
  });

  /** A PMA for the management account, activated the documented way: its handshake, accepted by that account. */
  async function activePma(displayName = 'EMEA resale') {
    const pma = await partner.createProgramManagementAccount({
      catalog: 'AWS',
      program: 'SOLUTION_PROVIDER',
      displayName,
      accountId: MANAGEMENT.accountId,
      clientToken: token(),
    });
    const handshake = await partner.createChannelHandshake({
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: pma.id,
      clientToken: token(),
    });
    await management.acceptChannelHandshake({ catalog: 'AWS', identifier: handshake.id });
    return pma;
  }

  function relationshipRequest(
    pma: string,
    overrides: Partial<CreateRelationshipRequest> = {},
  ): CreateRelationshipRequest {
    return {
      catalog: 'AWS',
      associationType: 'END_CUSTOMER',
      programManagementAccountIdentifier: pma,
      associatedAccountId: '777788889999',
      displayName: 'ACME',
      sector: 'COMMERCIAL',
      clientToken: token(),
      ...overrides,
    };
  }

  it('the core enum values are exactly the model’s', () => {
    const values = (shape: string) => CHANNEL_MODEL.shapes[shape]?.values;
    expect([...PROGRAMS]).toEqual(values('Program'));
    expect([...PROGRAM_MANAGEMENT_ACCOUNT_STATUSES]).toEqual(values('ProgramManagementAccountStatus'));
    expect([...ASSOCIATION_TYPES]).toEqual(values('AssociationType'));
    expect([...RESALE_ACCOUNT_MODELS]).toEqual(values('ResaleAccountModel'));
    expect([...SECTORS]).toEqual(values('Sector'));
    expect([...COVERAGES]).toEqual(values('Coverage'));
    expect([...SUPPORT_PROVIDERS]).toEqual(values('Provider'));
  });

  it.skipIf(!existsSync(OFFICIAL))('the output check accepts every example answer the official model documents', () => {
    const smithy = JSON.parse(readFileSync(OFFICIAL, 'utf8')) as {
      shapes: Record<string, { traits?: Record<string, unknown> }>;
    };
    let checked = 0;
    for (const operation of Object.keys(CHANNEL_MODEL.operations)) {
      const examples = (smithy.shapes[`com.amazonaws.partnercentralchannel#${operation}`]?.traits?.[
        'smithy.api#examples'
      ] ?? []) as { output?: unknown }[];
      for (const example of examples) {
        if (example.output === undefined) continue;
        expect(validateOutput(operation, example.output), `${operation} example`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(9);
    expect(validateOutput('GetRelationship', { relationshipDetail: { requestedSupportPlan: {} } })).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_FIELD' }),
    ]);
  });

  it('PMA round trip: created PENDING, listed by every filter, renamed at its revision, deleted', async () => {
    const created = await partner.createProgramManagementAccount({
      catalog: 'AWS',
      program: 'DISTRIBUTION',
      displayName: 'Round trip',
      accountId: '123412341234',
      clientToken: token(),
      tags: [{ key: 'team', value: 'emea' }],
    });
    expect(created.id).toMatch(/^pma-[a-z0-9]{13}$/);
    expect(created.arn).toBe(
      `arn:aws:partnercentral:us-east-1:${DEMO_CREDENTIALS.accountId}:catalog/AWS/program-management-account/${created.id}`,
    );
    const listed = await partner.listAllProgramManagementAccounts({ catalog: 'AWS', accountIds: ['123412341234'] });
    expect(listed).toEqual([
      expect.objectContaining({
        id: created.id,
        arn: created.arn,
        revision: '1',
        catalog: 'AWS',
        program: 'DISTRIBUTION',
        displayName: 'Round trip',
        accountId: '123412341234',
        status: 'PENDING',
      }),
    ]);
    expect(listed[0]?.startDate).toBeUndefined();
    for (const filter of [
      { statuses: ['PENDING' as const] },
      { programs: ['DISTRIBUTION' as const] },
      { displayNames: ['Round trip'] },
    ]) {
      expect(
        (await partner.listAllProgramManagementAccounts({ catalog: 'AWS', ...filter })).map((pma) => pma.id),
      ).toContain(created.id);
    }
    for (const filter of [
      { statuses: ['ACTIVE' as const, 'INACTIVE' as const] },
      { programs: ['SOLUTION_PROVIDER' as const] },
      { displayNames: ['Another'] },
    ]) {
      expect(
        (await partner.listAllProgramManagementAccounts({ catalog: 'AWS', ...filter })).map((pma) => pma.id),
      ).not.toContain(created.id);
    }
    expect(await partner.listTagsForResource({ resourceArn: created.arn })).toEqual([{ key: 'team', value: 'emea' }]);

    const renamed = await partner.updateProgramManagementAccount({
      catalog: 'AWS',
      identifier: created.id,
      revision: '1',
      displayName: 'Renamed',
    });
    expect(renamed).toEqual({ id: created.id, arn: created.arn, revision: '2', displayName: 'Renamed' });

    await partner.deleteProgramManagementAccount({ catalog: 'AWS', identifier: created.id, clientToken: token() });
    expect(await partner.listAllProgramManagementAccounts({ catalog: 'AWS', accountIds: ['123412341234'] })).toEqual(
      [],
    );
    const gone = await failure(
      partner.updateProgramManagementAccount({ catalog: 'AWS', identifier: created.id, displayName: 'x' }),
    );
    expect(gone).toMatchObject({ code: 'ResourceNotFoundException', status: 404 });
  });

  it('UpdateProgramManagementAccount: a stale revision is a ConflictException; a repeat of the same update (@idempotent) answers as the first did', async () => {
    const pma = await partner.createProgramManagementAccount({
      catalog: 'AWS',
      program: 'SOLUTION_PROVIDER',
      displayName: 'Revisions',
      accountId: '222233334444',
      clientToken: token(),
    });
    const update = { catalog: 'AWS', identifier: pma.id, revision: '1', displayName: 'Revisions 2' };
    const first = await partner.updateProgramManagementAccount(update);
    expect(first.revision).toBe('2');
    // The same request again, as a retry after a lost answer would send it: the same answer, no second write.
    expect(await partner.updateProgramManagementAccount(update)).toEqual(first);
    const stale = await failure(partner.updateProgramManagementAccount({ ...update, displayName: 'Someone else' }));
    expect(stale).toMatchObject({
      code: 'ConflictException',
      status: 409,
      retryable: false,
      details: { resourceId: pma.id, resourceType: 'ProgramManagementAccount' },
    });
    const [read] = await partner.listAllProgramManagementAccounts({ catalog: 'AWS', accountIds: ['222233334444'] });
    expect(read).toMatchObject({ revision: '2', displayName: 'Revisions 2' });
  });

  it('clientToken on CreateProgramManagementAccount and DeleteProgramManagementAccount: same token and input → the same answer; same token, other input → ConflictException', async () => {
    const request = {
      catalog: 'AWS',
      program: 'SOLUTION_PROVIDER' as const,
      displayName: 'Idempotent',
      accountId: '333344445555',
      clientToken: token(),
    };
    const first = await partner.createProgramManagementAccount(request);
    expect(await partner.createProgramManagementAccount(request)).toEqual(first);
    expect(
      await partner.listAllProgramManagementAccounts({ catalog: 'AWS', accountIds: ['333344445555'] }),
    ).toHaveLength(1);
    const reused = await failure(partner.createProgramManagementAccount({ ...request, displayName: 'Other' }));
    expect(reused).toMatchObject({ code: 'ConflictException', status: 409, details: { resourceId: first.id } });

    const deletion = { catalog: 'AWS', identifier: first.id, clientToken: token() };
    await partner.deleteProgramManagementAccount(deletion);
    // The resource is gone, but the token still replays the first answer.
    await partner.deleteProgramManagementAccount(deletion);
    const another = await failure(
      partner.deleteProgramManagementAccount({ ...deletion, identifier: 'pma-0000000000000' }),
    );
    expect(another.code).toBe('ConflictException');
    const fresh = await failure(partner.deleteProgramManagementAccount({ ...deletion, clientToken: token() }));
    expect(fresh.code).toBe('ResourceNotFoundException');
  });

  it('"To activate a PMA, a channel handshake must be accepted by the AWS management account": accepting its PROGRAM_MANAGEMENT_ACCOUNT handshake makes the PMA ACTIVE', async () => {
    const pma = await partner.createProgramManagementAccount({
      catalog: 'AWS',
      program: 'DISTRIBUTION_SELLER',
      displayName: 'Activation',
      accountId: MANAGEMENT.accountId,
      clientToken: token(),
    });
    const handshake = await partner.createChannelHandshake({
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: pma.arn,
      clientToken: token(),
    });
    // The handshake goes to the management account the PMA names, and carries the PMA's program.
    const received = await management.listAllChannelHandshakes({
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      participantType: 'RECEIVER',
    });
    expect(received.find((summary) => summary.id === handshake.id)).toMatchObject({
      receiverAccountId: MANAGEMENT.accountId,
      senderAccountId: DEMO_CREDENTIALS.accountId,
      detail: { programManagementAccountHandshakeDetail: { program: 'DISTRIBUTION_SELLER' } },
    });
    const read = async () =>
      (await partner.listAllProgramManagementAccounts({ catalog: 'AWS', displayNames: ['Activation'] }))[0];
    expect((await read())?.status).toBe('PENDING');

    // Only the management account may answer.
    expect((await failure(partner.acceptChannelHandshake({ catalog: 'AWS', identifier: handshake.id }))).code).toBe(
      'AccessDeniedException',
    );
    await management.acceptChannelHandshake({ catalog: 'AWS', identifier: handshake.id });
    const active = await read();
    expect(active).toMatchObject({ status: 'ACTIVE', revision: '2' });
    expect(Date.parse(active?.startDate ?? '')).not.toBeNaN();
    expect(
      (await partner.listAllProgramManagementAccounts({ catalog: 'AWS', statuses: ['ACTIVE'] })).map((item) => item.id),
    ).toContain(pma.id);
  });

  it('a rejected activation handshake leaves the PMA PENDING', async () => {
    const pma = await partner.createProgramManagementAccount({
      catalog: 'AWS',
      program: 'SOLUTION_PROVIDER',
      displayName: 'Rejected',
      accountId: MANAGEMENT.accountId,
      clientToken: token(),
    });
    const handshake = await partner.createChannelHandshake({
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: pma.id,
      clientToken: token(),
    });
    await management.rejectChannelHandshake({ catalog: 'AWS', identifier: handshake.id });
    const [read] = await partner.listAllProgramManagementAccounts({ catalog: 'AWS', displayNames: ['Rejected'] });
    expect(read).toMatchObject({ id: pma.id, status: 'PENDING', revision: '1' });
  });

  it('relationship round trip: created, read by Get and List without the write-only requestedSupportPlan, renamed at its revision, tagged, deleted', async () => {
    const pma = await activePma('Relationships');
    const created = await partner.createRelationship(
      relationshipRequest(pma.id, {
        associationType: 'DOWNSTREAM_SELLER',
        displayName: 'Round trip',
        resaleAccountModel: 'END_CUSTOMER',
        sector: 'GOVERNMENT',
        requestedSupportPlan: { resoldEnterprise: { coverage: 'ENTIRE_ORGANIZATION', tamLocation: 'EU' } },
        tags: [{ key: 'team', value: 'emea' }],
      }),
    );
    expect(created.id).toMatch(/^rs-[a-z0-9]{13}$/);
    expect(created.arn).toBe(`${pma.arn}/relationship/${created.id}`);
    const identity = { catalog: 'AWS', programManagementAccountIdentifier: pma.id, identifier: created.id };
    const detail = await partner.getRelationship(identity);
    expect(detail).toEqual({
      arn: created.arn,
      id: created.id,
      revision: '1',
      catalog: 'AWS',
      associationType: 'DOWNSTREAM_SELLER',
      programManagementAccountId: pma.id,
      associatedAccountId: '777788889999',
      displayName: 'Round trip',
      resaleAccountModel: 'END_CUSTOMER',
      sector: 'GOVERNMENT',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      startDate: expect.any(String),
    });
    // The ARN names it as well as the id.
    expect((await partner.getRelationship({ ...identity, identifier: created.arn })).id).toBe(created.id);
    const [summary] = await partner.listAllRelationships({
      catalog: 'AWS',
      programManagementAccountIdentifiers: [pma.id],
    });
    const { resaleAccountModel: _detailOnly, ...summaryOfDetail } = detail;
    expect(summary).toEqual(summaryOfDetail);
    // Accepted and kept, but never answered with.
    const stored = await control(url, 'relationships');
    expect(
      (stored.body.relationships as { id: string; requestedSupportPlan?: unknown }[]).find(
        (item) => item.id === created.id,
      ),
    ).toMatchObject({
      requestedSupportPlan: { resoldEnterprise: { coverage: 'ENTIRE_ORGANIZATION', tamLocation: 'EU' } },
    });

    for (const filter of [
      { associatedAccountIds: ['777788889999'] },
      { associationTypes: ['DOWNSTREAM_SELLER' as const] },
      { displayNames: ['Round trip'] },
    ]) {
      expect((await partner.listAllRelationships({ catalog: 'AWS', ...filter })).map((item) => item.id)).toContain(
        created.id,
      );
    }
    expect(
      (await partner.listAllRelationships({ catalog: 'AWS', associationTypes: ['INTERNAL'] })).map((item) => item.id),
    ).not.toContain(created.id);

    const updated = await partner.updateRelationship({
      ...identity,
      revision: '1',
      displayName: 'Renamed',
      requestedSupportPlan: {
        partnerLedSupport: { coverage: 'MANAGEMENT_ACCOUNT_ONLY', tamLocation: 'US', provider: 'DISTRIBUTOR' },
      },
    });
    expect(updated).toEqual({
      kind: 'updated',
      relationship: { arn: created.arn, id: created.id, revision: '2', displayName: 'Renamed' },
    });

    expect(await partner.listTagsForResource({ resourceArn: created.arn })).toEqual([{ key: 'team', value: 'emea' }]);
    await partner.tagResource({ resourceArn: created.arn, tags: [{ key: 'cost-center', value: '4711' }] });
    await partner.untagResource({ resourceArn: created.arn, tagKeys: ['team'] });
    expect(await partner.listTagsForResource({ resourceArn: created.arn })).toEqual([
      { key: 'cost-center', value: '4711' },
    ]);
    await partner.tagResource({ resourceArn: pma.arn, tags: [{ key: 'region', value: 'emea' }] });
    expect(await partner.listTagsForResource({ resourceArn: pma.arn })).toEqual([{ key: 'region', value: 'emea' }]);
    expect((await failure(management.listTagsForResource({ resourceArn: created.arn }))).code).toBe(
      'AccessDeniedException',
    );

    await partner.deleteRelationship({ ...identity, clientToken: token() });
    expect((await failure(partner.getRelationship(identity))).code).toBe('ResourceNotFoundException');
    expect((await failure(partner.listTagsForResource({ resourceArn: created.arn }))).code).toBe(
      'ResourceNotFoundException',
    );
  });

  it('every answer of the new operations has exactly the model’s output shape', async () => {
    const pma = await activePma('Shapes');
    const relationship = await partner.createRelationship(
      relationshipRequest(pma.id, {
        requestedSupportPlan: {
          resoldUnifiedOperations: {
            coverage: 'ENTIRE_ORGANIZATION',
            tamLocation: 'EU',
            chargeAccountId: '111122223333',
          },
        },
      }),
    );
    const identity = { catalog: 'AWS', programManagementAccountIdentifier: pma.id, identifier: relationship.id };
    const calls: [string, unknown][] = [
      ['ListProgramManagementAccounts', { catalog: 'AWS' }],
      ['UpdateProgramManagementAccount', { catalog: 'AWS', identifier: pma.id, displayName: 'Shapes 2' }],
      ['GetRelationship', identity],
      ['ListRelationships', { catalog: 'AWS', sort: { sortBy: 'UpdatedAt', sortOrder: 'Descending' } }],
      ['UpdateRelationship', { ...identity, displayName: 'Shapes' }],
      ['DeleteRelationship', { ...identity, clientToken: token() }],
    ];
    for (const [operation, input] of calls) {
      const output = await partner.send(operation, input);
      expect(validateOutput(operation, output), operation).toEqual([]);
      expect(JSON.stringify(output)).not.toContain('requestedSupportPlan');
      expect(JSON.stringify(output)).not.toContain('sequence');
      expect(JSON.stringify(output)).not.toContain('ownerAccountId');
    }
  });

  it('UpdateRelationship: a stale revision is a conflict outcome (someone else changed it); after a re-read the current revision succeeds', async () => {
    const pma = await activePma('Stale');
    const created = await partner.createRelationship(relationshipRequest(pma.id));
    const identity = { catalog: 'AWS', programManagementAccountIdentifier: pma.id, identifier: created.id };
    // Someone else renames it first.
    expect((await partner.updateRelationship({ ...identity, revision: '1', displayName: 'Theirs' })).kind).toBe(
      'updated',
    );
    const stale = await partner.updateRelationship({ ...identity, revision: '1', displayName: 'Ours' });
    expect(stale.kind).toBe('conflict');
    if (stale.kind === 'conflict') {
      expect(stale.error).toMatchObject({
        code: 'ConflictException',
        status: 409,
        details: { resourceId: created.id },
      });
    }
    const reread = await partner.getRelationship(identity);
    expect(reread).toMatchObject({ displayName: 'Theirs', revision: '2' });
    expect(
      await partner.updateRelationship({ ...identity, revision: reread.revision, displayName: 'Ours' }),
    ).toMatchObject({
      kind: 'updated',
      relationship: { revision: '3', displayName: 'Ours' },
    });
  });

  it('UpdateRelationship is not idempotent: the client never sends it twice on its own after a server error, and says the outcome is unknown', async () => {
    const pma = await activePma('Not idempotent');
    const created = await partner.createRelationship(relationshipRequest(pma.id));
    const identity = { catalog: 'AWS', programManagementAccountIdentifier: pma.id, identifier: created.id };
    simulator.requests.length = 0;
    simulator.faults = { ...NO_FAULTS, serverErrorEvery: 1 };
    const outcome = await partner.updateRelationship({ ...identity, revision: '1', displayName: 'Once' });
    simulator.faults = { ...NO_FAULTS };
    expect(outcome.kind).toBe('unknown');
    if (outcome.kind === 'unknown')
      expect(outcome.cause).toMatchObject({ code: 'InternalServerException', status: 500 });
    expect(simulator.requests.filter((request) => request.operation === 'UpdateRelationship')).toHaveLength(1);
    // The same fault on an idempotent operation is retried, as before.
    simulator.faults = { ...NO_FAULTS, serverErrorEvery: 2 };
    simulator.requests.length = 0;
    await partner.getRelationship(identity);
    await partner.getRelationship(identity);
    simulator.faults = { ...NO_FAULTS };
    expect(simulator.requests.some((request) => request.error === 'InternalServerException')).toBe(true);
  });

  it('UpdateRelationship whose answer never comes (the attempt times out): unknown, sent once, and the re-read tells whether it landed', async () => {
    const pma = await activePma('Dropped update');
    const created = await partner.createRelationship(relationshipRequest(pma.id));
    const identity = { catalog: 'AWS', programManagementAccountIdentifier: pma.id, identifier: created.id };
    const hanging = new PartnerCentralChannelClient({
      endpoint: new URL(url),
      signingRegion: 'us-east-1',
      credentials: async () => ({
        accessKeyId: DEMO_CREDENTIALS.accessKeyId,
        secretAccessKey: DEMO_CREDENTIALS.secretAccessKey,
      }),
      transport: createNodeTransport({ timeoutMs: 300 }),
      requestTimeoutMs: 300,
      retryPolicy: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 },
      rateLimits: UNLIMITED,
    });
    simulator.requests.length = 0;
    simulator.faults = { ...NO_FAULTS, hangEvery: 1 };
    const outcome = await hanging.updateRelationship({ ...identity, revision: '1', displayName: 'Maybe' });
    simulator.faults = { ...NO_FAULTS };
    expect(outcome.kind).toBe('unknown');
    expect(simulator.requests.filter((request) => request.operation === 'UpdateRelationship')).toHaveLength(1);
    expect(await partner.getRelationship(identity)).toMatchObject({ revision: '1', displayName: 'ACME' });
  });

  it('ThrottlingException on UpdateRelationship is retried: throttling is refused before anything is done', async () => {
    const pma = await activePma('Throttled update');
    const created = await partner.createRelationship(relationshipRequest(pma.id));
    const identity = { catalog: 'AWS', programManagementAccountIdentifier: pma.id, identifier: created.id };
    simulator.requests.length = 0;
    simulator.faults = { ...NO_FAULTS, throttleEvery: 1 };
    const throttled = await failure(partner.updateRelationship({ ...identity, revision: '1', displayName: 'Later' }));
    simulator.faults = { ...NO_FAULTS };
    expect(throttled.code).toBe('ThrottlingException');
    expect(simulator.requests.filter((request) => request.operation === 'UpdateRelationship')).toHaveLength(10);
    expect(await partner.getRelationship(identity)).toMatchObject({ revision: '1' });
  });

  it('clientToken on CreateRelationship and DeleteRelationship: same token and input → the same answer; same token, other input → ConflictException', async () => {
    const pma = await activePma('Relationship tokens');
    const request = relationshipRequest(pma.id, { associatedAccountId: '123456789012' });
    const first = await partner.createRelationship(request);
    expect(await partner.createRelationship(request)).toEqual(first);
    const reused = await failure(partner.createRelationship({ ...request, displayName: 'Other' }));
    expect(reused).toMatchObject({
      code: 'ConflictException',
      status: 409,
      details: { resourceId: first.id, resourceType: 'Relationship' },
    });
    expect(
      await partner.listAllRelationships({ catalog: 'AWS', programManagementAccountIdentifiers: [pma.id] }),
    ).toHaveLength(1);

    const deletion = {
      catalog: 'AWS',
      programManagementAccountIdentifier: pma.id,
      identifier: first.id,
      clientToken: token(),
    };
    await partner.deleteRelationship(deletion);
    await partner.deleteRelationship(deletion);
    expect((await failure(partner.deleteRelationship({ ...deletion, identifier: 'rs-0000000000000' }))).code).toBe(
      'ConflictException',
    );
    expect((await failure(partner.deleteRelationship({ ...deletion, clientToken: token() }))).code).toBe(
      'ResourceNotFoundException',
    );
  });

  /**
   * The simulator drops the connection after the next mutation commits, once: the drop is switched off as soon as it
   * happened, so the client's own retry (same body, same token) is answered. The client retries slowly enough for that.
   */
  function dropOnceAfterCommit() {
    let dropped = false;
    simulator.faults = { ...NO_FAULTS, dropAfterCommitEvery: 1 };
    const listen = setInterval(() => {
      if (simulator.requests.some((request) => request.error === 'dropped after commit')) {
        dropped = true;
        simulator.faults = { ...NO_FAULTS };
      }
    }, 1);
    const slow = new PartnerCentralChannelClient({
      endpoint: new URL(url),
      signingRegion: 'us-east-1',
      credentials: async () => ({
        accessKeyId: DEMO_CREDENTIALS.accessKeyId,
        secretAccessKey: DEMO_CREDENTIALS.secretAccessKey,
      }),
      transport: createNodeTransport({ timeoutMs: 5_000 }),
      retryPolicy: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 100 },
      random: () => 0.99,
      rateLimits: UNLIMITED,
    });
    return { slow, dropped: () => dropped, stop: () => clearInterval(listen) };
  }

  it('a connection dropped after CreateRelationship commits, then retried with the same token, leaves exactly one relationship', async () => {
    const pma = await activePma('Dropped create');
    const { slow, dropped, stop } = dropOnceAfterCommit();
    try {
      const created = await slow.createRelationship(
        relationshipRequest(pma.id, { associatedAccountId: '999988887777' }),
      );
      expect(dropped()).toBe(true);
      const creates = simulator.requests.filter((request) => request.operation === 'CreateRelationship');
      expect(creates.map((request) => request.status)).toEqual([0, 200]);
      const live = await partner.listAllRelationships({ catalog: 'AWS', associatedAccountIds: ['999988887777'] });
      expect(live.map((relationship) => relationship.id)).toEqual([created.id]);
    } finally {
      stop();
    }
  });

  it('a connection dropped after DeleteRelationship commits, then retried with the same token, answers 200 and the relationship is gone', async () => {
    const pma = await activePma('Dropped delete');
    const created = await partner.createRelationship(relationshipRequest(pma.id));
    const identity = { catalog: 'AWS', programManagementAccountIdentifier: pma.id, identifier: created.id };
    simulator.requests.length = 0;
    const { slow, stop } = dropOnceAfterCommit();
    try {
      await slow.deleteRelationship({ ...identity, clientToken: token() });
      const deletes = simulator.requests.filter((request) => request.operation === 'DeleteRelationship');
      expect(deletes.map((request) => request.status)).toEqual([0, 200]);
      expect((await failure(partner.getRelationship(identity))).code).toBe('ResourceNotFoundException');
    } finally {
      stop();
    }
  });

  it('"Program management accounts: 50" (Quotas): the 51st create is ServiceQuotaExceededException, not retried', async () => {
    const quota = new Simulator({
      accounts: [DEMO_CREDENTIALS],
      rateLimits: { mutate: 0, list: 0 },
      quotas: DOCUMENTED_QUOTAS,
    });
    const quotaUrl = await quota.start();
    try {
      const client = newClient(quotaUrl);
      for (let index = 0; index < 50; index++) {
        await client.createProgramManagementAccount({
          catalog: 'AWS',
          program: 'SOLUTION_PROVIDER',
          displayName: `PMA ${index}`,
          accountId: String(100000000000 + index),
          clientToken: `pma-${index}`,
        });
      }
      quota.requests.length = 0;
      const refused = await failure(
        client.createProgramManagementAccount({
          catalog: 'AWS',
          program: 'SOLUTION_PROVIDER',
          displayName: 'One too many',
          accountId: '199999999999',
          clientToken: 'pma-51',
        }),
      );
      expect(refused).toMatchObject({
        code: 'ServiceQuotaExceededException',
        status: 402,
        retryable: false,
        details: { quotaCode: 'program-management-accounts', resourceType: 'ProgramManagementAccount' },
      });
      expect(quota.requests).toHaveLength(1);
      // A delete makes room again.
      const [first] = await client.listAllProgramManagementAccounts({ catalog: 'AWS', displayNames: ['PMA 0'] });
      await client.deleteProgramManagementAccount({
        catalog: 'AWS',
        identifier: first?.id as string,
        clientToken: 'delete-0',
      });
      await client.createProgramManagementAccount({
        catalog: 'AWS',
        program: 'SOLUTION_PROVIDER',
        displayName: 'One too many',
        accountId: '199999999999',
        clientToken: 'pma-51',
      });
    } finally {
      await quota.stop();
    }
  });

  it('"Relationships per PMA: 1,000" (Quotas): the 1,001st relationship under one PMA is ServiceQuotaExceededException; another PMA still has room', async () => {
    const quota = new Simulator({
      accounts: [DEMO_CREDENTIALS],
      rateLimits: { mutate: 0, list: 0 },
      quotas: DOCUMENTED_QUOTAS,
    });
    const quotaUrl = await quota.start();
    try {
      const client = newClient(quotaUrl);
      const pmas = [];
      for (const name of ['Full', 'Roomy']) {
        const pma = await client.createProgramManagementAccount({
          catalog: 'AWS',
          program: 'SOLUTION_PROVIDER',
          displayName: name,
          accountId: name === 'Full' ? '100000000001' : '100000000002',
          clientToken: `pma-${name}`,
        });
        quota.setProgramManagementAccountStatus(pma.id, 'ACTIVE');
        pmas.push(pma);
      }
      const [full, roomy] = pmas as unknown as [{ id: string }, { id: string }];
      const create = (pma: string, index: number) =>
        client.createRelationship({
          catalog: 'AWS',
          associationType: 'END_CUSTOMER',
          programManagementAccountIdentifier: pma,
          associatedAccountId: String(200000000000 + index),
          displayName: `Customer ${index}`,
          sector: 'COMMERCIAL',
          clientToken: `${pma}-${index}`,
        });
      for (let start = 0; start < 1000; start += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, offset) => create(full.id, start + offset)));
      }
      const refused = await failure(create(full.id, 1000));
      expect(refused).toMatchObject({
        code: 'ServiceQuotaExceededException',
        status: 402,
        details: { quotaCode: 'relationships-per-program-management-account', resourceId: full.id },
      });
      expect((await create(roomy.id, 1000)).id).toMatch(/^rs-/);
      expect(
        await client.listAllRelationships({ catalog: 'AWS', programManagementAccountIdentifiers: [full.id] }),
      ).toHaveLength(1000);
    } finally {
      await quota.stop();
    }
  }, 60_000);

  it('"Quotas, rate limits and throttling": the client paces each documented row on its own', async () => {
    let now = 0;
    const slept: number[] = [];
    const paced = new PartnerCentralChannelClient({
      endpoint: new URL(url),
      signingRegion: 'us-east-1',
      credentials: async () => ({
        accessKeyId: DEMO_CREDENTIALS.accessKeyId,
        secretAccessKey: DEMO_CREDENTIALS.secretAccessKey,
      }),
      transport: createNodeTransport({ timeoutMs: 5_000 }),
      rateLimits: { mutate: 2, list: 4, tag: 4 },
      clock: {
        now: () => now,
        sleep: async (milliseconds) => {
          slept.push(milliseconds);
          now += milliseconds;
        },
      },
    });
    const handshake = (index: number) =>
      paced.createChannelHandshake({
        handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
        catalog: 'AWS',
        associatedResourceIdentifier: `pma-rowpacing000${index}`,
        clientToken: token(),
      });
    await handshake(1);
    await handshake(2);
    // Two handshake mutations at 2 per second: the second waits half a second.
    expect(slept).toEqual([500]);
    // The PMA and relationship rows have their own quotas, so nothing else waits behind the handshakes.
    await paced.createProgramManagementAccount({
      catalog: 'AWS',
      program: 'SOLUTION_PROVIDER',
      displayName: 'Row pacing',
      accountId: '565656565656',
      clientToken: token(),
    });
    await paced.listProgramManagementAccounts({ catalog: 'AWS' });
    await paced.listRelationships({ catalog: 'AWS' });
    await paced.listChannelHandshakes({
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      participantType: 'SENDER',
    });
    expect(slept).toEqual([500]);
  });

  it('"Quotas, rate limits and throttling": PMA, relationship and handshake mutations are separate 3/s rows, each throttled on its own', async () => {
    const paced = new Simulator({
      accounts: [DEMO_CREDENTIALS],
      rateLimits: { mutate: 3, list: 5 },
      quotas: NO_QUOTAS,
    });
    const pacedUrl = await paced.start();
    try {
      // Unpaced, so the simulator sees the burst; retries wait long enough for a bucket to refill (1/3 s).
      const raw = new PartnerCentralChannelClient({
        endpoint: new URL(pacedUrl),
        signingRegion: 'us-east-1',
        credentials: async () => ({
          accessKeyId: DEMO_CREDENTIALS.accessKeyId,
          secretAccessKey: DEMO_CREDENTIALS.secretAccessKey,
        }),
        transport: createNodeTransport({ timeoutMs: 5_000 }),
        retryPolicy: { maxAttempts: 5, baseDelayMs: 400, maxDelayMs: 400 },
        random: () => 0.99,
        rateLimits: UNLIMITED,
      });
      const sendOnce = (operation: string, input: unknown) =>
        raw.send(operation, input).then(
          () => 200,
          (error: ApiError) => error.code,
        );
      const pmaCreates = await Promise.all(
        Array.from({ length: 4 }, (_, index) =>
          sendOnce('CreateProgramManagementAccount', {
            catalog: 'AWS',
            program: 'SOLUTION_PROVIDER',
            displayName: `Paced ${index}`,
            accountId: String(300000000000 + index),
            clientToken: `paced-${index}`,
          }),
        ),
      );
      // Four at once on a 3/s row: one is throttled (and the client's retry gets through once the bucket refills).
      const answered = paced.requests.filter((request) => request.operation === 'CreateProgramManagementAccount');
      expect(answered.filter((request) => request.status === 200)).toHaveLength(4);
      expect(answered.filter((request) => request.error === 'ThrottlingException').length).toBeGreaterThan(0);
      expect(pmaCreates).toEqual([200, 200, 200, 200]);
      const before = paced.requests.length;
      // In the same second, the handshake row still has its own three.
      await Promise.all(
        Array.from({ length: 3 }, (_, index) =>
          sendOnce('CreateChannelHandshake', {
            handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
            catalog: 'AWS',
            associatedResourceIdentifier: `pma-paced0000000${index}`,
            clientToken: `paced-handshake-${index}`,
          }),
        ),
      );
      expect(paced.requests.slice(before).map((request) => request.status)).toEqual([200, 200, 200]);
    } finally {
      await paced.stop();
    }
  });
});

describe('where AWS is silent: the safe choices and their control route (docs/lifecycle.md)', () => {
  const simulator = new Simulator({
    accounts: [DEMO_CREDENTIALS],
    rateLimits: { mutate: 0, list: 0 },
    quotas: NO_QUOTAS,
  });
  let url = '';
  let client: PartnerCentralChannelClient;
  let count = 0;
  const token = () => `silent-${++count}`;
  beforeAll(async () => {
    url = await simulator.start();
    client = newClient(url);
  });
  afterAll(async () => {
    await simulator.stop();
  });
  beforeEach(async () => {
    expect((await control(url, 'choices', SAFE_CHOICES)).body.choices).toEqual(SAFE_CHOICES);
  });

  async function pma(status: 'PENDING' | 'ACTIVE' = 'ACTIVE') {
    const created = await client.createProgramManagementAccount({
      catalog: 'AWS',
      program: 'SOLUTION_PROVIDER',
      displayName: 'Silent',
      accountId: DEMO_CREDENTIALS.accountId,
      clientToken: token(),
    });
    if (status === 'ACTIVE') {
      expect(await control(url, `program-management-accounts/${created.id}/activate`, {})).toMatchObject({
        status: 200,
        body: { id: created.id, status: 'ACTIVE' },
      });
    }
    return created;
  }

  const relationship = (pmaId: string) =>
    client.createRelationship({
      catalog: 'AWS',
      associationType: 'END_CUSTOMER',
      programManagementAccountIdentifier: pmaId,
      associatedAccountId: '555566667777',
      displayName: 'Silent customer',
      sector: 'COMMERCIAL',
      clientToken: token(),
    });

  const start = (relationshipId: string, pmaId: string) =>
    client.createChannelHandshake({
      handshakeType: 'START_SERVICE_PERIOD',
      catalog: 'AWS',
      associatedResourceIdentifier: relationshipId,
      payload: {
        startServicePeriodPayload: {
          programManagementAccountIdentifier: pmaId,
          servicePeriodType: 'MINIMUM_NOTICE_PERIOD',
          minimumNoticeDays: '30',
        },
      },
      clientToken: token(),
    });

  it('CreateRelationship under a PMA that is not ACTIVE: ValidationException (BUSINESS_VALIDATION_FAILED) by default; allowed once switched off', async () => {
    const pending = await pma('PENDING');
    const refused = await failure(relationship(pending.id));
    expect(refused).toMatchObject({
      code: 'ValidationException',
      status: 400,
      details: { reason: 'BUSINESS_VALIDATION_FAILED' },
    });
    expect(refused.details.fieldList).toEqual([
      expect.objectContaining({ name: 'programManagementAccountIdentifier', code: 'INVALID_STATUS' }),
    ]);
    // Refused, so the token was not spent: the same request succeeds once the PMA is active.
    expect(
      await client.listAllRelationships({ catalog: 'AWS', programManagementAccountIdentifiers: [pending.id] }),
    ).toEqual([]);
    const inactive = await pma();
    await control(url, `program-management-accounts/${inactive.id}/deactivate`, {});
    expect((await failure(relationship(inactive.id))).code).toBe('ValidationException');

    expect(
      (await control(url, 'choices', { createRelationshipNeedsActiveProgramManagementAccount: false })).body.choices,
    ).toMatchObject({ createRelationshipNeedsActiveProgramManagementAccount: false });
    expect((await relationship(pending.id)).id).toMatch(/^rs-/);
    // A PMA that does not exist is never a silent case.
    expect((await failure(relationship('pma-0000000000000'))).code).toBe('ResourceNotFoundException');
  });

  it('DeleteRelationship while a START is pending, while its period is in force, or while a REVOKE is pending: ConflictException; allowed once the revoke is accepted', async () => {
    const owner = await pma();
    const created = await relationship(owner.id);
    const identity = { catalog: 'AWS', programManagementAccountIdentifier: owner.id, identifier: created.id };
    const remove = () => client.deleteRelationship({ ...identity, clientToken: token() });

    const startHandshake = await start(created.id, owner.id);
    const whilePending = await failure(remove());
    expect(whilePending).toMatchObject({
      code: 'ConflictException',
      status: 409,
      details: { resourceId: created.id, resourceType: 'Relationship' },
    });
    expect(whilePending.message).toContain(startHandshake.id);

    simulator.respond(startHandshake.id, 'ACCEPTED');
    expect((await failure(remove())).message).toContain('service period in force');

    const revoke = await client.createChannelHandshake({
      handshakeType: 'REVOKE_SERVICE_PERIOD',
      catalog: 'AWS',
      associatedResourceIdentifier: created.id,
      payload: { revokeServicePeriodPayload: { programManagementAccountIdentifier: owner.id } },
      clientToken: token(),
    });
    expect((await failure(remove())).code).toBe('ConflictException');
    simulator.respond(revoke.id, 'REJECTED');
    expect((await failure(remove())).message).toContain('service period in force');

    const second = await client.createChannelHandshake({
      handshakeType: 'REVOKE_SERVICE_PERIOD',
      catalog: 'AWS',
      associatedResourceIdentifier: created.id,
      payload: { revokeServicePeriodPayload: { programManagementAccountIdentifier: owner.id } },
      clientToken: token(),
    });
    simulator.respond(second.id, 'ACCEPTED');
    await remove();
    expect((await failure(client.getRelationship(identity))).code).toBe('ResourceNotFoundException');
  });

  it('DeleteRelationship under a period in force is allowed once switched off through POST /_simulator/choices', async () => {
    const owner = await pma();
    const created = await relationship(owner.id);
    simulator.respond((await start(created.id, owner.id)).id, 'ACCEPTED');
    const identity = { catalog: 'AWS', programManagementAccountIdentifier: owner.id, identifier: created.id };
    expect((await failure(client.deleteRelationship({ ...identity, clientToken: token() }))).code).toBe(
      'ConflictException',
    );
    await control(url, 'choices', { deleteRelationshipRefusedWhileServicePeriodOpen: false });
    expect((await control(url, 'choices')).body.choices).toMatchObject({
      deleteRelationshipRefusedWhileServicePeriodOpen: false,
    });
    await client.deleteRelationship({ ...identity, clientToken: token() });
  });

  it('a fixed term that ran out no longer holds the relationship', async () => {
    const owner = await pma();
    const created = await relationship(owner.id);
    const fixed = await client.createChannelHandshake({
      handshakeType: 'START_SERVICE_PERIOD',
      catalog: 'AWS',
      associatedResourceIdentifier: created.id,
      payload: {
        startServicePeriodPayload: {
          programManagementAccountIdentifier: owner.id,
          servicePeriodType: 'FIXED_COMMITMENT_PERIOD',
          endDate: '2020-01-31T00:00:00Z',
        },
      },
      clientToken: token(),
    });
    simulator.respond(fixed.id, 'ACCEPTED');
    await client.deleteRelationship({
      catalog: 'AWS',
      programManagementAccountIdentifier: owner.id,
      identifier: created.id,
      clientToken: token(),
    });
  });

  it('DeleteProgramManagementAccount while relationships remain under it: ConflictException; allowed once switched off', async () => {
    const owner = await pma();
    await relationship(owner.id);
    const refused = await failure(
      client.deleteProgramManagementAccount({ catalog: 'AWS', identifier: owner.id, clientToken: token() }),
    );
    expect(refused).toMatchObject({
      code: 'ConflictException',
      details: { resourceId: owner.id, resourceType: 'ProgramManagementAccount' },
    });
    await control(url, 'choices', { deleteProgramManagementAccountRefusedWithRelationships: false });
    await client.deleteProgramManagementAccount({ catalog: 'AWS', identifier: owner.id, clientToken: token() });
  });

  it('the control routes refuse what they do not know', async () => {
    expect(await control(url, 'choices', { deleteEverything: true })).toMatchObject({ status: 400 });
    expect(await control(url, 'choices', { deleteRelationshipRefusedWhileServicePeriodOpen: 'no' })).toMatchObject({
      status: 400,
    });
    expect(await control(url, 'program-management-accounts/pma-0000000000000/activate', {})).toMatchObject({
      status: 404,
    });
    const owner = await pma('PENDING');
    expect(await control(url, `program-management-accounts/${owner.id}/explode`, {})).toMatchObject({ status: 404 });
    const listed = await control(url, 'program-management-accounts');
    expect((listed.body.programManagementAccounts as { id: string }[]).map((item) => item.id)).toContain(owner.id);
  });
});
