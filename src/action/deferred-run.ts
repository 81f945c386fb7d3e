// The Action's side of the reviewed remainder (issues 18 and 20): the merge's apply records what it left unsent
// (waits, the time budget) with the state it commits, and later runs (the scheduled drift run, a workflow_dispatch
// with command: apply) send it once a fresh plan holds exactly it, then tell the pull request that reviewed it.
import type { ApplyDependencies } from '../apply/executor.js';
import { appliedByFromEnvironment } from '../core/applied-by.js';
import {
  type DeferredProgress,
  declarationFingerprints,
  deferredProgressOf,
  deferredRecordDigest,
  deferredRecordOf,
} from '../core/deferred.js';
import type { Validated } from '../core/engine.js';
import type { DeferredRecord, Plan, RecordedState } from '../core/model.js';
import { redactValue } from '../core/redact.js';
import { guardedStateWriter, serialOnDisk } from '../files/state.js';
import type { GitHubApi } from '../github/api.js';
import { describeResult, stateCommitMessage } from '../render/apply-result.js';
import { deferredHeadline, renderDeferredMarkdown, renderDeferredText } from '../render/deferred.js';
import { markdownLink } from '../render/links.js';
import { markdownCode } from '../render/neutralise.js';
import { type ApplyReport, applyReportOf } from '../usecases/apply.js';
import { type ContinuationReport, continueDeferred, stateWithDeferred } from '../usecases/continue-deferred.js';
import { stickyComment } from './comments.js';
import { ownIdentity } from './own-identity.js';
import { ActionFailure, partnerCentral, type Session, sessionRedactor, statePath } from './session.js';
import { commitState } from './session-state.js';
import { findOwnComment, notificationMarker, reportInPlaceOfPlan } from './sticky-comment.js';

export interface MergeRemainder {
  /** The apply's report with what the continuation sent in the same run added. */
  outcome: ApplyReport;
  progress?: DeferredProgress;
}

/**
 * After the merge's apply: records what the reviewed plan left unsent and, when only waits are left, sends in the
 * same run what the apply just made ready (a program management account created lets its activation handshake go).
 * The returned state carries the record (or none: everything is sent). Runs while the API client is open.
 */
export async function recordMergeRemainder(
  session: Session,
  validated: Validated,
  plan: Plan,
  outcome: ApplyReport,
  pullRequest: number | undefined,
  dependencies: ApplyDependencies,
): Promise<MergeRemainder> {
  const fingerprint = declarationFingerprints(validated);
  const record = deferredRecordOf(plan, outcome.results, fingerprint, {
    planDigest: plan.digest,
    pullRequest,
    commit: /^[0-9a-f]{40,64}$/.test(session.context.sha) ? session.context.sha : undefined,
    reviewedAt: session.dependencies.now().toISOString(),
  });
  const state = stateWithDeferred(outcome.state, record);
  if (!record) {
    return { outcome: { ...outcome, state } };
  }
  if (outcome.timedOut.length > 0) {
    return { outcome: { ...outcome, state }, progress: { after: record } };
  }
  const continued = await continueDeferred(validated, state, dependencies, fingerprint);
  if (!continued) return { outcome: { ...outcome, state }, progress: { after: record } };
  const results = [...outcome.results, ...continued.results];
  return {
    outcome: applyReportOf(continued.state, results),
    progress: deferredProgressOf(continued),
  };
}

// The first such line of our own comment: the report comes before the folded plan, whose user text is escaped.
const DEFERRED_DATA = /^<!-- channel-handshakes:deferred-data (sha256:[0-9a-f]{64}) -->$/m;

/**
 * Whether the state's record is the one a run of ours committed: the digest in our own comment on the record's pull
 * request (written with every record, core/deferred.ts) must be this record's. A pull request can edit the state
 * file, never our comment, so a forged or edited record is not continued at all. Without GitHub, or without a pull
 * request, only require-reviewed-plan: false lets a record be continued. Undefined when it may go on.
 */
async function recordedByUs(
  session: Session,
  record: DeferredRecord,
  state: RecordedState,
  github: GitHubApi | undefined,
): Promise<string | undefined> {
  if (!session.inputs.requireReviewedPlan) return undefined;
  if (record.pullRequest === undefined) return 'the record names no pull request, and require-reviewed-plan is on';
  if (!github) return `without a github-token, the record cannot be checked against #${record.pullRequest}`;
  const comment = findOwnComment(
    await github.listIssueComments(record.pullRequest),
    session.inputs.directory,
    await ownIdentity(github, session.inputs.appBotLogin),
  );
  const written = comment ? DEFERRED_DATA.exec(comment.body)?.[1] : undefined;
  if (written !== deferredRecordDigest(record, state)) {
    return `it, or a resource record its waiting changes would be sent to, is not what this Action last committed for #${record.pullRequest} (the digest in our comment there does not match): edited in the state file, or changed outside. A new pull request re-plans what is left`;
  }
  return undefined;
}

