import {
  Composer,
  CST,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  type Node,
  Parser,
} from 'yaml';
import type { Diagnostic, SourceLocation } from './model.js';
import { type PlainDocument, plainDocument, plainNodeAt } from './plain-document.js';
import { lineNodeAt, plainLineDocuments } from './plain-lines.js';

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
  /**
   * Alias expansions per document: every `*name` the document's value copies, those inside copied nodes included. A
   * handful is plenty for a declaration; the bound stops a "billion laughs" before anything walks the expanded value.
   */
  aliasExpansionsPerDocument: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  documentsPerFile: 1_000,
  keysPerMapping: 200,
  nestingDepth: 32,
  tokensPerDocument: 10_000,
  aliasExpansionsPerDocument: 100,
};

export interface LoadOptions {
  /** false composes every document with yaml, as the shortcuts' own test does to compare them with it. */
  plainDocuments?: boolean;
  /** false leaves out the line reader (plain-lines.ts) alone, so the test can compare the syntax-tree shortcut too. */
  plainLines?: boolean;
}

const PARSE_OPTIONS = { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: false } as const;

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'Each field may appear once per document: remove or rename the repeated key.',
  ALIAS_PROPS: 'An alias cannot carry its own anchor or tag.',
  BAD_ALIAS: 'Define the anchor (&name) before using the alias (*name).',
  MULTIPLE_DOCS: 'Separate documents with a line holding only ---.',
  TAB_AS_INDENT: 'Indent with spaces, not tabs.',
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
 * Where the quoted scalars and flow collections that never close begin. yaml reports such a construct where it gave
 * up looking for the end (often the end of the file); the person needs the place where it opens.
 */
function unclosedOpenings(document: CST.Document): number[] {
  const openings: number[] = [];
  const check = (token: CST.Token | undefined) => {
    if (token?.type === 'double-quoted-scalar' || token?.type === 'single-quoted-scalar') {
      const quote = token.source[0] ?? '';
      const body = token.source.slice(1);
      // A closing double quote is one not escaped by an odd run of backslashes.
      const closed = body.endsWith(quote) && (quote === "'" || (/\\*"$/.exec(body)?.[0].length ?? 1) % 2 === 1);
      if (!closed) openings.push(token.offset);
    } else if (token?.type === 'flow-collection') {
      if (!token.end.some((end) => end.type === 'flow-map-end' || end.type === 'flow-seq-end')) {
        openings.push(token.start.offset);
      }
    }
  };
  CST.visit(document, (item) => {
    check(item.key ?? undefined);
    check(item.value);
  });
  return openings.sort((left, right) => left - right);
}

const UNCLOSED = /^Missing closing|end with a [\]}]|to end with/;

/** For an error about a construct that never closes: the offset where the nearest such construct before it opens. */
function openingOf(message: string, offset: number, openings: () => readonly number[]): number | undefined {
  if (!UNCLOSED.test(message)) return undefined;
  return openings()
    .filter((opening) => opening <= offset)
    .at(-1);
}

function unclosedMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  const quote = /closing (["'])/.exec(first)?.[1];
  return quote
    ? `the value quoted with ${quote} that opens here is never closed. Add the closing ${quote} where the value ends.`
    : `the ${first.includes('}') ? '{' : '['} that opens here is never closed. Close it with the matching ${first.includes('}') ? '}' : ']'} before the next field.`;
}

/**
 * How many alias expansions building the document's value takes: each `*name` costs one, plus the expansions inside
 * the node it copies. One walk in source order, keeping each anchored node's cost, so linear in the document; counts
 * stop just past `limit`. An alias inside the node it names would expand forever: it counts as past the limit.
 */
function aliasExpansions(document: Document, limit: number): { expansions: number; unresolved?: Node } {
  const past = limit + 1;
  const costOfAnchor = new Map<string, number>();
  let unresolved: Node | undefined;
  const cost = (node: unknown): number => {
    if (isAlias(node)) {
      const target = costOfAnchor.get(node.source);
      if (target === undefined) unresolved ??= node;
      return Math.min(past, 1 + (target ?? 0));
    }
    if (isPair(node)) return Math.min(past, cost(node.key) + cost(node.value));
    if (!isMap(node) && !isSeq(node) && !isScalar(node)) return 0;
    const anchor = node.anchor;
    if (anchor) costOfAnchor.set(anchor, past);
    let total = 0;
    if (!isScalar(node)) {
      for (const item of node.items) total = Math.min(past, total + cost(item));
    }
    if (anchor) costOfAnchor.set(anchor, total);
    return total;
  };
  const expansions = cost(document.contents);
  return unresolved ? { expansions, unresolved } : { expansions };
}

/** A limit broken while the syntax tree is being built: the file is abandoned at that point. */
interface LimitBreach {
  code: string;
  message: string;
}

/**
 * The keys of a mapping being built. The parser opens an empty item after a line break, for whatever comes next (a
 * comment, a blank line, the next key): that one is no key yet. Only the last item can be such.
 */
function keysIn(items: readonly { key?: unknown; sep?: unknown; value?: unknown }[]): number {
  const last = items.at(-1);
  const empty = last !== undefined && !last.key && !last.sep && !last.value;
  return items.length - (empty ? 1 : 0);
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
    if (isMapping && keysIn(token.items) > limits.keysPerMapping) {
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
  /** Called once for each document refused before validation: broken YAML, too many aliases, or a broken limit. */
  onInvalidDocument: () => void = () => {},
  options: LoadOptions = {},
): void {
  if (options.plainDocuments !== false && options.plainLines !== false) {
    const documents = plainLineDocuments(source.text, limits);
    if (documents) {
      const file = source.path;
      for (const [index, { value, contents }] of documents.entries()) {
        onDocument({
          file,
          index,
          value,
          location: { file, line: contents.line, column: contents.column },
          locate(path, options) {
            const { line, column } = lineNodeAt(contents, path, options?.key === true);
            return { file, line, column };
          },
        });
      }
      return;
    }
  }
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
      onInvalidDocument();
      return false;
    }
    let failed = false;
    for (const error of document.errors) {
      failed = true;
      const opening = openingOf(error.message, error.pos[0], openings);
      problem(
        'error',
        `yaml.${error.code}`,
        opening === undefined ? describeYamlError(error.code, error.message) : unclosedMessage(error.message),
        opening ?? error.pos[0],
      );
    }
    if (failed) onInvalidDocument();
    for (const warning of document.warnings) {
      problem('warning', `yaml.${warning.code}`, describeYamlError(warning.code, warning.message), warning.pos[0]);
    }
    if (failed || document.contents === null) {
      // An empty document (only comments, or a trailing ---) declares nothing.
      return true;
    }
    const start = document.contents.range?.[0] ?? 0;
    const aliases = aliasExpansions(document, limits.aliasExpansionsPerDocument);
    if (aliases.unresolved) {
      problem(
        'error',
        'yaml.BAD_ALIAS',
        `the alias ${aliases.unresolved.toString()} names no anchor defined before it. ${YAML_HINTS.BAD_ALIAS}`,
        aliases.unresolved.range?.[0] ?? start,
      );
      onInvalidDocument();
      return true;
    }
    if (aliases.expansions > limits.aliasExpansionsPerDocument) {
      problem(
        'error',
        'limit.aliases',
        `this document expands aliases (*name) more than ${limits.aliasExpansionsPerDocument} times, the limit per document. Write the values out instead.`,
        start,
      );
      onInvalidDocument();
      return true;
    }
    // Counted above, exactly as documented; yaml's own guard counts differently (it refuses 100 uses of one anchor).
    const value: unknown = document.toJS({ maxAliasCount: -1 });
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

  /** A document read by the shortcut: valid YAML with no errors, warnings or aliases, so only the count applies. */
  const acceptPlain = (token: CST.Document, plain: PlainDocument): boolean => {
    const position = index++;
    if (position >= limits.documentsPerFile) {
      problem(
        'error',
        'limit.documents',
        `this file holds more than ${limits.documentsPerFile} YAML documents, the limit per file. Split it into several files.`,
        token.offset,
      );
      onInvalidDocument();
      return false;
    }
    const start = plain.contents.offset;
    onDocument({
      file,
      index: position,
      value: plain.value,
      location: locationAt(file, lineCounter, start),
      locate(path, options) {
        return locationAt(file, lineCounter, plainNodeAt(plain.contents, path, options?.key === true).offset);
      },
    });
    return true;
  };

  // Plain documents skip the composer (see plain-document.ts) for as long as the file holds nothing else: each waits
  // until the next top-level token, as the composer would hold it, so documents are handed over in the same order
  // and a limit broken in between stops at the same one. The first token outside that shape hands everything still
  // held, and the rest of the file, to the composer, which then sees what it would have seen. Comments and blank
  // lines between documents only decorate a composed document, so they are not replayed.
  // A plain document has no alias, so the alias limit is not checked for it: a limit that even no alias breaks (a
  // negative one) is left to the composer, which reports it.
  let shortcut = options.plainDocuments !== false && limits.aliasExpansionsPerDocument >= 0;
  let held: { token: CST.Document; plain: PlainDocument } | undefined;
  const compose = (token: CST.Token): boolean => {
    if (token.type === 'document') composing(token);
    for (const document of composer.next(token)) {
      if (!accept(document)) return false;
    }
    return true;
  };
  const route = (token: CST.Token): boolean => {
    if (!shortcut) return compose(token);
    if (token.type === 'comment' || token.type === 'newline' || token.type === 'space') return true;
    const waiting = held;
    held = undefined;
    if (token.type === 'document') {
      if (waiting && !acceptPlain(waiting.token, waiting.plain)) return false;
      const plain = plainDocument(token, source.text);
      if (plain) {
        held = { token, plain };
        return true;
      }
      shortcut = false;
      return compose(token);
    }
    shortcut = false;
    return (waiting === undefined || compose(waiting.token)) && compose(token);
  };

  // The documented way to drive the parser one lexeme at a time, so limits are checked while the tree is built,
  // before the composer (whose duplicate-key check is quadratic in a mapping's size) ever sees it.
  lineCounter.addNewLine(0);
  let tokensInDocument = 0;
  // Where each quoted scalar or flow collection that never closes opens, in the CST document being composed. Only an
  // error about such a construct needs them, so the syntax tree is walked for them only then.
  let syntaxDocument: CST.Document | undefined;
  let openingsOfDocument: number[] | undefined;
  const openings = () => {
    openingsOfDocument ??= syntaxDocument ? unclosedOpenings(syntaxDocument) : [];
    return openingsOfDocument;
  };
  const composing = (document: CST.Document) => {
    syntaxDocument = document;
    openingsOfDocument = undefined;
  };
  const tooManyTokens = (offset: number) =>
    problem(
      'error',
      'limit.tokens',
      `this document holds more than ${limits.tokensPerDocument} YAML tokens (keys, values and indicators), the limit per document. A declaration needs a few hundred at most: split the data across declarations.`,
      offset,
    );
  for (const lexeme of new Lexer().lex(source.text)) {
    const offset = parser.offset;
    // The lexer's own markers (document start, scalar follows, flow end) are not in the text; spaces, tabs, line
    // breaks and comments cost the composer nothing. Only the rest counts, each token once.
    const first = lexeme.charCodeAt(0);
    const counts = first > 0x20 && first !== 0x23 && first !== 0xfeff;
    // `...` belongs to the document it ends; `---` (counted after the parser has closed the previous one) to the one
    // it starts.
    if (counts && lexeme === '...' && ++tokensInDocument > limits.tokensPerDocument) {
      tooManyTokens(offset);
      onInvalidDocument();
      return;
    }
    for (const token of parser.next(lexeme)) {
      if (token.type === 'document' || token.type === 'doc-end') tokensInDocument = 0;
      if (!route(token)) return;
    }
    if (counts && lexeme !== '...' && ++tokensInDocument > limits.tokensPerDocument) {
      tooManyTokens(offset);
      onInvalidDocument();
      return;
    }
    const breach = openCollectionsBreach(parser.stack, limits);
    if (breach) {
      problem('error', breach.code, breach.message, parser.offset);
      onInvalidDocument();
      return;
    }
  }
  for (const token of parser.end()) {
    if (!route(token)) return;
  }
  if (held && !acceptPlain(held.token, held.plain)) return;
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
