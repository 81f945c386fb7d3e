import channelModel from './channel-model.json' with { type: 'json' };

/** A constraint violation, in the ValidationExceptionField shape the API returns. */
export interface FieldProblem {
  name: string;
  code: string;
  message: string;
}

interface MemberShape {
  target: string;
  required?: object;
  length?: { min?: number; max?: number };
  pattern?: string;
  range?: { min?: number; max?: number };
}

interface Shape {
  type: string;
  members?: Record<string, MemberShape>;
  member?: { target: string };
  values?: string[];
  length?: { min?: number; max?: number };
  pattern?: string;
  range?: { min?: number; max?: number };
  timestampFormat?: string;
  httpError?: number;
  retryable?: { throttling?: boolean };
}

export interface ChannelModel {
  operations: Record<string, { input: string; output: string; errors: string[] }>;
  serviceErrors: string[];
  shapes: Record<string, Shape>;
}

export const CHANNEL_MODEL = channelModel as unknown as ChannelModel;

const PRELUDE: Record<string, Shape> = {
  'smithy.api#String': { type: 'string' },
  'smithy.api#Integer': { type: 'integer' },
  'smithy.api#Boolean': { type: 'boolean' },
};

function shapeOf(target: string): Shape {
  const shape = CHANNEL_MODEL.shapes[target] ?? PRELUDE[target];
  if (!shape) {
    throw new Error(`the model has no shape ${target}`);
  }
  return shape;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const patternCache = new Map<string, RegExp>();

function compiled(pattern: string): RegExp {
  let expression = patternCache.get(pattern);
  if (!expression) {
    // Smithy patterns are ECMA 262 with \p{…} classes, which need the u flag.
    expression = new RegExp(pattern, 'u');
    patternCache.set(pattern, expression);
  }
  return expression;
}

function checkValue(
  value: unknown,
  target: string,
  path: string,
  traits: MemberShape | undefined,
  problems: FieldProblem[],
): void {
  const shape = shapeOf(target);
  const length = traits?.length ?? shape.length;
  const pattern = traits?.pattern ?? shape.pattern;
  const range = traits?.range ?? shape.range;
  switch (shape.type) {
    case 'string': {
      if (typeof value !== 'string') {
        problems.push({ name: path, code: 'INVALID_TYPE', message: `${path} must be a string` });
        return;
      }
      const size = [...value].length;
      if (
        length &&
        ((length.min !== undefined && size < length.min) || (length.max !== undefined && size > length.max))
      ) {
        problems.push({
          name: path,
          code: 'INVALID_LENGTH',
          message: `${path} must be between ${length.min ?? 0} and ${length.max ?? '∞'} characters long`,
        });
      }
      if (pattern && !compiled(pattern).test(value)) {
        problems.push({ name: path, code: 'INVALID_PATTERN', message: `${path} must match the pattern ${pattern}` });
      }
      return;
    }
    case 'enum':
      if (typeof value !== 'string' || !shape.values?.includes(value)) {
        problems.push({
          name: path,
          code: 'INVALID_ENUM_VALUE',
          message: `${path} must be one of ${shape.values?.join(', ')}`,
        });
      }
      return;
    case 'integer':
      if (!Number.isInteger(value)) {
        problems.push({ name: path, code: 'INVALID_TYPE', message: `${path} must be an integer` });
        return;
      }
      if (
        range &&
        ((range.min !== undefined && (value as number) < range.min) ||
          (range.max !== undefined && (value as number) > range.max))
      ) {
        problems.push({
          name: path,
          code: 'INVALID_RANGE',
          message: `${path} must be between ${range.min} and ${range.max}`,
        });
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') {
        problems.push({ name: path, code: 'INVALID_TYPE', message: `${path} must be a boolean` });
      }
      return;
    case 'timestamp':
      // date-time timestamps travel as RFC 3339 strings; epoch seconds are accepted as the JSON protocols allow.
      if (
        !(typeof value === 'string' && RFC3339.test(value) && !Number.isNaN(Date.parse(value))) &&
        typeof value !== 'number'
      ) {
        problems.push({ name: path, code: 'INVALID_TIMESTAMP', message: `${path} must be an RFC 3339 date-time` });
      }
      return;
    case 'list': {
      if (!Array.isArray(value)) {
        problems.push({ name: path, code: 'INVALID_TYPE', message: `${path} must be a list` });
        return;
      }
      value.forEach((item, index) => {
        checkValue(item, shape.member?.target ?? '', `${path}[${index}]`, undefined, problems);
      });
      return;
    }
    case 'structure':
    case 'union': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        problems.push({ name: path, code: 'INVALID_TYPE', message: `${path} must be an object` });
        return;
      }
      checkStructure(value as Record<string, unknown>, shape, path, problems);
      return;
    }
    default:
      return;
  }
}

