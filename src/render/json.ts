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
 * The same text as `renderPlanJson`, in pieces of at most one top-level field or one array item each, so a plan of
 * 100,000 changes is written without ever being one string (or one buffer) of tens of megabytes.
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
      for (let index = 0; index < value.length; index++) {
        const item: unknown = value[index];
        const json =
          item === undefined || typeof item === 'function' || typeof item === 'symbol'
            ? 'null'
            : JSON.stringify(item, null, 2);
        yield `    ${indented(json, '    ')}${index < value.length - 1 ? ',' : ''}\n`;
      }
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${indented(JSON.stringify(value, null, 2), '  ')}${comma}\n`;
    }
  }
  yield '}\n';
}
