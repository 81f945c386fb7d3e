import { corePlainScalar, isPlainQuotedInside, isSimpleKey } from './plain-document.js';

/**
 * Declaration files, as people write them, are a few lines of `key: value` under `---` separators. For a file made
 * only of such lines, the documents are read line by line here, without yaml's lexer and parser: those were about 40 %
 * of the CPU `plan` spent, and most of the garbage its collector swept (issue 20).
 *
 * It is a shortcut for a regular subset, never a second YAML parser. A file is taken only if every line is one of:
 * - a blank line, or a comment line (`#` after nothing but spaces);
 * - `---` alone, starting the next document;
 * - `key:` opening a nested mapping on the lines below, indented deeper;
 * - `key: value`, with a plain scalar on one line (no `#`, no `: `, no indicator first), or a quoted one with nothing
 *   to unescape, followed by nothing but spaces.
 * Keys are identifiers, each mapping's keys share one column, and every limit of load.ts's `LoadLimits` is far from
 * reached. Anything else, however valid, sends the whole file to yaml unchanged (load.ts), which then reports what it
 * reports. Within the subset the values and positions are those yaml gives: test/plain-document.test.ts compares them
 * on generated files on both sides of every edge, test/plain-lines-hostile.test.ts on hostile ones.
 */

/** load.ts's `LoadLimits`, restated here so that the two modules do not import each other. */
interface LineLimits {
  documentsPerFile: number;
  keysPerMapping: number;
  nestingDepth: number;
  tokensPerDocument: number;
  aliasExpansionsPerDocument: number;
}

/** Where a node starts, 1-based, and for a mapping its members: what `locate` needs to point at a field. */
export interface LineNode {
  line: number;
  column: number;
  members?: Map<string, { key: LineNode; value: LineNode }>;
}

export interface LineDocument {
  value: Record<string, unknown>;
  contents: LineNode;
}

/** Characters that send a file to yaml wherever they are: tabs, carriage returns, controls and yaml's own breaks. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what sends a file to yaml.
const OUTSIDE_THE_SUBSET = /[\u0000-\u0009\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;

interface OpenMapping {
  column: number;
  value: Record<string, unknown>;
  node: LineNode;
  members: Map<string, { key: LineNode; value: LineNode }>;
}

/** A mapping whose first key is at this line and column. */
function openMapping(line: number, column: number): OpenMapping {
  const members = new Map<string, { key: LineNode; value: LineNode }>();
  return { column, value: {}, node: { line, column, members }, members };
}

/**
 * The documents of a file in the subset, in order; undefined when any line is outside it or a limit is anywhere
 * near, so that yaml reads the file and reports the limit where it always has.
 */
