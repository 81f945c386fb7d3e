import type { Diagnostic } from '../core/model.js';
import { singleLine, workflowCommandData, workflowCommandProperty } from './neutralise.js';

/** Where an annotation points, as the runner's workflow commands name it. */
export interface AnnotationProperties {
  file?: string;
  startLine?: number;
  startColumn?: number;
  title?: string;
}

export type AnnotationCommand = 'error' | 'warning' | 'notice';

// The runner splits workflow commands on these characters; the toolkit escapes them the same way.
const escapeData = workflowCommandData;
const escapeProperty = workflowCommandProperty;

const PROPERTY_NAMES: Record<keyof AnnotationProperties, string> = {
  file: 'file',
  startLine: 'line',
  startColumn: 'col',
  title: 'title',
};

/** `::command file=…,line=…,col=…,title=…::message`, escaped as the runner expects. */
export function workflowCommand(command: string, message: string, properties: AnnotationProperties = {}): string {
  const rendered = (Object.keys(PROPERTY_NAMES) as (keyof AnnotationProperties)[])
    .filter((key) => properties[key] !== undefined && properties[key] !== '')
    .map((key) => `${PROPERTY_NAMES[key]}=${escapeProperty(String(properties[key]))}`)
    .join(',');
  return `::${command}${rendered ? ` ${rendered}` : ''}::${escapeData(message)}`;
}

/** The annotation a diagnostic becomes on the pull request's diff. */
export function diagnosticAnnotation(diagnostic: Diagnostic): {
  command: AnnotationCommand;
  message: string;
  properties: AnnotationProperties;
} {
  return {
    command: diagnostic.severity,
    message: singleLine(diagnostic.message),
    properties: {
      ...(diagnostic.location
        ? {
            file: singleLine(diagnostic.location.file),
            startLine: diagnostic.location.line,
            startColumn: diagnostic.location.column,
          }
        : {}),
      title: diagnostic.field ? `channel-handshakes: ${singleLine(diagnostic.field)}` : 'channel-handshakes',
    },
  };
}
