import { createHash } from 'node:crypto';
import { setOwn } from './own.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function sortKeys(value: unknown): Json {
  if (value === null || typeof value !== 'object') {
    return value as Json;
  }
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  // Null prototype: a key such as __proto__ stays an ordinary member instead of replacing the prototype.
  const sorted: { [key: string]: Json } = Object.create(null);
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    // undefined members vanish, as JSON.stringify would drop them anyway; doing it here keeps key order stable.
    if (member !== undefined) {
      setOwn(sorted, key, sortKeys(member));
    }
  }
  return sorted;
}

/** Whether `key` is an array index: JavaScript lists such keys first, in numeric order, in every object. */
function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (first < 0x30 || first > 0x39 || key.length > 10) return false;
  const number = Number(key);
  return number < 4_294_967_295 && String(number) === key;
}

/**
 * The member names in the order the canonical form has always written them: `Object.keys(value).sort()` rebuilt into
 * an object, which JavaScript then lists array indices first (numerically), the other names after (as sorted). Most
 * objects here have their names in that order already, so sorting is skipped when it would change nothing.
 */
function canonicalKeys(value: object): string[] {
  const keys = Object.keys(value);
  let indices = 0;
  while (indices < keys.length && isArrayIndex(keys[indices] as string)) indices++;
  let sorted = true;
  for (let index = indices + 1; index < keys.length; index++) {
    if ((keys[index - 1] as string) > (keys[index] as string)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return keys;
  if (indices === 0) return keys.sort();
  return [...keys.slice(0, indices), ...keys.slice(indices).sort()];
}

/**
 * Writes `value` as `JSON.stringify(sortKeys(value))` would, without building the sorted copy: the same bytes (the
 * test keeps the copying version as its oracle), at a fraction of the allocations. `undefined` for a value without a
 * JSON form, as JSON.stringify.
 */
function writeCanonical(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      // undefined, functions and symbols have no JSON form; a bigint throws, as JSON.stringify does.
      return JSON.stringify(value);
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // A Date or another object that chooses its own JSON form: rare here, so the plain way is good enough.
    return JSON.stringify(sortKeys(value));
  }
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ',';
      text += writeCanonical(value[index]) ?? 'null';
    }
    return `${text}]`;
  }
  let text = '{';
  let first = true;
  for (const key of canonicalKeys(value)) {
    const member = writeCanonical((value as Record<string, unknown>)[key]);
    if (member === undefined) continue;
    text += first ? JSON.stringify(key) : `,${JSON.stringify(key)}`;
    text += `:${member}`;
    first = false;
  }
  return `${text}}`;
}

/** JSON with object keys sorted at every depth and no insignificant whitespace: the input to every hash. */
export function canonicalJson(value: unknown): string {
  return writeCanonical(value) as string;
}

/** The form written to disk: sorted keys, two-space indent, trailing newline, so rewrites are byte-identical. */
export function canonicalJsonFile(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/**
 * sha256 (hex) of `canonicalJson(items)` for an array, fed to the hash one item at a time: the same bytes, without
 * ever holding one string of them all.
 */
export function sha256HexOfCanonicalArray(items: readonly unknown[]): string {
  const hash = createHash('sha256').update('[', 'utf8');
  for (let index = 0; index < items.length; index++) {
    if (index > 0) hash.update(',', 'utf8');
    // JSON.stringify writes null for an array item without a JSON value.
    hash.update(writeCanonical(items[index]) ?? 'null', 'utf8');
  }
  return hash.update(']', 'utf8').digest('hex');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function sha256Base64Url(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}
