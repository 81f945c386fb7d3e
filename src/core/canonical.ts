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

/** JSON with object keys sorted at every depth and no insignificant whitespace: the input to every hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** The form written to disk: sorted keys, two-space indent, trailing newline, so rewrites are byte-identical. */
export function canonicalJsonFile(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function sha256Base64Url(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}