function checkStructure(value: Record<string, unknown>, shape: Shape, path: string, problems: FieldProblem[]): void {
  const prefix = path ? `${path}.` : '';
  const members = shape.members ?? {};
  const present = Object.keys(value).filter((key) => value[key] !== undefined && value[key] !== null);
  if (shape.type === 'union' && present.length !== 1) {
    problems.push({
      name: path,
      code: 'INVALID_UNION',
      message: `${path} must set exactly one of ${Object.keys(members).join(', ')}`,
    });
  }
  for (const key of present) {
    if (!members[key]) {
      problems.push({
        name: `${prefix}${key}`,
        code: 'UNKNOWN_FIELD',
        message: `${prefix}${key} is not a member of the input`,
      });
    }
  }
  for (const [name, member] of Object.entries(members)) {
    const memberValue = value[name];
    if (memberValue === undefined || memberValue === null) {
      if (member.required) {
        problems.push({ name: `${prefix}${name}`, code: 'REQUIRED', message: `${prefix}${name} is required` });
      }
      continue;
    }
    checkValue(memberValue, member.target, `${prefix}${name}`, member, problems);
  }
}

/** Checks an operation's input against every constraint the model states for it. */
export function validateInput(operation: string, input: unknown): FieldProblem[] {
  const definition = CHANNEL_MODEL.operations[operation];
  if (!definition) {
    throw new Error(`unknown operation ${operation}`);
  }
  const problems: FieldProblem[] = [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return [{ name: '', code: 'INVALID_TYPE', message: 'the request body must be a JSON object' }];
  }
  checkStructure(input as Record<string, unknown>, shapeOf(definition.input), '', problems);
  return problems;
}

/** The HTTP status and retryability the model declares for an error shape. */
export function errorTraits(name: string): { status: number; retryable: boolean; throttling: boolean } {
  const shape = shapeOf(name);
  return {
    status: shape.httpError ?? 500,
    retryable: shape.retryable !== undefined,
    throttling: shape.retryable?.throttling === true,
  };
}

/**
 * Keeps only the members a structure shape of the model declares, so an answer carries exactly what the model says
 * it carries (and never, say, a relationship's write-only requestedSupportPlan or the simulator's own bookkeeping).
 */
export function shapedAs(shapeName: string, value: object): Record<string, unknown> {
  const members = shapeOf(shapeName).members ?? {};
  const shaped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    if (member !== undefined && Object.hasOwn(members, name)) shaped[name] = member;
  }
  return shaped;
}

/** Checks an operation's answer against the model's output shape: what a strict SDK would choke on. */
export function validateOutput(operation: string, output: unknown): FieldProblem[] {
  const definition = CHANNEL_MODEL.operations[operation];
  if (!definition) {
    throw new Error(`unknown operation ${operation}`);
  }
  const problems: FieldProblem[] = [];
  if (output === null || typeof output !== 'object' || Array.isArray(output)) {
    return [{ name: '', code: 'INVALID_TYPE', message: 'the answer must be a JSON object' }];
  }
  checkStructure(output as Record<string, unknown>, shapeOf(definition.output), '', problems);
  return problems;
}
