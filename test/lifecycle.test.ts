// Each test proves one row of the table in docs/lifecycle.md, against the simulator over loopback HTTP, with the
// receiver answering through the simulator's control routes. Where AWS documents the behaviour, the test's name quotes
// the section of ../shared/reference/partnercentral-channel-api.md it comes from.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/index.js';
import type { Change, Diagnostic, Plan, RecordedState, SentHandshake } from '../src/core/model.js';
import { emptyState } from '../src/core/model.js';
import { OWNER_TAG_KEY, ownerTagValue } from '../src/core/ownership.js';
import { createPlan } from '../src/core/plan.js';
import { recordCreation } from '../src/core/record.js';
import { Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import {
  allFields,
  captureCli,
  declarationsFrom,
  FIXED_NOW,
  fields,
  latestSent,
  sending,
  sentFor,
  simulatorEnvironment,
  startServicePeriod,
  temporaryDirectory,
} from './helpers.js';
import { git } from './support/git-fixture.js';

const SUPERSEDE_DOC =
  'AWS "Who sends and who accepts each handshake type": replacing an active period creates a new service-period handshake that the customer must accept';
const REVOKE_DOC = 'AWS "Who sends and who accepts each handshake type" (REVOKE_SERVICE_PERIOD)';
const CANCEL_PENDING_ONLY_DOC =
  'AWS "Handshake statuses": CANCELED is a pending handshake the sender withdrew ("Cancels a pending channel handshake request")';

const simulators: Simulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

const RELATIONSHIP = 'rs-aaaaaaaaaaaaa';

function start(name: string, overrides: Parameters<typeof startServicePeriod>[1] = {}): string {
  return startServicePeriod(name, { relationship: RELATIONSHIP, ...overrides });
}

function explicitRevoke(name: string, note?: string): string {
  return [
    `name: ${name}`,
    'handshakeType: REVOKE_SERVICE_PERIOD',
    'catalog: AWS',
    `associatedResourceIdentifier: ${RELATIONSHIP}`,
    'payload:',
    '  revokeServicePeriodPayload:',
    '    programManagementAccountIdentifier: pma-abcdef123456g',
    ...(note ? [`    note: ${JSON.stringify(note)}`] : []),
    '',
  ].join('\n');
}

function fixedTerm(name: string, endDate: string): string {
  return start(name)
    .replace('MINIMUM_NOTICE_PERIOD', 'FIXED_COMMITMENT_PERIOD')
    .replace('minimumNoticeDays: 30', `endDate: ${endDate}`);
}

/** A repository, a simulator and a clock: what a partner-operations team has, in one test. */
class Story {
  now = FIXED_NOW;
  private constructor(
    readonly root: string,
    readonly simulator: Simulator,
    readonly url: string,
  ) {}

  static async begin(...declarations: string[]): Promise<Story> {
    const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
    simulators.push(simulator);
    const url = await simulator.start();
    const root = await temporaryDirectory('lifecycle-');
    // A clone, as a user would have: its origin names the repository, which seeds the lineage.
    git(root, 'init', '--quiet');
    git(root, 'remote', 'add', 'origin', 'https://github.com/example/handshakes-lifecycle-test.git');
    await mkdir(join(root, 'handshakes'));
    const story = new Story(root, simulator, url);
    await story.declare(...declarations);
    return story;
  }

  async declare(...declarations: string[]): Promise<void> {
    await writeFile(join(this.root, 'handshakes', 'all.yaml'), declarations.join('---\n'));
  }

  private async cli(...args: string[]) {
    const cli = captureCli(this.root, simulatorEnvironment(this.url));
    cli.environment.now = () => this.now;
    const code = await run(args, cli.environment);
    return { code, stdout: cli.stdout(), stderr: cli.stderr() };
  }

  async plan(): Promise<Plan> {
    const result = await this.cli('plan', '--format', 'json');
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as Plan;
  }

  async actions(): Promise<string[]> {
    return (await this.plan()).changes.map((change) => `${change.action} ${change.name}`);
  }

  /**
   * Applies and returns the API operations it sent. The reads apply makes first (its apply-time listing of what it
   * is about to touch, and the owner tags of handshakes the state does not know) are left out: they change nothing.
   */
  async apply(): Promise<string[]> {
    const before = this.simulator.requests.length;
    const result = await this.cli('apply', '--auto-approve', '--rate-mutate', '1000', '--rate-list', '1000');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return this.simulator.requests
      .slice(before)
      .map((request) => request.operation)
      .filter((operation) => operation !== 'ListChannelHandshakes' && operation !== 'ListTagsForResource');
  }

  async refresh(): Promise<string> {
    const result = await this.cli('refresh');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    return result.stdout;
  }

  async state(): Promise<RecordedState> {
    return JSON.parse(await readFile(join(this.root, 'handshakes', 'state.json'), 'utf8')) as RecordedState;
  }

  async latest(name: string): Promise<SentHandshake> {
    const entry = latestSent(await this.state(), name);
    if (!entry) throw new Error(`nothing recorded for ${name}`);
    return entry;
  }

  /** The receiver answers, through the simulator's HTTP control route, then the repository refreshes. */
  async answer(id: string, answer: 'accept' | 'reject' | 'expire'): Promise<void> {
    const response = await fetch(`${this.url}/_simulator/handshakes/${id}/${answer}`, { method: 'POST' });
    expect(response.status).toBe(200);
    await this.refresh();
  }

  /** Handshakes the simulator holds for the relationship, by type. */
  sent(type: string): { id: string; status: string; note?: unknown }[] {
    return this.simulator
      .handshakes()
      .filter((handshake) => handshake.handshakeType === type)
      .map((handshake) => ({
        id: handshake.id,
        status: handshake.status,
        note: Object.values(handshake.detail)[0]?.note,
      }));
  }

  async cliResult(...args: string[]) {
    return this.cli(...args);
  }
}

/** A START the customer accepted: the period in force. */
async function periodInForce(...declarations: string[]): Promise<Story> {
  const story = await Story.begin(start('acme'), ...declarations);
  await story.apply();
  await story.answer((await story.latest('acme')).id, 'accept');
  return story;
}

function codes(plan: Plan): string[] {
  return plan.diagnostics.map((diagnostic: Diagnostic) => diagnostic.code);
}

describe('lifecycle table rows (docs/lifecycle.md)', () => {
  it('row "START, same terms | period in force, or a pending start → nothing"', async () => {
    const story = await Story.begin(start('acme'));
    await story.apply();
    expect(await story.actions()).toEqual([]);
    await story.answer((await story.latest('acme')).id, 'accept');
    expect(await story.actions()).toEqual([]);
  });

  it('row "START, only note differs | period in force → nothing, with a warning that a note goes only with a new handshake"', async () => {
    const story = await periodInForce();
    await story.declare(start('acme', { note: 'new wording' }));
    const plan = await story.plan();
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'plan.note-only',
        message: expect.stringContaining('set revision: 1'),
      }),
    ]);
  });

  it('row "START, only tags differ | any live handshake → retag"', async () => {
    const story = await periodInForce();
    await story.declare(start('acme', { tags: 'team=ops' }));
    expect(await story.actions()).toEqual(['retag acme']);
    expect(await story.apply()).toEqual(['TagResource']);
    expect(await story.actions()).toEqual([]);
  });

  it(`row "START, other terms or revision bumped | period in force → supersede, no REVOKE" — ${SUPERSEDE_DOC}`, async () => {
    const story = await periodInForce();
    const first = await story.latest('acme');
    for (const edit of [start('acme', { days: 60 }), start('acme', { revision: 1 })]) {
      await story.declare(edit);
      const plan = await story.plan();
      expect(plan.changes.map((change) => change.action)).toEqual(['supersede']);
      expect(fields(plan.changes[0])?.retire).toBeUndefined();
      expect(plan.changes[0]?.previous?.handshake).toMatchObject({ id: first.id, status: 'ACCEPTED' });
    }
    await story.declare(start('acme', { days: 60 }));
    expect(await story.apply()).toEqual(['CreateChannelHandshake']);
    expect(story.sent('REVOKE_SERVICE_PERIOD')).toEqual([]);
    const superseding = await story.latest('acme');
    expect(superseding.purpose).toBe('supersede');
    // Until the customer accepts, the old period stays in force and nothing more is planned.
    expect(await story.actions()).toEqual([]);
    await story.answer(superseding.id, 'accept');
    // Superseded: neither drift nor unmanaged, and the history keeps both.
    const report = await story.refresh();
    expect(report).not.toContain('unmanaged');
    expect(sentFor(await story.state(), 'acme').map((entry) => [entry.purpose, entry.status])).toEqual([
      ['start', 'ACCEPTED'],
      ['supersede', 'ACCEPTED'],
    ]);
    expect(await story.actions()).toEqual([]);
  });

  it('row "START, changed | pending start and no period in force → replace: cancel the pending one, then create"', async () => {
    const story = await Story.begin(start('acme'));
    await story.apply();
    const pending = await story.latest('acme');
    await story.declare(start('acme', { days: 60 }));
    const [change] = (await story.plan()).changes;
    expect(change).toMatchObject({ action: 'replace', retire: { action: 'cancel', id: pending.id } });
    expect(await story.apply()).toEqual(['CancelChannelHandshake', 'CreateChannelHandshake']);
    expect(await story.actions()).toEqual([]);
  });

  it('row "START, changed | pending supersede over a period in force → cancel that supersede and send a new one"', async () => {
    const story = await periodInForce();
    await story.declare(start('acme', { days: 60 }));
    await story.apply();
    const pendingSupersede = await story.latest('acme');
    await story.declare(start('acme', { days: 14 }));
    const [change] = (await story.plan()).changes;
    expect(change).toMatchObject({ action: 'supersede', retire: { action: 'cancel', id: pendingSupersede.id } });
    expect(await story.apply()).toEqual(['CancelChannelHandshake', 'CreateChannelHandshake']);
    expect(story.sent('REVOKE_SERVICE_PERIOD')).toEqual([]);
    expect(await story.actions()).toEqual([]);
    // Back to the terms in force: the pending supersede is only cancelled.
    await story.declare(start('acme'));
    expect(await story.actions()).toEqual(['cancel acme']);
  });

  it.each([
    ['reject', 'REJECTED'],
    ['expire', 'EXPIRED'],
  ] as const)(
    'row "START | latest %s, no revision bump → nothing, with a warning naming status and date"',
    async (answer, status) => {
      const story = await Story.begin(start('acme'));
      await story.apply();
      await story.answer((await story.latest('acme')).id, answer);
      const plan = await story.plan();
      expect(plan.changes).toEqual([]);
      expect(plan.diagnostics).toEqual([
        expect.objectContaining({
          severity: 'warning',
          code: 'plan.terminal',
          name: 'acme',
          message: expect.stringMatching(new RegExp(`is ${status} since \\d{4}-.*set revision: 1`)),
        }),
      ]);
      await story.declare(start('acme', { revision: 1 }));
      expect(await story.actions()).toEqual(['create acme']);
    },
  );

  it('row "START | latest REJECTED" for a supersede: the period in force stays, nothing is re-sent until revision is bumped', async () => {
    const story = await periodInForce();
    const first = await story.latest('acme');
    await story.declare(start('acme', { days: 60 }));
    await story.apply();
    await story.answer((await story.latest('acme')).id, 'reject');
    const plan = await story.plan();
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        code: 'plan.terminal',
        message: expect.stringContaining(`${first.id} stays in force`),
      }),
    ]);
    await story.declare(start('acme', { days: 60, revision: 1 }));
    expect(allFields((await story.plan()).changes).map((change) => [change.action, change.ends])).toEqual([
      ['supersede', first.id],
    ]);
  });

  it(`row "START re-declared with the terms in force | revoke pending → cancel the pending revoke" — ${REVOKE_DOC}`, async () => {
    const story = await periodInForce();
    await story.declare();
    await story.apply();
    const [revoke] = story.sent('REVOKE_SERVICE_PERIOD');
    await story.declare(start('acme'));
    const [change] = (await story.plan()).changes;
    expect(change).toMatchObject({ action: 'cancel', retire: { action: 'cancel', id: revoke?.id } });
    expect(await story.apply()).toEqual(['CancelChannelHandshake']);
    expect(await story.actions()).toEqual([]);
    // Removed again: a fresh REVOKE with its own token, never a replay of the cancelled one.
    await story.declare();
    const [again] = (await story.plan()).changes;
    expect(again?.action).toBe('revoke');
    expect(fields(again)?.clientToken).not.toBe(
      sentFor(await story.state(), 'acme').find((entry) => entry.purpose === 'revoke')?.clientToken,
    );
    await story.apply();
    expect(story.sent('REVOKE_SERVICE_PERIOD').map((handshake) => handshake.status)).toEqual(['CANCELED', 'PENDING']);
  });

  it('row "START | latest CANCELED, no revision bump → nothing, with a warning"', async () => {
    const story = await Story.begin(start('acme'));
    await story.apply();
    await story.declare();
    expect(await story.apply()).toEqual(['CancelChannelHandshake']);
    await story.declare(start('acme'));
    const plan = await story.plan();
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({ code: 'plan.terminal', message: expect.stringContaining('is CANCELED since') }),
    ]);
  });

  it('row "START re-declared with the terms in force | revoke rejected → nothing: the period is still in force" — AWS "Rejected: the period continues on its original terms"', async () => {
    const story = await periodInForce();
    await story.declare();
    await story.apply();
    const [revoke] = story.sent('REVOKE_SERVICE_PERIOD');
    await story.answer(revoke?.id as string, 'reject');
    await story.declare(start('acme'));
    const plan = await story.plan();
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics).toEqual([]);
  });

  it('row "nothing | pending start or supersede → cancel"', async () => {
    const story = await periodInForce();
    await story.declare(start('acme', { days: 60 }));
    await story.apply();
    const supersede = await story.latest('acme');
    await story.declare();
    const plan = await story.plan();
    expect(allFields(plan.changes).map((change) => [change.action, change.retire?.id])).toEqual([
      ['cancel', supersede.id],
      ['revoke', sentFor(await story.state(), 'acme')[0]?.id],
    ]);
  });

  it(`row "nothing | period in force → exactly one REVOKE, its full request shown, no note unless revokeNote" — ${REVOKE_DOC}`, async () => {
    const story = await periodInForce();
    await story.declare();
    const plan = await story.plan();
    expect(plan.changes).toHaveLength(1);
    expect(fields(plan.changes[0])?.request).toEqual({
      handshakeType: 'REVOKE_SERVICE_PERIOD',
      catalog: 'AWS',
      associatedResourceIdentifier: RELATIONSHIP,
      payload: { revokeServicePeriodPayload: { programManagementAccountIdentifier: 'pma-abcdef123456g' } },
      tags: [{ key: OWNER_TAG_KEY, value: ownerTagValue(plan.lineage, plan.changes[0]?.name ?? '') }],
      clientToken: fields(plan.changes[0])?.clientToken,
    });
    const text = await story.cliResult('plan');
    // The text plan apply asks about names what the customer gets: the terms the revoke ends, no note, the exact request.
    expect(text.stdout).toContain("terms: revokes 30 days' notice");
    expect(text.stdout).not.toContain('note the customer reads');
    expect(text.stdout).toContain('exact request: REVOKE_SERVICE_PERIOD, clientToken chs1-');
    expect(await story.apply()).toEqual(['CreateChannelHandshake']);
    expect(story.sent('REVOKE_SERVICE_PERIOD')).toEqual([
      expect.objectContaining({ status: 'PENDING', note: undefined }),
    ]);

    // revokeNote, as recorded when the START was applied, is the note the customer reads.
    const noted = await Story.begin(`${start('acme')}revokeNote: "Moving to a new agreement, see ticket 42"\n`);
    await noted.apply();
    await noted.answer((await noted.latest('acme')).id, 'accept');
    // Rewording it is reviewed in the plan and recorded without an API call; the REVOKE then carries the new words.
    await noted.declare(`${start('acme')}revokeNote: "Moving to the 2027 agreement"\n`);
    expect(await noted.actions()).toEqual(['retag acme']);
    expect(await noted.apply()).toEqual([]);
    await noted.declare();
    expect((await noted.cliResult('plan')).stdout).toContain('note the customer reads: "Moving to the 2027 agreement"');
    await noted.apply();
    expect(noted.sent('REVOKE_SERVICE_PERIOD')).toEqual([
      expect.objectContaining({ note: 'Moving to the 2027 agreement' }),
    ]);
  });

  it('row "nothing | revoke pending → nothing (waiting)"', async () => {
    const story = await periodInForce();
    await story.declare();
    await story.apply();
    expect(await story.actions()).toEqual([]);
  });

  it('row "nothing | revoke rejected → nothing, with a warning that the period is still in force"', async () => {
    const story = await periodInForce();
    await story.declare();
    await story.apply();
    await story.answer(story.sent('REVOKE_SERVICE_PERIOD')[0]?.id as string, 'reject');
    const plan = await story.plan();
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'plan.revoke-rejected',
        name: 'acme',
        message: expect.stringContaining('still in force'),
      }),
    ]);
  });

  it('row "nothing | ended (revoke accepted, fixed term over, CANCELED/REJECTED/EXPIRED, ACCEPTED PMA) → forget, no API call"', async () => {
    // Revoke accepted.
    const revoked = await periodInForce();
    await revoked.declare();
    await revoked.apply();
    await revoked.answer(revoked.sent('REVOKE_SERVICE_PERIOD')[0]?.id as string, 'accept');
    expect(await revoked.actions()).toEqual(['forget acme']);
    expect(await revoked.apply()).toEqual([]);
    expect((await revoked.state()).declarations).toEqual({});
    expect(await revoked.refresh()).not.toContain('unmanaged');

    // Fixed term over: removing it sends no REVOKE.
    const fixed = await Story.begin(fixedTerm('acme', '2027-03-31'));
    await fixed.apply();
    await fixed.answer((await fixed.latest('acme')).id, 'accept');
    fixed.now = new Date('2027-04-01T00:00:00Z');
    await fixed.declare();
    expect(await fixed.actions()).toEqual(['forget acme']);
    expect(await fixed.apply()).toEqual([]);

    // Rejected, and an accepted PMA handshake.
    const rejected = await Story.begin(
      start('acme'),
      'name: pma\nhandshakeType: PROGRAM_MANAGEMENT_ACCOUNT\ncatalog: AWS\nassociatedResourceIdentifier: pma-abcdef123456g\n',
    );
    await rejected.apply();
    await rejected.answer((await rejected.latest('acme')).id, 'reject');
    await rejected.answer((await rejected.latest('pma')).id, 'accept');
    await rejected.declare();
    expect(await rejected.actions()).toEqual(['forget acme', 'forget pma']);
    expect(await rejected.apply()).toEqual([]);
    expect(await rejected.actions()).toEqual([]);
  });

  it(`row "nothing | an ACCEPTED PMA handshake → forget, leaving a tombstone: refresh never calls it unmanaged" — ${CANCEL_PENDING_ONLY_DOC}`, async () => {
    const story = await Story.begin(
      'name: pma\nhandshakeType: PROGRAM_MANAGEMENT_ACCOUNT\ncatalog: AWS\nassociatedResourceIdentifier: pma-abcdef123456g\n',
    );
    await story.apply();
    const sent = await story.latest('pma');
    await story.answer(sent.id, 'accept');
    // As a release before the owner tag sent it (or an imported one): nothing on the handshake says it is ours.
    const stored = story.simulator.handshakes().find((handshake) => handshake.id === sent.id);
    if (!stored) throw new Error('the simulator lost the PMA handshake');
    stored.tags = [];
    await story.declare();
    expect(await story.actions()).toEqual(['forget pma']);
    expect(await story.apply()).toEqual([]);
    expect((await story.state()).tombstones).toEqual([
      { id: sent.id, arn: sent.arn, name: 'pma', reason: 'no-longer-declared', forgottenAt: FIXED_NOW.toISOString() },
    ]);
    // Still ACCEPTED in AWS, for good: refresh reports no drift, and the exit code says so.
    const refreshed = await story.cliResult('refresh', '--detailed-exitcode');
    expect(refreshed.code, refreshed.stdout + refreshed.stderr).toBe(0);
    expect(refreshed.stdout).not.toContain('unmanaged');
    expect(refreshed.stdout).not.toContain(sent.id);
    expect(await story.actions()).toEqual([]);
  });

  it('row "REVOKE on a relationship whose START this directory also declares → validation error at file:line"', async () => {
    const story = await Story.begin(start('acme'), explicitRevoke('acme-end'));
    const result = await story.cliResult('plan');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('handshakes/all.yaml:');
    expect(result.stderr).toContain('Remove the START instead');
    expect(story.simulator.requests).toEqual([]);
  });

  it('row "nothing for the START, an explicit REVOKE declared | period in force or revoke rejected → exactly one REVOKE, the declared one"', async () => {
    const story = await periodInForce();
    await story.declare(explicitRevoke('acme-end', 'Ending early as agreed'));
    const plan = await story.plan();
    expect(plan.changes.map((change) => `${change.action} ${change.name}`)).toEqual(['revoke acme-end']);
    expect(await story.apply()).toEqual(['CreateChannelHandshake']);
    expect(story.sent('REVOKE_SERVICE_PERIOD')).toEqual([expect.objectContaining({ note: 'Ending early as agreed' })]);
    expect(await story.actions()).toEqual([]);
    await story.answer(story.sent('REVOKE_SERVICE_PERIOD')[0]?.id as string, 'accept');
    // The declared revoke ended acme's period: acme is forgotten, nothing else is sent.
    expect(await story.actions()).toEqual(['forget acme']);

    // After a rejected auto-revoke, the declared one is the retry.
    const retry = await periodInForce();
    await retry.declare();
    await retry.apply();
    await retry.answer(retry.sent('REVOKE_SERVICE_PERIOD')[0]?.id as string, 'reject');
    await retry.declare(explicitRevoke('acme-end', 'Second try'));
    expect(await retry.actions()).toEqual(['revoke acme-end']);
    await retry.apply();
    expect(retry.sent('REVOKE_SERVICE_PERIOD').map((revoke) => revoke.status)).toEqual(['REJECTED', 'PENDING']);
  });

  it('row "a name\'s type changed from START to REVOKE | period in force → one REVOKE with the declared note"', async () => {
    const story = await periodInForce();
    await story.declare(explicitRevoke('acme', 'Ended by agreement'));
    const plan = await story.plan();
    expect(plan.changes.map((change) => change.action)).toEqual(['revoke']);
    expect(await story.apply()).toEqual(['CreateChannelHandshake']);
    expect(story.sent('REVOKE_SERVICE_PERIOD')).toEqual([expect.objectContaining({ note: 'Ended by agreement' })]);
    expect(story.sent('START_SERVICE_PERIOD').map((handshake) => handshake.status)).toEqual(['ACCEPTED']);
    expect(await story.actions()).toEqual([]);
  });
});

