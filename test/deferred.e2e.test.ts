// The reviewed remainder of a plan, end to end through dist/index.js as the runner runs it (issues 18 and 20): a merge
// whose time budget runs out, or whose declarations wait, records the rest as reviewed; scheduled runs send it once a
// fresh plan holds exactly it, and tell the pull request that reviewed it.
import { describe, expect, it } from 'vitest';
import type { RecordedState } from '../src/core/model.js';
import { serializeState } from '../src/files/state.js';
import { newClient } from './api-helpers.js';
import { startServicePeriod } from './helpers.js';
import { actionHarness } from './support/action-harness.js';
import { type GitFixture, git } from './support/git-fixture.js';
import { onboardingYaml } from './support/onboarding-text.js';
import type { RunnerResult } from './support/runner.js';
import { runtimes } from './support/runtimes.js';

const ONBOARDING = onboardingYaml({ start: true });

/** N declarations, one relationship each, so the endpoint's count of handshakes is the count of creates. */
function many(count: number, days = 30): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [
      `handshakes/customer-${index}.yaml`,
      startServicePeriod(`customer-${index}`, {
        relationship: `rs-${String(index).padStart(12, '0')}a`,
        days: index === 0 ? days : 30,
      }),
    ]),
  );
}

// Node 24, as action.yml declares: the other runtimes run the Action's other end-to-end tests.
const node = (runtimes()[0] as [string, string])[1];

