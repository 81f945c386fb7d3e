import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical.js';
import { SimulatedError } from './service.js';

/**
 * One page of a listing, as the API pages: `maxResults` items (20 unless given), and an opaque nextToken that is
 * only valid for the same query (same filters and sort).
 */
export function page<Item>(matches: Item[], input: Record<string, unknown>): { items: Item[]; nextToken?: string } {
  const pageSize = (input.maxResults as number | undefined) ?? 20;
  const query = createHash('sha256')
    .update(canonicalJson({ ...input, nextToken: undefined, maxResults: undefined }))
    .digest('hex');
  let offset = 0;
  if (typeof input.nextToken === 'string') {
    const decoded = decode(input.nextToken);
    if (!decoded || decoded.query !== query) {
      throw new SimulatedError('ValidationException', 'The nextToken is invalid or belongs to a different query.', {
        reason: 'REQUEST_VALIDATION_FAILED',
        fieldList: [{ name: 'nextToken', code: 'INVALID_VALUE', message: 'nextToken is invalid' }],
      });
    }
    offset = decoded.offset;
  }
  const items = matches.slice(offset, offset + pageSize);
  const more = offset + pageSize < matches.length;
  return {
    items,
    ...(more
      ? { nextToken: Buffer.from(JSON.stringify({ offset: offset + pageSize, query })).toString('base64url') }
      : {}),
  };
}

/** Orders by updatedAt when the request asks for a sort (the only sort key the model offers). */
export function sorted<Item extends { updatedAt: string; sequence: number }>(
  matches: Item[],
  sort: { sortOrder?: string } | undefined,
): Item[] {
  if (!sort) return matches;
  const direction = sort.sortOrder === 'Descending' ? -1 : 1;
  return [...matches].sort(
    (left, right) => direction * (left.updatedAt.localeCompare(right.updatedAt) || left.sequence - right.sequence),
  );
}

function decode(token: string): { offset: number; query: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return Number.isInteger(value.offset) && typeof value.query === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
