import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sha256Hex } from '../core/canonical.js';
import { effectiveState, planFrom, type Validated } from '../core/engine.js';
import { errorMessage, UserError } from '../core/errors.js';
import { lineageSeed, repositoryFromGitHub } from '../core/lineage.js';
import { mergeRecordedResults } from '../core/merge-state.js';
import type { ChangeAction, Diagnostic, Plan, RecordedState } from '../core/model.js';
import { type Redactor, redactorFromEnvironment, redactValue } from '../core/redact.js';
import { parseState, readState, writeStateAtomically } from '../files/state.js';
import { validateDeclarationDirectory } from '../files/workspace.js';
import { commitAndPush } from '../git/repository.js';
import { type IssueComment, isPermissionDenied, isUnprocessable } from '../github/api.js';
import { renderInvalidMarkdown } from '../render/invalid.js';
import { renderPlanJson } from '../render/json.js';
import type { ReportLinks } from '../render/links.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { commitMessage, singleLine } from '../render/neutralise.js';
import { diagnosticAnnotation } from '../render/workflow-command.js';
import type { ActionContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import type { ActionCore, ActionDependencies, FailureReason } from './ports.js';
import { COMMENT_LIMIT, commentMarker, planDataMarker, upsertComment } from './sticky-comment.js';

/** The Action's output counting each action (action.yml lists them): a new action cannot go without one. */
const ACTION_OUTPUTS: Record<ChangeAction, string> = {
  create: 'creates',
  cancel: 'cancels',
  revoke: 'revokes',
  replace: 'replaces',
  retag: 'retags',
  supersede: 'supersedes',
  rename: 'renames',
  forget: 'forgets',
};

export class ActionFailure extends Error {
  readonly reason: FailureReason;
  constructor(reason: FailureReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface Session {
  inputs: ActionInputs;
  context: ActionContext;
  dependencies: ActionDependencies;
  core: ActionCore;
  /** The workflow artifact that holds the JSON plan, once uploaded. */
  artifactUrl?: string;
}

/** The links every report carries: the repository (for commit and blob links), the head commit, the run, the plan. */
export function reportLinks(session: Session): ReportLinks {
  const { context } = session;
  return {
    repositoryUrl: `${context.serverUrl}/${context.owner}/${context.repo}`,
    headSha: context.pullRequest?.headSha || context.sha || undefined,
    runUrl: context.runUrl,
    artifactUrl: session.artifactUrl,
  };
}

/** What this run must never publish or record: its credentials, and anything shaped like one. */
/** The Partner Central client the inputs ask for: endpoint, region, pacing and per-request timeout. */
export function partnerCentral(session: Session): ReturnType<Session['dependencies']['aws']> {
  const { inputs, dependencies } = session;
  return dependencies.aws({
    endpoint: inputs.endpoint,
    region: inputs.region,
    env: dependencies.env,
    rateLimits: inputs.rateLimits,
    timeoutMs: inputs.timeoutMs,
  });
}

export function sessionRedactor(session: Session): Redactor {
  return redactorFromEnvironment(session.dependencies.env, [session.inputs.githubToken]);
}

/** Writes the state with credentials redacted: an API answer that echoed them must not be committed. */
export function writeRedactedState(session: Session, path: string, state: RecordedState): Promise<void> {
  return writeStateAtomically(path, redactValue(state, sessionRedactor(session)));
}

export function annotate(core: ActionCore, diagnostics: readonly Diagnostic[]): void {
  for (const diagnostic of diagnostics) {
    const annotation = diagnosticAnnotation(diagnostic);
    core[annotation.command](annotation.message, annotation.properties);
  }
}

export async function validateWorkspace(session: Session): Promise<Validated> {
  const validated = validateDeclarationDirectory({
    root: session.context.workspace,
    directory: session.inputs.directory,
    repository: session.context.workspace,
    maxBytes: session.inputs.maxBytes,
    now: session.dependencies.now(),
  });
  annotate(session.core, validated.diagnostics);
  return validated;
}

export function statePath(session: Session): string {
  return resolve(session.context.workspace, session.inputs.stateFile);
}

export async function planWorkspace(
  session: Session,
  validated: Validated,
): Promise<{ plan: Plan; state: RecordedState }> {
  const state = await sessionState(session);
  return { plan: planFrom(validated, state), state };
}

/** The seed of a first lineage in a workflow: this repository on this GitHub server, and the directory. */
export function sessionLineageSeed(session: Session): string {
  const repository = repositoryFromGitHub(
    session.context.serverUrl,
    `${session.context.owner}/${session.context.repo}`,
  );
  return lineageSeed({ kind: 'repository', repository }, session.inputs.directory);
}

/** The recorded state, or an empty one with this repository's lineage. A recorded lineage never changes. */
export async function sessionState(session: Session): Promise<RecordedState> {
  return effectiveState(await readState(statePath(session), session.context.workspace), sessionLineageSeed(session));
}

/** Writes the JSON plan where later steps can pick it up, and the outputs that describe it. */
export async function publishPlan(session: Session, plan: Plan): Promise<void> {
  const { core, context, inputs } = session;
  const directory = join(context.temporaryDirectory, 'channel-handshakes');
  await mkdir(directory, { recursive: true });
  const path = join(directory, `plan-${sha256Hex(inputs.directory).slice(0, 12)}.json`);
  await writeFile(path, sessionRedactor(session)(renderPlanJson(plan)));
  session.artifactUrl = await uploadPlanArtifact(session, path);
  if (session.artifactUrl) core.setOutput('plan-artifact-url', session.artifactUrl);
  core.setOutput('has-changes', String(plan.changes.length > 0));
  for (const [action, output] of Object.entries(ACTION_OUTPUTS) as [ChangeAction, string][]) {
    core.setOutput(output, String(plan.summary[action]));
  }
  core.setOutput('plan-digest', plan.digest);
  core.setOutput('plan-json', path);
}

/**
 * Uploads the JSON plan as a workflow artifact when the runner provides the artifact runtime, and returns its link.
 * The artifact client is loaded only then, so validate and plan runs without it never pay for it. A failed upload
 * costs the link, never the run.
 */
async function uploadPlanArtifact(session: Session, path: string): Promise<string | undefined> {
  const { dependencies, context, core, inputs } = session;
  if (!dependencies.env.ACTIONS_RUNTIME_TOKEN || !dependencies.env.ACTIONS_RESULTS_URL || !dependencies.artifacts) {
    return undefined;
  }
  try {
    // Unique per directory, command and attempt: a re-run may not reuse an artifact name.
    const attempt = dependencies.env.GITHUB_RUN_ATTEMPT ?? '1';
    const name = `handshakes-plan-${inputs.directory.replace(/[^A-Za-z0-9._-]+/g, '-')}-${context.eventName === 'push' ? 'apply' : 'plan'}-${attempt}`;
    const id = await dependencies.artifacts(name, path);
    return id && context.runUrl ? `${context.runUrl}/artifacts/${id}` : undefined;
  } catch (error) {
    core.warning(`The JSON plan could not be uploaded as a workflow artifact: ${errorMessage(error)}`);
    return undefined;
  }
}

export function planComment(session: Session, plan: Plan): string {
  const { inputs } = session;
  const header = `${commentMarker(inputs.directory)}\n${planDataMarker(plan)}\n`;
  const markdown = renderPlanMarkdown(plan, {
    ...reportLinks(session),
    directory: inputs.directory,
    maxLength: COMMENT_LIMIT - header.length,
    maxDestructive: inputs.allowDestructive ? undefined : inputs.maxDestructive,
  });
  return `${header}${markdown}`;
}

export function invalidComment(session: Session, validated: Validated, command: 'plan' | 'apply' = 'plan'): string {
  const marker = `${commentMarker(session.inputs.directory)}\n`;
  return `${marker}${renderInvalidMarkdown(validated.diagnostics, {
    ...reportLinks(session),
    directory: session.inputs.directory,
    command,
    maxLength: COMMENT_LIMIT - marker.length,
  })}`;
}

/**
 * Keeps the one sticky comment per directory up to date; a read-only token (a fork) falls back to the summary. With
 * `comment: changes-only`, a body without changes only updates a comment that exists (so no stale plan stays on
 * display) and never starts one.
 */
export async function stickyComment(
  session: Session,
  issueNumber: number,
  body: string,
  options: { hasChanges?: boolean } = {},
): Promise<IssueComment | undefined> {
  const { core, inputs, dependencies, context } = session;
  if (inputs.comment === 'false') return undefined;
  if (!inputs.githubToken) {
    core.notice('No github-token, so no pull-request comment: the plan is in the job summary.');
    return undefined;
  }
  const github = await dependencies.github(inputs.githubToken, context);
  try {
    const ownLogin = await github.authenticatedLogin();
    const onlyUpdate = inputs.comment === 'changes-only' && options.hasChanges === false;
    const result = await upsertComment(github, issueNumber, inputs.directory, body, ownLogin, { onlyUpdate });
    if (!result) {
      core.info('No changes and comment: changes-only, so no pull-request comment.');
      return undefined;
    }
    core.setOutput('comment-id', String(result.comment.id));
    core.info(`Pull-request comment ${result.action}: ${result.comment.url}`);
    return result.comment;
  } catch (error) {
    if (isPermissionDenied(error)) {
      core.notice(
        'This token cannot comment on the pull request (a pull request from a fork gets a read-only token), so the plan is in the job summary only.',
      );
      return undefined;
    }
    if (isUnprocessable(error)) {
      core.warning(
        `GitHub refused the pull-request comment (${errorMessage(error)}); the report is in the job summary.`,
      );
      return undefined;
    }
    throw error;
  }
}

/**
 * Validates, failing the step on any error. The invalid report goes to the job summary; `onInvalid` lets a pull
 * request show it in its comment too, or replaces it (an apply reports "not applied" instead).
 */
export async function runValidate(
  session: Session,
  onInvalid?: (validated: Validated) => Promise<void>,
  options: { summary?: boolean } = {},
): Promise<Validated> {
  const validated = await validateWorkspace(session);
  if (validated.hasErrors) {
    const count = validated.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
    if (options.summary !== false) {
      const report = invalidComment(session, validated);
      await session.core.appendSummary(report.slice(report.indexOf('\n') + 1));
    }
    await onInvalid?.(validated);
    throw new ActionFailure('invalid', `${count} error(s) in ${session.inputs.directory}: see the annotations.`);
  }
  session.core.info(`${session.inputs.directory}: ${validated.declarations.length} declaration(s) valid.`);
  return validated;
}

export async function commitState(
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
    // Every commit the action makes goes through here: no control character, no credential in history.
    message: commitMessage(sessionRedactor(session)(message)),
    write: async (newestText) => {
      if (newestText === undefined) {
        await writeRedactedState(session, path, ours);
        return;
      }
      const theirs = parseState(newestText, inputs.stateFile);
      const merged = mergeRecordedResults(base, ours, theirs);
      if (!merged.state) {
        throw new ActionFailure(
          'state-conflict',
          `a newer state was committed to ${branch} meanwhile, and it changed the same handshakes: ${merged.conflicts.map((conflict) => `${singleLine(conflict.name)} (${conflict.reason})`).join('; ')}. Nothing AWS accepted is lost — a re-run replays it by clientToken — but the state must be reconciled: re-run this job.`,
        );
      }
      session.core.info(
        `Someone pushed to ${branch} meanwhile; re-applied this run's results onto state serial ${theirs.serial}.`,
      );
      await writeRedactedState(session, path, merged.state);
    },
  });
  return result.sha;
}
