import type { Clock } from './rate-limiter.js';
import { SYSTEM_CLOCK } from './rate-limiter.js';

/** How long one HTTP attempt may take when nothing else is said: long enough for a slow answer, short enough to notice a hang. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * A bound on a whole operation (an apply, a refresh, an import). Every request, backoff pause and rate-limit wait
 * fits inside it, so a hung endpoint costs at most the budget instead of minutes per change.
 */
export class Deadline {
  readonly budgetMs: number;
  private readonly clock: Clock;
  private readonly endsAt: number;

  constructor(budgetMs: number, clock: Clock = SYSTEM_CLOCK) {
    this.budgetMs = budgetMs;
    this.clock = clock;
    this.endsAt = clock.now() + budgetMs;
  }

  remaining(): number {
    return Math.max(0, this.endsAt - this.clock.now());
  }

  expired(): boolean {
    return this.remaining() <= 0;
  }
}

/** "90", "90s", "10m", "1h" → milliseconds; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  const milliseconds = Math.round(value * unit);
  return milliseconds > 0 ? milliseconds : undefined;
}

/** 150000 → "2m30s", for messages. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${milliseconds}ms`;
  const seconds = Math.round(milliseconds / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${rest || (!hours && !minutes) ? `${rest}s` : ''}`;
}
