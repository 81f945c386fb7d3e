import type { Diagnostic } from './model.js';

/**
 * Something the user can fix: bad input, a missing file, a refused request.
 * The CLI prints these without a stack trace and exits 1.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  readonly diagnostics: Diagnostic[];
  constructor(message: string, diagnostics: Diagnostic[] = []) {
    super(message);
    this.diagnostics = diagnostics;
  }
}

/** A broken invariant inside channel-handshakes itself. Printed with a stack and a request to report it. */
export class InternalError extends Error {
  override readonly name: string = 'InternalError';
}

/** The recorded state file exists but cannot be trusted. Never silently reset. */
export class StateError extends UserError {
  override readonly name: string = 'StateError';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
