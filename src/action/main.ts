import { readFile } from 'node:fs/promises';
import { UserError } from '../core/errors.js';
import { runApply } from './apply-run.js';
import { type ActionContext, readContext } from './context.js';
import { runDrift } from './drift-run.js';
import { type ActionInputs, parseInputs } from './inputs.js';
import { runPlan } from './plan-run.js';
import type { ActionDependencies } from './ports.js';
import { ActionFailure, type Session } from './session.js';
import { runValidate } from './validation-run.js';

/** The events `command: auto` knows what to do on, and what it does. */
const SUPPORTED_EVENTS: Readonly<Record<string, Exclude<ActionInputs['command'], 'auto'>>> = {
  pull_request: 'plan',
  push: 'apply',
  schedule: 'drift',
  workflow_dispatch: 'drift',
};

function supportedEventsText(): string {
  return Object.entries(SUPPORTED_EVENTS)
    .map(([event, command]) => `${event} (${command})`)
    .join(', ');
}

function commandFor(inputs: ActionInputs, context: ActionContext): Exclude<ActionInputs['command'], 'auto'> {
  if (context.eventName === 'pull_request_target') {
    // Refused whatever the command: this event runs the base branch's workflow with the repository's secrets, for a
    // pull request anyone may open; the plan would show the base branch while the comment names the head.
    throw new UserError(
      "pull_request_target is not supported: it runs with the base branch checked out and the repository's secrets in reach, so the plan would describe the base branch, not the pull request, while anyone who opens a pull request can trigger it. Use the pull_request event: it plans the pull request's own declarations with a read-only token for forks.",
    );
  }
  if (inputs.command !== 'auto') return inputs.command;
  const command = Object.hasOwn(SUPPORTED_EVENTS, context.eventName) ? SUPPORTED_EVENTS[context.eventName] : undefined;
  if (!command) {
    throw new UserError(
      `command: auto does not handle "${context.eventName || '(no event)'}" events. Supported events: ${supportedEventsText()}. Run on one of them, or set command explicitly.`,
    );
  }
  return command;
}

/** Registers every secret the run holds before anything from the pull request is printed. */
function maskSecrets(dependencies: ActionDependencies, inputs: ActionInputs): void {
  const { env, core } = dependencies;
  for (const secret of [inputs.githubToken, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN]) {
    if (secret) core.setSecret(secret);
  }
}

/** The action: parse inputs once, read the run's context, and do what the event calls for. */
export async function runAction(dependencies: ActionDependencies): Promise<void> {
  const { core } = dependencies;
  try {
    const inputs = parseInputs(dependencies.readInput);
    maskSecrets(dependencies, inputs);
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
