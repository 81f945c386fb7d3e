export interface Clock {
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => performance.now(),
  sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
};

/**
 * Spaces requests evenly so that no more than `perSecond` start in any second: the documented per-account quota
 * is never exceeded, so a large apply is paced instead of throttled. `perSecond <= 0` means no limit.
 */
export class RateLimiter {
  readonly perSecond: number;
  private readonly clock: Clock;
  private nextSlot = Number.NEGATIVE_INFINITY;

  constructor(perSecond: number, clock: Clock = SYSTEM_CLOCK) {
    this.perSecond = perSecond;
    this.clock = clock;
  }

  async acquire(): Promise<void> {
    if (this.perSecond <= 0) {
      return;
    }
    const interval = 1000 / this.perSecond;
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    if (slot > now) {
      await this.clock.sleep(slot - now);
    }
  }
}
