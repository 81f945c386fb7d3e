// Issue 16: the state file in a pull request is input, not truth. Run as the runner runs the Action (dist/index.js)
// against the GitHub stand-in and the simulator, with the state at the pull request's base and head.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createRequestFor } from '../../src/core/lifecycle.js';
import type { HandshakeSpec } from '../../src/core/model.js';
import { OWNER_TAG_KEY } from '../../src/core/ownership.js';
import { programManagementAccount } from '../helpers.js';
import { actionHarness } from '../support/action-harness.js';
import { type GitFixture, git } from '../support/git-fixture.js';

const CREDENTIALS = {
  accessKeyId: 'ASIAQX7STATEEDIT0042',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSTATEEDITKEY',
  accountId: '111122223333',
};

describe('a pull request that edits handshakes/state.json (issue 16)', () => {
  const action = actionHarness({ credentials: CREDENTIALS });
  const { github, head } = action;
  let fixture: GitFixture;

  /** The plan on a pull request whose base commit is `base` (the payload's pull_request.base.sha). */
  const pullRequestRun = (base: string, labels: string[] = []) =>
    action.runPullRequest({
      edit: (payload) => {
        (payload.pull_request.base as { sha: string }).sha = base;
        payload.pull_request.labels = labels.map((name) => ({ name }));
      },
    });

  /** The apply on the push that merged pull request #2, from `before` to the workspace's HEAD. */
  const pushRun = (before: string, inputs: Record<string, string> = {}) => action.runPush({ before, inputs });

  function merged(labels: string[] = []): void {
    github.pullsByCommit.set(head(), [
      { number: 2, merged_at: '2026-11-27T10:00:00Z', labels, head_sha: 'e'.repeat(40), base_ref: 'master' },
    ]);
  }

  /** Another repository's pending handshake on the same account: the target a hostile edit points at. */
  function foreignHandshake(): { id: string; arn: string } {
    const answer = action.simulator().service.handle(CREDENTIALS.accountId, 'CreateChannelHandshake', {
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: 'pma-abcdef123456h',
      clientToken: 'another-repository-token',
      tags: [{ key: OWNER_TAG_KEY, value: 'another-lineage/theirs' }],
    }) as { channelHandshakeDetail: { id: string; arn: string } };
    return answer.channelHandshakeDetail;
  }

  /** alpha applied and recorded, as after an earlier merge; returns the commit the hostile pull request starts from. */
  async function appliedAlpha(): Promise<string> {
    fixture = await action.createFixture({ 'handshakes/alpha.yaml': programManagementAccount('alpha') });
    merged();
    const first = await pushRun('0'.repeat(40), { 'require-reviewed-plan': 'false' });
    expect(first.code, first.stdout).toBe(0);
    return head();
  }

  it("an id pointed at another repository's handshake, declaration removed: flagged on the plan, refused on merge, no call sent", async () => {
    const base = await appliedAlpha();
    const foreign = foreignHandshake();
    const text = await readFile(`${fixture.workspace}/handshakes/state.json`, 'utf8');
    const ours = (JSON.parse(text) as { declarations: { alpha: { handshakes: { id: string; arn: string }[] } } })
      .declarations.alpha.handshakes[0];
    const edited = text.replaceAll(ours?.arn as string, foreign.arn).replaceAll(ours?.id as string, foreign.id);
    git(fixture.workspace, 'rm', '--quiet', 'handshakes/alpha.yaml');
    await fixture.commit({ 'handshakes/state.json': edited }, 'tidy up');

    const planned = await pullRequestRun(base);
    expect(planned.code, planned.stdout).toBe(0);
    const comment = github.comments.find((candidate) => candidate.login === 'github-actions[bot]');
    const afterMarkers = (comment?.body ?? '').split('\n').filter((line) => !line.startsWith('<!--'));
    expect(afterMarkers[0]).toBe('### ⚠️ This pull request edits the recorded state (`handshakes/state.json`)');
    expect(comment?.body).toContain(`| alpha | handshake 1: id changed from ${ours?.id} to ${foreign.id} |`);
    expect(comment?.body).toContain('**Merging applies nothing** (`failure-reason=state-edited`)');
    expect(planned.stdout).toMatch(/^::warning::This pull request edits the recorded state/m);

    const before = action.simulator().requests.length;
    merged();
    const applied = await pushRun(base, { 'require-reviewed-plan': 'false' });
    expect(applied.code, applied.stdout).toBe(1);
    expect(applied.outputs['failure-reason']).toBe('state-edited');
    expect(applied.summary).toContain('### ⛔ Not applied: the merge edits the recorded state');
    expect(applied.summary).toContain('handshakes:allow-state-edit');
    expect(
      action
        .simulator()
        .requests.slice(before)
        .filter((request) => request.operation !== 'ListChannelHandshakes'),
    ).toEqual([]);
    expect(
      action
        .simulator()
        .handshakes()
        .find((handshake) => handshake.id === foreign.id)?.status,
    ).toBe('PENDING');
  });

  it('even with the label, a cancel whose recorded id names another repository’s handshake is refused by name (issue 16: confirm every target)', async () => {
    const base = await appliedAlpha();
    const foreign = foreignHandshake();
    const text = await readFile(`${fixture.workspace}/handshakes/state.json`, 'utf8');
    const ours = (JSON.parse(text) as { declarations: { alpha: { handshakes: { id: string; arn: string }[] } } })
      .declarations.alpha.handshakes[0];
    const edited = text.replaceAll(ours?.arn as string, foreign.arn).replaceAll(ours?.id as string, foreign.id);
    git(fixture.workspace, 'rm', '--quiet', 'handshakes/alpha.yaml');
    await fixture.commit({ 'handshakes/state.json': edited }, 'tidy up');
    merged(['handshakes:allow-state-edit']);
    const before = action.simulator().requests.length;
    const applied = await pushRun(base, { 'require-reviewed-plan': 'false' });
    expect(applied.code, applied.stdout).toBe(1);
    expect(applied.outputs['failure-reason']).toBe('apply-failed');
    expect(applied.stdout).toContain(`refused: the cancel of ${foreign.id} was not sent`);
    expect(
      action
        .simulator()
        .requests.slice(before)
        .map((request) => request.operation),
    ).not.toContain('CancelChannelHandshake');
    expect(
      action
        .simulator()
        .handshakes()
        .find((handshake) => handshake.id === foreign.id)?.status,
    ).toBe('PENDING');
  });

  it('an intent added to the state is shown as one, and the merge sends nothing', async () => {
    const base = await appliedAlpha();
    const state = JSON.parse(await readFile(`${fixture.workspace}/handshakes/state.json`, 'utf8')) as Record<
      string,
      unknown
    >;
    // The intent a crashed apply would have written for a second PMA: valid by meaning, but added by hand.
    const spec: HandshakeSpec = {
      name: 'beta',
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: 'pma-abcdef123456h',
      tags: {},
      revision: 0,
    };
    const request = createRequestFor(state.lineage as string, spec, 0);
    state.intents = {
      beta: {
        name: 'beta',
        clientToken: request.clientToken,
        request,
        spec,
        generation: 0,
        purpose: 'pma',
        recordedAt: '2026-11-27T10:00:00.000Z',
      },
    };
    await fixture.commit(
      {
        'handshakes/beta.yaml': programManagementAccount('beta', 'pma-abcdef123456h'),
        'handshakes/state.json': `${JSON.stringify(state, null, 2)}\n`,
      },
      'add beta',
    );
    const planned = await pullRequestRun(base);
    expect(planned.code, planned.stdout).toBe(0);
    const comment = github.comments.find((candidate) => candidate.login === 'github-actions[bot]');
    expect(comment?.body).toContain(
      '| beta | **intent added**: a PROGRAM\\_MANAGEMENT\\_ACCOUNT for pma-abcdef123456h that the next apply would send |',
    );
    merged();
    const before = action.simulator().requests.length;
    const applied = await pushRun(base, { 'require-reviewed-plan': 'false' });
    expect(applied.outputs['failure-reason']).toBe('state-edited');
    expect(
      action
        .simulator()
        .requests.slice(before)
        .map((request) => request.operation),
    ).not.toContain('CreateChannelHandshake');
  });

  it('a pull request that leaves the state alone gets no warning, and its merge applies', async () => {
    const base = await appliedAlpha();
    await fixture.commit({ 'handshakes/beta.yaml': programManagementAccount('beta', 'pma-abcdef123456h') }, 'beta');
    const planned = await pullRequestRun(base);
    expect(planned.code, planned.stdout).toBe(0);
    expect(github.comments[0]?.body).not.toContain('edits the recorded state');
    merged();
    const applied = await pushRun(base, { 'require-reviewed-plan': 'false' });
    expect(applied.code, applied.stdout).toBe(0);
  });

  it('with the label handshakes:allow-state-edit the merge goes past the state-edit gate', async () => {
    const base = await appliedAlpha();
    const text = await readFile(`${fixture.workspace}/handshakes/state.json`, 'utf8');
    // An intended edit: the customer's acceptance recorded by hand.
    await fixture.commit(
      { 'handshakes/state.json': text.replace('"status": "PENDING"', '"status": "ACCEPTED"') },
      'accepted',
    );
    const planned = await pullRequestRun(base, ['handshakes:allow-state-edit']);
    expect(planned.code, planned.stdout).toBe(0);
    expect(github.comments[0]?.body).toContain('The label `handshakes:allow-state-edit` is on this pull request');
    await fixture.commit({ 'handshakes/beta.yaml': programManagementAccount('beta', 'pma-abcdef123456h') }, 'beta');
    merged(['handshakes:allow-state-edit']);
    const applied = await pushRun(base, { 'require-reviewed-plan': 'false' });
    expect(applied.code, applied.stdout).toBe(0);
    expect(applied.stdout).toMatch(/allowed by the handshakes:allow-state-edit label on #2/);
  });

  it('no merged change is silently skipped: the scheduled drift run names merged declarations no apply sent, with the way to apply them', async () => {
    await appliedAlpha();
    // A second merge whose apply run GitHub cancelled (one pending run per concurrency group): beta is on the branch
    // but was never applied.
    await fixture.commit({ 'handshakes/beta.yaml': programManagementAccount('beta', 'pma-abcdef123456h') }, 'beta');
    const drift = await action.runSchedule({ payload: {}, inputs: { 'commit-state': 'false' } });
    expect(drift.code, drift.stdout).toBe(0);
    expect(drift.outputs.unapplied).toBe('1');
    expect(drift.stdout).toMatch(/^::warning::1 merged change\(s\) in handshakes were never applied/m);
    const issue = github.issues.find((candidate) => candidate.title === 'Handshake drift: handshakes');
    expect(issue?.body).toContain('#### Merged but not applied');
    expect(issue?.body).toContain('- create beta');
    expect(issue?.body).toContain('**To apply them:** open a pull request that touches `handshakes`');
  });
});
