import { canonicalJson } from '../core/canonical.js';
import type { Program, ProgramManagementAccountStatus } from '../core/channel-resources.js';
import type { Tag } from '../core/model.js';
import { ClientTokens } from './idempotency.js';
import { shapedAs } from './model-validation.js';
import { page, sorted } from './paging.js';
import { SimulatedError } from './service.js';

export interface StoredProgramManagementAccount {
  id: string;
  arn: string;
  revision: string;
  catalog: string;
  program: Program;
  displayName: string;
  accountId: string;
  createdAt: string;
  updatedAt: string;
  /** Set when the PMA becomes ACTIVE. */
  startDate?: string;
  status: ProgramManagementAccountStatus;
  tags: Tag[];
  /** The partner account that created it: the only one that sees it. */
  ownerAccountId: string;
  /** Creation order, for stable listings. */
  sequence: number;
}

export interface ProgramManagementAccountSettings {
  region: string;
  now(): Date;
  newId(prefix: string): string;
  /** 0 turns the quota off (documented: 50 per account). */
  quota(): number;
  /** Why a PMA cannot be deleted now (relationships remain under it), or undefined. */
  deletionBlocker(account: string, pma: StoredProgramManagementAccount): string | undefined;
}

const RESOURCE_TYPE = 'ProgramManagementAccount';
const bare = (identifier: string) => identifier.slice(identifier.lastIndexOf('/') + 1);

/**
 * Program management accounts, per partner account: Create, Update and Delete (@idempotent), List with its four
 * filters, revisions, and the PENDING → ACTIVE move when the PMA's PROGRAM_MANAGEMENT_ACCOUNT handshake is accepted.
 */
export class ProgramManagementAccountRegistry {
  private readonly accounts = new Map<string, StoredProgramManagementAccount>();
  private readonly tokens = new ClientTokens();
  /** The last UpdateProgramManagementAccount per PMA: a repeat of it gets the same answer (@idempotent). */
  private readonly lastUpdates = new Map<string, { fingerprint: string; answer: Record<string, unknown> }>();
  private readonly settings: ProgramManagementAccountSettings;
  private sequence = 0;

  constructor(settings: ProgramManagementAccountSettings) {
    this.settings = settings;
  }

  all(account?: string): StoredProgramManagementAccount[] {
    return [...this.accounts.values()].filter((pma) => account === undefined || pma.ownerAccountId === account);
  }

  /** The PMA an identifier (id or ARN) names for this account and catalog, or undefined. */
  find(account: string, identifier: string, catalog?: string): StoredProgramManagementAccount | undefined {
    const pma = this.accounts.get(bare(identifier));
    if (!pma || pma.ownerAccountId !== account) return undefined;
    if (catalog !== undefined && pma.catalog !== catalog) return undefined;
    if (identifier.startsWith('arn:') && identifier !== pma.arn) return undefined;
    return pma;
  }

  /** The PMA, or ResourceNotFoundException. */
  found(account: string, identifier: string, catalog: string): StoredProgramManagementAccount {
    const pma = this.find(account, identifier, catalog);
    if (!pma) {
      throw new SimulatedError(
        'ResourceNotFoundException',
        `Program management account ${identifier} was not found in catalog ${catalog}.`,
        { resourceId: identifier, resourceType: RESOURCE_TYPE },
      );
    }
    return pma;
  }

  byArn(arn: string): StoredProgramManagementAccount | undefined {
    const pma = this.accounts.get(bare(arn));
    return pma?.arn === arn ? pma : undefined;
  }

  create(account: string, input: Record<string, unknown>): unknown {
    const operation = 'CreateProgramManagementAccount';
    const replayed = this.tokens.replay(account, operation, input, RESOURCE_TYPE);
    if (replayed) return replayed;
    const limit = this.settings.quota();
    if (limit > 0 && this.all(account).length >= limit) {
      throw new SimulatedError(
        'ServiceQuotaExceededException',
        `You have reached the quota of ${limit} program management accounts.`,
        { resourceId: account, resourceType: RESOURCE_TYPE, quotaCode: 'program-management-accounts' },
      );
    }
    const catalog = String(input.catalog);
    let id = this.settings.newId('pma-');
    while (this.accounts.has(id)) id = this.settings.newId('pma-');
    const now = this.settings.now().toISOString();
    const pma: StoredProgramManagementAccount = {
      id,
      arn: `arn:aws:partnercentral:${this.settings.region}:${account}:catalog/${catalog}/program-management-account/${id}`,
      revision: '1',
      catalog,
      program: input.program as Program,
      displayName: String(input.displayName),
      accountId: String(input.accountId),
      createdAt: now,
      updatedAt: now,
      status: 'PENDING',
      tags: (input.tags as Tag[] | undefined) ?? [],
      ownerAccountId: account,
      sequence: this.sequence++,
    };
    this.accounts.set(id, pma);
    const answer = { programManagementAccountDetail: { id, arn: pma.arn } };
    this.tokens.remember(account, operation, input, id, answer);
    return answer;
  }

