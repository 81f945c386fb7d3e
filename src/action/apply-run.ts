import { appliedByFromEnvironment } from '../core/applied-by.js';
import { planErrors, type Validated } from '../core/engine.js';
import { errorMessage } from '../core/errors.js';
import type { ChangeResult, Plan, RecordedState } from '../core/model.js';
import { ALLOW_DESTRUCTIVE_LABEL, ALLOW_STATE_EDIT_LABEL, destructiveVerdict, endsNow } from '../core/policy.js';
import { redactValue } from '../core/redact.js';
import { guardedStateWriter, serialOnDisk } from '../files/state.js';
import type { GitHubApi, IssueComment } from '../github/api.js';
import { GitHubError, isUnprocessable } from '../github/api.js';
import { describeResult, renderApplyMarkdown, stateCommitMessage } from '../render/apply-result.js';
import { deadlineReport } from '../render/deadline.js';
import { renderDeferredMarkdown, renderDeferredText } from '../render/deferred.js';
import { summaryLine } from '../render/describe.js';
import { markdownLink } from '../render/links.js';
import { markdownCode } from '../render/neutralise.js';
import { type NotApplied, notAppliedHeadline, renderNotAppliedMarkdown } from '../render/not-applied.js';
import { outcomeLabel } from '../render/outcome.js';
import { renderPlanText } from '../render/text.js';
import { type ApplyReport, applyReportOf, applyUseCase } from '../usecases/apply.js';
import { stickyComment } from './comments.js';
import { continueReviewedPlan, type MergeRemainder, recordMergeRemainder } from './deferred-run.js';
import { ownIdentity } from './own-identity.js';
import { publishPlan } from './plan-outputs.js';
import { ActionFailure, partnerCentral, reportLinks, type Session, sessionRedactor, statePath } from './session.js';
import { commitState, planWorkspace } from './session-state.js';
import { tellSkippedMerges } from './skipped-merges.js';
import { compareRecordedState } from './state-edit-check.js';
import {
  findOwnComment,
  findReviewedPlanComment,
  notificationMarker,
  readPlanData,
  reportInPlaceOfPlan,
  writtenByUs,
} from './sticky-comment.js';
import { runValidate } from './validation-run.js';

/** A refusal: nothing was sent, and the report says why and what to do. */
class NotAppliedFailure extends ActionFailure {
  readonly notApplied: NotApplied;
  readonly pullRequest?: number;
  constructor(notApplied: NotApplied, message: string, pullRequest?: number) {
    super(notApplied.reason, message);
    this.notApplied = notApplied;
    this.pullRequest = pullRequest;
  }
}

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
  const current = { digest: plan.digest, summary: plan.summary };
  if (!merged) {
    if (inputs.requireReviewedPlan) {
      const explanation = `commit ${context.sha.slice(0, 12)} has no associated pull request, so there is no reviewed plan to check against. Merge changes through a pull request, or set require-reviewed-plan: false to apply pushes directly.`;
      throw new NotAppliedFailure({ reason: 'plan-changed', current, explanation }, explanation);
    }
    core.warning(
      'No pull request is associated with this push; applying without a reviewed plan (require-reviewed-plan: false).',
    );
    return undefined;
  }
  if (!inputs.requireReviewedPlan) {
    return { number: merged.number, labels: merged.labels };
  }
  const comment = github
    ? findReviewedPlanComment(
        await github.listIssueComments(merged.number),
        inputs.directory,
        await ownIdentity(github, inputs.appBotLogin),
      )
    : undefined;
  const reviewed = comment ? readPlanData(comment.body) : undefined;
  if (!reviewed) {
    const explanation = `pull request #${merged.number} has no plan comment for ${inputs.directory}, so nobody reviewed this plan.`;
    throw new NotAppliedFailure(
      { reason: 'plan-changed', current, explanation, pullRequest: merged.number },
      `${explanation} Re-run the plan job on the pull request (or revert and re-open it) before applying.\n  now: ${plan.digest} — ${summaryLine(plan.summary)}`,
      merged.number,
    );
  }
  if (reviewed.digest !== plan.digest) {
    throw new NotAppliedFailure(
      {
        reason: 'plan-changed',
        reviewed,
        current,
        pullRequest: merged.number,
        explanation:
          'the recorded state moved after review (another apply landed first), or the pull request merged without a fresh plan.',
      },
      `the plan changed since it was reviewed on #${merged.number}, so nothing was applied.\n  reviewed: ${reviewed.digest} — ${summaryLine(reviewed.summary)}\n  now:      ${plan.digest} — ${summaryLine(plan.summary)}\nThe recorded state moved after review (another apply), or the pull request merged without a fresh plan. Open a pull request that re-plans, review it, and merge it.`,
      merged.number,
    );
  }
  core.info(`The plan matches the one reviewed on #${merged.number} (${plan.digest}).`);
  return { number: merged.number, labels: merged.labels };
}

