import { type ApplyOutcome, applyPlan } from '../apply/executor.js';
import { appliedByFromEnvironment } from '../core/applied-by.js';
import { errorMessage } from '../core/errors.js';
import type { Plan } from '../core/model.js';
import { redactValue } from '../core/redact.js';
import { guardedStateWriter, serialOnDisk } from '../files/state.js';
import type { GitHubApi } from '../github/api.js';
import { describeResult, renderApplyMarkdown, stateCommitMessage } from '../render/apply-result.js';
import { deadlineReport, timedOutResults } from '../render/deadline.js';
import { summaryLine } from '../render/describe.js';
import { renderPlanText } from '../render/text.js';
import {
  ActionFailure,
  commitState,
  planComment,
  planWorkspace,
  publishPlan,
  runValidate,
  type Session,
  sessionRedactor,
  statePath,
  stickyComment,
} from './session.js';
import { COMMENT_LIMIT, commentMarker, findOwnComment, readPlanData } from './sticky-comment.js';

export const ALLOW_DESTRUCTIVE_LABEL = 'handshakes:allow-destructive';

interface MergedPullRequest {
  number: number;
  labels: string[];
}

/** The reviewed plan: the digest in the merged pull request's sticky comment, written by our own identity. */
async function reviewedPlanCheck(
  session: Session,
  plan: Plan,
  github: GitHubApi | undefined,
): Promise<MergedPullRequest | undefined> {
  const { inputs, context, core } = session;
  const pulls = github ? await github.listPullRequestsForCommit(context.sha) : [];
  const merged = pulls.find((pull) => pull.mergedAt) ?? pulls[0];
  if (!merged) {
    if (inputs.requireReviewedPlan) {
      throw new ActionFailure(
        'plan-changed',
        `commit ${context.sha.slice(0, 12)} has no associated pull request, so there is no reviewed plan to check against. Merge changes through a pull request, or set require-reviewed-plan: false to apply pushes directly.`,
      );
    }
    core.warning(
      'No pull request is associated with this push; applying without a reviewed plan (require-reviewed-plan: false).',
    );
    return undefined;
  }
  if (!inputs.requireReviewedPlan) {
    return { number: merged.number, labels: merged.labels };
  }
  const ownLogin = await github?.authenticatedLogin();
  const comment = github
    ? findOwnComment(await github.listIssueComments(merged.number), inputs.directory, ownLogin)
    : undefined;
  const reviewed = comment ? readPlanData(comment.body) : undefined;
  if (!reviewed) {
    throw new ActionFailure(
      'plan-changed',
      `pull request #${merged.number} has no plan comment for ${inputs.directory}, so nobody reviewed this plan. Re-run the plan job on the pull request (or revert and re-open it) before applying.\n  now: ${plan.digest} — ${summaryLine(plan.summary)}`,
    );
  }
  if (reviewed.digest !== plan.digest) {
    throw new ActionFailure(
      'plan-changed',
      `the plan changed since it was reviewed on #${merged.number}, so nothing was applied.\n  reviewed: ${reviewed.digest} — ${summaryLine(reviewed.summary)}\n  now:      ${plan.digest} — ${summaryLine(plan.summary)}\nThe recorded state moved after review (another apply), or the pull request merged without a fresh plan. Open a pull request that re-plans, review it, and merge it.`,
    );
  }
  core.info(`The plan matches the one reviewed on #${merged.number} (${plan.digest}).`);
  return { number: merged.number, labels: merged.labels };
}

function destructiveGate(session: Session, plan: Plan, pull: MergedPullRequest | undefined): void {
  const destructive = plan.summary.cancel + plan.summary.revoke + plan.summary.replace;
  if (destructive <= session.inputs.maxDestructive) return;
  if (session.inputs.allowDestructive) {
    session.core.warning(
      `${destructive} destructive changes (more than max-destructive ${session.inputs.maxDestructive}), allowed by allow-destructive.`,
    );
    return;
  }
  if (pull?.labels.includes(ALLOW_DESTRUCTIVE_LABEL)) {
    session.core.warning(
      `${destructive} destructive changes, allowed by the ${ALLOW_DESTRUCTIVE_LABEL} label on #${pull.number}.`,
    );
    return;
  }
  throw new ActionFailure(
    'destructive-gate',
    `the plan cancels, revokes or replaces ${destructive} handshakes, more than max-destructive (${session.inputs.maxDestructive}). Nothing was applied. If this is intended, add the label ${ALLOW_DESTRUCTIVE_LABEL} to the pull request and re-run, or set allow-destructive: true.`,
  );
}

