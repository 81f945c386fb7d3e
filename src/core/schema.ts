import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { DECLARATION_KINDS, declaredKind, HANDSHAKE_DECLARATION_KIND } from './declaration-kinds.js';
import * as precompiled from './declaration-validators.generated.js';
import { patternInWords } from './pattern-words.js';

/** A schema violation, already phrased for a person: where, which field, and what to write instead. */
interface SchemaProblem {
  /** Path segments inside the document, e.g. ['payload', 'startServicePeriodPayload', 'endDate']. */
  path: (string | number)[];
  /** Whether the problem is the field's name (an unknown key) rather than its value. */
  atKey: boolean;
  message: string;
  keyword: string;
  /** For an unknown key: the allowed key it is most likely a typo of. */
  suggestion?: string;
}

export type DeclarationValidator = (value: unknown) => SchemaProblem[];

function decodePointer(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function editDistance(left: string, right: string): number {
  const previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    let diagonal = previous[0] ?? 0;
    previous[0] = row;
    for (let column = 1; column <= right.length; column++) {
      const above = previous[column] ?? 0;
      const cost = left[row - 1]?.toLowerCase() === right[column - 1]?.toLowerCase() ? 0 : 1;
      previous[column] = Math.min(above + 1, (previous[column - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[right.length] ?? 0;
}

/** Suggests the closest allowed spelling, so that a typo reads as a typo. */
function closestMatch(candidate: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const option of allowed) {
    const distance = editDistance(candidate, option);
    if (distance < bestDistance) {
      best = option;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

function describe(schema: unknown): string | undefined {
  return schema && typeof schema === 'object' && 'description' in schema
    ? String((schema as { description: unknown }).description)
    : undefined;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a map of fields',
  string: 'a quoted string',
  integer: 'a whole number',
  array: 'a list',
};

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty (null)';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return shown(value);
}

/** "is not in the expected form: rs- followed by 13 lowercase letters or digits", read from the pattern itself. */
function expectedForm(value: unknown, pattern: string): string {
  const words = patternInWords(pattern);
  return `${shown(value)} is not in the expected form${words ? `: ${words}` : ''}`;
}

function withHint(problem: string, hint: string | undefined): string {
  return hint ? `${problem}. ${hint}` : `${problem}.`;
}

function toProblem(error: ErrorObject): SchemaProblem | undefined {
  const path = decodePointer(error.instancePath);
  const hint = describe(error.parentSchema);
  if (error.propertyName !== undefined) {
    // A map key failed `propertyNames`: point at the key itself.
    return {
      path: [...path, error.propertyName],
      atKey: true,
      keyword: error.keyword,
      message: withHint(`the key ${shown(error.propertyName)} is not allowed`, hint),
    };
  }
  switch (error.keyword) {
    case 'if':
    case 'allOf':
      // Summaries of nested failures that are reported on their own.
      return undefined;
    case 'required': {
      const missing = String(error.params.missingProperty);
      const propertySchema = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties?.[
        missing
      ];
      return {
        path: [...path, missing],
        atKey: false,
        keyword: error.keyword,
        message: withHint(`missing required field "${missing}"`, describe(propertySchema) ?? hint),
      };
    }
    case 'additionalProperties': {
      const unknown = String(error.params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const suggestion = closestMatch(unknown, allowed);
      const advice = suggestion
        ? `Did you mean "${suggestion}"?`
        : `Allowed fields here: ${allowed.join(', ')}. Typos are errors so that nothing is silently ignored.`;
      return {
        path: [...path, unknown],
        atKey: true,
        keyword: error.keyword,
        message: suggestion
          ? `unknown field "${unknown}", did you mean "${suggestion}"?`
          : `unknown field "${unknown}". ${advice}`,
        ...(suggestion ? { suggestion } : {}),
      };
    }
    case 'propertyNames':
      // The summary of a key failure that is reported on its own above.
      return undefined;
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const value = error.data;
      const suggestion = typeof value === 'string' ? closestMatch(value, allowed) : undefined;
      return {
        path,
        atKey: false,
        keyword: error.keyword,
        message: `${shown(value)} is not allowed. ${suggestion ? `Did you mean ${suggestion}? ` : ''}Write one of: ${allowed.join(', ')}.`,
      };
    }
    case 'not':
      return { path, atKey: true, keyword: error.keyword, message: withHint('this field is not allowed here', hint) };
    case 'type': {
      const expected = String(error.params.type)
        .split(',')
        .map((type) => TYPE_NAMES[type] ?? type)
        .join(' or ');
      return {
        path,
        atKey: false,
        keyword: error.keyword,
        message: withHint(`must be ${expected}, not ${kindOf(error.data)}`, hint),
      };
    }
    case 'pattern':
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'minProperties':
    case 'maxProperties': {
      const limit = error.params.limit as number;
      const problem =
        error.keyword === 'pattern'
          ? expectedForm(error.data, String(error.params.pattern))
          : error.keyword === 'maxProperties' || error.keyword === 'minProperties'
            ? `has ${Object.keys(error.data as object).length} members`
            : error.keyword === 'minLength'
              ? `${shown(error.data)} is too short (at least ${limit} characters)`
              : error.keyword === 'maxLength'
                ? `is ${String(error.data).length} characters long, more than ${limit}`
                : `${shown(error.data)} is ${error.keyword === 'minimum' ? 'below' : 'above'} ${limit}`;
      return { path, atKey: false, keyword: error.keyword, message: withHint(problem, hint) };
    }
    default:
      return {
        path,
        atKey: false,
        keyword: error.keyword,
        message: withHint(error.message ?? `failed ${error.keyword}`, hint),
      };
  }
}

const KEYWORD_PRIORITY = ['type', 'additionalProperties', 'required', 'not', 'enum', 'pattern'];

function priority(problem: SchemaProblem): number {
  const index = KEYWORD_PRIORITY.indexOf(problem.keyword);
  return index === -1 ? KEYWORD_PRIORITY.length : index;
}

/**
 * The declaration schemas' validator. The schema files are the single source of validation: editors use them through
 * the yaml-language-server modeline, and this turns their violations into messages that say what to write instead.
 * They ship compiled (ajv's standalone code, test/declaration-validators.test.ts keeps it equal to the schemas), so
 * no run spends tens of milliseconds compiling them.
 */
function createDeclarationValidator(): DeclarationValidator {
  const byKind = new Map<string, ValidateFunction>(Object.entries(precompiled));
  const validatorOf = (kind: string): ValidateFunction | undefined => byKind.get(kind);
  const kinds = DECLARATION_KINDS.map((entry) => entry.kind);
  return (value) => {
    const kind = declaredKind(value);
    const validate = validatorOf(kind);
    if (!validate) {
      const suggestion = closestMatch(kind, kinds);
      return [
        {
          path: ['kind'],
          atKey: false,
          keyword: 'enum',
          message: `${shown(kind)} is not a kind of declaration. ${suggestion ? `Did you mean ${suggestion}? ` : ''}Write one of: ${kinds.join(', ')} (or leave kind out for a ${HANDSHAKE_DECLARATION_KIND}).`,
        },
      ];
    }
    if (validate(value)) {
      return [];
    }
    // One problem per field: a value that is both too short and malformed needs one message, the most telling one.
    const byField = new Map<string, SchemaProblem>();
    for (const error of validate.errors ?? []) {
      const problem = toProblem(error);
      if (!problem) {
        continue;
      }
      const key = `${problem.path.join('\u0000')}\u0000${problem.atKey}`;
      const existing = byField.get(key);
      if (!existing || priority(problem) < priority(existing)) {
        byField.set(key, problem);
      }
    }
    // A typo is one mistake: "unknown field handshakeTyp, did you mean handshakeType" says it all, so the missing
    // required field it was meant to be is not reported a second time.
    const meant = new Set(
      [...byField.values()]
        .filter((problem) => problem.suggestion !== undefined)
        .map((problem) => [...problem.path.slice(0, -1), problem.suggestion].join('\u0000')),
    );
    return [...byField.values()].filter(
      (problem) => problem.keyword !== 'required' || !meant.has(problem.path.join('\u0000')),
    );
  };
}

let sharedValidator: DeclarationValidator | undefined;

/** The compiled validator, built on first use (compiling takes milliseconds; many callers validate many times). */
export function declarationValidator(): DeclarationValidator {
  sharedValidator ??= createDeclarationValidator();
  return sharedValidator;
}
