import { refreshKindsAfterHandshakes } from '../apply/kind-refresh.js';
import { refreshState } from '../apply/refresh.js';
import { withoutDeferred } from '../core/deferred.js';
import { describeDrift, describeManagedElsewhere, hasDrift } from '../core/drift.js';
import { planErrors, planFrom } from '../core/engine.js';
import { errorMessage } from '../core/errors.js';
import type { ResourceFinding } from '../core/resource-drift.js';
import { validateDeclarationDirectory } from '../files/workspace.js';
import { isPermissionDenied, isUnprocessable } from '../github/api.js';
import { summaryLine } from '../render/describe.js';
import { needsAttention, renderDriftMarkdown } from '../render/drift-markdown.js';
import { commitMessage, singleLine } from '../render/neutralise.js';
import { renderResourceDriftMarkdown } from '../render/resource-drift-markdown.js';
import { renderUnappliedMarkdown } from '../render/unapplied.js';
import { continueReviewedPlan } from './deferred-run.js';
import { adoptOwnAfterRefresh } from './drift-adopt.js';
import { ownIdentity } from './own-identity.js';
import { partnerCentral, reportLinks, type Session } from './session.js';
import { commitState, sessionState } from './session-state.js';
import { tellSkippedMerges } from './skipped-merges.js';
import { writtenByUs } from './sticky-comment.js';

function driftIssueTitle(directory: string): string {
  return `Handshake drift: ${directory}`;
}

function driftMarker(directory: string): string {
  return `<!-- channel-handshakes:drift dir=${encodeURIComponent(directory)} -->`;
}

/**
 * Keeps one issue per directory for drift that needs a person: opened when such drift appears, updated in place,
 * closed with a comment when it clears. Ordinary receiver answers never open it.
 */