  /**
   * Only displayName changes. A `revision` other than the current one is a ConflictException, except for a repeat
   * of the update that produced the current revision: the operation is @idempotent, so a retry after a lost answer
   * gets that answer again. An update that changes nothing keeps the revision, for the same reason.
   */
  update(account: string, input: Record<string, unknown>): unknown {
    const pma = this.found(account, String(input.identifier), String(input.catalog));
    const fingerprint = canonicalJson(input);
    const last = this.lastUpdates.get(pma.id);
    const current = () => ({
      programManagementAccountDetail: shapedAs('UpdateProgramManagementAccountDetail', pma),
    });
    if (last && last.fingerprint === fingerprint && pma.revision === last.answer.revision) {
      return current();
    }
    if (input.revision !== undefined && input.revision !== pma.revision) {
      throw new SimulatedError(
        'ConflictException',
        `Program management account ${pma.id} is at revision ${pma.revision}, not ${String(input.revision)}.`,
        { resourceId: pma.id, resourceType: RESOURCE_TYPE },
      );
    }
    if (typeof input.displayName === 'string' && input.displayName !== pma.displayName) {
      pma.displayName = input.displayName;
      this.changed(pma);
    }
    this.lastUpdates.set(pma.id, { fingerprint, answer: { revision: pma.revision } });
    return current();
  }

  delete(account: string, input: Record<string, unknown>): unknown {
    const operation = 'DeleteProgramManagementAccount';
    const replayed = this.tokens.replay(account, operation, input, RESOURCE_TYPE);
    if (replayed) return replayed;
    const pma = this.found(account, String(input.identifier), String(input.catalog));
    const blocker = this.settings.deletionBlocker(account, pma);
    if (blocker) {
      throw new SimulatedError('ConflictException', blocker, { resourceId: pma.id, resourceType: RESOURCE_TYPE });
    }
    this.accounts.delete(pma.id);
    this.lastUpdates.delete(pma.id);
    const answer = {};
    this.tokens.remember(account, operation, input, pma.id, answer);
    return answer;
  }

  list(account: string, input: Record<string, unknown>) {
    const names = input.displayNames as string[] | undefined;
    const programs = input.programs as string[] | undefined;
    const accountIds = input.accountIds as string[] | undefined;
    const statuses = input.statuses as string[] | undefined;
    const matches = this.all(account)
      .filter(
        (pma) =>
          pma.catalog === input.catalog &&
          (!names?.length || names.includes(pma.displayName)) &&
          (!programs?.length || programs.includes(pma.program)) &&
          (!accountIds?.length || accountIds.includes(pma.accountId)) &&
          (!statuses?.length || statuses.includes(pma.status)),
      )
      .sort((left, right) => left.sequence - right.sequence);
    const { items, nextToken } = page(sorted(matches, input.sort as { sortOrder?: string } | undefined), input);
    return {
      items: items.map((pma) => shapedAs('ProgramManagementAccountSummary', pma)),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  /** The PMA's activation handshake was accepted: a PENDING PMA becomes ACTIVE (an INACTIVE one stays as it is). */
  activate(account: string, identifier: string, catalog: string): void {
    const pma = this.find(account, identifier, catalog);
    if (pma?.status === 'PENDING') this.setStatus(pma, 'ACTIVE');
  }

  setStatus(pma: StoredProgramManagementAccount, status: ProgramManagementAccountStatus): void {
    if (pma.status === status) return;
    pma.status = status;
    if (status === 'ACTIVE' && pma.startDate === undefined) pma.startDate = this.settings.now().toISOString();
    this.changed(pma);
  }

  /** Every change of a PMA, its status included, moves its revision and updatedAt on. */
  private changed(pma: StoredProgramManagementAccount): void {
    pma.revision = String(Number(pma.revision) + 1);
    pma.updatedAt = this.settings.now().toISOString();
  }
}
