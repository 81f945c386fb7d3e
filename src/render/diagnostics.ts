import type { Diagnostic } from '../model.js';

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
      return parts.join(': ');
    })
    .join('\n');
}

// The runner splits workflow commands on these characters; the toolkit escapes them the same way.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub workflow commands, which the runner turns into annotations on the pull request's diff. */
export function renderDiagnosticsGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((diagnostic) => {
      const command =
        diagnostic.severity === 'error' ? 'error' : diagnostic.severity === 'warning' ? 'warning' : 'notice';
      const properties: string[] = [];
      if (diagnostic.location) {
        properties.push(`file=${escapeProperty(diagnostic.location.file)}`);
        properties.push(`line=${diagnostic.location.line}`);
        properties.push(`col=${diagnostic.location.column}`);
      }
      properties.push(
        `title=${escapeProperty(diagnostic.field ? `channel-handshakes: ${diagnostic.field}` : 'channel-handshakes')}`,
      );
      return `::${command} ${properties.join(',')}::${escapeData(diagnostic.message)}`;
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
