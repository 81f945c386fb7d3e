import { type ChannelHandshakeSummary, type Diagnostic, type HandshakeType, type Plan, unreachable } from './model.js';
import { resourceId } from './normalize.js';

/** The documented default quotas of the AWS catalog that a plan can run into. */
const HANDSHAKE_QUOTAS = {
  startPerReceiverPerDay: 5,
  pmaPerReceiverPerDay: 5,
  activeStart: 200,
  activeRevoke: 200,
  activePma: 100,
} as const;

const ACTIVE_LIMITS: Record<HandshakeType, { limit: number; label: string }> = {
  START_SERVICE_PERIOD: { limit: HANDSHAKE_QUOTAS.activeStart, label: 'active start-service-period handshakes' },
  REVOKE_SERVICE_PERIOD: { limit: HANDSHAKE_QUOTAS.activeRevoke, label: 'active revoke-service-period handshakes' },
  PROGRAM_MANAGEMENT_ACCOUNT: {
    limit: HANDSHAKE_QUOTAS.activePma,
    label: 'active program-management-account handshakes',
  },
};

const DAY_MS = 86_400_000;

/** The handshakes each change would send, by type; revokes send a REVOKE_SERVICE_PERIOD. */
function planned(plan: Plan): { type: HandshakeType; resource: string }[] {
  const sent: { type: HandshakeType; resource: string }[] = [];
  for (const change of plan.changes) {
    switch (change.action) {
      case 'create':
      case 'supersede':
      case 'replace':
        sent.push({ type: change.handshakeType, resource: resourceId(change.resource) });
        break;
      case 'revoke':
        sent.push({ type: 'REVOKE_SERVICE_PERIOD', resource: resourceId(change.resource) });
        break;
      case 'cancel':
      case 'retag':
      case 'rename':
      case 'forget':
      case 'create-account':
      case 'create-relationship':
      case 'update-account':
      case 'update-relationship':
      case 'delete-account':
      case 'delete-relationship':
        break;
      default:
        unreachable(change);
    }
  }
  return sent;
}

/**
 * Warns before a plan would break a documented quota, from live statuses plus the planned creates, so that the user
 * learns at review time rather than from a 402 at merge. Cancels free a slot only once applied, so they are not
 * subtracted: the check errs on the side of warning.
 */
export function quotaWarnings(plan: Plan, live: readonly ChannelHandshakeSummary[], now: Date): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const sends = planned(plan);
  for (const [type, { limit, label }] of Object.entries(ACTIVE_LIMITS) as [
    HandshakeType,
    { limit: number; label: string },
  ][]) {
    const active = live.filter(
      (item) => item.handshakeType === type && (item.status === 'PENDING' || item.status === 'ACCEPTED'),
    ).length;
    const adding = sends.filter((send) => send.type === type).length;
    if (adding > 0 && active + adding > limit) {
      warnings.push({
        severity: 'warning',
        code: 'quota.active',
        message: `this plan would bring ${label} to ${active + adding} (${active} live + ${adding} planned), over the default quota of ${limit}. Partner Central will refuse the excess with ServiceQuotaExceededException; request an increase or split the change.`,
      });
    }
  }
  warnings.push(...dailyWarnings(sends, live, now, 'START_SERVICE_PERIOD'));
  warnings.push(...dailyWarnings(sends, live, now, 'PROGRAM_MANAGEMENT_ACCOUNT'));
  return warnings;
}

const DAILY: Partial<Record<HandshakeType, { limit: number; label: string; code: string }>> = {
  START_SERVICE_PERIOD: {
    limit: HANDSHAKE_QUOTAS.startPerReceiverPerDay,
    label: 'start-service-period',
    code: 'quota.daily-start',
  },
  PROGRAM_MANAGEMENT_ACCOUNT: {
    limit: HANDSHAKE_QUOTAS.pmaPerReceiverPerDay,
    label: 'program-management-account',
    code: 'quota.daily-pma',
  },
};

/** The documented per-receiving-account daily quota of one handshake type (5 start, 5 PMA). */
function dailyWarnings(
  sends: readonly { type: HandshakeType; resource: string }[],
  live: readonly ChannelHandshakeSummary[],
  now: Date,
  type: HandshakeType,
): Diagnostic[] {
  const quota = DAILY[type];
  if (!quota) return [];
  // Receivers are known only through handshakes already sent to them; an unseen resource counts on its own.
  const receiverOf = new Map(
    live.map((item) => [item.associatedResourceId, item.receiverAccountId ?? item.associatedResourceId]),
  );
  const perReceiver = new Map<string, { recent: number; planned: number; resources: Set<string> }>();
  const bucket = (receiver: string) => {
    const existing = perReceiver.get(receiver) ?? { recent: 0, planned: 0, resources: new Set<string>() };
    perReceiver.set(receiver, existing);
    return existing;
  };
  for (const item of live) {
    if (item.handshakeType === type && item.createdAt && now.getTime() - Date.parse(item.createdAt) < DAY_MS) {
      bucket(item.receiverAccountId ?? item.associatedResourceId).recent++;
    }
  }
  for (const send of sends.filter((candidate) => candidate.type === type)) {
    const entry = bucket(receiverOf.get(send.resource) ?? send.resource);
    entry.planned++;
    entry.resources.add(send.resource);
  }
  const warnings: Diagnostic[] = [];
  for (const [receiver, counts] of perReceiver) {
    if (counts.planned > 0 && counts.recent + counts.planned > quota.limit) {
      warnings.push({
        severity: 'warning',
        code: quota.code,
        message: `this plan sends ${counts.planned} ${quota.label} handshake(s) to account ${receiver} (${[...counts.resources].join(', ')}), which already received ${counts.recent} in the last 24 hours; the default quota is ${quota.limit} per receiving account per day. Apply the rest tomorrow.`,
      });
    }
  }
  return warnings;
}
