// The words for each reason rule of core/reasons.ts: the one place a change's "why" becomes a sentence.
import { type Change, unreachable } from '../core/model.js';
import type { Changed, ChangeReason, HandshakeState } from '../core/reasons.js';
import { readableMoments } from './dates.js';
import { fieldLabel } from './field-labels.js';

/** "minimum notice days", "minimum notice days and note", "a, b and c". */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function changedText(changed: Changed): string {
  return 'differences' in changed
    ? `${listed([...new Set(changed.differences.map(fieldLabel))])} changed`
    : `revision ${changed.revision.from} → ${changed.revision.to}`;
}

function stateText(state: HandshakeState): string {
  return state.since ? `${state.label} since ${state.since}` : state.label;
}

export function reasonText(reason: ChangeReason): string {
  switch (reason.rule) {
    case 'declared':
      return 'declared, not yet sent';
    case 'declared-revoke-ends':
      return `declared; this REVOKE_SERVICE_PERIOD ends ${reason.ends} ("${reason.endsName}") once the customer accepts`;
    case 'back-to-terms-in-force':
      return `back to the terms in force (${reason.inForce}); the pending supersede ${reason.pending} is cancelled`;
    case 'supersede-pending-again':
      return `${changedText(reason.changed)}; the pending supersede ${reason.pending} is cancelled and a new one sent. ${reason.inForce} stays in force until the customer accepts`;
    case 'replace-pending':
      return `${changedText(reason.changed)}; a sent handshake cannot be edited, so the pending ${reason.pending} is cancelled and a new one is sent`;
    case 'declared-again-same-terms':
      return `declared again with the terms in force; the pending revoke ${reason.revoke} is cancelled`;
    case 'declared-again-new-terms':
      return `declared again with new terms; the pending revoke ${reason.revoke} is cancelled and a new START supersedes ${reason.inForce}`;
    case 'supersede':
      return `${changedText(reason.changed)}; a new START supersedes ${reason.inForce}, which stays in force until the customer accepts. Nothing is revoked`;
    case 'resend-after-end':
      return `revision ${reason.revision.from} → ${reason.revision.to}; the previous handshake ${reason.previous.id} is ${stateText(reason.previous)}`;
    case 'renew-after-term':
      return `renewal: the fixed term of ${reason.previous.id} ran out on ${reason.endDate.from}, and the declaration now ends on ${reason.endDate.to}, so a new START is sent`;
    case 'finish-interrupted-replace':
      return `finishing an interrupted replace: ${reason.previous.id} is ${stateText(reason.previous)}, and its replacement was not sent yet`;
    case 'resume-interrupted-create':
      return `resume interrupted create: an earlier apply sent this create (${reason.recordedAt}) but did not record the answer, so the same request is replayed with the same clientToken`;
    case 'undeclared-pending':
      return `no longer declared; ${reason.pending} is still PENDING, so it is cancelled`;
    case 'undeclared-in-force':
      return `no longer declared; ${reason.inForce} is the period in force, so one REVOKE_SERVICE_PERIOD handshake ends it once the customer accepts`;
    case 'undeclared-resource':
      return 'no longer declared: deleted (nothing in force or pending on it)';
    case 'undeclared-never-sent':
      return 'no longer declared and nothing was ever sent';
    case 'undeclared-ended':
      return `no longer declared; ${reason.latest.id} is ${stateText(reason.latest)}, so only the record is dropped`;
    case 'undeclared-accepted-pma':
      return `no longer declared; the PROGRAM_MANAGEMENT_ACCOUNT handshake ${reason.latest} was ACCEPTED and AWS has no undo, so only the record is dropped (deactivate the account in Partner Central to end it)`;
    case 'forget-document':
      return `a forget document asks for it${reason.note ? `: ${reason.note}` : ''}; its handshakes become unmanaged, nothing is sent`;
    case 'renamed':
      return `renamed from "${reason.from}": the same handshake (type, catalog, resource, program management account), so its history moves; nothing is sent for the rename`;
    case 'retag':
      return [
        ...(reason.tagsOn ? [`tags changed on ${reason.tagsOn}`] : []),
        ...(reason.protect
          ? [`protect: ${reason.protect.from} → ${reason.protect.to}, recorded in the state only`]
          : []),
        ...(reason.revokeNoteChanged
          ? ['revokeNote changed, recorded in the state only (sent only with a future revoke)']
          : []),
      ].join('; ');
    default:
      return unreachable(reason);
  }
}

/**
 * Why a change is planned, in words; with what apply-time refresh learned, when it learned that the old one ended.
 * Moments read as everywhere else (`2026-11-27 12:00 UTC`, src/render/dates.ts).
 */
export function changeReasonText(change: Change): string {
  return readableMoments(reasonWithRefresh(change));
}

function reasonWithRefresh(change: Change): string {
  const text = reasonText(change.reason);
  if ((change.action === 'replace' || change.action === 'supersede') && change.alreadyEnded) {
    const { id, status, at } = change.alreadyEnded;
    return `${text} (${id} is already ${status}${at ? ` on ${at}` : ''}, so only the new one is sent)`;
  }
  return text;
}
