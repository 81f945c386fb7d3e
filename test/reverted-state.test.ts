// Issue 16: "After a reverted state, the plan shows a supersede that apply then skips as already done." A state file
// restored from git forgets a handshake this repository sent. A plan that sees AWS (plan --refresh, the Action's drift
// run) adopts it when it is exactly what the declaration would send (this lineage's owner tag, the same name, the
// same terms), so it shows what apply will really do; apply records it in the same run (docs/lifecycle.md, "A
// reverted state").
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/index.js';
import { planAdoptingOwn } from '../src/core/adopt-own.js';
import { validateFiles } from '../src/core/engine.js';
import { emptyState, type LiveHandshake, type Plan, type RecordedState } from '../src/core/model.js';
import { OWNER_TAG_KEY, ownerTagValue } from '../src/core/ownership.js';
import { deriveLineage } from '../src/core/token.js';
import { Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import {
  captureCli,
  FIXED_NOW,
  programManagementAccount,
  simulatorEnvironment,
  startServicePeriod,
  temporaryDirectory,
} from './helpers.js';
import { actionHarness } from './support/action-harness.js';
import { git } from './support/git-fixture.js';

const simulators: Simulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

async function cli(root: string, url: string, ...args: string[]) {
  const captured = captureCli(root, simulatorEnvironment(url));
  const code = await run(args, captured.environment);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

const recorded = async (root: string) =>
  JSON.parse(await readFile(join(root, 'handshakes', 'state.json'), 'utf8')) as RecordedState;

describe('a reverted state adopts in the same run (issue 16)', () => {
  it('apply, supersede, restore the older state.json from git: plan --refresh shows no supersede, apply records the one AWS holds', async () => {
    const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
    simulators.push(simulator);
    const url = await simulator.start();
    const root = await temporaryDirectory('handshakes-reverted-');
    git(root, 'init', '--quiet');
    git(root, 'remote', 'add', 'origin', 'https://github.com/example/reverted-state.git');
    const declaration = join(root, 'handshakes', 'acme.yaml');
    await mkdir(join(root, 'handshakes'));
    await writeFile(declaration, startServicePeriod('acme', { days: 30 }));
    expect((await cli(root, url, 'apply', '--auto-approve')).code).toBe(0);
    const first = (await recorded(root)).declarations.acme?.handshakes[0]?.id as string;
    simulator.respond(first, 'ACCEPTED');
    expect((await cli(root, url, 'refresh')).code).toBe(0);
    git(root, 'add', '-A');
    git(root, '-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '--quiet', '-m', 'acme, 30 days');

    await writeFile(declaration, startServicePeriod('acme', { days: 60 }));
    const superseded = await cli(root, url, 'apply', '--auto-approve');
    expect(superseded.stdout).toContain('✓ supersede acme');
    const second = (await recorded(root)).declarations.acme?.handshakes[1]?.id as string;
    expect(second).toMatch(/^ch-/);

    // The state restored from git: it knows only the first, accepted, handshake.
    git(root, 'checkout', 'HEAD', '--', 'handshakes/state.json');
    expect((await recorded(root)).declarations.acme?.handshakes.map((entry) => entry.id)).toEqual([first]);
    // Offline, the plan cannot know: it shows the supersede.
    expect((await cli(root, url, 'plan')).stdout).toContain('supersede  acme');

    const refreshed = await cli(root, url, 'plan', '--refresh', '--format', 'json');
    const plan = JSON.parse(refreshed.stdout) as Plan;
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'plan.adopted-own', name: 'acme', severity: 'notice' }),
    );
    expect(plan.drift?.ownUnrecorded).toBeUndefined();
    const text = await cli(root, url, 'plan', '--refresh');
    expect(text.stdout).toContain(
      `"acme": ${second} (PENDING) was sent from this repository under this name with exactly the declared terms, but the state did not record it (reverted or lost). It is adopted in place of the supersede: nothing is sent for it.`,
    );
    expect((await recorded(root)).declarations.acme?.handshakes).toHaveLength(1);

    const before = simulator.requests.length;
    const applied = await cli(root, url, 'apply', '--auto-approve');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`already sent as ${second}`);
    expect(applied.stdout).toMatch(/State written to handshakes\/state\.json \(serial \d+\)/);
    expect(simulator.requests.slice(before).map((request) => request.operation)).not.toContain(
      'CreateChannelHandshake',
    );
    const state = await recorded(root);
    expect(state.declarations.acme?.handshakes.map((entry) => [entry.id, entry.purpose])).toEqual([
      [first, 'start'],
      [second, 'supersede'],
    ]);
    expect((await cli(root, url, 'plan')).stdout).toContain('No changes.');
  });
});

