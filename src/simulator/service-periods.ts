import type { StoredRelationship } from './relationships.js';
import type { StoredHandshake } from './service.js';

/**
 * What holds a relationship against deletion, judged from the handshakes its owner sent on it: a START or REVOKE
 * still PENDING, or a period in force — the latest ACCEPTED START or REVOKE is a START, and not a fixed term whose
 * endDate has passed. AWS does not say what DeleteRelationship does to either, so a delete must not end a
 * customer's agreement behind a reviewer's back. Undefined when nothing holds it; otherwise why, for the message.
 */
export function servicePeriodHolding(
  handshakes: StoredHandshake[],
  account: string,
  relationship: StoredRelationship,
  now: Date,
): string | undefined {
  const periods = handshakes.filter(
    (handshake) =>
      handshake.senderAccountId === account &&
      handshake.catalog === relationship.catalog &&
      handshake.associatedResourceId === relationship.id &&
      handshake.handshakeType !== 'PROGRAM_MANAGEMENT_ACCOUNT',
  );
  const pending = periods.find((handshake) => handshake.status === 'PENDING');
  if (pending) {
    return `Relationship ${relationship.id} has the ${pending.handshakeType} handshake ${pending.id} PENDING; delete it once that is answered (or cancelled).`;
  }
  const latest = periods
    .filter((handshake) => handshake.status === 'ACCEPTED')
    .sort((left, right) => left.updatedAt.localeCompare(right.updatedAt) || left.sequence - right.sequence)
    .at(-1);
  if (latest?.handshakeType !== 'START_SERVICE_PERIOD') return undefined;
  const detail = latest.detail.startServicePeriodHandshakeDetail ?? {};
  const endDate = typeof detail.endDate === 'string' ? Date.parse(detail.endDate) : Number.NaN;
  if (detail.servicePeriodType === 'FIXED_COMMITMENT_PERIOD' && endDate <= now.getTime()) return undefined;
  return `Relationship ${relationship.id} has a service period in force (START ${latest.id}); revoke it, and delete the relationship once the revoke is accepted.`;
}
