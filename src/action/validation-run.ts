import type { Validated } from '../core/engine.js';
import type { Diagnostic } from '../core/model.js';
import { validateDeclarationDirectory } from '../files/workspace.js';
import { diagnosticAnnotation } from '../render/workflow-command.js';
import { invalidComment } from './comments.js';
import type { ActionCore } from './ports.js';
import { ActionFailure, type Session } from './session.js';

// Validating the declarations in a workflow: annotations on the files, the invalid report, a failed step.

function annotate(core: ActionCore, diagnostics: readonly Diagnostic[]): void {
  for (const diagnostic of diagnostics) {
    const annotation = diagnosticAnnotation(diagnostic);
    core[annotation.command](annotation.message, annotation.properties);
  }
}

async function validateWorkspace(session: Session): Promise<Validated> {
  const validated = validateDeclarationDirectory({
    root: session.context.workspace,
    directory: session.inputs.directory,
    repository: session.context.workspace,
    maxBytes: session.inputs.maxBytes,
    now: session.dependencies.now(),
  });
  annotate(session.core, validated.diagnostics);
  return validated;
}

/**
 * Validates, failing the step on any error. The invalid report goes to the job summary; `onInvalid` lets a pull
 * request show it in its comment too, or replaces it (an apply reports "not applied" instead).
 */
export async function runValidate(
  session: Session,
  onInvalid?: (validated: Validated) => Promise<void>,
  options: { summary?: boolean } = {},
): Promise<Validated> {
  const validated = await validateWorkspace(session);
  if (validated.hasErrors) {
    const count = validated.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
    if (options.summary !== false) {
      const report = invalidComment(session, validated);
      await session.core.appendSummary(report.slice(report.indexOf('\n') + 1));
    }
    await onInvalid?.(validated);
    throw new ActionFailure('invalid', `${count} error(s) in ${session.inputs.directory}: see the annotations.`);
  }
  session.core.info(`${session.inputs.directory}: ${validated.declarations.length} declaration(s) valid.`);
  return validated;
}
