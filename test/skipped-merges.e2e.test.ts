// Issue 16: no merged change is silently skipped. Three merges in quick succession: GitHub cancels the second merge's
// pending apply (one pending run per concurrency group). The third merge's apply refuses (its reviewed plan does not
// cover the second merge's changes) and says so on the second pull request too, once; the scheduled drift run does
// not say it again; and the way the comment gives to apply them works. Run as the runner runs dist/index.js, against
// the GitHub stand-in (with the git remote behind its compare route) and the simulator.
import { describe, expect, it } from 'vitest';
import { programManagementAccount } from './helpers.js';
import { actionHarness } from './support/action-harness.js';
import { type GitFixture, git } from './support/git-fixture.js';

const CREDENTIALS = {
  accessKeyId: 'ASIAQX7SKIPPEDMERGE1',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSKIPPEDMERGE',
  accountId: '111122223333',
};
const SKIPPED = '<!-- channel-handshakes:skipped-merge dir=handshakes -->';
const beta = programManagementAccount('beta', 'pma-abcdef123456h');
const gamma = programManagementAccount('gamma', 'pma-abcdef123456j');

describe('a merge whose apply GitHub cancelled is told on its pull request (issue 16)', () => {
  const action = actionHarness({ credentials: CREDENTIALS });
  const { github, head } = action;
  let fixture: GitFixture;

  /** The plan workflow on pull request `number`, with the workspace as its merge ref. */
  const planRun = (number: number) =>
    action.runPullRequest({
      edit: (payload) => {
        payload.number = number;
        payload.pull_request.number = number;
      },
    });

  /** The merge of pull request `number`: its commit, pushed to master and associated with it. */
  async function merge(number: number, files: Record<string, string>): Promise<string> {
    const sha = await fixture.commit(files, `Merge pull request #${number}`);
    github.pullsByCommit.set(sha, [
      { number, merged_at: '2026-12-01T10:00:00Z', labels: [], head_sha: 'e'.repeat(40), base_ref: 'master' },
    ]);
    return sha;
  }

  const pushRun = (inputs: Record<string, string> = {}) =>
    action.runPush({
      inputs,
      // The first push of the branch has no parent: GitHub sends forty zeros.
      before: git(fixture.workspace, 'rev-list', '--max-count=1', '--skip=1', 'HEAD') || '0'.repeat(40),
    });

  const driftRun = () => action.runSchedule({ payload: {}, inputs: { 'commit-state': 'false' } });

  const skippedComments = (issue: number) =>
    github.comments.filter((comment) => comment.issue === issue && comment.body.startsWith(`${SKIPPED}\n`));

  it('the refused apply of the third merge tells the second, once; drift does not repeat it; the steps it gives apply them', async () => {
    fixture = await action.createFixture({ 'handshakes/alpha.yaml': programManagementAccount('alpha') });
    github.repository = fixture.remote;
    // Merge #1 applied: the state records its commit.
    github.pullsByCommit.set(head(), [
      { number: 1, merged_at: '2026-12-01T09:00:00Z', labels: [], head_sha: 'd'.repeat(40), base_ref: 'master' },
    ]);
    const first = await pushRun({ 'require-reviewed-plan': 'false' });
    expect(first.code, first.stdout).toBe(0);
    const applied = head();

    // Pull request #3 is planned first, on a branch without beta: its reviewed plan creates gamma only.
    git(fixture.workspace, 'checkout', '--quiet', '-b', 'pr-3');
    await fixture.commit({ 'handshakes/gamma.yaml': gamma }, 'gamma');
    expect((await planRun(3)).code).toBe(0);
    git(fixture.workspace, 'checkout', '--quiet', 'master');
    git(fixture.workspace, 'reset', '--quiet', '--hard', applied);
    git(fixture.workspace, 'push', '--quiet', '--force', 'origin', 'master');

    // Pull request #2 (beta) is planned and merged; GitHub cancels its pending apply when #3 merges.
    await fixture.commit({ 'handshakes/beta.yaml': beta }, 'beta');
    expect((await planRun(2)).code).toBe(0);
    github.pullsByCommit.set(head(), [
      { number: 2, merged_at: '2026-12-01T10:00:00Z', labels: [], head_sha: 'b'.repeat(40), base_ref: 'master' },
    ]);
    await merge(3, { 'handshakes/gamma.yaml': gamma });

    const third = await pushRun();
    expect(third.outputs['failure-reason']).toBe('plan-changed');
    expect(action.simulator().handshakes()).toHaveLength(1);
    // #3 hears from its own apply ("Not applied"); #2, whose apply never ran, is told what is unsent and how to apply.
    expect(skippedComments(3)).toEqual([]);
    const told = skippedComments(2);
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toContain('⏭️ **Merged but not applied** for `handshakes`');
    expect(told[0]?.body).toContain('- create beta\n- create gamma');
    expect(told[0]?.body).toContain('1. Open a pull request that changes a file under `handshakes`');
    expect(third.stdout).toMatch(/^::warning::The apply of #2 was skipped; said so on the pull request/m);

    // The scheduled drift run finds the same unapplied changes: the drift issue lists them, #2 is not told again.
    const drift = await driftRun();
    expect(drift.code, drift.stdout).toBe(0);
    expect(drift.outputs.unapplied).toBe('2');
    expect(skippedComments(2)).toHaveLength(1);
    expect(skippedComments(3)).toEqual([]);

    // The way the comment gives: a pull request that touches the directory, reviewed and merged, sends them all.
    await fixture.commit({ 'handshakes/beta.yaml': `# re-plan the skipped merge\n${beta}` }, 're-plan');
    expect((await planRun(4)).code).toBe(0);
    github.pullsByCommit.set(head(), [
      { number: 4, merged_at: '2026-12-01T11:00:00Z', labels: [], head_sha: 'f'.repeat(40), base_ref: 'master' },
    ]);
    const fourth = await pushRun();
    expect(fourth.code, fourth.stdout).toBe(0);
    expect(action.simulator().handshakes()).toHaveLength(3);
    git(fixture.workspace, 'pull', '--quiet', 'origin', 'master');
    const quiet = await driftRun();
    expect(quiet.outputs.unapplied).toBe('0');
    expect(github.comments.filter((comment) => comment.body.startsWith(`${SKIPPED}\n`))).toHaveLength(1);
  }, 60_000);

  it('a merge whose apply reported is never told, and without a recorded commit nobody is named', async () => {
    fixture = await action.createFixture({ 'handshakes/alpha.yaml': programManagementAccount('alpha') });
    github.repository = fixture.remote;
    // Nothing applied yet: the state records no commit, so the drift run lists the change without naming a merge.
    expect((await planRun(1)).code).toBe(0);
    github.pullsByCommit.set(head(), [
      { number: 1, merged_at: '2026-12-01T09:00:00Z', labels: [], head_sha: 'd'.repeat(40), base_ref: 'master' },
    ]);
    const unnamed = await driftRun();
    expect(unnamed.outputs.unapplied).toBe('1');
    expect(unnamed.stdout).toContain('cannot be named');
    expect(github.comments.filter((comment) => comment.body.startsWith(`${SKIPPED}\n`))).toEqual([]);

    // #1 applied and reported; #2 merged beta and its apply was refused (it was told by its own report): nobody else
    // is told by the drift run.
    expect((await pushRun()).code).toBe(0);
    git(fixture.workspace, 'pull', '--quiet', 'origin', 'master');
    await fixture.commit({ 'handshakes/beta.yaml': beta }, 'beta');
    github.pullsByCommit.set(head(), [
      { number: 2, merged_at: '2026-12-01T10:00:00Z', labels: [], head_sha: 'b'.repeat(40), base_ref: 'master' },
    ]);
    expect((await pushRun()).outputs['failure-reason']).toBe('plan-changed');
    const drift = await driftRun();
    expect(drift.outputs.unapplied).toBe('1');
    expect(github.comments.filter((comment) => comment.body.startsWith(`${SKIPPED}\n`))).toEqual([]);
  }, 60_000);
});