/**
 * A merge that edited the recorded state applies nothing unless its pull request carries the label: the plan was
 * computed from the edited state, so the reviewed-plan check cannot catch what the edit makes the merge do.
 */
async function stateEditGate(session: Session, plan: Plan, github: GitHubApi | undefined): Promise<void> {
  const comparison = await compareRecordedState(session, 'apply');
  if (comparison.kind === 'unknown' || comparison.edits.length === 0) return;
  const pulls = github ? await github.listPullRequestsForCommit(session.context.sha) : [];
  const pull = pulls.find((candidate) => candidate.mergedAt) ?? pulls[0];
  if (pull?.labels.includes(ALLOW_STATE_EDIT_LABEL)) {
    session.core.warning(
      `This merge edits the recorded state (${comparison.edits.length} edit(s) by meaning), allowed by the ${ALLOW_STATE_EDIT_LABEL} label on #${pull.number}.`,
    );
    return;
  }
  throw new NotAppliedFailure(
    {
      reason: 'state-edited',
      current: { digest: plan.digest, summary: plan.summary },
      edits: comparison.edits,
      stateFile: session.inputs.stateFile,
      ...(pull ? { pullRequest: pull.number } : {}),
    },
    `this merge edits the recorded state ${session.inputs.stateFile} (${comparison.edits.length} edit(s) by meaning since ${comparison.base.slice(0, 12)}), so nothing was applied. If every edit is intended, add the label ${ALLOW_STATE_EDIT_LABEL} to the pull request and re-run this job; otherwise restore the state file in a new pull request.`,
    pull?.number,
  );
}

function destructiveGate(session: Session, plan: Plan, pull: MergedPullRequest | undefined): void {
  const verdict = destructiveVerdict(plan.summary, {
    maxDestructive: session.inputs.maxDestructive,
    allowDestructive: session.inputs.allowDestructive,
    labels: pull?.labels ?? [],
  });
  const destructive = verdict.endsNow;
  if (verdict.kind === 'within') return;
  if (verdict.kind === 'allowed' && verdict.by === 'input') {
    session.core.warning(
      `${destructive} destructive changes (more than max-destructive ${session.inputs.maxDestructive}), allowed by allow-destructive.`,
    );
    return;
  }
  if (verdict.kind === 'allowed') {
    session.core.warning(
      `${destructive} destructive changes, allowed by the ${ALLOW_DESTRUCTIVE_LABEL} label on #${pull?.number}.`,
    );
    return;
  }
  throw new NotAppliedFailure(
    {
      reason: 'destructive-gate',
      current: { digest: plan.digest, summary: plan.summary },
      maxDestructive: session.inputs.maxDestructive,
      ending: plan.changes.filter((change) => endsNow(change.action)),
      pullRequest: pull?.number,
    },
    `the plan cancels, revokes or replaces ${destructive} handshakes, more than max-destructive (${session.inputs.maxDestructive}). Nothing was applied. If this is intended, add the label ${ALLOW_DESTRUCTIVE_LABEL} to the pull request and re-run, or set allow-destructive: true.`,
    pull?.number,
  );
}

