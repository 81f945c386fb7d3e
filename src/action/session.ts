import { resolve } from 'node:path';
import { lineageSeed, repositoryFromGitHub } from '../core/lineage.js';
import { type Redactor, redactorFromEnvironment } from '../core/redact.js';
import type { ReportLinks } from '../render/links.js';
import type { ActionContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import type { ActionCore, ActionDependencies, FailureReason } from './ports.js';

// One Action run's session: its inputs, context and dependencies, and what every job of the run derives from them.
// The jobs live beside it: validation-run.ts, session-state.ts (state I/O and the state commit), plan-outputs.ts
// (outputs and the plan artifact) and comments.ts (the sticky pull-request comment).

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

/** What this run must never publish or record: its credentials, and anything shaped like one. */
export function sessionRedactor(session: Session): Redactor {
  return redactorFromEnvironment(session.dependencies.env, [session.inputs.githubToken]);
}

export function statePath(session: Session): string {
  return resolve(session.context.workspace, session.inputs.stateFile);
}

/** The seed of a first lineage in a workflow: this repository on this GitHub server, and the directory. */
export function sessionLineageSeed(session: Session): string {
  const repository = repositoryFromGitHub(
    session.context.serverUrl,
    `${session.context.owner}/${session.context.repo}`,
  );
  return lineageSeed({ kind: 'repository', repository }, session.inputs.directory);
}
