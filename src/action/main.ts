import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { appliedByFromEnvironment } from '../applied-by.js';
import { type ApplyOutcome, applyPlan, type HandshakeApi } from '../apply.js';
import { sha256Hex } from '../canonical.js';
import { describeDrift, hasDrift } from '../drift.js';
import { effectiveState, planFrom, type Validated, validateFiles } from '../engine.js';
import { errorMessage, UserError } from '../errors.js';
import { commitAndPush, type GitRunner } from '../git/repository.js';
import { type GitHubApi, isPermissionDenied } from '../github/api.js';
import { mergeRecordedResults } from '../merge-state.js';
import type { Diagnostic, Plan, RecordedState } from '../model.js';
import { refreshState } from '../refresh.js';
import { renderApplyMarkdown, stateCommitMessage } from '../render/apply-result.js';
import { summaryLine } from '../render/describe.js';
import { renderDriftMarkdown } from '../render/drift-markdown.js';
import { renderPlanJson } from '../render/json.js';
import { escapeMarkdown, MARKDOWN_LIMIT, renderPlanMarkdown } from '../render/markdown.js';
import { renderPlanText } from '../render/text.js';
import { parseState, readState, serializeState, writeStateAtomically } from '../state.js';
import { readDeclarationFiles } from '../workspace.js';
import { type ActionContext, readContext } from './context.js';
import { type ActionInputs, type InputReader, parseInputs } from './inputs.js';
import {
  ACTIONS_BOT_LOGIN,
  commentMarker,
  findOwnComment,
  planDataMarker,
  readPlanData,
  upsertComment,
} from './sticky-comment.js';

export type FailureReason = 'invalid' | 'plan-changed' | 'destructive-gate' | 'apply-failed' | 'state-conflict';

export const ALLOW_DESTRUCTIVE_LABEL = 'handshakes:allow-destructive';

export interface AnnotationProperties {
  file?: string;
  startLine?: number;
  startColumn?: number;
  title?: string;
}

/** The runner protocol the action uses (the part of @actions/core it needs), injected so the orchestration can be exercised without a runner. */
export interface ActionCore {
  info(message: string): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
  setOutput(name: string, value: string): void;
  /** Masks a value in all later log lines. */
  setSecret(secret: string): void;
  setFailed(message: string): void;
  appendSummary(markdown: string): Promise<void>;
}

export interface ActionDependencies {
  core: ActionCore;
  readInput: InputReader;
  env: Record<string, string | undefined>;
  /** Loaded on first use, so validate-only runs never load Octokit. */
  github(token: string, context: ActionContext): Promise<GitHubApi>;
  git(workspace: string): GitRunner;
  aws(settings: {
    endpoint?: string;
    region?: string;
    env: Record<string, string | undefined>;
  }): Promise<{ client: HandshakeApi; close(): void }>;
  now(): Date;
}