/** Commits `ours` as the new state; after a push race, re-applies what changed since `base` onto the newest state. */
export async function runApply(session: Session): Promise<void> {
  const { core, inputs, context, dependencies } = session;
  const validated = await runValidate(session);
  const { plan, state } = await planWorkspace(session, validated);
  core.info(renderPlanText(plan, { color: false }));
  await publishPlan(session, plan);
  if (plan.changes.length === 0) {
    await core.appendSummary(planComment(session, plan));
    core.info('No changes to apply.');
    return;
  }
  const github = inputs.githubToken ? await dependencies.github(inputs.githubToken, context) : undefined;
  const pull = await reviewedPlanCheck(session, plan, github);
  destructiveGate(session, plan, pull);

  const aws = await dependencies.aws({
    endpoint: inputs.endpoint,
    region: inputs.region,
    env: dependencies.env,
    rateLimits: inputs.rateLimits,
    timeoutMs: inputs.timeoutMs,
  });
  const path = statePath(session);
  const writeGuarded = guardedStateWriter(path, await serialOnDisk(path), inputs.stateFile);
  let outcome: ApplyOutcome;
  try {
    outcome = await applyPlan(plan, state, {
      api: aws.client,
      persist: (next) => writeGuarded(redactValue(next, sessionRedactor(session))),
      now: dependencies.now,
      appliedBy: { ...appliedByFromEnvironment(dependencies.env), ...(pull ? { pullRequest: pull.number } : {}) },
      onResult: (result) => core.info(describeResult(result)),
    });
  } finally {
    aws.close();
  }
  const failed = outcome.results.filter((result) => result.outcome === 'failed');

  let commitUrl: string | undefined;
  let commitProblem: string | undefined;
  let conflict: ActionFailure | undefined;
  if (inputs.commitState) {
    try {
      const sha = await commitState(
        session,
        state,
        outcome.state,
        stateCommitMessage(outcome.results, pull?.number, inputs.directory),
      );
      commitUrl = `${context.serverUrl}/${context.owner}/${context.repo}/commit/${sha}`;
      core.setOutput('state-commit', sha);
      core.info(`State committed: ${commitUrl}`);
    } catch (error) {
      commitProblem = errorMessage(error);
      conflict =
        error instanceof ActionFailure
          ? error
          : new ActionFailure('state-conflict', `committing the state failed: ${commitProblem}`);
    }
  }
  const markdown = renderApplyMarkdown(outcome.results, {
    directory: inputs.directory,
    runUrl: context.runUrl,
    commitUrl,
    commitProblem,
  });
  await core.appendSummary(markdown);
  if (pull && github && inputs.comment) {
    const reviewed = findOwnComment(
      await github.listIssueComments(pull.number),
      inputs.directory,
      await github.authenticatedLogin(),
    );
    const planPart = reviewed ? reviewed.body.replace(commentMarker(inputs.directory), '').trim() : '';
    const body = `${commentMarker(inputs.directory)}\n${markdown}\n---\n\n<details><summary>The reviewed plan</summary>\n\n${planPart}\n\n</details>\n`;
    await stickyComment(
      session,
      pull.number,
      body.length < COMMENT_LIMIT ? body : `${commentMarker(inputs.directory)}\n${markdown}`,
    );
  }
  if (conflict) throw conflict;
  if (timedOutResults(outcome.results).length > 0 && inputs.timeoutMs) {
    throw new ActionFailure(
      'apply-failed',
      deadlineReport(outcome.results, `timeout-minutes ${inputs.timeoutMs / 60_000}`).replace(
        'Run apply again to finish',
        'Every success is recorded and committed. Re-run this job to finish',
      ),
    );
  }
  if (failed.length > 0) {
    throw new ActionFailure(
      'apply-failed',
      `${failed.length} of ${outcome.results.length} changes failed; every success is recorded and committed.`,
    );
  }
}