/** GitHub work after the state commit must not turn a recorded apply into a failed job: it becomes a warning. */
async function afterCommit<T>(session: Session, what: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof GitHubError)) throw error;
    const status = error.status;
    session.core.warning(
      `${what} failed (${isUnprocessable(error) ? 'GitHub refused the body' : `HTTP ${status}`}: ${errorMessage(error)}); the report is in the job summary${status === 422 ? '' : ' and the state commit stands'}.`,
    );
    return undefined;
  }
}

/**
 * A short new comment on partial failure or refusal. GitHub notifies nobody about an edited comment, so the sticky
 * comment alone would reach no one; this one does, and points at the details.
 */
async function notify(
  session: Session,
  github: GitHubApi,
  pullRequest: number,
  text: string,
  sticky: IssueComment | undefined,
): Promise<IssueComment | undefined> {
  if (session.inputs.comment === 'false') return undefined;
  const links = [
    sticky ? markdownLink('details', sticky.url) : undefined,
    session.context.runUrl ? markdownLink('run log', session.context.runUrl) : undefined,
  ].filter((link): link is string => link !== undefined);
  const body = `${notificationMarker(session.inputs.directory)}\n${text}${links.length > 0 ? ` (${links.join(' · ')})` : ''}\n`;
  return afterCommit(session, 'The notification comment', () => github.createIssueComment(pullRequest, body));
}

/**
 * Hides our earlier notification comments for this directory as outdated once a later run has spoken for the pull
 * request: its own notification (kept), or a run that applied everything. As Atlantis hides its outdated comments,
 * the conversation then shows only the notification that still holds. Anyone may expand them again.
 */
async function minimizeEarlierNotifications(
  session: Session,
  github: GitHubApi,
  pullRequest: number,
  keep: IssueComment | undefined,
): Promise<void> {
  if (session.inputs.comment === 'false') return;
  await afterCommit(session, 'Hiding earlier notification comments', async () => {
    const marker = `${notificationMarker(session.inputs.directory)}\n`;
    const identity = await ownIdentity(github, session.inputs.appBotLogin);
    const earlier = (await github.listIssueComments(pullRequest)).filter(
      (comment) =>
        comment.id !== keep?.id &&
        comment.nodeId !== undefined &&
        comment.body.startsWith(marker) &&
        writtenByUs(comment, identity),
    );
    for (const comment of earlier) await github.minimizeComment(comment.nodeId as string);
  });
}

async function ownStickyComment(session: Session, github: GitHubApi, pullRequest: number) {
  return findOwnComment(
    await github.listIssueComments(pullRequest),
    session.inputs.directory,
    await ownIdentity(github, session.inputs.appBotLogin),
  );
}

/** Says "⛔ Not applied" in the job summary, in place of the plan in the pull request's comment, and in a new comment. */
async function reportNotApplied(
  session: Session,
  github: GitHubApi | undefined,
  pullRequest: number | undefined,
  notApplied: NotApplied,
): Promise<void> {
  const { inputs } = session;
  const options = { ...reportLinks(session), directory: inputs.directory };
  let notification: IssueComment | undefined;
  let sticky: IssueComment | undefined;
  if (github && pullRequest !== undefined && inputs.comment !== 'false') {
    sticky = await afterCommit(session, 'Reading the pull request comments', () =>
      ownStickyComment(session, github, pullRequest),
    );
    notification = await notify(
      session,
      github,
      pullRequest,
      `⛔ **Not applied** for ${markdownCode(inputs.directory)}: ${notAppliedHeadline(notApplied)}. Nothing was sent to AWS.`,
      sticky,
    );
  }
  if (github && pullRequest !== undefined && notification) {
    await minimizeEarlierNotifications(session, github, pullRequest, notification);
  }
  const report = renderNotAppliedMarkdown(notApplied, { ...options, notificationUrl: notification?.url });
  await session.core.appendSummary(report);
  if (github && pullRequest !== undefined) {
    await afterCommit(session, 'Updating the pull request comment', () =>
      stickyComment(session, pullRequest, reportInPlaceOfPlan(inputs.directory, report, sticky?.body)),
    );
  }
}

