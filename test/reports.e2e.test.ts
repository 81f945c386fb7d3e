import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportInPlaceOfPlan } from '../src/action/sticky-comment.js';
import type { RecordedState } from '../src/core/model.js';
import { emptyState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { deriveLineage } from '../src/core/token.js';
import { renderApplyMarkdown } from '../src/render/apply-result.js';
import { DEMO_CREDENTIALS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { applyPlan, applyReportOf } from '../src/usecases/apply.js';
import { newClient } from './api-helpers.js';
import { expectGolden } from './golden.js';
import {
  declarationsFrom,
  latestSent,
  programManagementAccount,
  simulatorEnvironment,
  startServicePeriod,
} from './helpers.js';
import { actionHarness } from './support/action-harness.js';
import { createGitFixture, type GitFixture, git } from './support/git-fixture.js';
import { BODY_LIMIT, GitHubStandIn } from './support/github-stand-in.js';
import { runAction, webhookPayload } from './support/runner.js';

// Every body the action posts, from real runs of dist/index.js against the GitHub stand-in and the simulator. The
// golden files under test/golden/reports/ are what a reviewer sees; the README's examples are generated from them.

/** Makes a run's body comparable: handshake ids, commit shas, digests, dates and comment ids become stable. */
function normalize(text: string): string {
  const ids = new Map<string, string>();
  const shas = new Map<string, string>();
  const digests = new Map<string, string>();
  const stable = (map: Map<string, string>, key: string, make: (index: number) => string) => {
    let value = map.get(key);
    if (value === undefined) {
      value = make(map.size + 1);
      map.set(key, value);
    }
    return value;
  };
  for (const match of text.matchAll(/\b[0-9a-f]{40}\b/g)) {
    stable(shas, match[0], (index) => `${'0123456789ab'}${String(index).padStart(28, '0')}`);
  }
  let result = text;
  for (const [sha, replacement] of shas) {
    result = result.replaceAll(sha, replacement).replaceAll(sha.slice(0, 12), replacement.slice(0, 12));
  }
  return result
    .replace(/sha256:[0-9a-f]{64}/g, (digest) =>
      stable(digests, digest, (index) => `sha256:${String(index).padStart(64, '0')}`),
    )
    .replace(/\bch-[a-z0-9]{13}\b/g, (id) => stable(ids, id, (index) => `ch-golden${String(index).padStart(7, '0')}`))
    .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/g, '2026-11-28 06:53 UTC')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '2026-11-28T06:53:00Z')
    .replace(/issuecomment-\d+/g, 'issuecomment-1');
}

const node = process.execPath;