async function driftIssue(session: Session, drifted: boolean, report: string): Promise<void> {
  const { inputs, context, dependencies, core } = session;
  if (!inputs.githubToken) return;
  const github = await dependencies.github(inputs.githubToken, context);
  const marker = driftMarker(inputs.directory);
  const title = driftIssueTitle(inputs.directory);
  try {
    const identity = await ownIdentity(github, inputs.appBotLogin);
    const existing = (await github.listOpenIssues()).find(
      (issue) => issue.title === title && writtenByUs(issue, identity) && issue.body.startsWith(marker),
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
    if (isUnprocessable(error)) {
      core.warning(`GitHub refused the drift issue (${errorMessage(error)}); the report is in the job summary.`);
      return;
    }
    throw error;
  }
}

export async function runDrift(session: Session): Promise<void> {
  const { core, inputs, dependencies, context } = session;
  const state = await sessionState(session);
  const validated = validateDeclarationDirectory({
    root: context.workspace,
    directory: inputs.directory,
    repository: context.workspace,
    maxBytes: inputs.maxBytes,
    now: dependencies.now(),
  });
  const aws = await partnerCentral(session);
  let refreshed: Awaited<ReturnType<typeof refreshState>>;
  let resourceFindings: ResourceFinding[] = [];
  try {
    const declaredCatalogs = validated.declarations.map((declaration) => declaration.spec.catalog);
    refreshed = await refreshState(aws.client, state, declaredCatalogs, dependencies.now());
    // Program management accounts and relationships too: a name changed or a resource deleted outside, or an account
    // gone INACTIVE, needs a person as much as a handshake's drift does.
    const resources = await refreshKindsAfterHandshakes(aws.client, refreshed.state, {
      declaredCatalogs,
      now: dependencies.now(),
    });
    if (resources.changed) refreshed = { ...refreshed, state: resources.state, changed: true };
    resourceFindings = resources.resources;
  } finally {
    aws.close();
  }
  const adoption = adoptOwnAfterRefresh(session, validated, refreshed);
  refreshed = adoption.refreshed;
  const lines = [...describeDrift(refreshed.report), ...resourceFindings.map((finding) => finding.message)].map(
    singleLine,
  );
  // A program management account turning ACTIVE is the activation working, recorded but nobody's to act on.
  const resourceDrift = resourceFindings.filter((finding) => finding.finding !== 'status-changed');
  core.info(
    lines.length > 0
      ? `Drift:\n${lines.map((line) => `  ${line}`).join('\n')}`
      : 'No drift: AWS matches the recorded state.',
  );
  const elsewhere = describeManagedElsewhere(refreshed.report).map(singleLine);
  if (elsewhere.length > 0) {
    core.info(
      `Managed elsewhere (another repository's owner tag; listed in the drift issue):\n${elsewhere.map((line) => `  ${line}`).join('\n')}`,
    );
  }
  // No merged change is silently skipped: declarations on this branch that no apply has sent (an apply run GitHub
  // cancelled, or one that refused) are named in the drift issue, with the way to apply them.
  const unapplied =
    !validated.hasErrors && validated.declarations.length + validated.forgets.length > 0
      ? // What a reviewed plan's continuation (below) sends is not "never applied".
        withoutDeferred(planFrom(validated, refreshed.state), refreshed.state.deferred)
      : undefined;
  const pendingMerge =
    unapplied && planErrors(unapplied).length === 0 && unapplied.changes.length > 0 ? unapplied : undefined;
  if (pendingMerge) {
    core.warning(
      `${pendingMerge.changes.length} merged change(s) in ${inputs.directory} were never applied (${summaryLine(pendingMerge.summary)}): see the drift issue for the way to apply them.`,
    );
  }
  core.setOutput('unapplied', String(pendingMerge?.changes.length ?? 0));
  const drifted = hasDrift(refreshed.report) || resourceDrift.length > 0;
  const attention = needsAttention(refreshed.report) || pendingMerge !== undefined || resourceDrift.length > 0;
  core.setOutput('drift', String(drifted));
  core.setOutput('needs-attention', String(attention));
  core.setOutput('drift-json', JSON.stringify(refreshed.report));
  const links = reportLinks(session);
  const unappliedText = `${renderResourceDriftMarkdown(resourceDrift)}${
    pendingMerge ? `\n${renderUnappliedMarkdown(pendingMerge, { directory: inputs.directory })}` : ''
  }`;
  const report = renderDriftMarkdown(refreshed.report, {
    ...links,
    directory: inputs.directory,
    checkedAt: dependencies.now().toISOString(),
    state,
    commitState: inputs.commitState,
    // The issue body carries a marker line in front.
    maxLength: 65_536 - driftMarker(inputs.directory).length - 1 - unappliedText.length,
  });
  const full = `${report}${unappliedText}`;
  await core.appendSummary(full);
  await driftIssue(session, attention, full);
  if (pendingMerge) await tellSkippedMerges(session, pendingMerge, state, { noticedBy: 'drift' });
  if (inputs.commitState && refreshed.changed) {
    const changes = refreshed.report.statusChanges;
    const message = commitMessage(
      `handshakes: refresh — ${changes.length} status change${changes.length === 1 ? '' : 's'}${adoption.adopted.length > 0 ? `, ${adoption.adopted.length} adopted` : ''} [skip ci]\n\nDirectory: ${singleLine(inputs.directory)}\n\n${[...lines, ...adoption.adopted].join('\n')}\n`,
    );
    const sha = await commitState(session, state, refreshed.state, message);
    core.setOutput('state-commit', sha);
    core.info(`Refreshed state committed: ${context.serverUrl}/${context.owner}/${context.repo}/commit/${sha}`);
  }
  // The scheduled run also continues a reviewed plan a merge left unsent (waits, the time budget).
  if (refreshed.state.deferred) {
    const base = inputs.commitState && refreshed.changed ? refreshed.state : state;
    const github = inputs.githubToken ? await dependencies.github(inputs.githubToken, context) : undefined;
    await continueReviewedPlan(session, validated, refreshed.state, base, github);
  }
}