class ActionFailure extends Error {
  readonly reason: FailureReason;
  constructor(reason: FailureReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

interface Session {
  inputs: ActionInputs;
  context: ActionContext;
  dependencies: ActionDependencies;
  core: ActionCore;
}

function annotate(core: ActionCore, diagnostics: readonly Diagnostic[]): void {
  for (const diagnostic of diagnostics) {
    const properties: AnnotationProperties = {
      title: diagnostic.field ? `channel-handshakes: ${diagnostic.field}` : 'channel-handshakes',
      ...(diagnostic.location
        ? {
            file: diagnostic.location.file,
            startLine: diagnostic.location.line,
            startColumn: diagnostic.location.column,
          }
        : {}),
    };
    if (diagnostic.severity === 'error') core.error(diagnostic.message, properties);
    else if (diagnostic.severity === 'warning') core.warning(diagnostic.message, properties);
    else core.notice(diagnostic.message, properties);
  }
}

async function validateWorkspace(session: Session): Promise<Validated> {
  const { files, diagnostics } = await readDeclarationFiles(session.context.workspace, session.inputs.directory);
  const validated = validateFiles({ files, fileDiagnostics: diagnostics, now: session.dependencies.now() });
  annotate(session.core, validated.diagnostics);
  return validated;
}

function statePath(session: Session): string {
  return resolve(session.context.workspace, session.inputs.stateFile);
}

async function planWorkspace(session: Session, validated: Validated): Promise<{ plan: Plan; state: RecordedState }> {
  const state = effectiveState(await readState(statePath(session)), session.inputs.directory);
  return { plan: planFrom(validated, state), state };
}

/** Writes the JSON plan where later steps can pick it up, and the outputs that describe it. */
async function publishPlan(session: Session, plan: Plan): Promise<void> {
  const { core, context, inputs } = session;
  const directory = join(context.temporaryDirectory, 'channel-handshakes');
  await mkdir(directory, { recursive: true });
  const path = join(directory, `plan-${sha256Hex(inputs.directory).slice(0, 12)}.json`);
  await writeFile(path, renderPlanJson(plan));
  core.setOutput('has-changes', String(plan.changes.length > 0));
  core.setOutput('creates', String(plan.summary.create));
  core.setOutput('cancels', String(plan.summary.cancel));
  core.setOutput('revokes', String(plan.summary.revoke));
  core.setOutput('replaces', String(plan.summary.replace));
  core.setOutput('retags', String(plan.summary.retag));
  core.setOutput('plan-digest', plan.digest);
  core.setOutput('plan-json', path);
}

function planComment(session: Session, plan: Plan): string {
  const { context, inputs } = session;
  const header = `${commentMarker(inputs.directory)}\n${planDataMarker(plan)}\n`;
  const markdown = renderPlanMarkdown(plan, {
    directory: inputs.directory,
    maxLength: MARKDOWN_LIMIT - header.length,
    runUrl: context.runUrl,
    headSha: context.pullRequest?.headSha || context.sha,
  });
  return `${header}${markdown}`;
}

function invalidComment(session: Session, validated: Validated): string {
  const errors = validated.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  const lines = [
    commentMarker(session.inputs.directory),
    `### ❌ ${errors.length} error${errors.length === 1 ? '' : 's'} in the declarations · channel-handshakes plan for \`${escapeMarkdown(session.inputs.directory)}\``,
    '',
    'No plan until they are fixed. They are annotated on the diff.',
    '',
    '| Location | Field | Problem |',
    '|---|---|---|',
    ...errors
      .slice(0, 200)
      .map(
        (diagnostic) =>
          `| ${escapeMarkdown(diagnostic.location ? `${diagnostic.location.file}:${diagnostic.location.line}:${diagnostic.location.column}` : '')} | ${escapeMarkdown(diagnostic.field ?? '')} | ${escapeMarkdown(diagnostic.message)} |`,
      ),
  ];
  if (session.context.runUrl) lines.push('', `<sub>[workflow run](${encodeURI(session.context.runUrl)})</sub>`);
  return `${lines.join('\n')}\n`;
}

/** Keeps the one sticky comment per directory up to date; a read-only token (a fork) falls back to the summary. */
async function stickyComment(session: Session, issueNumber: number, body: string): Promise<void> {
  const { core, inputs, dependencies, context } = session;
  if (!inputs.comment) return;
  if (!inputs.githubToken) {
    core.notice('No github-token, so no pull-request comment: the plan is in the job summary.');
    return;
  }
  const github = await dependencies.github(inputs.githubToken, context);
  try {
    const ownLogin = (await github.authenticatedLogin()) ?? ACTIONS_BOT_LOGIN;
    const result = await upsertComment(github, issueNumber, inputs.directory, body, ownLogin);
    core.setOutput('comment-id', String(result.comment.id));
    core.info(`Pull-request comment ${result.action}: ${result.comment.url}`);
  } catch (error) {
    if (isPermissionDenied(error)) {
      core.notice(
        'This token cannot comment on the pull request (a pull request from a fork gets a read-only token), so the plan is in the job summary only.',
      );
      return;
    }
    throw error;
  }
}

/** Validates, failing the step on any error; `onInvalid` lets a pull request show the errors in its comment too. */
async function runValidate(session: Session, onInvalid?: (validated: Validated) => Promise<void>): Promise<Validated> {
  const validated = await validateWorkspace(session);
  if (validated.hasErrors) {
    const count = validated.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
    const report = invalidComment(session, validated);
    await session.core.appendSummary(report.slice(report.indexOf('\n') + 1));
    await onInvalid?.(validated);
    throw new ActionFailure('invalid', `${count} error(s) in ${session.inputs.directory}: see the annotations.`);
  }
  session.core.info(`${session.inputs.directory}: ${validated.declarations.length} declaration(s) valid.`);
  return validated;
}

async function runPlan(session: Session): Promise<void> {
  const pullRequest = session.context.pullRequest;
  // An invalid pull request still gets its comment updated, so a stale plan never stays on display.
  const validated = await runValidate(session, async (invalid) => {
    if (pullRequest) await stickyComment(session, pullRequest.number, invalidComment(session, invalid));
  });
  const { plan } = await planWorkspace(session, validated);
  session.core.info(renderPlanText(plan, { color: false }));
  await publishPlan(session, plan);
  const body = planComment(session, plan);
  await session.core.appendSummary(body);
  if (pullRequest) {
    await stickyComment(session, pullRequest.number, body);
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
  const ownLogin = (await github?.authenticatedLogin()) ?? ACTIONS_BOT_LOGIN;
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
async function commitState(
  session: Session,
  base: RecordedState,
  ours: RecordedState,
  message: string,
): Promise<string> {
  const { inputs, context, dependencies } = session;
  const branch = inputs.stateBranch ?? context.branch;
  if (!branch) throw new UserError('cannot tell which branch to commit the state to: set state-branch.');
  const path = statePath(session);
  const result = await commitAndPush({
    git: dependencies.git(context.workspace),
    workspace: context.workspace,
    path: inputs.stateFile,
    branch,
    message,
    write: async (newestText) => {
      if (newestText === undefined) {
        await writeStateAtomically(path, ours);
        return;
      }
      const theirs = parseState(newestText, inputs.stateFile);
      const merged = mergeRecordedResults(base, ours, theirs);
      if (!merged.state) {
        throw new ActionFailure(
          'state-conflict',
          `a newer state was committed to ${branch} meanwhile, and it changed the same handshakes: ${merged.conflicts.map((conflict) => `${conflict.name} (${conflict.reason})`).join('; ')}. Nothing AWS accepted is lost — a re-run replays it by clientToken — but the state must be reconciled: re-run this job.`,
        );
      }
      session.core.info(
        `Someone pushed to ${branch} meanwhile; re-applied this run's results onto state serial ${theirs.serial}.`,
      );
      await writeFile(path, serializeState(merged.state));
    },
  });
  return result.sha;
}

async function runApply(session: Session): Promise<void> {
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

  const aws = await dependencies.aws({ endpoint: inputs.endpoint, region: inputs.region, env: dependencies.env });
  let outcome: ApplyOutcome;
  try {
    outcome = await applyPlan(plan, state, {
      api: aws.client,
      persist: (next) => writeStateAtomically(statePath(session), next),
      now: dependencies.now,
      appliedBy: { ...appliedByFromEnvironment(dependencies.env), ...(pull ? { pullRequest: pull.number } : {}) },
      onResult: (result) =>
        core.info(
          result.outcome === 'succeeded'
            ? `✓ ${result.change.action} ${result.change.name} → ${result.handshakeId ?? ''}`
            : `✗ ${result.change.action} ${result.change.name}: ${result.failure?.message}`,
        ),
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
      (await github.authenticatedLogin()) ?? ACTIONS_BOT_LOGIN,
    );
    const planPart = reviewed ? reviewed.body.replace(commentMarker(inputs.directory), '').trim() : '';
    const body = `${commentMarker(inputs.directory)}\n${markdown}\n---\n\n<details><summary>The reviewed plan</summary>\n\n${planPart}\n\n</details>\n`;
    await stickyComment(
      session,
      pull.number,
      body.length < 65_000 ? body : `${commentMarker(inputs.directory)}\n${markdown}`,
    );
  }
  if (conflict) throw conflict;
  if (failed.length > 0) {
    throw new ActionFailure(
      'apply-failed',
      `${failed.length} of ${outcome.results.length} changes failed; every success is recorded and committed.`,
    );
  }
}

export function driftIssueTitle(directory: string): string {
  return `Handshake drift: ${directory}`;
}

function driftMarker(directory: string): string {
  return `<!-- channel-handshakes:drift dir=${encodeURIComponent(directory)} -->`;
}

/** Keeps one issue per directory: opened when drift appears, updated in place, closed with a comment when it clears. */
async function driftIssue(session: Session, drifted: boolean, report: string): Promise<void> {
  const { inputs, context, dependencies, core } = session;
  if (!inputs.githubToken) return;
  const github = await dependencies.github(inputs.githubToken, context);
  const marker = driftMarker(inputs.directory);
  const title = driftIssueTitle(inputs.directory);
  try {
    const ownLogin = (await github.authenticatedLogin()) ?? ACTIONS_BOT_LOGIN;
    const existing = (await github.listOpenIssues()).find(
      (issue) => issue.title === title && issue.authorLogin === ownLogin && issue.body.startsWith(marker),
    );
    const body = `${marker}\n${report}`;
    if (drifted && !existing) {
      const created = await github.createIssue(title, body);
      core.info(`Opened ${created.url}`);
    } else if (drifted && existing && existing.body !== body) {
      await github.updateIssue(existing.number, { body });
      core.info(`Updated ${existing.url}`);
    } else if (!drifted && existing) {
      await github.createIssueComment(
        existing.number,
        `Drift cleared: AWS matches the recorded state again.${context.runUrl ? ` ([workflow run](${encodeURI(context.runUrl)}))` : ''}`,
      );
      await github.updateIssue(existing.number, { state: 'closed' });
      core.info(`Closed ${existing.url}`);
    }
  } catch (error) {
    if (isPermissionDenied(error)) {
      core.warning(
        'This token cannot manage issues (grant issues: write), so the drift report is in the job summary only.',
      );
      return;
    }
    throw error;
  }
}

async function runDrift(session: Session): Promise<void> {
  const { core, inputs, dependencies, context } = session;
  const state = effectiveState(await readState(statePath(session)), inputs.directory);
  const { files, diagnostics } = await readDeclarationFiles(context.workspace, inputs.directory);
  const validated = validateFiles({ files, fileDiagnostics: diagnostics, now: dependencies.now() });
  const aws = await dependencies.aws({ endpoint: inputs.endpoint, region: inputs.region, env: dependencies.env });
  let refreshed: Awaited<ReturnType<typeof refreshState>>;
  try {
    refreshed = await refreshState(
      aws.client,
      state,
      validated.declarations.map((declaration) => declaration.spec.catalog),
    );
  } finally {
    aws.close();
  }
  const lines = describeDrift(refreshed.report);
  core.info(
    lines.length > 0
      ? `Drift:\n${lines.map((line) => `  ${line}`).join('\n')}`
      : 'No drift: AWS matches the recorded state.',
  );
  const drifted = hasDrift(refreshed.report);
  core.setOutput('drift', String(drifted));
  core.setOutput('drift-json', JSON.stringify(refreshed.report));
  const report = renderDriftMarkdown(refreshed.report, {
    directory: inputs.directory,
    checkedAt: dependencies.now().toISOString(),
    runUrl: context.runUrl,
  });
  await core.appendSummary(report);
  await driftIssue(session, drifted, report);
  if (inputs.commitState && refreshed.changed) {
    const changes = refreshed.report.statusChanges;
    const message = `handshakes: refresh — ${changes.length} status change${changes.length === 1 ? '' : 's'} [skip ci]\n\nDirectory: ${inputs.directory}\n\n${lines.join('\n')}\n`;
    const sha = await commitState(session, state, refreshed.state, message);
    core.setOutput('state-commit', sha);
    core.info(`Refreshed state committed: ${context.serverUrl}/${context.owner}/${context.repo}/commit/${sha}`);
  }
}

function commandFor(inputs: ActionInputs, context: ActionContext): Exclude<ActionInputs['command'], 'auto'> {
  if (inputs.command !== 'auto') return inputs.command;
  switch (context.eventName) {
    case 'pull_request':
    case 'pull_request_target':
      return 'plan';
    case 'push':
      return 'apply';
    case 'schedule':
    case 'workflow_dispatch':
      return 'drift';
    default:
      throw new UserError(
        `command: auto does not know what to do on "${context.eventName}" events. Set command explicitly.`,
      );
  }
}

/** The action: parse inputs once, read the run's context, and do what the event calls for. */
export async function runAction(dependencies: ActionDependencies): Promise<void> {
  const { core } = dependencies;
  try {
    const inputs = parseInputs(dependencies.readInput);
    const payloadPath = dependencies.env.GITHUB_EVENT_PATH;
    const payload = payloadPath ? await readFile(payloadPath, 'utf8').catch(() => undefined) : undefined;
    const context = readContext(dependencies.env, payload);
    const session: Session = { inputs, context, dependencies, core };
    const command = commandFor(inputs, context);
    core.info(`channel-handshakes: ${command} for ${inputs.directory} (${context.eventName})`);
    switch (command) {
      case 'validate':
        await runValidate(session);
        break;
      case 'plan':
        await runPlan(session);
        break;
      case 'apply':
        await runApply(session);
        break;
      case 'drift':
        await runDrift(session);
        break;
    }
  } catch (error) {
    if (error instanceof ActionFailure) {
      core.setOutput('failure-reason', error.reason);
      core.setFailed(error.message);
      return;
    }
    if (error instanceof UserError) {
      core.setFailed(error.message);
      return;
    }
    core.setFailed(
      `internal error — this is a bug in channel-handshakes, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}
