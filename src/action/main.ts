import { readFile } from 'node:fs/promises';
import type { HandshakeApi } from '../apply/executor.js';
import type { HandshakeLister } from '../apply/refresh.js';
import { UserError } from '../core/errors.js';
import type { GitRunner } from '../git/repository.js';
import type { GitHubApi } from '../github/api.js';
import type { AnnotationProperties } from '../render/workflow-command.js';
import { runApply } from './apply-run.js';
import { type ActionContext, readContext } from './context.js';
import { runDrift } from './drift-run.js';
import { type ActionInputs, type InputReader, parseInputs } from './inputs.js';
import { runPlan } from './plan-run.js';
import type { ActionDependencies } from './ports.js';
import { ActionFailure, runValidate, type Session } from './session.js';

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