describe('what a refreshed plan adopts', () => {
  const lineage = deriveLineage('handshakes');
  const validated = validateFiles({
    files: [{ path: 'handshakes/acme.yaml', text: startServicePeriod('acme', { days: 30 }) }],
    now: FIXED_NOW,
  });
  const context = { appliedAt: FIXED_NOW.toISOString(), appliedBy: {} };
  const plan = planAdoptingOwn(validated, emptyState(lineage), [], context).plan;
  const request = plan.changes[0]?.action === 'create' ? plan.changes[0].request : undefined;

  function live(overrides: Partial<LiveHandshake> = {}, owner = ownerTagValue(lineage, 'acme'), days = '30') {
    return {
      id: 'ch-aaaaaaaaaaaaa',
      arn: 'arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/ch-aaaaaaaaaaaaa',
      catalog: 'AWS',
      handshakeType: 'START_SERVICE_PERIOD',
      associatedResourceId: request?.associatedResourceIdentifier ?? '',
      status: 'PENDING',
      createdAt: '2026-11-27T10:00:00Z',
      tags: [{ key: OWNER_TAG_KEY, value: owner }],
      detail: {
        startServicePeriodHandshakeDetail: { servicePeriodType: 'MINIMUM_NOTICE_PERIOD', minimumNoticeDays: days },
      },
      ...overrides,
    } as LiveHandshake;
  }

  it('our owner tag, the same name and terms: adopted, recorded with the token the create would send', () => {
    const adopting = planAdoptingOwn(validated, emptyState(lineage), [live()], context);
    expect(adopting.adopted).toEqual([{ name: 'acme', id: 'ch-aaaaaaaaaaaaa', status: 'PENDING', action: 'create' }]);
    expect(adopting.plan.changes).toEqual([]);
    expect(adopting.state.declarations.acme?.handshakes[0]).toMatchObject({
      id: 'ch-aaaaaaaaaaaaa',
      clientToken: request?.clientToken,
    });
    expect(adopting.state.serial).toBe(1);
  });

  it('other terms, another name, another lineage, or two candidates: nothing adopted, the plan unchanged', () => {
    const cases = [
      [live({}, ownerTagValue(lineage, 'acme'), '60')],
      [live({}, ownerTagValue(lineage, 'other'))],
      [live({}, ownerTagValue(deriveLineage('elsewhere'), 'acme'))],
      [
        live(),
        live({
          id: 'ch-bbbbbbbbbbbbb',
          arn: 'arn:aws:partnercentral:us-east-1:1:catalog/AWS/channel-handshake/ch-bbbbbbbbbbbbb',
        }),
      ],
    ];
    for (const items of cases) {
      const adopting = planAdoptingOwn(validated, emptyState(lineage), items, context);
      expect(adopting.adopted).toEqual([]);
      expect(adopting.plan.digest).toBe(plan.digest);
    }
  });
});

describe('the Action’s scheduled drift run adopts a reverted state and commits it (issue 16)', () => {
  const action = actionHarness();

  it('a state commit reverted on the branch: the drift run records the handshake AWS holds, sends nothing, and lists nothing as unapplied', async () => {
    const simulator = action.simulator();
    const fixture = await action.createFixture({ 'handshakes/alpha.yaml': programManagementAccount('alpha') });
    const applied = await action.runPush({ inputs: { 'require-reviewed-plan': 'false' } });
    expect(applied.code, applied.stdout).toBe(0);
    const sent = simulator.handshakes()[0]?.id as string;
    // Someone reverts the state commit on the branch.
    git(fixture.workspace, 'revert', '--no-edit', 'HEAD');
    git(fixture.workspace, 'push', '--quiet', 'origin', 'HEAD:master');

    const drift = await action.runSchedule({ payload: {} });
    expect(drift.code, drift.stdout).toBe(0);
    expect(drift.stdout).toContain(`Adopted ${sent} (PENDING) for alpha`);
    expect(drift.outputs.unapplied).toBe('0');
    expect(simulator.handshakes()).toHaveLength(1);
    const state = JSON.parse(git(fixture.remote, 'show', 'master:handshakes/state.json')) as RecordedState;
    expect(state.declarations.alpha?.handshakes.map((entry) => entry.id)).toEqual([sent]);
    // The state commit says what it recorded: an adoption, not only status changes.
    expect(git(fixture.remote, 'log', '-1', '--format=%B', 'master')).toMatch(
      new RegExp(
        `^handshakes: refresh — 0 status changes, 1 adopted \\[skip ci\\][\\s\\S]*Adopted ${sent} \\(PENDING\\) for alpha`,
      ),
    );
  }, 60_000);
});
