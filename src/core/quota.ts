import { historyEntries } from './history.js';
import {
  type ChannelHandshakeSummary,
  type Diagnostic,
  type HandshakeType,
  type Plan,
  type RecordedState,
  unreachable,
} from './model.js';
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
        // Without a List answer the receiving account is unknown: the relationship (or account) stands in for it.
        message: `this plan sends ${counts.planned} ${quota.label} handshake(s) to ${/^\d{12}$/.test(receiver) ? `account ${receiver} (${[...counts.resources].join(', ')})` : receiver}, which already received ${counts.recent} in the last 24 hours; the default quota is ${quota.limit} per receiving account per day. Apply the rest tomorrow.`,
      });
    }
  }
  return warnings;
}

/**
 * The handshakes the recorded state knows, as a List would show them: what a plan can check quotas against without
 * calling AWS. The receiving account is not recorded, so each relationship (or account) counts on its own, and a
 * status is as recorded at the last apply or refresh.
 */
function recordedHandshakes(state: RecordedState): ChannelHandshakeSummary[] {
  const known: ChannelHandshakeSummary[] = [];
  for (const [, history] of historyEntries(state)) {
    for (const entry of history.handshakes) {
      known.push({
        id: entry.id,
        arn: entry.arn,
        catalog: entry.spec.catalog,
        handshakeType: entry.handshakeType,
        associatedResourceId: resourceId(entry.spec.associatedResourceIdentifier),
        status: entry.status,
        createdAt: entry.sentAt,
      });
    }
  }
  return known;
}

/**
 * Quota warnings from the recorded state alone (issue 17): more than 5 STARTs (or PMA handshakes) a day to one
 * relationship, and the 100 active PMA and 200 active START or REVOKE handshakes, counting what the state records as
 * PENDING or ACCEPTED plus what the plan sends. A plan made with --refresh checks the live statuses instead.
 */
export function recordedQuotaWarnings(plan: Plan, state: RecordedState, now: Date): Diagnostic[] {
  return quotaWarnings(plan, recordedHandshakes(state), now).map((warning) => ({
    ...warning,
    message: `${warning.message} (Counted from the recorded state; run plan --refresh for the live count.)`,
  }));
}