/** The merged pull request, looked up only to report on it (an invalid merge never gets to the reviewed-plan check). */
async function mergedPullRequest(session: Session, github: GitHubApi | undefined): Promise<number | undefined> {
  if (!github) return undefined;
  const pulls = await github.listPullRequestsForCommit(session.context.sha).catch(() => []);
  return (pulls.find((pull) => pull.mergedAt) ?? pulls[0])?.number;
}

/** Commits `ours` as the new state; after a push race, re-applies what changed since `base` onto the newest state. */
export async function runApply(session: Session): Promise<void> {
  const { core, inputs, context, dependencies } = session;
  // Loaded on first use: an apply with nothing to do never loads Octokit.
  let githubClient: Promise<GitHubApi> | undefined;
  const connect = () => {
    if (!inputs.githubToken) return Promise.resolve(undefined);
    githubClient ??= dependencies.github(inputs.githubToken, context);
    return githubClient;
  };
  const validated: Validated = await runValidate(
    session,
    async (invalid) => {
      const github = await connect();
      await reportNotApplied(session, github, await mergedPullRequest(session, github), {
        reason: 'invalid',
        diagnostics: invalid.diagnostics,
      });
    },
    { summary: false },
  );
  const { plan, state } = await planWorkspace(session, validated);
  if (context.eventName !== 'push' && state.deferred) {
    // A workflow_dispatch with command: apply continues the reviewed plan the record names, and nothing else.
    await continueReviewedPlan(session, validated, state, state, await connect());
    return;
  }
  core.info(renderPlanText(plan, { color: false }));
  const errors = planErrors(plan);
  if (errors.length > 0) {
    throw new ActionFailure(
      'invalid',
      `the plan has ${errors.length} error(s), so nothing was applied: ${errors.map((error) => error.message).join(' ')}`,
    );
  }
  await publishPlan(session, plan);
  if (plan.changes.length === 0 && !plan.waits?.length) {
    await core.appendSummary(
      renderApplyMarkdown(applyReportOf(state, []), { ...reportLinks(session), directory: inputs.directory }),
    );
    core.info('No changes to apply.');
    return;
  }
  const github = await connect();
  let pull: MergedPullRequest | undefined;
  try {
    pull = await reviewedPlanCheck(session, plan, github);
    // After the reviewed-plan check: a plan that changed since review is refused as such, whatever else changed.
    await stateEditGate(session, plan, github);
    destructiveGate(session, plan, pull);
  } catch (error) {
    if (error instanceof NotAppliedFailure) {
      await reportNotApplied(session, github, error.pullRequest, error.notApplied);
      // A plan no review covers may hold an earlier merge whose own apply GitHub cancelled: that pull request is told.
      if (error.notApplied.reason === 'plan-changed') {
        await tellSkippedMerges(session, plan, state, { noticedBy: 'apply', exclude: error.pullRequest, github });
      }
    }
    throw error;
  }
  const aws = await partnerCentral(session);
  const path = statePath(session);
  const writeGuarded = guardedStateWriter(path, await serialOnDisk(path), inputs.stateFile);
  let outcome: ApplyReport;
  let remainder: MergeRemainder;
  try {
    const applyDependencies = {
      api: aws.client,
      persist: (next: RecordedState) => writeGuarded(redactValue(next, sessionRedactor(session))),
      now: dependencies.now,
      appliedBy: { ...appliedByFromEnvironment(dependencies.env), ...(pull ? { pullRequest: pull.number } : {}) },
      onResult: (result: ChangeResult) => core.info(describeResult(result)),
    };
    const applied = await applyUseCase(plan, state, applyDependencies);
    // What the reviewed plan left unsent (waits, the time budget) is recorded with the state for later runs.
    remainder = await recordMergeRemainder(session, validated, plan, applied, pull?.number, applyDependencies);
    outcome = remainder.outcome;
  } finally {
    aws.close();
  }
  // Held back (held back) changes fail the job as a stale plan, not as a failed apply: nothing broke, AWS moved on.
  const { failed, heldBack: held } = outcome;
  const stale: NotApplied | undefined =
    held.length > 0
      ? {
          reason: 'plan-stale',
          current: { digest: plan.digest, summary: plan.summary },
          ...(pull ? { pullRequest: pull.number } : {}),
          explanation: held.map((result) => `${result.change.name}: ${result.message ?? 'held back'}`).join(' '),
        }
      : undefined;

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
  // First, so a long apply report can never push the progress (and its hidden record digest) out of the comment.
  const deferredReport = remainder.progress ? `${renderDeferredMarkdown(remainder.progress, outcome.state)}\n` : '';
  const markdown = `${deferredReport}${renderApplyMarkdown(outcome, {
    ...reportLinks(session),
    directory: inputs.directory,
    commitUrl,
    commitProblem,
    commitState: inputs.commitState,
    pullRequest: pull?.number,
  })}`;
  if (remainder.progress) for (const line of renderDeferredText(remainder.progress)) core.info(line);
  core.setOutput('deferred-left', String(remainder.progress?.after?.items.length ?? 0));
  await core.appendSummary(markdown);
  if (pull && github && inputs.comment !== 'false') {
    const number = pull.number;
    const sticky = await afterCommit(session, 'Reading the pull request comments', () =>
      ownStickyComment(session, github, number),
    );
    const directory = markdownCode(inputs.directory);
    // One label for the notification, the sticky comment and the job summary, from the use case's report: a run
    // that sent some changes says so ("⚠️ Partly applied: 8 of 9 sent, 1 held back"), whoever reads only this.
    const notification =
      failed.length > 0 || held.length > 0
        ? await notify(
            session,
            github,
            number,
            `**${outcomeLabel(outcome)}** for ${directory}. ${outcome.counts.sent > 0 ? 'What was sent is recorded' : 'Nothing was sent to AWS'}${held.length > 0 ? '; held-back changes wait for a new plan' : ''}.`,
            sticky,
          )
        : undefined;
    const report = notification
      ? `${markdown}\n<sub>${markdownLink('Notified in a new comment', notification.url)}</sub>\n`
      : markdown;
    await afterCommit(session, 'Updating the pull request comment', () =>
      stickyComment(session, number, reportInPlaceOfPlan(inputs.directory, report, sticky?.body)),
    );
    // This run's notification supersedes the earlier ones; a run that applied everything resolves them all.
    if (notification || outcome.complete) await minimizeEarlierNotifications(session, github, number, notification);
  }
  if (conflict) throw conflict;
  const continuesLater = remainder.progress?.after !== undefined && commitUrl !== undefined && outcome.counts.sent > 0;
  if (outcome.timedOut.length > 0 && inputs.timeoutMs && continuesLater) {
    // Progress was made and the rest is recorded as reviewed: the next scheduled run continues, no one re-runs this.
    core.warning(
      `Stopped by timeout-minutes ${inputs.timeoutMs / 60_000}: ${outcome.counts.sent} sent in this run; the rest of the reviewed plan is recorded and the next scheduled run (or a workflow_dispatch with command: apply) continues it.`,
    );
  } else if (outcome.timedOut.length > 0 && inputs.timeoutMs) {
    throw new ActionFailure(
      'apply-failed',
      deadlineReport(
        outcome.results,
        `timeout-minutes ${inputs.timeoutMs / 60_000}`,
        'Every success is recorded and committed. Re-run this job to finish; it resumes from what is recorded.',
      ),
    );
  }
  // Changes the deadline cut off are recorded as the reviewed remainder when the run continues later: not failures.
  const failures = continuesLater ? failed.filter((result) => !outcome.timedOut.includes(result)) : failed;
  if (failures.length > 0) {
    throw new ActionFailure(
      'apply-failed',
      `${outcomeLabel(outcome)}. ${failures.length} of ${outcome.results.length} changes failed; every success is recorded and committed.`,
    );
  }
  if (stale) {
    // The apply report above already shows each held-back change ("held back: …") in place of the plan.
    throw new NotAppliedFailure(
      stale,
      `${outcomeLabel(outcome)}. ${held.length} of ${outcome.results.length} changes were held back because AWS changed after the plan was reviewed (${held.map((result) => result.change.name).join(', ')}). What AWS answered is recorded${inputs.commitState ? ' and committed' : ''}; the next pull request shows the new plan.`,
      pull?.number,
    );
  }
}