describe('a reviewed plan larger than one run, or one that waits, continues in later runs', () => {
  const action = actionHarness({ node });
  const { github, head } = action;
  let fixture: GitFixture;

  const pullRequestRun = (inputs: Record<string, string> = {}) => action.runPullRequest({ inputs });
  const pushRun = (inputs: Record<string, string> = {}) => action.runPush({ inputs });

  /** The scheduled run, on the newest commit of the default branch (the state commits included). */
  function scheduledRun(inputs: Record<string, string> = {}, event = 'schedule'): Promise<RunnerResult> {
    git(fixture.workspace, 'pull', '--quiet', 'origin', 'master');
    return event === 'schedule'
      ? action.runSchedule({ inputs, payload: { schedule: '0 * * * *' } })
      : action.runDispatch({ inputs });
  }

  function merged(number = 2): void {
    github.pullsByCommit.set(head(), [
      {
        number,
        merged_at: '2026-11-27T10:00:00Z',
        labels: [],
        head_sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
        base_ref: 'master',
      },
    ]);
  }

  async function remoteState(): Promise<RecordedState> {
    return JSON.parse(git(fixture.remote, 'show', 'master:handshakes/state.json')) as RecordedState;
  }

  const conversation = (pullRequest = 2) =>
    github.comments
      .filter((comment) => comment.issue === pullRequest)
      .map((comment) => comment.body)
      .join('\n---\n');

  const budget = { 'timeout-minutes': '0.05', 'rate-mutate': '2', 'rate-list': '20', 'rate-tag': '20' };

  it('stops a merge at timeout-minutes, then scheduled runs send the rest: exactly N handshakes, progress then completion on the pull request', async () => {
    const total = 12;
    fixture = await action.createFixture(many(total));
    expect((await pullRequestRun()).code).toBe(0);
    merged();
    const merge = await pushRun(budget);
    expect(merge.stderr).toBe('');
    // Progress was made and the rest is recorded as reviewed: the job does not fail.
    expect(merge.code).toBe(0);
    const first = (await remoteState()).deferred;
    expect(first).toMatchObject({ pullRequest: 2, total });
    expect(first?.sent).toBeGreaterThan(0);
    expect(first?.sent).toBeLessThan(total);
    expect(action.simulator().handshakes()).toHaveLength(first?.sent as number);
    expect(merge.summary).toContain(
      `${first?.sent} of ${total} sent from the plan reviewed on #2; continuing in the next run`,
    );
    expect(conversation()).toContain(
      `${first?.sent} of ${total} sent from the plan reviewed on #2; continuing in the next run`,
    );

    // A workflow_dispatch with command: apply continues it too, without a new review.
    const dispatched = await scheduledRun({ ...budget, command: 'apply' }, 'workflow_dispatch');
    expect(dispatched.stderr).toBe('');
    expect(dispatched.code).toBe(0);
    expect(action.simulator().handshakes().length).toBeGreaterThan(first?.sent as number);
    let runs = 0;
    while ((await remoteState()).deferred && runs < 8) {
      const later = await scheduledRun(budget);
      expect(later.stderr).toBe('');
      expect(later.code).toBe(0);
      // What the continuation sends is not "merged but never applied": no drift issue for it.
      expect(later.outputs.unapplied).toBe('0');
      runs++;
    }
    expect(github.issues).toHaveLength(0);
    expect((await remoteState()).deferred).toBeUndefined();
    // Exactly once across every run: one handshake per declaration, each clientToken sent to AWS once.
    expect(action.simulator().handshakes()).toHaveLength(total);
    const tokens = action
      .simulator()
      .requests.filter((request) => request.operation === 'CreateChannelHandshake')
      .map((request) => (request.input as { clientToken?: string }).clientToken);
    expect(new Set(tokens).size).toBe(total);
    expect(conversation()).toContain(`Completed the plan reviewed on #2: ${total} of ${total} sent; nothing is left`);
  }, 120_000);

  it('does not send a deferred change whose declaration changed between runs, and says why', async () => {
    const total = 12;
    fixture = await action.createFixture(many(total));
    expect((await pullRequestRun()).code).toBe(0);
    merged();
    expect((await pushRun(budget)).code).toBe(0);
    const first = (await remoteState()).deferred;
    const waiting = first?.items.map((item) => item.name) ?? [];
    expect(waiting.length).toBeGreaterThan(0);
    // A later commit edits one of the declarations the merge left unsent, without a review of its plan.
    // The last one: never started, so never in flight when the deadline came.
    const edited = waiting.at(-1) as string;
    git(fixture.workspace, 'pull', '--quiet', 'origin', 'master');
    const index = Number(edited.replace('customer-', ''));
    await fixture.commit(
      {
        [`handshakes/${edited}.yaml`]: startServicePeriod(edited, {
          relationship: `rs-${String(index).padStart(12, '0')}a`,
          days: 90,
        }),
      },
      'edit a deferred declaration',
    );
    const later = await scheduledRun();
    expect(later.code).toBe(0);
    expect(later.stdout).toContain(
      `${edited}: not sent, its declaration (or one it references) changed since the review`,
    );
    expect(conversation()).toContain(
      `${edited}: not sent, its declaration (or one it references) changed since the review`,
    );
    expect((await remoteState()).deferred).toBeUndefined();
    // Everything else went out; the edited one was never sent.
    const sentNames = action.simulator().handshakes().length;
    expect(sentNames).toBe(total - 1);
    expect((await remoteState()).declarations[edited]).toBeUndefined();
  }, 120_000);

  it('does not continue a record edited in the state file: a forged item sends nothing, not even what was reviewed', async () => {
    const total = 12;
    fixture = await action.createFixture(many(total));
    expect((await pullRequestRun()).code).toBe(0);
    merged();
    expect((await pushRun(budget)).code).toBe(0);
    git(fixture.workspace, 'pull', '--quiet', 'origin', 'master');
    const state = await remoteState();
    const sentBefore = action.simulator().handshakes().length;
    const record = state.deferred as NonNullable<RecordedState['deferred']>;
    // A later commit declares one more handshake and forges a waiting item for it into the record.
    const forged: RecordedState = {
      ...state,
      deferred: {
        ...record,
        total: record.total + 1,
        items: [
          ...record.items,
          {
            kind: 'wait',
            name: 'intruder',
            declarationKind: 'ChannelHandshake',
            waitsFor: 'customer-0',
            until: 'created',
            fingerprint: record.items[0]?.fingerprint as string,
          },
        ],
      },
    };
    await fixture.commit(
      {
        'handshakes/intruder.yaml': startServicePeriod('intruder', { relationship: 'rs-bbbbbbbbbbbb1' }),
        'handshakes/state.json': serializeState(forged),
      },
      'forge the deferred record',
    );
    const later = await scheduledRun();
    expect(later.code).toBe(0);
    expect(later.stdout).toContain('is not what this Action last committed for #2');
    expect(action.simulator().handshakes()).toHaveLength(sentBefore);
    expect(
      action
        .simulator()
        .handshakes()
        .map((handshake) => handshake.associatedResourceId),
    ).not.toContain('rs-bbbbbbbbbbbb1');
  }, 120_000);

  it('does not release a waiting change toward a resource record edited in the state file: no relationship under another account', async () => {
    fixture = await action.createFixture({ 'handshakes/customers.yaml': ONBOARDING });
    expect((await pullRequestRun()).code).toBe(0);
    merged();
    expect((await pushRun()).code).toBe(0);
    git(fixture.workspace, 'pull', '--quiet', 'origin', 'master');
    const state = await remoteState();
    const emea = state.resources?.emea as NonNullable<RecordedState['resources']>[string];
    const activation = state.declarations['emea-activation']?.handshakes[0]?.id as string;
    // A later pull request leaves the record alone and re-points the account it waits for at another one.
    const elsewhere = 'pma-zzzzzzzzzzzzz';
    const edited: RecordedState = {
      ...state,
      resources: {
        ...state.resources,
        emea: { ...emea, id: elsewhere, arn: emea.arn.replace(emea.id, elsewhere), status: 'ACTIVE' },
      },
    };
    await fixture.commit({ 'handshakes/state.json': serializeState(edited) }, 'tidy up the state');
    const accepted = await fetch(`${action.awsUrl()}/_simulator/handshakes/${activation}/accept`, { method: 'POST' });
    expect(accepted.status).toBe(200);
    const later = await scheduledRun();
    expect(later.code).toBe(0);
    expect(later.stdout).toContain('a resource record its waiting changes would be sent to');
    expect(action.simulator().requests.filter((request) => request.operation === 'CreateRelationship')).toHaveLength(0);
  }, 120_000);

  it('onboards a customer: the relationship waits for the account to be activated, then the follow-up run creates it and says so on the pull request', async () => {
    fixture = await action.createFixture({ 'handshakes/customers.yaml': ONBOARDING });
    expect((await pullRequestRun()).code).toBe(0);
    merged();
    const merge = await pushRun();
    expect(merge.stderr).toBe('');
    // It stops at the wait and exits 0, saying what it waits for.
    expect(merge.code).toBe(0);
    expect(merge.stdout).toContain('acme (relationship) waits for emea to become ACTIVE');
    const afterMerge = await remoteState();
    // The merge created the account and, in the same run, the activation handshake the account's creation released.
    expect(afterMerge.resources?.emea?.id).toMatch(/^pma-/);
    const activation = afterMerge.declarations['emea-activation']?.handshakes[0]?.id as string;
    expect(activation).toMatch(/^ch-/);
    expect(afterMerge.deferred?.items.map((item) => item.name).sort()).toEqual(['acme', 'acme-support']);
    expect(conversation()).toContain('2 of 4 sent from the plan reviewed on #2');

    // Nothing is ready yet: a scheduled run sends nothing.
    const quiet = await scheduledRun();
    expect(quiet.code).toBe(0);
    expect(action.simulator().requests.filter((request) => request.operation === 'CreateRelationship')).toHaveLength(0);

    // The management account accepts the activation (the simulator's control route, as the receiving side).
    const accepted = await fetch(`${action.awsUrl()}/_simulator/handshakes/${activation}/accept`, { method: 'POST' });
    expect(accepted.status).toBe(200);
    const followUp = await scheduledRun();
    expect(followUp.stderr).toBe('');
    expect(followUp.code).toBe(0);
    const state = await remoteState();
    expect(state.resources?.acme?.id).toMatch(/^rs-/);
    expect(state.declarations['acme-support']?.handshakes[0]?.spec.associatedResourceIdentifier).toBe(
      state.resources?.acme?.id,
    );
    expect(state.deferred).toBeUndefined();
    expect(action.simulator().requests.filter((request) => request.operation === 'CreateRelationship')).toHaveLength(1);
    expect(conversation()).toContain('Completed the plan reviewed on #2: 4 of 4 sent; nothing is left');

    // Someone renames the relationship in the console: the next scheduled run records it, commits it and opens the
    // drift issue for it (issue 18: refresh reports what was changed outside).
    const relationship = state.resources?.acme;
    await newClient(action.awsUrl()).updateRelationship({
      catalog: 'AWS',
      identifier: relationship?.id as string,
      programManagementAccountIdentifier: relationship?.programManagementAccountId as string,
      displayName: 'ACME (renamed)',
    });
    const drift = await scheduledRun();
    expect(drift.code, drift.stderr).toBe(0);
    expect(drift.outputs.drift).toBe('true');
    expect((await remoteState()).resources?.acme?.displayName).toBe('ACME (renamed)');
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]?.body).toContain('### Program management accounts and relationships');
    expect(github.issues[0]?.body).toContain('displayName changed outside: "ACME" → "ACME (renamed)"');
  }, 120_000);
});