describe('the bodies the action posts', () => {
  const action = actionHarness({ node });
  const { github, head } = action;
  let fixture: GitFixture;

  const pullRequestRun = (inputs: Record<string, string> = {}) =>
    action.runPullRequest({
      inputs,
      // The pull request's head is the commit under test, so links point at a blob that holds the declarations.
      edit: (payload) => {
        (payload.pull_request as { head: { sha: string } }).head.sha = head();
      },
    });
  const pushRun = (inputs: Record<string, string> = {}) => action.runPush({ inputs });
  const driftRun = (inputs: Record<string, string> = {}) => action.runSchedule({ inputs });

  function merged(labels: string[] = []): void {
    github.pullsByCommit.set(head(), [
      { number: 2, merged_at: '2026-11-27T10:00:00Z', labels, head_sha: head(), base_ref: 'master' },
    ]);
  }

  const sticky = () =>
    github.comments.find(
      (comment) => comment.login === 'github-actions[bot]' && comment.body.startsWith('<!-- channel-handshakes:plan'),
    );
  const notifications = () =>
    github.comments.filter((comment) => comment.body.startsWith('<!-- channel-handshakes:notification'));

  async function remoteState(): Promise<RecordedState> {
    return JSON.parse(git(fixture.remote, 'show', 'master:handshakes/state.json')) as RecordedState;
  }

  /** Applies the current declarations through a reviewed pull request, then pulls the state commit. */
  async function planAndApply(): Promise<void> {
    await pullRequestRun();
    merged(['handshakes:allow-destructive']);
    const applied = await pushRun();
    expect(applied.code, applied.stdout).toBe(0);
    git(fixture.workspace, 'pull', '--quiet', 'origin', 'master');
  }

  it('plan, not applied (destructive gate), apply: every kind of change, old → new', async () => {
    fixture = await action.createFixture({
      'handshakes/acme.yaml': startServicePeriod('acme', { relationship: 'rs-aaaaaaaaaaaaa' }),
      'handshakes/pending.yaml': startServicePeriod('pending-one', { relationship: 'rs-bbbbbbbbbbbbb' }),
      'handshakes/notice.yaml': startServicePeriod('notice', { relationship: 'rs-ccccccccccccc' }),
      'handshakes/tagged.yaml': startServicePeriod('tagged', {
        relationship: 'rs-ddddddddddddd',
        tags: 'team=sales,cost-center="4711"',
      }),
      'handshakes/pma.yaml': programManagementAccount('old-pma', 'pma-eeeeeeeeeeeee'),
    });
    await planAndApply();
    const state = await remoteState();
    action.simulator().respond(latestSent(state, 'acme')?.id as string, 'ACCEPTED');
    action.simulator().respond(latestSent(state, 'old-pma')?.id as string, 'ACCEPTED');
    expect((await driftRun()).code).toBe(0);
    git(fixture.workspace, 'pull', '--quiet', 'origin', 'master');

    await fixture.commit(
      {
        'handshakes/acme.yaml': '# acme ends\n',
        'handshakes/pending.yaml': '# no longer wanted\n',
        'handshakes/notice.yaml': startServicePeriod('notice', { relationship: 'rs-ccccccccccccc', days: 60 }),
        'handshakes/tagged.yaml': startServicePeriod('tagged', {
          relationship: 'rs-ddddddddddddd',
          tags: 'team=partners,owner=ops',
        }),
        'handshakes/pma.yaml': '# the PMA is ended in Partner Central\n',
        'handshakes/new.yaml': startServicePeriod('newcomer', {
          relationship: 'rs-fffffffffffff',
          note: '@octocat <b>bold</b> | `code`',
        }),
      },
      'end acme, replace notice, retag, add a newcomer',
    );
    const planned = await pullRequestRun({ 'max-destructive': '2' });
    expect(planned.code).toBe(0);
    expectGolden('reports/plan.md', normalize(sticky()?.body ?? ''));
    expect(planned.summary).toContain('> [!WARNING]');

    merged();
    const gated = await pushRun({ 'max-destructive': '2' });
    expect(gated.code).toBe(1);
    expect(gated.outputs['failure-reason']).toBe('destructive-gate');
    expectGolden('reports/not-applied-destructive.md', normalize(gated.summary));
    expect(sticky()?.body).toContain('### ⛔ Not applied: too many handshakes would end');
    expect(sticky()?.body).toContain('<summary>The reviewed plan</summary>');
    expect(notifications()).toHaveLength(1);
    expectGolden('reports/notification-not-applied.md', normalize(notifications()[0]?.body ?? ''));
    expect(sticky()?.body).toContain('[Notified in a new comment](https://github.com/Codertocat/Hello-World/pull/2#');

    merged(['handshakes:allow-destructive']);
    const applied = await pushRun({ 'max-destructive': '2' });
    expect(applied.code, applied.stdout).toBe(0);
    expectGolden('reports/apply.md', normalize(applied.summary));
    expect(sticky()?.body).toContain('### ✅ Applied');
    // The reviewed plan stays folded once, not nested under every report.
    expect(sticky()?.body.match(/<summary>The reviewed plan<\/summary>/g)).toHaveLength(1);
    expect(github.tooLong).toEqual([]);
  });

  it('not applied: the plan changed since it was reviewed', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    await pullRequestRun();
    await fixture.commit({ 'handshakes/pma.yaml': programManagementAccount('pma') }, 'merged without a fresh plan');
    merged();
    const result = await pushRun();
    expect(result.code).toBe(1);
    expect(result.outputs['failure-reason']).toBe('plan-changed');
    expectGolden('reports/not-applied-plan-changed.md', normalize(result.summary));
    expect(sticky()?.body).toContain('### ⛔ Not applied: the plan changed since it was reviewed');
    expect(notifications()).toHaveLength(1);
    expect(action.simulator().requests).toHaveLength(0);
  });

  it('invalid declarations: one row per typo, warnings shown, every location linked to the blob at the head', async () => {
    fixture = await action.createFixture({
      'handshakes/acme.yaml': startServicePeriod('acme').replace('handshakeType:', 'handshakeTyp:'),
      'handshakes/bad.yaml': startServicePeriod('bad', { relationship: 'rs-bbbbbbbbbbbbb' }).replace(
        'catalog: AWS',
        'catalog: AWS-1',
      ),
      'handshakes/odd.yaml': startServicePeriod('odd-notice', { relationship: 'rs-ccccccccccccc', days: 45 }),
    });
    const result = await pullRequestRun();
    expect(result.code).toBe(1);
    const body = sticky()?.body ?? '';
    expectGolden('reports/invalid.md', normalize(body));
    expect(body.match(/handshakeTyp\b/g)?.length).toBe(2);
    expect(body).toContain('unknown field "handshakeTyp", did you mean "handshakeType"?');
    expect(body).not.toContain('missing required field');
    expect(body).toContain('⚠️\u00a0warning');
    expect(body).toContain(`https://github.com/Codertocat/Hello-World/blob/${head()}/handshakes/acme.yaml#L`);
  });

  it('not applied: the merged declarations do not validate; an apply with nothing to do is titled apply', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    await planAndApply();
    const nothing = await pushRun();
    expect(nothing.code).toBe(0);
    expect(nothing.summary).toContain('### ✅ Nothing to apply · channel-handshakes apply for `handshakes`');

    await fixture.commit(
      { 'handshakes/acme.yaml': startServicePeriod('acme').replace('catalog: AWS', 'catalog: AWS-1') },
      'merged a broken declaration',
    );
    merged();
    const result = await pushRun();
    expect(result.code).toBe(1);
    expect(result.outputs['failure-reason']).toBe('invalid');
    expectGolden('reports/not-applied-invalid.md', normalize(result.summary));
    expect(sticky()?.body).toContain('### ⛔ Not applied: 1 error in the merged declarations');
    expect(notifications().at(-1)?.body).toContain('1 error in the merged declarations');
    expect(
      action.simulator().requests.filter((request) => request.operation === 'CreateChannelHandshake'),
    ).toHaveLength(1);
  });

  it('apply partly failed: the failure in its row, in plain words, and a notification', async () => {
    await action.replaceSimulator({ quotas: { ...NO_QUOTAS, activePma: 1 } });
    fixture = await action.createFixture({
      'handshakes/pmas.yaml': `${programManagementAccount('pma-a', 'pma-aaaaaaaaaaaaa')}---\n${programManagementAccount('pma-b', 'pma-bbbbbbbbbbbbb')}`,
    });
    await pullRequestRun();
    merged();
    const result = await pushRun();
    expect(result.code).toBe(1);
    expectGolden('reports/apply-partly-failed.md', normalize(result.summary));
    expect(result.summary).toContain('the quota of active PMA handshakes is reached');
    expect(notifications()).toHaveLength(1);
    expect(notifications()[0]?.body).toContain(
      '**⚠️ Partly applied: 1 of 2 sent, 1 failed** for `handshakes`. What was sent is recorded.',
    );
  });

  it('drift: quiet answers recorded, what needs a person with the command or YAML that resolves it', async () => {
    fixture = await action.createFixture({
      'handshakes/acme.yaml': startServicePeriod('acme', { relationship: 'rs-aaaaaaaaaaaaa' }),
      'handshakes/declined.yaml': startServicePeriod('declined', { relationship: 'rs-bbbbbbbbbbbbb' }),
    });
    await planAndApply();
    const state = await remoteState();
    action.simulator().respond(latestSent(state, 'acme')?.id as string, 'ACCEPTED');
    action.simulator().respond(latestSent(state, 'declined')?.id as string, 'REJECTED');
    action.simulator().service.insertExternal(DEMO_CREDENTIALS.accountId, {
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: 'pma-console000001',
    });
    const result = await driftRun();
    expect(result.code, result.stdout).toBe(0);
    expect(github.issues).toHaveLength(1);
    expectGolden('reports/drift-issue.md', normalize(github.issues[0]?.body ?? ''));
    expect(result.summary).not.toMatch(/\b0 /);

    const uncommitted = await driftRun({ 'commit-state': 'false' });
    expect(uncommitted.summary).not.toContain('recorded in the state');
  });

  it('a 422 from GitHub after the state commit is a warning, and the state commit stands', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    await pullRequestRun();
    merged();
    github.refuseBodies = true;
    const result = await pushRun();
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).not.toContain('internal error');
    expect(result.stdout).toMatch(/::warning::.*GitHub refused/);
    expect(Object.keys((await remoteState()).declarations)).toEqual(['acme']);
  });

  it('comment: changes-only posts no comment for a plan without changes', async () => {
    fixture = await action.createFixture({ 'handshakes/README.md': 'nothing declared yet\n' });
    const result = await pullRequestRun({ comment: 'changes-only' });
    expect(result.code).toBe(0);
    expect(github.comments).toHaveLength(0);
    expect(result.summary).toContain('No changes');
    await fixture.commit({ 'handshakes/acme.yaml': startServicePeriod('acme') }, 'add acme');
    await pullRequestRun({ comment: 'changes-only' });
    expect(github.comments).toHaveLength(1);
  });

  it('uploads the JSON plan as a workflow artifact when the runner provides the artifact runtime, and links it', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    const withoutRuntime = await pullRequestRun();
    expect(withoutRuntime.outputs['plan-artifact-url']).toBeUndefined();
    expect(sticky()?.body).not.toContain('/artifacts/');
    expect(github.artifacts).toEqual([]);

    // The runner's runtime token is a JWT whose scope names the run and job in the results service.
    const claims = Buffer.from(
      JSON.stringify({ scp: 'Actions.GenericRead Actions.Results:run-backend-id:job-backend-id' }),
    ).toString('base64url');
    const result = await action.runPullRequest({
      env: { ACTIONS_RUNTIME_TOKEN: `e30.${claims}.signature`, ACTIONS_RESULTS_URL: `${action.githubUrl()}/` },
    });
    expect(result.code, result.stdout).toBe(0);
    expect(github.artifacts).toEqual([{ name: 'handshakes-plan-handshakes-plan-1', finalized: true }]);
    expect(github.artifactBytes).toBeGreaterThan(0);
    const link = 'https://github.com/Codertocat/Hello-World/actions/runs/4242/artifacts/7000';
    expect(result.outputs['plan-artifact-url']).toBe(link);
    expect(sticky()?.body).toContain(`[JSON plan](${link})`);
  });

  it('the stand-in refuses bodies over 65,536 characters as GitHub does', async () => {
    const response = await fetch(`${action.githubUrl()}/repos/Codertocat/Hello-World/issues/2/comments`, {
      method: 'POST',
      headers: { authorization: 'token x', 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'x'.repeat(BODY_LIMIT + 1) }),
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe(
      'body is too long (maximum is 65536 characters)',
    );
  });
});

