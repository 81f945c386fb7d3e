import type { Diagnostic } from '../core/model.js';
import { singleLine } from './neutralise.js';
import { diagnosticAnnotation, workflowCommand } from './workflow-command.js';

export function formatLocation(diagnostic: Diagnostic): string {
  const { location } = diagnostic;
  return location ? `${location.file}:${location.line}:${location.column}` : '';
}

/** One line per problem: `file:line:column: severity: field: message`, the form editors and terminals link. */
export function renderDiagnosticsText(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((diagnostic) => {
      const parts = [formatLocation(diagnostic), diagnostic.severity, diagnostic.field, diagnostic.message].filter(
        (part) => part !== undefined && part !== '',
      );
      // Every part may hold user text (a file name, a field, a quoted value): one problem stays one line.
      return singleLine(parts.join(': '));
    })
    .join('\n');
}

/** GitHub workflow commands, which the runner turns into annotations on the pull request's diff. */
export function renderDiagnosticsGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((diagnostic) => {
      const annotation = diagnosticAnnotation(diagnostic);
      return workflowCommand(annotation.command, annotation.message, annotation.properties);
    })
    .join('\n');
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): {
  errors: number;
  warnings: number;
  notices: number;
} {
  let errors = 0;
  let warnings = 0;
  let notices = 0;
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity === 'error') errors++;
    else if (diagnostic.severity === 'warning') warnings++;
    else notices++;
  }
  return { errors, warnings, notices };
}
