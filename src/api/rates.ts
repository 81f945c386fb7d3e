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

/**
 * Which per-account rate quota each operation draws on. AWS documents one row per resource ("Quotas, rate limits and
 * throttling"), each its own quota, so the client paces each row apart and the simulator throttles each row apart.
 * Tagging has no documented row: the client paces it politely, the simulator never throttles it.
 */
export const OPERATION_RATE_ROWS: Readonly<Record<string, { row: string; quota: keyof RateLimits }>> = {
  CreateChannelHandshake: { row: 'handshake', quota: 'mutate' },
  CancelChannelHandshake: { row: 'handshake', quota: 'mutate' },
  AcceptChannelHandshake: { row: 'handshake', quota: 'mutate' },
  RejectChannelHandshake: { row: 'handshake', quota: 'mutate' },
  ListChannelHandshakes: { row: 'handshake', quota: 'list' },
  CreateProgramManagementAccount: { row: 'program-management-account', quota: 'mutate' },
  UpdateProgramManagementAccount: { row: 'program-management-account', quota: 'mutate' },
  DeleteProgramManagementAccount: { row: 'program-management-account', quota: 'mutate' },
  ListProgramManagementAccounts: { row: 'program-management-account', quota: 'list' },
  CreateRelationship: { row: 'relationship', quota: 'mutate' },
  UpdateRelationship: { row: 'relationship', quota: 'mutate' },
  DeleteRelationship: { row: 'relationship', quota: 'mutate' },
  ListRelationships: { row: 'relationship', quota: 'list' },
  GetRelationship: { row: 'relationship', quota: 'list' },
  TagResource: { row: 'tagging', quota: 'tag' },
  UntagResource: { row: 'tagging', quota: 'tag' },
  ListTagsForResource: { row: 'tagging', quota: 'tag' },
};
