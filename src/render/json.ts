import type { Plan } from '../core/model.js';

/** The machine-readable plan: what `apply --plan` pins and what other tools read. */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

function indented(json: string, indent: string): string {
  // JSON text holds no raw line break inside a string, so every line break is one of the layout's.
  return json.replace(/\n/g, `\n${indent}`);
}

/**
 * Array items per piece: few calls to JSON.stringify, and pieces (and the writes they are joined into) well under
 * V8's 128 KB regular-object limit, so none lands in the large-object space that only a full collection empties.
 */
const ITEMS_PER_PIECE = 20;
// JSON.stringify({ a: items }, null, 2) lays the items out at the depth of a top-level field's array members: what
// lies between this head and this tail is exactly those lines, with no second pass to indent them.
const HEAD = '{\n  "a": [\n'.length;
const TAIL = '\n  ]\n}'.length;

/**
 * The same text as `renderPlanJson`, in pieces of at most one top-level field or twenty array items each, so a
 * plan of 100,000 changes is written without ever being one string (or one buffer) of tens of megabytes.
 */
export function* planJsonPieces(plan: Plan): Generator<string> {
  // What JSON.stringify keeps of an object: own enumerable properties, in order, that have a JSON value.
  const fields = Object.entries(plan).filter(
    ([, value]) => value !== undefined && typeof value !== 'function' && typeof value !== 'symbol',
  );
  if (fields.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{\n';
  for (let field = 0; field < fields.length; field++) {
    const [key, value] = fields[field] as [string, unknown];
    const comma = field < fields.length - 1 ? ',' : '';
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (let first = 0; first < value.length; first += ITEMS_PER_PIECE) {
        const last = Math.min(value.length, first + ITEMS_PER_PIECE);
        // Items without a JSON value (undefined, a function) are written as null, as JSON.stringify does in arrays.
        const items = JSON.stringify({ a: value.slice(first, last) }, null, 2);
        yield `${items.slice(HEAD, items.length - TAIL)}${last < value.length ? ',' : ''}\n`;
      }
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${indented(JSON.stringify(value, null, 2), '  ')}${comma}\n`;
    }
  }
  yield '}\n';
}
