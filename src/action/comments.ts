import type { Validated } from '../core/engine.js';
import { errorMessage } from '../core/errors.js';
import type { Plan } from '../core/model.js';
import { type IssueComment, isPermissionDenied, isUnprocessable } from '../github/api.js';
import { renderInvalidMarkdown } from '../render/invalid.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { ownIdentity } from './own-identity.js';
import { reportLinks, type Session } from './session.js';
import { COMMENT_LIMIT, commentMarker, planDataMarker, upsertComment } from './sticky-comment.js';

// The pull request's sticky comment: what it says for a plan or invalid declarations, and keeping it up to date.

/** The plan comment; `preface` (a warning about the pull request itself) opens it, before the plan. */
export function planComment(session: Session, plan: Plan, preface = ''): string {
  const { inputs } = session;
  const header = `${commentMarker(inputs.directory)}\n${planDataMarker(plan)}\n${preface}`;
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
    const identity = await ownIdentity(github, inputs.appBotLogin);
    const onlyUpdate = inputs.comment === 'changes-only' && options.hasChanges === false;
    const result = await upsertComment(github, issueNumber, inputs.directory, body, identity, { onlyUpdate });
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