export function plainLineDocuments(text: string, limits: LineLimits): LineDocument[] | undefined {
  if (OUTSIDE_THE_SUBSET.test(text)) return undefined;
  // Even the smallest document here is one mapping, without aliases: limits that refuse even that (a depth under 2, an
  // alias count under 0, or not a number at all) leave the file to yaml, which reports the breach.
  if (!(limits.nestingDepth >= 2) || !(limits.aliasExpansionsPerDocument >= 0)) return undefined;
  const documents: LineDocument[] = [];
  // The open mappings, outermost first; empty between documents.
  const stack: OpenMapping[] = [];
  // A `key:` whose mapping has not started yet: its first member decides the column.
  let opener: { parent: OpenMapping; name: string; key: LineNode } | undefined;
  let entriesInDocument = 0;
  // Whether a `---` has been read with no entry after it yet: a document that stays empty sends the file to yaml.
  let separatorPending = false;

  const finishDocument = (): boolean => {
    if (opener) return false; // `key:` with nothing below is null: left to yaml.
    stack.length = 0;
    return true;
  };

  let lineStart = 0;
  let lineNumber = 0;
  const length = text.length;
  while (lineStart < length) {
    lineNumber++;
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = length;
    let position = lineStart;
    while (position < lineEnd && text.charCodeAt(position) === SPACE) position++;
    const indent = position - lineStart;
    const first = text.charCodeAt(position);
    if (position === lineEnd || first === HASH) {
      lineStart = lineEnd + 1;
      continue;
    }
    if (indent === 0 && lineEnd - lineStart === 3 && text.startsWith('---', lineStart)) {
      if (separatorPending || !finishDocument()) return undefined;
      // A `---` before any document starts the first; one after a document starts the next.
      separatorPending = true;
      if (documents.length >= limits.documentsPerFile) return undefined;
      lineStart = lineEnd + 1;
      continue;
    }
    // An entry: `key:` then the end of the line, or `key: value`.
    const keyStart = position;
    while (position < lineEnd && text.charCodeAt(position) !== COLON) position++;
    if (position === lineEnd) return undefined;
    const name = text.slice(keyStart, position);
    if (!isSimpleKey(name)) return undefined;
    position++;
    const afterColon = position;
    while (position < lineEnd && text.charCodeAt(position) === SPACE) position++;
    // `key:value` is one plain scalar, not an entry; `key:` with only spaces after it opens a mapping.
    if (position === afterColon && position !== lineEnd) return undefined;

    // Which mapping the entry belongs to.
    let mapping: OpenMapping;
    const column = indent + 1;
    if (opener) {
      const { parent, name: openerName, key: openerKey } = opener;
      if (column <= parent.column) return undefined;
      if (stack.length >= limits.nestingDepth - 1) return undefined;
      mapping = openMapping(lineNumber, column);
      parent.value[openerName] = mapping.value;
      parent.members.set(openerName, { key: openerKey, value: mapping.node });
      stack.push(mapping);
      opener = undefined;
    } else if (stack.length === 0) {
      if (indent !== 0) return undefined;
      if (!separatorPending && documents.length > 0) return undefined;
      if (documents.length >= limits.documentsPerFile) return undefined;
      mapping = openMapping(lineNumber, column);
      stack.push(mapping);
      documents.push({ value: mapping.value, contents: mapping.node });
      separatorPending = false;
      entriesInDocument = 0;
    } else {
      // A shallower key closes the mappings opened deeper; it must line up with one still open.
      while (stack.length > 1 && (stack[stack.length - 1] as OpenMapping).column > column) stack.pop();
      const top = stack[stack.length - 1] as OpenMapping;
      if (top.column !== column) return undefined;
      mapping = top;
    }
    // Limits are kept at a distance, so that a file near one is read by yaml and any breach reported as it always was.
    // With this key the mapping holds size + 1; one short of the limit already leaves the file to yaml, which counts
    // exactly, so a limit that is not a whole number (or not a number) needs no case of its own here.
    if (mapping.members.has(name) || !(mapping.members.size + 2 <= limits.keysPerMapping)) return undefined;
    // Each entry is at most three of yaml's tokens (key, indicator, value), and `---` one more.
    if (3 * ++entriesInDocument + 2 > limits.tokensPerDocument) return undefined;
    const key: LineNode = { line: lineNumber, column };

    if (position === lineEnd) {
      opener = { parent: mapping, name, key };
      lineStart = lineEnd + 1;
      continue;
    }
    const scalar = scalarAt(text, position, lineEnd);
    if (!scalar) return undefined;
    mapping.value[name] = scalar.value;
    mapping.members.set(name, { key, value: { line: lineNumber, column: position - lineStart + 1 } });
    lineStart = lineEnd + 1;
  }
  if (separatorPending || !finishDocument() || documents.length === 0) return undefined;
  return documents;
}

/** The value of the scalar from `start` to the end of its line, as yaml's core schema reads it; undefined if unsure. */
function scalarAt(text: string, start: number, lineEnd: number): { value: unknown } | undefined {
  let end = lineEnd;
  while (text.charCodeAt(end - 1) === SPACE) end--;
  const quote = text[start];
  if (quote === '"' || quote === "'") {
    if (end - start < 2 || text[end - 1] !== quote) return undefined;
    const inside = text.slice(start + 1, end - 1);
    return isPlainQuotedInside(inside) ? { value: inside } : undefined;
  }
  const source = text.slice(start, end);
  if (source.includes('#') || source.includes(': ') || source.endsWith(':')) {
    return undefined;
  }
  return corePlainScalar(source);
}

/** The node a path leads to: the closest existing one, as load.ts's nodeAt finds it in a composed document. */
export function lineNodeAt(contents: LineNode, path: readonly (string | number)[], key: boolean): LineNode {
  let current = contents;
  for (let index = 0; index < path.length; index++) {
    const member = current.members?.get(String(path[index]));
    if (!member) return current;
    current = key && index === path.length - 1 ? member.key : member.value;
  }
  return current;
}