describe('bodies stay under 65,536 characters however large the run', () => {
  const github = new GitHubStandIn();
  let simulator: Simulator;
  let githubUrl = '';
  let awsUrl = '';
  let fixture: GitFixture;

  beforeAll(async () => {
    githubUrl = await github.start();
    simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
    awsUrl = await simulator.start();
  });
  afterAll(async () => {
    await github.stop();
    await simulator.stop();
  });

  const environment = () => ({
    GITHUB_API_URL: githubUrl,
    ...simulatorEnvironment(awsUrl),
  });
  const head = () => git(fixture.workspace, 'rev-parse', 'HEAD');
  const run = (event: string, payload: Record<string, unknown>, ref: string, inputs: Record<string, string> = {}) =>
    runAction({
      node,
      workspace: fixture.workspace,
      event,
      payload,
      inputs,
      env: { ...environment(), GITHUB_SHA: head(), GITHUB_REF: ref },
    });
  const pullRequestRun = () => run('pull_request', webhookPayload('pull_request', 'opened'), 'refs/pull/2/merge');
  const pushRun = () =>
    run(
      'push',
      webhookPayload('push', undefined, (payload) => payload.ref === 'refs/heads/master'),
      'refs/heads/master',
      { 'allow-destructive': 'true' },
    );
  const sticky = () => github.comments.find((comment) => comment.body.startsWith('<!-- channel-handshakes:plan'));
  const relationship = (index: number) => `rs-${String(index).padStart(13, '0')}`;
  const declarations = (count: number, from = 0) =>
    Array.from({ length: count }, (_, index) =>
      startServicePeriod(`partner-${String(from + index).padStart(4, '0')}`, {
        relationship: relationship(from + index),
        note: `Service period for partner ${from + index}, as agreed in the reseller contract`,
      }),
    ).join('---\n');

  beforeEach(() => {
    github.reset();
  });

  it('a 1,200-change plan lists every cancel and says how many changes are listed', async () => {
    fixture = await createGitFixture({ 'handshakes/few.yaml': declarations(5, 5000) });
    await pullRequestRun();
    github.pullsByCommit.set(head(), [
      { number: 2, merged_at: '2026-11-27T10:00:00Z', labels: [], head_sha: head(), base_ref: 'master' },
    ]);
    expect((await pushRun()).code).toBe(0);
    git(fixture.workspace, 'pull', '--quiet', 'origin', 'master');
    await fixture.commit(
      // Two files: one file holds at most 1,000 documents.
      {
        'handshakes/few.yaml': '# all five cancelled\n',
        'handshakes/many-1.yaml': declarations(600),
        'handshakes/many-2.yaml': declarations(595, 600),
      },
      '1,195 creates and 5 cancels',
    );
    github.comments.length = 0;
    const result = await pullRequestRun();
    expect(result.code).toBe(0);
    expect(github.tooLong).toEqual([]);
    const body = sticky()?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/> ([\d,]+ of 1,200|All 1,200) changes listed/);
    for (let index = 5000; index < 5005; index++) {
      expect(body).toContain(`<summary>🔴\u00a0cancel partner-${index}</summary>`);
    }
    expect(body).toContain('[run log](https://github.com/Codertocat/Hello-World/actions/runs/4242)');
    for (let index = 5000; index < 5005; index++) expect(body).toContain(`🔴\u00a0cancel | partner-${index}`);
    expect(result.summary.length).toBeLessThanOrEqual(65_536 + 10);
  });

  it('an 1,100-change apply keeps every failure in its row', async () => {
    // The action paces creates at AWS's documented 3 per second, so 1,100 of them take six minutes through
    // dist/index.js; this runs the same executor in-process with an unpaced client and renders what the action posts.
    const quotaSimulator = new Simulator({
      rateLimits: { mutate: 0, list: 0 },
      quotas: { ...NO_QUOTAS, activeStart: 1_080 },
    });
    const url = await quotaSimulator.start();
    try {
      const lineage = deriveLineage('handshakes');
      // Two files: one file holds at most 1,000 documents.
      const plan = createPlan(declarationsFrom(declarations(550), declarations(550, 550)), emptyState(lineage));
      const outcome = await applyPlan(plan, emptyState(lineage), {
        api: newClient(url),
        persist: async () => {},
        now: () => new Date('2026-11-28T06:53:00Z'),
        appliedBy: {},
      });
      const markdown = renderApplyMarkdown(applyReportOf(outcome.state, outcome.results), {
        directory: 'handshakes',
        runUrl: 'https://github.com/Codertocat/Hello-World/actions/runs/4242',
        repositoryUrl: 'https://github.com/Codertocat/Hello-World',
        headSha: '0123456789abcdef0123456789abcdef01234567',
        pullRequest: 2,
        commitState: true,
      });
      const body = reportInPlaceOfPlan('handshakes', markdown, undefined);
      expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
      expect(body).toContain('### ⚠️ Partly applied: 1,080 of 1,100 sent, 20 failed');
      expect(body.match(/\*\*failed:\*\*/g)).toHaveLength(20);
      expect(body).toMatch(/> [\d,]+ of 1,100 changes listed/);
      expect(body).toContain('[run log](https://github.com/Codertocat/Hello-World/actions/runs/4242)');
    } finally {
      await quotaSimulator.stop();
    }
  });

  it('a 900-item drift opens its issue', async () => {
    await simulator.stop();
    simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
    awsUrl = await simulator.start();
    fixture = await createGitFixture({ 'handshakes/README.md': 'declarations go here\n' });
    for (let index = 0; index < 900; index++) {
      simulator.service.insertExternal(DEMO_CREDENTIALS.accountId, {
        handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
        catalog: 'AWS',
        associatedResourceIdentifier: `pma-${String(index).padStart(13, '0')}`,
      });
    }
    const result = await run('schedule', { schedule: '0 6 * * *' }, 'refs/heads/master');
    expect(result.code, result.stdout).toBe(0);
    expect(github.tooLong).toEqual([]);
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]?.body.length).toBeLessThanOrEqual(65_536);
    expect(github.issues[0]?.body).toMatch(/> \d+ of 900 items listed/);
  });

  it('a 250-error invalid report fits', async () => {
    const keys = Array.from(
      { length: 250 },
      (_, index) => `unknown_key_${String(index).padStart(3, '0')}_${'x'.repeat(200)}: 1`,
    );
    // Two declarations of 125 unknown keys each: one mapping holds at most 200 keys.
    fixture = await createGitFixture({
      'handshakes/bad.yaml': `${startServicePeriod('bad')}${keys.slice(0, 125).join('\n')}\n`,
      'handshakes/bad-2.yaml': `${startServicePeriod('bad-2', { relationship: 'rs-bbbbbbbbbbbbb' })}${keys.slice(125).join('\n')}\n`,
    });
    const result = await pullRequestRun();
    expect(result.code).toBe(1);
    expect(github.tooLong).toEqual([]);
    const body = sticky()?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('### ❌ 250 errors in the declarations');
    expect(body).toMatch(/> \d+ of 250 problems listed/);
  });
});
