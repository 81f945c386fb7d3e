import { UserError } from '../core/errors.js';

interface ValidationField {
  name: string;
  code: string;
  message: string;
}

/** The fields an error response may carry, per the model's seven exception shapes. */
export interface ApiErrorDetails {
  reason?: string;
  fieldList?: ValidationField[];
  quotaCode?: string;
  serviceCode?: string;
  resourceId?: string;
  resourceType?: string;
}

/**
 * An error the Partner Central Channel API answered with, typed by its exception name. `retryable` says whether
 * the same request may simply be sent again after a pause.
 */
export class ApiError extends UserError {
  override readonly name: string = 'ApiError';
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly details: ApiErrorDetails;
  constructor(code: string, status: number, message: string, details: ApiErrorDetails, retryable: boolean) {
    super(ApiError.describe(code, message, details));
    this.code = code;
    this.status = status;
    this.details = details;
    this.retryable = retryable;
  }

  /** The message a user sees: the API's words plus whatever the error carries that helps fix it. */
  static describe(code: string, message: string, details: ApiErrorDetails): string {
    const parts = [`${code}: ${message}`];
    if (details.reason) parts.push(`reason ${details.reason}`);
    if (details.fieldList && details.fieldList.length > 0) {
      parts.push(`fields: ${details.fieldList.map((field) => `${field.name} (${field.message})`).join('; ')}`);
    }
    if (details.quotaCode) parts.push(`quota ${details.quotaCode}`);
    if (details.resourceId)
      parts.push(`resource ${details.resourceType ?? ''} ${details.resourceId}`.replace('  ', ' '));
    return parts.join(' — ');
  }
}

/** The request may or may not have reached AWS: a reset, a timeout, a refused connection. Always retryable. */
export class NetworkError extends Error {
  override readonly name: string = 'NetworkError';
  readonly retryable = true;
}

/**
 * The operation's --timeout ran out. Terminal: retrying inside the same run cannot help. `mayHaveReachedAws` says
 * whether an attempt of the stopped call was on the wire when time ran out (its effect is then unknown, and a re-run
 * settles it: creates replay by clientToken, cancels are idempotent).
 */
export class DeadlineExceededError extends UserError {
  override readonly name: string = 'DeadlineExceeded';
  readonly retryable = false;
  readonly mayHaveReachedAws: boolean;
  /** What stopped, without what became of the request: for callers that say that part themselves. */
  readonly stopped: string;
  constructor(message: string, mayHaveReachedAws: boolean, stopped = message) {
    super(message);
    this.mayHaveReachedAws = mayHaveReachedAws;
    this.stopped = stopped;
  }

  /** One API call cut short by the deadline. */
  static forCall(
    operation: string,
    budget: string,
    mayHaveReachedAws: boolean,
    lastProblem?: string,
  ): DeadlineExceededError {
    const stopped = `${operation} stopped: the timeout of ${budget} for the whole run ran out${lastProblem ? ` (last problem: ${lastProblem})` : ''}`;
    return new DeadlineExceededError(
      `${stopped}; ${mayHaveReachedAws ? 'the request may have reached AWS without an answer' : 'the request was not sent'}.`,
      mayHaveReachedAws,
      stopped,
    );
  }
}

/** The endpoint answered in a way that breaks the protocol (e.g. a listing that hands back the same nextToken). */
export class InvalidResponseError extends UserError {
  override readonly name: string = 'InvalidResponse';
  readonly retryable = false;
}

/** No credentials could be found. Raised before any request is sent. */
export class CredentialsError extends UserError {
  override readonly name: string = 'CredentialsError';
}

// Throttling and server faults clear in seconds. ServiceQuotaExceeded is @retryable in the model, but a daily or
// active-handshake quota does not clear within an apply, so it is reported per change instead of retried.
/**
 * Codes the AWS SDKs treat as a possible clock skew (@smithy/core retry's CLOCK_SKEW_ERROR_CODES): when the answer's
 * Date header shows our clock is off, the request is signed again with the server's time and retried once.
 */
export const CLOCK_SKEW_CODES = new Set([
  'AuthFailure',
  'InvalidSignatureException',
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
  'AccessDeniedException',
]);

const RETRYABLE_CODES = new Set(['ThrottlingException', 'InternalServerException']);
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

export function isRetryableResponse(code: string, status: number): boolean {
  if (code === 'ServiceQuotaExceededException') return false;
  return RETRYABLE_CODES.has(code) || RETRYABLE_STATUSES.has(status);
}

export function isRetryable(error: unknown): boolean {
  return (error instanceof ApiError || error instanceof NetworkError) && error.retryable;
}

/**
 * Whether AWS answered a create with a refusal, so it certainly created nothing: a 4xx other than throttling or a
 * timeout. A ConflictException means the token is already taken, so something was created: its intent stays.
 */
export function createRefusedOutright(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 429 &&
    error.status !== 408 &&
    error.code !== 'ConflictException'
  );
}
