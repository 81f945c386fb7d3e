import type { Validated } from '../core/engine.js';
import type { Diagnostic } from '../core/model.js';
import { naturalCompare } from '../core/natural-compare.js';
import { singleLine } from './neutralise.js';
import { diagnosticAnnotation, workflowCommand } from './workflow-command.js';

export function formatLocation(diagnostic: Diagnostic): string {
  const { location } = diagnostic;
  return location ? `${location.file}:${location.line}:${location.column}` : '';
}

/** "1 error", "3 errors": a count with its noun, singular or plural as the number needs. */
export function counted(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

const SEVERITY_ORDER: Record<Diagnostic['severity'], number> = { error: 0, warning: 1, notice: 2 };

/**
 * The order a person fixes problems in: errors, then warnings, then notices; each by file (natural order), line and
 * column. Problems with no place (a count of unlisted ones) come last in their group. Stable for equal places.
 */
export function inReadingOrder(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((left, right) => {
    const severity = SEVERITY_ORDER[left.severity] - SEVERITY_ORDER[right.severity];
    if (severity !== 0) return severity;
    const a = left.location;
    const b = right.location;
    if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
    return naturalCompare(a.file, b.file) || a.line - b.line || a.column - b.column;
  });
}

/**
 * The last line of `validate`: what is valid, what is not and at which level, then the problems, each count with the
 * right noun. "1 document invalid", never "0 declarations invalid" for a file whose one document is broken.
 */
export function validationSummary(
  directoryLabel: string,
  validated: Pick<Validated, 'declarations' | 'diagnostics' | 'tally'>,
): string {
  const counts = countBySeverity(validated.diagnostics);
  const tally = validated.tally ?? {
    validDeclarations: validated.declarations.length,
    invalidDocuments: 0,
    refusedFiles: 0,
  };
  const read = [`${counted(tally.validDeclarations, 'declaration')} valid`];
  if (tally.invalidDocuments > 0) read.push(`${counted(tally.invalidDocuments, 'document')} invalid`);
  if (tally.refusedFiles > 0) read.push(`${counted(tally.refusedFiles, 'file')} refused`);
  return `${directoryLabel}: ${read.join(', ')}; ${counted(counts.errors, 'error')}, ${counted(counts.warnings, 'warning')}.`;
}

const SEVERITY_COLORS: Record<Diagnostic['severity'], number> = { error: 31, warning: 33, notice: 2 };

/**
 * One line per problem, in reading order: `file:line:column: severity: field: message`, the form editors and
 * terminals link. With `color` (a terminal that wants it), errors are red, warnings yellow, notices dim.
 */
export function renderDiagnosticsText(diagnostics: readonly Diagnostic[], options: { color?: boolean } = {}): string {
  return inReadingOrder(diagnostics)
    .map((diagnostic) => {
      const parts = [formatLocation(diagnostic), diagnostic.severity, diagnostic.field, diagnostic.message].filter(
        (part) => part !== undefined && part !== '',
      );
      // Every part may hold user text (a file name, a field, a quoted value): one problem stays one line.
      const line = singleLine(parts.join(': '));
      return options.color ? `\u001B[${SEVERITY_COLORS[diagnostic.severity]}m${line}\u001B[0m` : line;
    })
    .join('\n');
}

/** GitHub workflow commands, which the runner turns into annotations on the pull request's diff. */
export function renderDiagnosticsGithub(diagnostics: readonly Diagnostic[]): string {
  return inReadingOrder(diagnostics)
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
