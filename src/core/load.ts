import { Composer, type CST, type Document, isMap, isScalar, isSeq, Lexer, LineCounter, type Node, Parser } from 'yaml';
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

/**
 * The shape limits of one declaration file. A declaration needs a handful of documents' worth of structure; these
 * stop a hostile pull request from making parsing or validation cost more than linear time or memory.
 */
export interface LoadLimits {
  documentsPerFile: number;
  keysPerMapping: number;
  nestingDepth: number;
  /**
   * YAML tokens (keys, values, indicators; not spaces or comments) per document. A declaration has about a hundred;
   * the bound keeps one document's syntax tree small, whatever shape a megabyte of it takes (a sequence of 500,000
   * items would otherwise cost seconds and hundreds of megabytes).
   */
  tokensPerDocument: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  documentsPerFile: 1_000,
  keysPerMapping: 200,
  nestingDepth: 32,
  tokensPerDocument: 10_000,
};

// Billion-laughs protection: an alias may be expanded at most this many times per document.
const MAX_ALIAS_COUNT = 100;

const PARSE_OPTIONS = { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: false } as const;

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

/** A limit broken while the syntax tree is being built: the file is abandoned at that point. */
interface LimitBreach {
  code: string;
  message: string;
}

/**
 * Checks the collections still open in the parser. The parser's stack holds the open path: its length bounds the
 * depth, so the depth is counted only when the stack is deep, and a mapping gains keys only while it is at or next to
 * the top, so only the top three entries are looked at. Constant work per token: linear in the file's size.
 */
function openCollectionsBreach(stack: readonly CST.Token[], limits: LoadLimits): LimitBreach | undefined {
  for (let index = Math.max(0, stack.length - 3); index < stack.length; index++) {
    const token = stack[index] as CST.Token;
    const isMapping = token.type === 'block-map' || (token.type === 'flow-collection' && token.start.source === '{');
    if (isMapping && token.items.length > limits.keysPerMapping) {
      return {
        code: 'limit.keys',
        message: `a mapping here has more than ${limits.keysPerMapping} keys, the limit per mapping. A declaration has a few fields and tags: split the data across declarations.`,
      };
    }
  }
  if (stack.length <= limits.nestingDepth) return undefined;
  let depth = 0;
  for (const token of stack) {
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') depth++;
  }
  if (depth > limits.nestingDepth) {
    return {
      code: 'limit.depth',
      message: `the collections here nest more than ${limits.nestingDepth} levels deep, the limit. A declaration nests three or four levels: flatten the document.`,
    };
  }
  return undefined;
}

/**
 * Parses one declaration file and hands over each document as soon as it is complete, so no file's documents are
 * held together. YAML 1.2 core schema, so `yes` stays a string and `2027-03-31` stays a date string; duplicate keys
 * are errors. Every document is parsed even when some fail, so that one run reports all; a broken limit ends the
 * file with one diagnostic naming it.
 */
export function loadDeclarationFile(
  source: SourceFile,
  onDocument: (document: ParsedDocument) => void,
  onDiagnostic: (diagnostic: Diagnostic) => void,
  limits: LoadLimits = DEFAULT_LOAD_LIMITS,
): void {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer(PARSE_OPTIONS);
  const file = source.path;
  let index = 0;
  const problem = (severity: 'error' | 'warning', code: string, message: string, offset: number) =>
    onDiagnostic({ severity, code, message, location: locationAt(file, lineCounter, offset) });

  const accept = (document: Document.Parsed): boolean => {
    const position = index++;
    if (position >= limits.documentsPerFile) {
      problem(
        'error',
        'limit.documents',
        `this file holds more than ${limits.documentsPerFile} YAML documents, the limit per file. Split it into several files.`,
        document.range[0],
      );
      return false;
    }
    let failed = false;
    for (const error of document.errors) {
      failed = true;
      problem('error', `yaml.${error.code}`, describeYamlError(error.code, error.message), error.pos[0]);
    }
    for (const warning of document.warnings) {
      problem('warning', `yaml.${warning.code}`, describeYamlError(warning.code, warning.message), warning.pos[0]);
    }
    if (failed || document.contents === null) {
      // An empty document (only comments, or a trailing ---) declares nothing.
      return true;
    }
    const start = document.contents.range?.[0] ?? 0;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      problem('error', 'yaml.RESOURCE_EXHAUSTION', describeYamlError('RESOURCE_EXHAUSTION', message), start);
      return true;
    }
    if (value === null || value === undefined) {
      // A document with only a `---` marker or comments declares nothing.
      return true;
    }
    onDocument({
      file,
      index: position,
      value,
      location: locationAt(file, lineCounter, start),
      locate(path, options) {
        const node = nodeAt(document, path, options?.key === true);
        return locationAt(file, lineCounter, node?.range?.[0] ?? start);
      },
    });
    return true;
  };

  // The documented way to drive the parser one lexeme at a time, so limits are checked while the tree is built,
  // before the composer (whose duplicate-key check is quadratic in a mapping's size) ever sees it.
  lineCounter.addNewLine(0);
  let tokensInDocument = 0;
  for (const lexeme of new Lexer().lex(source.text)) {
    const first = lexeme.charCodeAt(0);
    // Spaces, tabs, line breaks and comments cost the composer nothing: only the rest counts.
    if (first !== 0x20 && first !== 0x09 && first !== 0x0a && first !== 0x0d && first !== 0x23) {
      if (++tokensInDocument > limits.tokensPerDocument) {
        problem(
          'error',
          'limit.tokens',
          `this document holds more than ${limits.tokensPerDocument} YAML tokens (keys, values and indicators), the limit per document. A declaration needs a few hundred at most: split the data across declarations.`,
          parser.offset,
        );
        return;
      }
    }
    for (const token of parser.next(lexeme)) {
      if (token.type === 'document' || token.type === 'doc-end') tokensInDocument = 0;
      for (const document of composer.next(token)) {
        if (!accept(document)) return;
      }
    }
    const breach = openCollectionsBreach(parser.stack, limits);
    if (breach) {
      problem('error', breach.code, breach.message, parser.offset);
      return;
    }
  }
  for (const token of parser.end()) {
    for (const document of composer.next(token)) {
      if (!accept(document)) return;
    }
  }
  for (const document of composer.end()) {
    if (!accept(document)) return;
  }
  if (index === 0) {
    // No document at all: errors outside any document (a stray directive) are still the user's to see.
    for (const error of composer.streamInfo().errors) {
      problem('error', `yaml.${error.code}`, describeYamlError(error.code, error.message), error.pos[0]);
    }
  }
}
