import { readFile } from 'node:fs/promises';
import type { HandshakeApi } from '../apply.js';
import { UserError } from '../errors.js';
import type { GitRunner } from '../git/repository.js';
import type { GitHubApi } from '../github/api.js';
import type { HandshakeLister } from '../refresh.js';
import type { AnnotationProperties } from '../render/workflow-command.js';
import { runApply } from './apply-run.js';
import { type ActionContext, readContext } from './context.js';
import { runDrift } from './drift-run.js';
import { type ActionInputs, type InputReader, parseInputs } from './inputs.js';
import { runPlan } from './plan-run.js';
import { ActionFailure, runValidate, type Session } from './session.js';

export type FailureReason = 'invalid' | 'plan-changed' | 'destructive-gate' | 'apply-failed' | 'state-conflict';

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
  }): Promise<{ client: HandshakeApi & HandshakeLister; close(): void }>;
  now(): Date;
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
