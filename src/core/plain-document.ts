import type { CST } from 'yaml';

/**
 * The plain documents that make up nearly every declaration file: a block mapping of simple keys whose values are
 * single-line scalars or further block mappings, without anchors, aliases, tags, flow collections, block scalars,
 * escapes or comments between the fields. For those, the value is read straight off yaml's syntax tree: no
 * `Document` of nodes is composed and no `toJS` copy made, which was a third of the time `plan` spent in yaml.
 *
 * It is a shortcut, never a second parser: anything outside that shape (however valid) returns undefined, and the
 * caller composes the document with yaml as before, which then reports every error and warning. Within the shape
 * the value is the one yaml's core schema gives (test/plain-document.test.ts compares the two on generated files).
 */

/** Where a node starts, and for a mapping, its members: what `locate` needs to point at a field. */
export interface PlainNode {
  offset: number;
  members?: Map<string, { keyOffset: number; value: PlainNode }>;
}

export interface PlainDocument {
  value: Record<string, unknown>;
  contents: PlainNode;
}

/** Keys that are plainly strings under the core schema: an identifier, never null, true or false. */
const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_BOOLEAN = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_TRUE = /^(?:[Tt]rue|TRUE)$/;
/** Unsigned decimal integers small enough that parseInt is exact, as yaml's core int resolves them. */
const SMALL_DECIMAL = /^[0-9]{1,15}$/;
/** The other core-schema forms (signed, octal, hex, floats, infinities, NaN): left to yaml. */
const OTHER_CORE_NUMBER =
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
/** A quoted scalar's inside with nothing to unescape or fold: no quote, backslash, control or line-break character. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what sends a scalar to yaml.
const PLAIN_QUOTED = /^[^"'\\\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]*$/;
/** Characters a plain scalar is refused for starting with: yaml's indicators and reserved characters, and quotes. */
const INDICATOR_FIRST = /^[-?:,[\]{}#&*!|>'"%@`]/;
/** A plain scalar on one line with no character yaml treats specially there. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what sends a scalar to yaml.
const PLAIN_SCALAR = /^[^\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]+$/;

/**
 * Whether every token is of an allowed type and holds no tab. A tab in the spaces that indent a line is an error only
 * the composer reports (TAB_AS_INDENT), and the syntax tree holds it in a `space` token like any other space.
 */
function onlyTokens(tokens: readonly CST.SourceToken[] | undefined, allowed: ReadonlySet<string>): boolean {
  if (!tokens) return true;
  for (const token of tokens) if (!allowed.has(token.type) || token.source.includes('\t')) return false;
  return true;
}

const LAYOUT = new Set(['space', 'newline']);
const DOCUMENT_START = new Set(['doc-start', 'space', 'newline', 'comment']);
const DOCUMENT_END = new Set(['space', 'newline', 'comment']);

/** The column a token starts at: its distance from the line break before it. */
function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function scalarValue(token: CST.FlowScalar): { value: unknown } | undefined {
  if (!onlyTokens(token.end, LAYOUT)) return undefined;
  const source = token.source;
  if (token.type === 'scalar') return corePlainScalar(source);
  const quote = token.type === 'double-quoted-scalar' ? '"' : "'";
  if (source.length < 2 || source[0] !== quote || source[source.length - 1] !== quote) return undefined;
  const inside = source.slice(1, -1);
  return isPlainQuotedInside(inside) ? { value: inside } : undefined;
}

/** A one-line plain scalar's value under the core schema; undefined for the forms left to yaml (null, most numbers). */
export function corePlainScalar(source: string): { value: unknown } | undefined {
  // yaml's lexer hands over `@x` as a plain scalar; only its composer refuses the reserved first character.
  if (!PLAIN_SCALAR.test(source) || INDICATOR_FIRST.test(source)) return undefined;
  if (CORE_BOOLEAN.test(source)) return { value: CORE_TRUE.test(source) };
  if (SMALL_DECIMAL.test(source)) return { value: Number.parseInt(source, 10) };
  if (CORE_NULL.test(source) || OTHER_CORE_NUMBER.test(source)) return undefined;
  return { value: source };
}

/** Whether a quoted scalar's inside is its value as written: nothing to unescape or fold. */
export function isPlainQuotedInside(inside: string): boolean {
  return PLAIN_QUOTED.test(inside);
}

/** A key that is plainly a string under the core schema, and safe as a property name. */
export function isSimpleKey(name: string): boolean {
  return SIMPLE_KEY.test(name) && !CORE_NULL.test(name) && !CORE_BOOLEAN.test(name) && name !== '__proto__';
}

function plainMapping(
  map: CST.BlockMap,
  text: string,
  parentColumn: number,
): { value: Record<string, unknown>; node: PlainNode } | undefined {
  const value: Record<string, unknown> = {};
  const members = new Map<string, { keyOffset: number; value: PlainNode }>();
  let column = -1;
  for (const item of map.items) {
    if (!onlyTokens(item.start, LAYOUT)) return undefined;
    const key = item.key;
    if (key?.type !== 'scalar' || key.end?.length) return undefined;
    const name = key.source;
    if (!isSimpleKey(name)) return undefined;
    if (members.has(name)) return undefined;
    const keyColumn = columnOf(text, key.offset);
    if (column === -1) {
      if (keyColumn <= parentColumn) return undefined;
      column = keyColumn;
    } else if (keyColumn !== column) {
      return undefined;
    }
    const separator = item.sep;
    if (separator?.[0]?.type !== 'map-value-ind' || separator[0].source !== ':') return undefined;
    let lineBreak = false;
    for (let index = 1; index < separator.length; index++) {
      const token = separator[index] as CST.SourceToken;
      if (token.type === 'newline') lineBreak = true;
      else if (token.type !== 'space' || token.source.includes('\t')) return undefined;
    }
    const member = item.value;
    if (!member) return undefined;
    if (member.type === 'block-map') {
      // A mapping as a value starts on a line of its own; `a: b: c` is an error yaml reports.
      if (!lineBreak) return undefined;
      const nested = plainMapping(member, text, column);
      if (!nested) return undefined;
      value[name] = nested.value;
      members.set(name, { keyOffset: key.offset, value: nested.node });
    } else if (
      member.type === 'scalar' ||
      member.type === 'double-quoted-scalar' ||
      member.type === 'single-quoted-scalar'
    ) {
      const scalar = scalarValue(member);
      if (!scalar) return undefined;
      value[name] = scalar.value;
      members.set(name, { keyOffset: key.offset, value: { offset: member.offset } });
    } else {
      return undefined;
    }
  }
  if (members.size === 0) return undefined;
  return { value, node: { offset: map.offset, members } };
}

/** The document's value and positions, when it has the plain shape; undefined sends it to yaml's composer. */
export function plainDocument(document: CST.Document, text: string): PlainDocument | undefined {
  if (!onlyTokens(document.start, DOCUMENT_START) || !onlyTokens(document.end, DOCUMENT_END)) return undefined;
  // After `---`, the mapping starts on a line of its own.
  if (document.start.length > 0 && document.start[document.start.length - 1]?.type !== 'newline') return undefined;
  const contents = document.value;
  if (contents?.type !== 'block-map' || columnOf(text, contents.offset) !== 0) return undefined;
  const mapping = plainMapping(contents, text, -1);
  return mapping ? { value: mapping.value, contents: mapping.node } : undefined;
}

/** The node a path leads to, as load.ts's nodeAt finds it in a composed document: the closest existing one. */
export function plainNodeAt(contents: PlainNode, path: readonly (string | number)[], key: boolean): PlainNode {
  let current = contents;
  for (let index = 0; index < path.length; index++) {
    const member = current.members?.get(String(path[index]));
    if (!member) return current;
    current = key && index === path.length - 1 ? { offset: member.keyOffset } : member.value;
  }
  return current;
}
