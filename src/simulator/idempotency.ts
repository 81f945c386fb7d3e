import { canonicalJson } from '../core/canonical.js';
import { SimulatedError } from './service.js';

interface Remembered {
  fingerprint: string;
  answer: unknown;
  resourceId: string;
}

/**
 * The clientToken memory of the @idempotent create and delete operations of PMAs and relationships: per account and
 * operation, the same token with the same parameters gets the first answer again, whatever happened since; the same
 * token with other parameters is a ConflictException (the error the model lists for each of them).
 */
export class ClientTokens {
  private readonly remembered = new Map<string, Remembered>();

  /** The first answer for this token, or undefined when the token is new (or absent). */
  replay(account: string, operation: string, input: Record<string, unknown>, resourceType: string): unknown {
    const token = input.clientToken;
    if (typeof token !== 'string') return undefined;
    const previous = this.remembered.get(key(account, operation, token));
    if (!previous) return undefined;
    if (previous.fingerprint !== fingerprint(input)) {
      throw new SimulatedError(
        'ConflictException',
        `The clientToken ${token} was already used for ${operation} with different parameters.`,
        { resourceId: previous.resourceId, resourceType },
      );
    }
    return structuredClone(previous.answer);
  }

  remember(account: string, operation: string, input: Record<string, unknown>, resourceId: string, answer: unknown) {
    const token = input.clientToken;
    if (typeof token !== 'string') return;
    this.remembered.set(key(account, operation, token), {
      fingerprint: fingerprint(input),
      answer: structuredClone(answer),
      resourceId,
    });
  }
}

function key(account: string, operation: string, token: string): string {
  return `${account}\u0000${operation}\u0000${token}`;
}

function fingerprint(input: Record<string, unknown>): string {
  const { clientToken: _token, ...parameters } = input;
  return canonicalJson(parameters);
}
