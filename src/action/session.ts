import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sha256Hex } from '../core/canonical.js';
import { effectiveState, planFrom, type Validated, validateFiles } from '../core/engine.js';
import { UserError } from '../core/errors.js';
import { lineageSeed, repositoryFromGitHub } from '../core/lineage.js';
import { mergeRecordedResults } from '../core/merge-state.js';
import type { Diagnostic, Plan, RecordedState } from '../core/model.js';
import { type Redactor, redactorFromEnvironment, redactValue } from '../core/redact.js';
import { parseState, readState, serializeState, writeStateAtomically } from '../files/state.js';
import { readDeclarationFiles } from '../files/workspace.js';
import { commitAndPush } from '../git/repository.js';
import { isPermissionDenied } from '../github/api.js';
import { renderPlanJson } from '../render/json.js';
import { escapeMarkdown, MARKDOWN_LIMIT, renderPlanMarkdown } from '../render/markdown.js';
import { commitMessage, singleLine } from '../render/neutralise.js';
import { diagnosticAnnotation } from '../render/workflow-command.js';
import type { ActionContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import type { ActionCore, ActionDependencies, FailureReason } from './ports.js';
import { commentMarker, planDataMarker, upsertComment } from './sticky-comment.js';

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
}

/** What this run must never publish or record: its credentials, and anything shaped like one. */
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
  const { files, diagnostics } = await readDeclarationFiles(session.context.workspace, session.inputs.directory);
  const validated = validateFiles({ files, fileDiagnostics: diagnostics, now: session.dependencies.now() });
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
  return effectiveState(await readState(statePath(session)), sessionLineageSeed(session));
}

/** Writes the JSON plan where later steps can pick it up, and the outputs that describe it. */
export async function publishPlan(session: Session, plan: Plan): Promise<void> {
  const { core, context, inputs } = session;
  const directory = join(context.temporaryDirectory, 'channel-handshakes');
  await mkdir(directory, { recursive: true });
  const path = join(directory, `plan-${sha256Hex(inputs.directory).slice(0, 12)}.json`);
  await writeFile(path, sessionRedactor(session)(renderPlanJson(plan)));
  core.setOutput('has-changes', String(plan.changes.length > 0));
  core.setOutput('creates', String(plan.summary.create));
  core.setOutput('cancels', String(plan.summary.cancel));
  core.setOutput('revokes', String(plan.summary.revoke));
  core.setOutput('replaces', String(plan.summary.replace));
  core.setOutput('retags', String(plan.summary.retag));
  core.setOutput('plan-digest', plan.digest);
  core.setOutput('plan-json', path);
}

export function planComment(session: Session, plan: Plan): string {
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

export function invalidComment(session: Session, validated: Validated): string {
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
export async function stickyComment(session: Session, issueNumber: number, body: string): Promise<void> {
  const { core, inputs, dependencies, context } = session;
  if (!inputs.comment) return;
  if (!inputs.githubToken) {
    core.notice('No github-token, so no pull-request comment: the plan is in the job summary.');
    return;
  }
  const github = await dependencies.github(inputs.githubToken, context);
  try {
    const ownLogin = await github.authenticatedLogin();
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
export async function runValidate(
  session: Session,
  onInvalid?: (validated: Validated) => Promise<void>,
): Promise<Validated> {
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
      await writeFile(path, serializeState(redactValue(merged.state, sessionRedactor(session))));
    },
  });
  return result.sha;
}
