import { errorMessage } from '../core/errors.js';
import { historyEntries } from '../core/history.js';
import type { Plan, RecordedState } from '../core/model.js';
import { type GitHubApi, GitHubError } from '../github/api.js';
import { renderSkippedMergeMarkdown } from '../render/skipped-merge.js';
import { type OwnIdentity, ownIdentity } from './own-identity.js';
import type { Session } from './session.js';
import {
  findReviewedPlanComment,
  notificationMarker,
  readPlanData,
  reportedInPlaceOfPlan,
  writtenByUs,
} from './sticky-comment.js';

// No merged change is silently skipped: when merged declarations are unsent and no reviewed plan covers them, the
// pull requests whose apply never reported are told, once each, with the way to apply them. They are the merges since
// the state's last apply (the commits between the commit it recorded and the branch head) whose plan comment still
// shows a plan with changes: no apply result, no "Not applied" report, no notification took its place.

/** How many commits since the last apply are looked at: the newest ones, where a skipped merge sits. */
const COMMITS_LOOKED_AT = 50;

function skippedMarker(directory: string): string {
  return `<!-- channel-handshakes:skipped-merge dir=${encodeURIComponent(directory)} -->`;
}

/** The commit of the newest apply the state records (a handshake sent or a resource created by a workflow run). */
function lastAppliedCommit(state: RecordedState): string | undefined {
  let newest: { at: string; commit: string } | undefined;
  const consider = (at: string, commit: string | undefined, imported: boolean | undefined) => {
    if (!commit || imported || !/^[0-9a-f]{40}$/.test(commit)) return;
    if (!newest || at > newest.at) newest = { at, commit };
  };
  for (const [, history] of historyEntries(state)) {
    for (const entry of history.handshakes) consider(entry.sentAt, entry.appliedBy.commit, entry.appliedBy.imported);
  }
  for (const record of Object.values(state.resources ?? {})) {
    consider(record.createdAt, record.appliedBy.commit, record.appliedBy.imported);
  }
  return newest?.commit;
}

function changeCount(summary: Record<string, number | undefined>): number {
  return Object.values(summary).reduce<number>((total, count) => total + (count ?? 0), 0);
}

/** Merged pull requests of the commits since the last apply, newest first, without `exclude`. */
async function mergedSince(github: GitHubApi, base: string, head: string, exclude?: number): Promise<number[]> {
  const commits = (await github.newestCommitsBetween(base, head, COMMITS_LOOKED_AT)).reverse();
  const numbers: number[] = [];
  for (const sha of commits) {
    for (const pull of await github.listPullRequestsForCommit(sha)) {
      if (pull.mergedAt && pull.number !== exclude && !numbers.includes(pull.number)) numbers.push(pull.number);
    }
  }
  return numbers;
}

/**
 * Whether this pull request's apply never spoke: its plan comment shows changes and is still a plan, and it has
 * neither our notification nor our skipped-merge comment. Only our own identity's comments count.
 */
async function silentlySkipped(
  session: Session,
  github: GitHubApi,
  pullRequest: number,
  identity: OwnIdentity,
): Promise<boolean> {
  const { directory } = session.inputs;
  const comments = await github.listIssueComments(pullRequest);
  const ours = comments.filter((comment) => writtenByUs(comment, identity));
  const told = [`${skippedMarker(directory)}\n`, `${notificationMarker(directory)}\n`];
  if (ours.some((comment) => told.some((marker) => comment.body.startsWith(marker)))) return false;
  const plan = findReviewedPlanComment(comments, directory, identity);
  const reviewed = plan ? readPlanData(plan.body) : undefined;
  return (
    plan !== undefined &&
    reviewed !== undefined &&
    !reportedInPlaceOfPlan(plan.body) &&
    changeCount(reviewed.summary) > 0
  );
}

/**
 * Tells each merged pull request whose apply was skipped that `unapplied` (a plan no reviewed plan covers) is still
 * unsent, and how to apply it. Never fails the run: GitHub trouble here is a warning, the run's own report stands.
 */
export async function tellSkippedMerges(
  session: Session,
  unapplied: Plan,
  recorded: RecordedState,
  options: { noticedBy: 'apply' | 'drift'; exclude?: number; github?: GitHubApi },
): Promise<void> {
  const { core, inputs, context, dependencies } = session;
  if (!inputs.githubToken || inputs.comment === 'false' || unapplied.changes.length === 0) return;
  const github = options.github ?? (await dependencies.github(inputs.githubToken, context));
  const base = lastAppliedCommit(recorded);
  if (!base) {
    core.info(
      'No apply has recorded a commit in the state yet, so the merges whose apply was skipped cannot be named.',
    );
    return;
  }
  try {
    const body = `${skippedMarker(inputs.directory)}\n${renderSkippedMergeMarkdown(unapplied, {
      directory: inputs.directory,
      noticedBy: options.noticedBy,
      runUrl: context.runUrl,
    })}`;
    const identity = await ownIdentity(github, inputs.appBotLogin);
    for (const number of await mergedSince(github, base, context.sha, options.exclude)) {
      if (!(await silentlySkipped(session, github, number, identity))) continue;
      const comment = await github.createIssueComment(number, body);
      core.warning(`The apply of #${number} was skipped; said so on the pull request: ${comment.url}`);
    }
  } catch (error) {
    if (!(error instanceof GitHubError)) throw error;
    core.warning(
      `Could not tell the skipped merges' pull requests (HTTP ${error.status}: ${errorMessage(error)}); the unapplied changes are in this run's report.`,
    );
  }
}
