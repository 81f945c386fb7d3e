import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { redactorFromEnvironment } from '../core/redact.js';
import { logText } from '../render/neutralise.js';
import { type AnnotationProperties, workflowCommand } from '../render/workflow-command.js';
import type { ActionCore } from './ports.js';

// The runner protocol, as documented for JavaScript actions: workflow commands on stdout, file commands in the
// files named by GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. Written here instead of loading @actions/core, whose
// import pulls in an HTTP client for OIDC that the action never uses and costs more than half the cold-start budget.

/** A value for a file command: `name<<DELIMITER`, the value, `DELIMITER`, with a delimiter the value cannot contain. */
export function fileCommandValue(name: string, value: string): string {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error('unexpected delimiter collision in a file command');
  }
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
}

/** The step summary is capped by the runner at 1 MiB per step; more would be dropped whole. */
const SUMMARY_LIMIT = 1024 * 1024;

export function runnerCore(
  env: Record<string, string | undefined>,
  write: (text: string) => void = (text) => process.stdout.write(text),
): ActionCore {
  const line = (text: string) => write(`${text}${EOL}`);
  // Masks cover the log only after the runner has read them; redaction also covers the summary and the shapes of
  // credentials the run does not hold itself (an AKIA… key id echoed back by an endpoint).
  const redact = redactorFromEnvironment(env);
  const annotation = (command: 'warning' | 'error' | 'notice', message: string, properties?: AnnotationProperties) =>
    line(workflowCommand(command, redact(message), properties));
  let summaryBytes = 0;
  return {
    // The only writer of free text to the log: no line of it can be read by the runner as a workflow command.
    info: (message) => line(logText(redact(message))),
    warning: (message, properties) => annotation('warning', message, properties),
    error: (message, properties) => annotation('error', message, properties),
    notice: (message, properties) => annotation('notice', message, properties),
    setSecret: (secret) => line(workflowCommand('add-mask', secret)),
    setOutput: (name, value) => {
      const path = env.GITHUB_OUTPUT;
      // The runner always provides GITHUB_OUTPUT; outside a runner there is nowhere for outputs to go.
      if (path) appendFileSync(path, fileCommandValue(name, value), 'utf8');
    },
    setFailed: (message) => {
      process.exitCode = 1;
      line(workflowCommand('error', redact(message)));
    },
    appendSummary: async (markdown) => {
      const path = env.GITHUB_STEP_SUMMARY;
      if (!path) return;
      const text = `${redact(markdown)}${EOL}`;
      const bytes = Buffer.byteLength(text);
      if (summaryBytes + bytes > SUMMARY_LIMIT) {
        line(
          workflowCommand(
            'warning',
            'The job summary is full (1 MiB per step); the rest of this report is only in the log.',
          ),
        );
        return;
      }
      summaryBytes += bytes;
      appendFileSync(path, text, 'utf8');
    },
  };
}
