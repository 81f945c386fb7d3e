/** The per-account request quotas; apart from the client so the Action can read them without loading it. */
export interface RateLimits {
  /** Create, Cancel, Accept and Reject: 3 requests per second per account, as documented. */
  mutate: number;
  /** ListChannelHandshakes: 5 requests per second per account. */
  list: number;
  /** Tagging has no documented quota; paced like List to stay polite. */
  tag: number;
}

export const DOCUMENTED_RATE_LIMITS: RateLimits = { mutate: 3, list: 5, tag: 5 };
