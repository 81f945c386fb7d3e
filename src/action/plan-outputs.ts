import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../core/canonical.js';
import { errorMessage } from '../core/errors.js';
import type { ChangeAction, Plan } from '../core/model.js';
import { renderPlanJson } from '../render/json.js';
import { type Session, sessionRedactor } from './session.js';

// The plan as later workflow steps see it: the JSON plan file, its artifact, and the step outputs.

/** The Action's output counting each action (action.yml lists them): a new action cannot go without one. */
export const ACTION_OUTPUTS: Record<ChangeAction, string> = {
  create: 'creates',
  cancel: 'cancels',
  revoke: 'revokes',
  replace: 'replaces',
  retag: 'retags',
  supersede: 'supersedes',
  rename: 'renames',
  forget: 'forgets',
  'create-account': 'program-management-account-creates',
  'create-relationship': 'relationship-creates',
  'update-account': 'program-management-account-updates',
  'update-relationship': 'relationship-updates',
  'delete-account': 'program-management-account-deletes',
  'delete-relationship': 'relationship-deletes',
};

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
    core.setOutput(output, String(plan.summary[action] ?? 0));
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
