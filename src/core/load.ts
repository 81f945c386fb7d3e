import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { Diagnostic, SourceLocation } from './model.js';

/** A file as handed to the core: a repository-relative path and its text. Reading it is the caller's job. */
export interface SourceFile {
  path: string;
  text: string;
}

/** One YAML document of a declaration file, parsed to plain data but still able to point at its nodes. */
export interface ParsedDocument {
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  value: unknown;
  location: SourceLocation;
  /** Finds the position of a field; `key` points at the field's name rather than its value. */
  locate(path: readonly (string | number)[], options?: { key?: boolean }): SourceLocation;
}

export interface LoadResult {
  documents: ParsedDocument[];
  diagnostics: Diagnostic[];
}

// Billion-laughs protection: an alias may be expanded at most this many times per document.
const MAX_ALIAS_COUNT = 100;

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'Each field may appear once per document: remove or rename the repeated key.',
  ALIAS_PROPS: 'An alias cannot carry its own anchor or tag.',
  BAD_ALIAS: 'Define the anchor (&name) before using the alias (*name).',
  MULTIPLE_DOCS: 'Separate documents with a line holding only ---.',
  TAB_AS_INDENT: 'Indent with spaces, not tabs.',
  RESOURCE_EXHAUSTION: 'The document expands aliases too many times; write the values out instead.',
};

function describeYamlError(code: string, message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  const hint = YAML_HINTS[code];
  return hint ? `${firstLine}. ${hint}` : firstLine;
}

function locationAt(file: string, lineCounter: LineCounter, offset: number): SourceLocation {
  const { line, col } = lineCounter.linePos(offset);
  return { file, line, column: col };
}

function nodeAt(document: Document, path: readonly (string | number)[], key: boolean): Node | undefined {
  let current: unknown = document.contents;
  for (let index = 0; index < path.length; index++) {
    const segment = path[index];
    let next: unknown;
    if (isMap(current)) {
      const pair = current.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      next = pair && key && index === path.length - 1 ? pair.key : (pair?.value ?? pair?.key);
    } else if (isSeq(current)) {
      next = current.items[Number(segment)];
    }
    if (next === undefined || next === null) {
      // The path leaves the document (a missing field): the closest existing node is the best place to point.
      return current as Node | undefined;
    }
    current = next;
  }
  return current as Node | undefined;
}

/**
 * Parses declaration files. YAML 1.2 core schema, so `yes` stays a string and `2027-03-31` stays a date string;
 * duplicate keys are errors. Every document of every file is parsed even when some fail, so that one run reports all.
 */
export function loadDeclarationFiles(files: readonly SourceFile[]): LoadResult {
  const documents: ParsedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const source of files) {
    const lineCounter = new LineCounter();
    const parsed = parseAllDocuments(source.text, {
      version: '1.2',
      schema: 'core',
      uniqueKeys: true,
      prettyErrors: false,
      lineCounter,
    });
    if ('empty' in parsed) {
      for (const error of parsed.errors) {
        diagnostics.push({
          severity: 'error',
          code: `yaml.${error.code}`,
          message: describeYamlError(error.code, error.message),
          location: locationAt(source.path, lineCounter, error.pos[0]),
        });
      }
      continue;
    }
    parsed.forEach((document, index) => {
      let failed = false;
      for (const error of document.errors) {
        failed = true;
        diagnostics.push({
          severity: 'error',
          code: `yaml.${error.code}`,
          message: describeYamlError(error.code, error.message),
          location: locationAt(source.path, lineCounter, error.pos[0]),
        });
      }
      for (const warning of document.warnings) {
        diagnostics.push({
          severity: 'warning',
          code: `yaml.${warning.code}`,
          message: describeYamlError(warning.code, warning.message),
          location: locationAt(source.path, lineCounter, warning.pos[0]),
        });
      }
      if (failed || document.contents === null) {
        // An empty document (only comments, or a trailing ---) declares nothing.
        return;
      }
      let value: unknown;
      try {
        value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        diagnostics.push({
          severity: 'error',
          code: 'yaml.RESOURCE_EXHAUSTION',
          message: describeYamlError('RESOURCE_EXHAUSTION', error instanceof Error ? error.message : String(error)),
          location: locationAt(source.path, lineCounter, document.contents.range?.[0] ?? 0),
        });
        return;
      }
      if (value === null || value === undefined) {
        // A document with only a `---` marker or comments declares nothing.
        return;
      }
      const start = document.contents.range?.[0] ?? 0;
      documents.push({
        file: source.path,
        index,
        value,
        location: locationAt(source.path, lineCounter, start),
        locate(path, options) {
          const node = nodeAt(document, path, options?.key === true);
          return locationAt(source.path, lineCounter, node?.range?.[0] ?? start);
        },
      });
    });
  }
  return { documents, diagnostics };
}
