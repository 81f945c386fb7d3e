import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { lineageSeed } from '../src/core/lineage.js';
import type { RecordedState } from '../src/core/model.js';
import { emptyState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { recordCreation } from '../src/core/record.js';
import { deriveLineage } from '../src/core/token.js';
import { serializeState } from '../src/files/state.js';
import { DEMO_CREDENTIALS, NO_FAULTS } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { newClient } from './api-helpers.js';
import { declarationsFrom, latestSent, programManagementAccount, sending, startServicePeriod } from './helpers.js';
import { actionHarness } from './support/action-harness.js';
import { type GitFixture, git } from './support/git-fixture.js';
import { runtimes } from './support/runtimes.js';

const MARKER = '<!-- channel-handshakes:plan dir=handshakes -->';

describe.each(runtimes())('the action, run as the runner runs it (%s)', (_label, node) => {
  const action = actionHarness({ node });
  const { github, head } = action;
  let fixture: GitFixture;

  const pullRequestRun = (event: 'opened' | 'synchronize', inputs: Record<string, string> = {}) =>
    action.runPullRequest({ action: event, inputs });
  const pushRun = (inputs: Record<string, string> = {}) => action.runPush({ inputs });

  function merged(number = 2, labels: string[] = []): void {
    github.pullsByCommit.set(head(), [
      {
        number,
        merged_at: '2026-11-27T10:00:00Z',
        labels,
        head_sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
        base_ref: 'master',
      },
    ]);
  }

  async function remoteState(): Promise<RecordedState> {
    return JSON.parse(git(fixture.remote, 'show', 'master:handshakes/state.json')) as RecordedState;
  }

  it('keeps one sticky plan comment on the pull request and updates it on synchronize', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    const foreign = github.addForeignComment(2, `${MARKER}\nI copied your marker`);
    const opened = await pullRequestRun('opened');
    expect(opened.stderr).toBe('');
    expect(opened.code).toBe(0);
    expect(opened.outputs).toMatchObject({
      'has-changes': 'true',
      creates: '1',
      cancels: '0',
      revokes: '0',
      replaces: '0',
      retags: '0',
    });
    expect(opened.outputs['plan-digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.parse(await readFile(opened.outputs['plan-json'] as string, 'utf8')).digest).toBe(
      opened.outputs['plan-digest'],
    );
    expect(opened.summary).toContain('### 1 to create · channel-handshakes plan for `handshakes`');
    const ours = github.comments.filter((comment) => comment.login === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    expect(ours[0]?.body.startsWith(MARKER)).toBe(true);
    expect(ours[0]?.body).toContain('### 1 to create · channel-handshakes plan for `handshakes`');
    expect(ours[0]?.body).toContain('[run log](https://github.com/Codertocat/Hello-World/actions/runs/4242)');
    expect(opened.outputs['comment-id']).toBe(String(ours[0]?.id));

    // Same plan again: nothing to update.
    const patchesBefore = github.requests.filter((request) => request.method === 'PATCH').length;
    await pullRequestRun('synchronize');
    expect(github.requests.filter((request) => request.method === 'PATCH').length).toBe(patchesBefore);

    await fixture.commit({ 'handshakes/pma.yaml': programManagementAccount('pma') }, 'add a PMA');
    const synchronized = await pullRequestRun('synchronize');
    expect(synchronized.code).toBe(0);
    const after = github.comments.filter((comment) => comment.login === 'github-actions[bot]');
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(ours[0]?.id);
    expect(after[0]?.body).toContain('### 2 to create · channel-handshakes plan for `handshakes`');
    expect(github.comments.find((comment) => comment.id === foreign.id)?.body).toBe(`${MARKER}\nI copied your marker`);
    expect(action.simulator().requests).toHaveLength(0);
  });

  it('falls back to the job summary on a fork pull request with a read-only token', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    github.readOnly = true;
    const result = await pullRequestRun('opened', {});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/::notice::This token cannot comment on the pull request/);
    expect(result.summary).toContain('### 1 to create · channel-handshakes plan for `handshakes`');
    expect(github.comments).toHaveLength(0);
  });

  it('annotates invalid YAML and fails the step without calling AWS', async () => {
    fixture = await action.createFixture({
      'handshakes/acme.yaml': startServicePeriod('acme').replace('catalog: AWS', 'catalog: AWS-1'),
      'handshakes/broken.yaml': 'name: [unclosed\n',
    });
    const result = await pullRequestRun('opened');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '::error file=handshakes/acme.yaml,line=3,col=10,title=channel-handshakes%3A catalog::"AWS-1" is not in the expected form: only letters.',
    );
    expect(result.stdout).toMatch(/::error file=handshakes\/broken\.yaml,line=\d+,col=\d+,title=channel-handshakes::/);
    expect(result.outputs['failure-reason']).toBe('invalid');
    expect(result.stdout).toMatch(/::error::2 error\(s\) in handshakes/);
    expect(github.comments[0]?.body).toContain('### ❌ 2 errors in the declarations');
    expect(action.simulator().requests).toHaveLength(0);
  });

  it('applies on merge, pushes the state to the remote and updates the comment', async () => {
    fixture = await action.createFixture({
      'handshakes/acme.yaml': `${startServicePeriod('acme')}---\n${programManagementAccount('pma')}`,
    });
    const planned = await pullRequestRun('opened');
    merged();
    const result = await pushRun();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.outputs['plan-digest']).toBe(planned.outputs['plan-digest']);
    expect(action.simulator().handshakes()).toHaveLength(2);
    const state = await remoteState();
    expect(Object.keys(state.declarations).sort()).toEqual(['acme', 'pma']);
    expect(latestSent(state, 'acme')?.appliedBy).toMatchObject({ pullRequest: 2, actor: 'Codertocat' });
    const log = git(fixture.remote, 'log', '-1', '--format=%an <%ae>%n%s%n%b', 'master');
    expect(log).toContain('github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>');
    expect(log).toContain('handshakes: apply #2 — 2 created [skip ci]');
    expect(log).toContain(`create acme → ${latestSent(state, 'acme')?.id} (PENDING)`);
    expect(result.outputs['state-commit']).toBe(git(fixture.remote, 'rev-parse', 'master'));
    const comment = github.comments.find((candidate) => candidate.login === 'github-actions[bot]');
    expect(comment?.body).toContain('### ✅ Applied: 2 of 2 sent · channel-handshakes apply');
    expect(comment?.body).toContain(latestSent(state, 'acme')?.id);
    expect(comment?.body).toContain('[state commit](https://github.com/Codertocat/Hello-World/commit/');
  });

  it('refuses to apply a plan that differs from the reviewed one', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    await pullRequestRun('opened');
    await fixture.commit({ 'handshakes/pma.yaml': programManagementAccount('pma') }, 'merged without a fresh plan');
    merged();
    const result = await pushRun();
    expect(result.code).toBe(1);
    expect(result.outputs['failure-reason']).toBe('plan-changed');
    expect(result.stdout).toMatch(/reviewed: sha256:\w+ — 1 to create\.%0A {2}now: {6}sha256:\w+ — 2 to create\./);
    expect(action.simulator().requests).toHaveLength(0);

    github.pullsByCommit.clear();
    const noPull = await pushRun();
    expect(noPull.stdout).toContain('has no associated pull request');
  });

  it('holds back more destructive changes than max-destructive unless the pull request is labelled', async () => {
    const declarations = Array.from({ length: 6 }, (_, index) =>
      startServicePeriod(`c-${index}`, { relationship: `rs-${String(index).padStart(13, '0')}` }),
    );
    fixture = await action.createFixture({ 'handshakes/all.yaml': declarations.join('---\n') });
    await pullRequestRun('opened');
    merged();
    expect((await pushRun()).code).toBe(0);
    git(fixture.workspace, 'pull', '--quiet', 'origin', 'master');
    await fixture.commit({ 'handshakes/all.yaml': '# everything removed\n' }, 'remove all');
    await pullRequestRun('opened');
    merged();
    const gated = await pushRun();
    expect(gated.code).toBe(1);
    expect(gated.outputs['failure-reason']).toBe('destructive-gate');
    expect(gated.stdout).toContain('cancels, revokes or replaces 6 handshakes, more than max-destructive (5)');
    expect(
      action
        .simulator()
        .handshakes()
        .every((handshake) => handshake.status === 'PENDING'),
    ).toBe(true);

    merged(2, ['handshakes:allow-destructive']);
    const allowed = await pushRun();
    expect(allowed.code).toBe(0);
    expect(
      action
        .simulator()
        .handshakes()
        .every((handshake) => handshake.status === 'CANCELED'),
    ).toBe(true);
    const histories = Object.values((await remoteState()).declarations);
    expect(histories.every((history) => history.handshakes.every((entry) => entry.status === 'CANCELED'))).toBe(true);
  });

  it('re-applies its results onto a state that another commit pushed meanwhile', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    await pullRequestRun('opened');
    merged();
    // While this job runs, another apply lands on master first and records a handshake of its own.
    // The action's lineage: this repository on this server (the runner's GITHUB_REPOSITORY), and the directory.
    const lineage = deriveLineage(
      lineageSeed({ kind: 'repository', repository: 'github.com/codertocat/hello-world' }, 'handshakes'),
    );
    const [other] = createPlan(declarationsFrom(programManagementAccount('other')), emptyState(lineage)).changes;
    const theirs = recordCreation(
      emptyState(lineage),
      sending(other),
      {
        id: 'ch-other00000001',
        arn: 'arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/ch-other00000001',
        status: 'ACCEPTED',
      },
      {
        appliedAt: '2026-11-27T09:00:00Z',
        appliedBy: { pullRequest: 1 },
      },
    );
    await fixture.pushElsewhere(
      { 'handshakes/state.json': serializeState({ ...theirs, serial: 7 }), 'README.md': 'someone else was here\n' },
      'handshakes: apply #1',
    );
    const result = await pushRun();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const log = git(fixture.remote, 'log', '--format=%s', '-3', 'master').split('\n');
    expect(log[0]).toContain('handshakes: apply #2 — 1 created');
    expect(log[1]).toBe('handshakes: apply #1');
    const state = await remoteState();
    expect(Object.keys(state.declarations)).toEqual(['acme', 'other']);
    expect(latestSent(state, 'other')?.id).toBe('ch-other00000001');
    expect(state.serial).toBeGreaterThan(7);
    expect(result.stdout).toContain("re-applied this run's results onto state serial 7");
    expect(git(fixture.remote, 'show', 'master:README.md')).toBe('someone else was here');
  });

  it('a push race whose records are identical is no state-conflict', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    await pullRequestRun('opened');
    merged();
    // Another run of this very apply (a re-run, a second runner) sent the same create first and committed its record.
    const lineage = deriveLineage(
      lineageSeed({ kind: 'repository', repository: 'github.com/codertocat/hello-world' }, 'handshakes'),
    );
    const [change] = createPlan(declarationsFrom(startServicePeriod('acme')), emptyState(lineage)).changes;
    const sent = await newClient(action.awsUrl()).createChannelHandshake(sending(change).request);
    const theirs = recordCreation(
      emptyState(lineage),
      sending(change),
      { id: sent.id, arn: sent.arn, status: 'PENDING' },
      { appliedAt: '2026-11-27T09:00:00Z', appliedBy: { pullRequest: 2, actor: 'another-runner' } },
    );
    await fixture.pushElsewhere(
      { 'handshakes/state.json': serializeState({ ...theirs, serial: 7 }) },
      'handshakes: apply #2 (the other run)',
    );
    const result = await pushRun();
    expect(result.stderr).toBe('');
    expect(result.outputs['failure-reason']).toBeUndefined();
    expect(result.code).toBe(0);
    const state = await remoteState();
    expect(latestSent(state, 'acme')?.id).toBe(sent.id);
    // AWS holds the one handshake both runs recorded: the second create replayed the first by its clientToken.
    expect(
      action
        .simulator()
        .handshakes()
        .map((handshake) => handshake.id),
    ).toEqual([sent.id]);
  });

  it('timeout-minutes bounds the apply against a hung endpoint and says what was not done', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    await pullRequestRun('opened');
    merged();
    action.simulator().faults = { ...NO_FAULTS, hangEvery: 1 };
    const result = await pushRun({ 'timeout-minutes': '0.05', 'rate-mutate': '10', 'rate-list': '10' });
    expect(result.code).toBe(1);
    expect(result.outputs['failure-reason']).toBe('apply-failed');
    expect(result.stdout).toContain('Stopped by timeout-minutes 0.05.');
    // The endpoint hangs from the first request, the apply-time listing: nothing is sent.
    expect(result.stdout).toContain('not sent: 1: acme');
    expect(action.simulator().handshakes()).toHaveLength(0);
  }, 30_000);

  it('commits every success and fails the job on a partial failure', async () => {
    await action.replaceSimulator({ quotas: { ...NO_QUOTAS, activePma: 1 } });
    fixture = await action.createFixture({
      'handshakes/pmas.yaml': `${programManagementAccount('pma-a', 'pma-aaaaaaaaaaaaa')}---\n${programManagementAccount('pma-b', 'pma-bbbbbbbbbbbbb')}`,
    });
    await pullRequestRun('opened');
    merged();
    const result = await pushRun();
    expect(result.code).toBe(1);
    expect(result.outputs['failure-reason']).toBe('apply-failed');
    expect(Object.keys((await remoteState()).declarations)).toEqual(['pma-a']);
    expect(git(fixture.remote, 'log', '-1', '--format=%s', 'master')).toBe(
      'handshakes: apply #2 — 1 created, 1 failed [skip ci]',
    );
    const comment = github.comments.find((candidate) => candidate.login === 'github-actions[bot]');
    expect(comment?.body).toContain('### ⚠️ Partly applied: 1 of 2 sent, 1 failed');
    expect(comment?.body).toContain('ServiceQuotaExceededException');

    // Issue 17: a later run's notification hides the earlier one as outdated (GraphQL minimizeComment, OUTDATED).
    const notifications = () =>
      github.comments.filter((candidate) => candidate.body.startsWith('<!-- channel-handshakes:notification'));
    expect(notifications().map((note) => note.minimizedReason)).toEqual([undefined]);
    // Re-run on the state commit: the plan no longer matches the reviewed one, so this run notifies "Not applied".
    merged();
    const rerun = await pushRun();
    expect(rerun.outputs['failure-reason']).toBe('plan-changed');
    expect(notifications().map((note) => note.minimizedReason)).toEqual(['outdated', undefined]);
    expect(github.requests.filter((request) => request.path === '/graphql')).toHaveLength(1);
  });

  it('fails with plan-stale when the receiver answered after review, and still commits what it learned and comments', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    await pullRequestRun('opened');
    merged();
    expect((await pushRun()).code).toBe(0);
    git(fixture.workspace, 'pull', '--quiet', 'origin', 'master');
    const id = latestSent(await remoteState(), 'acme')?.id as string;
    await fixture.commit({ 'handshakes/acme.yaml': '# removed\n' }, 'remove acme');
    await pullRequestRun('opened');
    merged();
    // The customer accepts between the review and the merge: the reviewed cancel would now have to be a revoke.
    action.simulator().respond(id, 'ACCEPTED');
    const result = await pushRun();
    expect(result.code).toBe(1);
    expect(result.outputs['failure-reason']).toBe('plan-stale');
    expect(
      action
        .simulator()
        .handshakes()
        .map((handshake) => handshake.status),
    ).toEqual(['ACCEPTED']);
    expect(latestSent(await remoteState(), 'acme')?.status).toBe('ACCEPTED');
    expect(git(fixture.remote, 'log', '-1', '--format=%s', 'master')).toBe(
      'handshakes: apply #2 — 1 held back [skip ci]',
    );
    const comment = github.comments.find((candidate) => candidate.login === 'github-actions[bot]');
    expect(comment?.body).toContain('### ⛔ Not applied: 0 of 1 sent, 1 held back');
    expect(comment?.body).toContain(`held back: ${id} was ACCEPTED on`);
    expect(comment?.body).toContain('the reviewed cancel would now be a revoke');
    expect(comment?.body).toContain('the next plan will revoke acme');
    // Nothing was sent, so the notification (the comment that e-mails) says "Not applied", as the sticky one does.
    expect(github.comments.map((candidate) => candidate.body).join('\n')).toContain(
      '**⛔ Not applied: 0 of 1 sent, 1 held back** for `handshakes`. Nothing was sent to AWS; held-back changes wait for a new plan.',
    );
  });

  it('keeps one drift issue: opened when drift appears, updated, and closed when it clears', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    await pullRequestRun('opened');
    merged();
    expect((await pushRun()).code).toBe(0);
    git(fixture.workspace, 'pull', '--quiet', 'origin', 'master');
    const driftRun = () => action.runSchedule();
    const acme = latestSent(await remoteState(), 'acme')?.id as string;

    const quiet = await driftRun();
    expect(quiet.code).toBe(0);
    expect(quiet.outputs.drift).toBe('false');
    expect(github.issues).toHaveLength(0);

    // An ordinary answer is recorded quietly: in the state commit and the summary, never in an issue.
    action.simulator().respond(acme, 'ACCEPTED');
    const first = await driftRun();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.outputs.drift).toBe('true');
    expect(first.outputs['needs-attention']).toBe('false');
    expect(JSON.parse(first.outputs['drift-json'] as string).statusChanges).toEqual([
      expect.objectContaining({ name: 'acme', from: 'PENDING', to: 'ACCEPTED' }),
    ]);
    expect(first.summary).toContain('### No drift that needs a person');
    expect(first.summary).toContain('1 answer.');
    expect(first.summary).toContain('These answers are recorded in the state');
    expect(first.summary).not.toMatch(/\b0 /);
    expect(github.issues).toHaveLength(0);
    expect(latestSent(await remoteState(), 'acme')?.status).toBe('ACCEPTED');
    expect(git(fixture.remote, 'log', '-1', '--format=%s', 'master')).toBe(
      'handshakes: refresh — 1 status change [skip ci]',
    );

    git(fixture.workspace, 'pull', '--quiet', 'origin', 'master');
    const outside = action.simulator().service.insertExternal(DEMO_CREDENTIALS.accountId, {
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: 'pma-console000001',
    });
    const second = await driftRun();
    expect(second.outputs.drift).toBe('true');
    expect(second.outputs['needs-attention']).toBe('true');
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]).toMatchObject({ title: 'Handshake drift: handshakes', state: 'open' });
    expect(github.issues[0]?.body).toContain(`**${outside.id}**: PROGRAM\\_MANAGEMENT\\_ACCOUNT for pma-console000001`);
    expect(github.issues[0]?.body).toContain(`cancel-channel-handshake --catalog AWS --identifier ${outside.id}`);

    action.simulator().respond(outside.id, 'EXPIRED');
    const cleared = await driftRun();
    expect(cleared.outputs.drift).toBe('false');
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]?.state).toBe('closed');
    expect(
      github.comments.some(
        (comment) => comment.issue === github.issues[0]?.number && comment.body.startsWith('Drift cleared'),
      ),
    ).toBe(true);
  });
});