describe('names that are also Object.prototype members', () => {
  it('plans, applies, records, cancels and forgets a declaration named constructor', async () => {
    const story = await Story.begin(start('constructor'));
    expect(await story.actions()).toEqual(['create constructor']);
    expect(await story.apply()).toEqual(['CreateChannelHandshake']);
    expect(Object.keys((await story.state()).declarations)).toEqual(['constructor']);
    expect(await story.actions()).toEqual([]);
    await story.declare();
    expect(await story.actions()).toEqual(['cancel constructor']);
    await story.apply();
    expect(await story.actions()).toEqual(['forget constructor']);
    await story.apply();
    expect(Object.keys((await story.state()).declarations)).toEqual([]);
  });
});

describe('renames, forget documents and protection', () => {
  it('renames a declaration with the same identity: state only, then the new spec is planned against the moved history', async () => {
    const story = await periodInForce();
    await story.declare(start('acme-renamed', { days: 60 }));
    const plan = await story.plan();
    expect(plan.changes.map((change: Change) => [change.action, change.name, change.previous?.name])).toEqual([
      ['rename', 'acme-renamed', 'acme'],
      ['supersede', 'acme-renamed', undefined],
    ]);
    expect(await story.apply()).toEqual(['CreateChannelHandshake']);
    expect(Object.keys((await story.state()).declarations)).toEqual(['acme-renamed']);
    expect(story.sent('REVOKE_SERVICE_PERIOD')).toEqual([]);
    expect(await story.actions()).toEqual([]);
  });

  it('a START declared under another name (another PMA) where a period is in force replaces it: no REVOKE, then the old name is forgotten', async () => {
    const story = await periodInForce();
    const old = await story.latest('acme');
    await story.declare(start('acme-next').replace('pma-abcdef123456g', 'pma-zzzzzzzzzzzzz'));
    const plan = await story.plan();
    expect(allFields(plan.changes).map((change) => [change.action, change.name, change.ends])).toEqual([
      ['create', 'acme-next', old.id],
    ]);
    expect(await story.apply()).toEqual(['CreateChannelHandshake']);
    expect(await story.actions()).toEqual([]);
    await story.answer((await story.latest('acme-next')).id, 'accept');
    expect(await story.actions()).toEqual(['forget acme']);
    expect(story.sent('REVOKE_SERVICE_PERIOD')).toEqual([]);
  });

  it('does not rename when several recorded names could match, and says so', () => {
    // Two recorded names for one handshake: only a hand-edited or imported state gets there.
    let state = emptyState('lineage');
    for (const name of ['old-one', 'old-two']) {
      const [change] = createPlan(declarationsFrom(start(name)), emptyState('lineage')).changes;
      state = recordCreation(
        state,
        sending(change),
        { id: `ch-${name.padEnd(13, 'x')}`, arn: `arn:${name}`, status: 'REJECTED' },
        {
          appliedAt: '2026-11-27T12:00:00Z',
          appliedBy: {},
        },
      );
    }
    const plan = createPlan(declarationsFrom(start('new-name')), state);
    expect(plan.changes.map((change) => `${change.action} ${change.name}`)).toEqual([
      'forget old-one',
      'forget old-two',
      'create new-name',
    ]);
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'plan.rename-ambiguous', name: 'new-name' }),
    ]);
  });

  it('a forget document drops a live handshake from the state without an API call; validate then says it can go', async () => {
    const story = await Story.begin(start('acme'));
    await story.apply();
    await story.declare('forget: acme\nreason: handed over to the regional team\n');
    const plan = await story.plan();
    expect(plan.changes.map((change) => [change.action, change.name, change.reason])).toEqual([
      ['forget', 'acme', { rule: 'forget-document', note: 'handed over to the regional team' }],
    ]);
    expect(await story.apply()).toEqual([]);
    const after = await story.plan();
    expect(after.changes).toEqual([]);
    expect(codes(after)).toEqual(['forget.done']);
    const validate = await story.cliResult('validate');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('this forget document can be deleted');
  });

  it('protect: true makes cancel, revoke and replace errors — removing the declaration too — until a PR sets protect: false', async () => {
    const story = await periodInForce();
    await story.declare(`${start('acme')}protect: true\n`);
    expect(await story.actions()).toEqual(['retag acme']);
    expect(await story.apply()).toEqual([]);
    expect((await story.state()).declarations.acme?.protect).toBe(true);
    await story.declare();
    const refused = await story.cliResult('apply', '--auto-approve');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is protected');
    expect(story.sent('REVOKE_SERVICE_PERIOD')).toEqual([]);
    // First a PR that lifts the protection (state only), then the removal goes through.
    await story.declare(start('acme'));
    expect(await story.actions()).toEqual(['retag acme']);
    await story.apply();
    await story.declare();
    expect(await story.actions()).toEqual(['revoke acme']);
  });

  it('--detailed-exitcode exits 2 for state-only changes too', async () => {
    const story = await Story.begin(start('acme'));
    await story.apply();
    await story.answer((await story.latest('acme')).id, 'reject');
    await story.declare();
    expect((await story.cliResult('plan', '--detailed-exitcode')).code).toBe(2);
    await story.apply();
    expect((await story.cliResult('plan', '--detailed-exitcode')).code).toBe(0);
  });
});