/** Tells the pull request that reviewed the plan: the progress in its sticky comment, and a new comment that notifies. */
async function tellPullRequest(
  session: Session,
  github: GitHubApi | undefined,
  pullRequest: number | undefined,
  progress: DeferredProgress,
  details: string,
): Promise<void> {
  const { inputs } = session;
  if (!github || pullRequest === undefined || inputs.comment === 'false') return;
  const headline = deferredHeadline(progress);
  if (!headline) return;
  try {
    const identity = await ownIdentity(github, inputs.appBotLogin);
    const sticky = findOwnComment(await github.listIssueComments(pullRequest), inputs.directory, identity);
    await stickyComment(session, pullRequest, reportInPlaceOfPlan(inputs.directory, details, sticky?.body));
    const run = session.context.runUrl ? ` (${markdownLink('run log', session.context.runUrl)})` : '';
    await github.createIssueComment(
      pullRequest,
      `${notificationMarker(inputs.directory)}\n${progress.after ? '⏳' : '✅'} ${markdownCode(inputs.directory)}: ${headline}.${run}\n`,
    );
  } catch (error) {
    session.core.warning(
      `Telling #${pullRequest} about the reviewed plan's progress failed (${error instanceof Error ? error.message : String(error)}); the report is in the job summary.`,
    );
  }
}

/**
 * A later run: sends what the state's deferred record allows, commits the state, and reports on the pull request
 * that reviewed it. Does nothing without a record. `base` is the state last committed (what the commit merges onto).
 */
export async function continueReviewedPlan(
  session: Session,
  validated: Validated,
  state: RecordedState,
  base: RecordedState,
  github: GitHubApi | undefined,
): Promise<void> {
  const { core, inputs, dependencies } = session;
  const record = state.deferred;
  if (!record) return;
  if (validated.hasErrors) {
    core.warning(
      `The merged declarations in ${inputs.directory} have errors, so nothing deferred from ${record.pullRequest !== undefined ? `#${record.pullRequest}` : 'the reviewed plan'} was sent.`,
    );
    return;
  }
  const unreviewed = await recordedByUs(session, record, state, github);
  if (unreviewed) {
    core.warning(`The deferred record in ${inputs.stateFile} was not continued: ${unreviewed}. Nothing was sent.`);
    return;
  }
  const aws = await partnerCentral(session);
  const path = statePath(session);
  const writeGuarded = guardedStateWriter(path, await serialOnDisk(path), inputs.stateFile);
  let report: ContinuationReport | undefined;
  try {
    report = await continueDeferred(validated, state, {
      api: aws.client,
      persist: (next) => writeGuarded(redactValue(next, sessionRedactor(session))),
      now: dependencies.now,
      // Who ran it, and the pull request that reviewed what it sends.
      appliedBy: {
        ...appliedByFromEnvironment(dependencies.env),
        ...(record.pullRequest !== undefined ? { pullRequest: record.pullRequest } : {}),
      },
      onResult: (result) => core.info(describeResult(result)),
    });
  } finally {
    aws.close();
  }
  if (!report) return;
  const progress = deferredProgressOf(report);
  for (const line of renderDeferredText(progress)) core.info(line);
  if (report.planErrors.length > 0) {
    core.warning(
      `The fresh plan has ${report.planErrors.length} error(s), so nothing deferred was sent: ${report.planErrors.map((error) => error.message).join(' ')}`,
    );
  }
  const moved = JSON.stringify(report.before) !== JSON.stringify(report.after);
  core.setOutput('deferred-left', String(report.after?.items.length ?? 0));
  if (!moved && report.results.length === 0) return;
  if (inputs.commitState) {
    const sha = await commitState(
      session,
      base,
      report.state,
      stateCommitMessage(report.results, record.pullRequest, inputs.directory),
    );
    core.setOutput('state-commit', sha);
    core.info(
      `State committed: ${session.context.serverUrl}/${session.context.owner}/${session.context.repo}/commit/${sha}`,
    );
  }
  const details = renderDeferredMarkdown(progress, report.state);
  await core.appendSummary(details);
  await tellPullRequest(session, github, record.pullRequest, progress, details);
  if (progress.failed && progress.failed.length > 0) {
    throw new ActionFailure(
      'apply-failed',
      `${progress.failed.length} deferred change(s) failed: ${progress.failed.map((result) => `${result.change.name} (${result.failure?.code ?? result.outcome})`).join(', ')}. Every success is recorded.`,
    );
  }
}
