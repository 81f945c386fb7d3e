// What the customer receives, in the words a reviewer checks: the service period's terms and the note, taken from
// the request a change sends (or, for a change that ends a period, from the recorded spec it ends).
import { type Change, declaredSendOf, type HandshakeSpec, sentRequestOf, unreachable } from '../core/model.js';

/** The payload member of a START, as declared or recorded. */
function startTermsOf(spec: HandshakeSpec | undefined): string | undefined {
  if (!spec?.payload || !('startServicePeriodPayload' in spec.payload)) return undefined;
  const payload = spec.payload.startServicePeriodPayload;
  if (payload.servicePeriodType === 'FIXED_COMMITMENT_PERIOD') {
    return payload.endDate ? `fixed until ${calendarDate(payload.endDate)}` : 'fixed commitment';
  }
  return payload.minimumNoticeDays !== undefined ? `${payload.minimumNoticeDays} days' notice` : 'notice period';
}

/** An endDate at midnight UTC is a calendar date: `2027-03-31`; any other moment keeps its time. */
function calendarDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toISOString();
  return text.endsWith('T00:00:00.000Z') ? text.slice(0, 10) : `${text.slice(0, 16).replace('T', ' ')} UTC`;
}

/** "30 → 60 days' notice", or both terms in full when the kind of period changes. */
function movedTerms(before: string | undefined, after: string): string {
  if (before === undefined || before === after) return after;
  const notice = /^(\d+) days' notice$/;
  const was = notice.exec(before);
  const now = notice.exec(after);
  return was && now ? `${was[1]} → ${now[1]} days' notice` : `${before} → ${after}`;
}

/** The spec a change sends; for a retag, the declaration it records. */
function nextSpecOf(change: Change): HandshakeSpec | undefined {
  return change.action === 'retag' ? change.spec : declaredSendOf(change)?.spec;
}

/**
 * The Terms column: "30 days' notice", "30 → 60 days' notice", "fixed until 2027-03-31"; for a change that ends a
 * period, the terms it ends ("revokes 30 days' notice"). Empty for what has no service period (a PMA handshake).
 */
export function termsOf(change: Change): string {
  const before = startTermsOf(change.previous?.spec);
  switch (change.action) {
    case 'create':
    case 'supersede':
    case 'replace': {
      const after = startTermsOf(change.spec);
      return after === undefined ? '' : movedTerms(change.action === 'create' ? undefined : before, after);
    }
    case 'revoke':
      return before ? `revokes ${before}` : 'revokes the period in force';
    case 'cancel':
      return before ? `withdraws ${before}` : '';
    case 'retag':
    case 'rename':
      return startTermsOf(nextSpecOf(change) ?? change.previous?.spec) ?? before ?? '';
    case 'forget':
      return '';
    // Program management accounts and relationships carry no service period: their rows have no terms.
    case 'create-account':
    case 'create-relationship':
    case 'update-account':
    case 'update-relationship':
    case 'delete-account':
    case 'delete-relationship':
      return '';
    default:
      return unreachable(change);
  }
}

/** The note the customer reads with the handshake a change sends (a START's or a REVOKE's), word for word. */
export function customerNoteOf(change: Change): string | undefined {
  const payload = sentRequestOf(change)?.payload;
  if (!payload) return undefined;
  return 'startServicePeriodPayload' in payload
    ? payload.startServicePeriodPayload.note
    : payload.revokeServicePeriodPayload.note;
}

/** Whether a change sends, supersedes, replaces or ends what a customer holds: the rows whose terms matter. */
export function reachesTheCustomer(change: Change): boolean {
  return (
    change.action === 'create' ||
    change.action === 'supersede' ||
    change.action === 'replace' ||
    change.action === 'revoke'
  );
}
