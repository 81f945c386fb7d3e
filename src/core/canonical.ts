import { createHash, hash } from 'node:crypto';
import { setOwn } from './own.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function sortKeys(value: unknown): Json {
  if (value === null || typeof value !== 'object') {
    return value as Json;
  }
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  // A plain object, not a null-prototype one: V8 keeps it in fast mode, and JSON.stringify writes fast-mode objects
  // about a third faster, which is most of the plan digest's and the clientTokens' time. setOwn still makes a
  // __proto__ key an ordinary member, and JSON.stringify reads own members only, so the bytes are the same (the
  // test keeps the null-prototype version as its oracle).
  const sorted: { [key: string]: Json } = {};
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

/**
 * sha256 (hex) of `canonicalJson(items)` for an array, fed to the hash one item at a time: the same bytes, without
 * ever holding a sorted copy of every item or one string of them all.
 */
export function sha256HexOfCanonicalArray(items: readonly unknown[]): string {
  const hash = createHash('sha256');
  // Items are fed in runs of about 32 KB: three calls into the hash per item cost more than hashing the bytes.
  let pending = '[';
  for (let index = 0; index < items.length; index++) {
    if (index > 0) pending += ',';
    // JSON.stringify writes null for an array item without a JSON value.
    pending += JSON.stringify(sortKeys(items[index])) ?? 'null';
    if (pending.length >= 32 * 1024) {
      hash.update(pending, 'utf8');
      pending = '';
    }
  }
  return hash.update(`${pending}]`, 'utf8').digest('hex');
}

// crypto.hash is the one-shot form (Node 20.12 and later): the same digest as createHash().update().digest(), without
// a Hash object per call, which was a third of each clientToken's cost. Strings are hashed as UTF-8 either way.
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

export function sha256Base64Url(text: string): string {
  return hash('sha256', text, 'base64url');
}
