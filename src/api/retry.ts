import { isRetryable } from './errors.js';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 20_000 };

export interface RetryEnvironment {
  sleep(milliseconds: number): Promise<void>;
  /** A number in [0, 1). Injected so tests can pin the jitter. */
  random(): number;
  onRetry?(attempt: number, delayMs: number, error: unknown): void;
  /** Which failures may be sent again; isRetryable unless an operation that is not idempotent narrows it. */
  shouldRetry?(error: unknown): boolean;
}

/** Full jitter: a uniformly random pause up to an exponentially growing, capped ceiling. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Runs `attempt` until it succeeds, fails with a terminal error, or the attempts run out. It never builds or sends
 * a request itself: each call of `attempt` does, so every attempt is signed afresh with a current date.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  environment: RetryEnvironment,
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!(environment.shouldRetry ?? isRetryable)(error) || attemptNumber >= policy.maxAttempts) {
        throw error;
      }
      const delay = backoffDelay(attemptNumber, policy, environment.random);
      environment.onRetry?.(attemptNumber, delay, error);
      await environment.sleep(delay);
    }
  }
}
