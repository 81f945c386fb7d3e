// What a plan does to handshakes someone may rely on, decided once: the summary line, the PR comment's warning, the
// destructive gate and the not-applied report all take their numbers from here.
import type { ChangeAction, PlanSummary } from './model.js';

/**
 * The actions that end a handshake as soon as they are applied: a revoke (once the customer accepts, the period
 * ends; it is sent now), a cancel, and a replace (it cancels the pending handshake before sending the new one). The
 * deletes of relationships and program management accounts count too: the destructive gate counts every delete.
 */
const ENDS_NOW: readonly ChangeAction[] = ['revoke', 'cancel', 'replace', 'delete-relationship', 'delete-account'];

/**
 * A supersede sends new terms; the period in force stays until the customer accepts them, so it ends nothing when
 * applied. Counted apart, and not toward `max-destructive` (protection allows it too, see docs/lifecycle.md).
 */
const ENDS_ON_ACCEPTANCE: readonly ChangeAction[] = ['supersede'];

/** The pull-request label that lets one apply end more handshakes than `max-destructive`. */
export const ALLOW_DESTRUCTIVE_LABEL = 'handshakes:allow-destructive';

/**
 * The pull-request label that lets a merge apply although the pull request edits the recorded state: without it, a
 * merge that changed the state by meaning applies nothing (docs/action.md).
 */
export const ALLOW_STATE_EDIT_LABEL = 'handshakes:allow-state-edit';

/** The Action's `max-destructive` when the workflow does not set it. */
export const DEFAULT_MAX_DESTRUCTIVE = 5;

export interface HandshakeEffects {
  /** Handshakes the merge ends when applied: what `max-destructive` counts. */
  endsNow: number;
  /** The same, per action (revoke, cancel, replace), in that order. */
  endsNowByAction: { action: ChangeAction; count: number }[];
  /** Handshakes superseded: ended only once the customer accepts the new terms. */
  supersedes: number;
}

function count(summary: PlanSummary, action: ChangeAction): number {
  return summary[action] ?? 0;
}

export function handshakeEffects(summary: PlanSummary): HandshakeEffects {
  const endsNowByAction = ENDS_NOW.map((action) => ({ action, count: count(summary, action) }));
  return {
    endsNow: endsNowByAction.reduce((total, entry) => total + entry.count, 0),
    endsNowByAction: endsNowByAction.filter((entry) => entry.count > 0),
    supersedes: ENDS_ON_ACCEPTANCE.reduce((total, action) => total + count(summary, action), 0),
  };
}

/** Whether an action ends a handshake as soon as it is applied: what `max-destructive` counts, change by change. */
export function endsNow(action: ChangeAction): boolean {
  return ENDS_NOW.includes(action);
}

/** Whether an action ends a handshake, now or once accepted: what a cut report keeps longest. */
export function endsAHandshake(action: ChangeAction): boolean {
  return ENDS_NOW.includes(action) || ENDS_ON_ACCEPTANCE.includes(action);
}

export type DestructiveVerdict =
  | { kind: 'within'; endsNow: number }
  | { kind: 'allowed'; endsNow: number; by: 'input' | 'label' }
  | { kind: 'over'; endsNow: number };

/** The destructive gate: more handshakes ended now than `max-destructive` needs the input or the label. */
export function destructiveVerdict(
  summary: PlanSummary,
  options: { maxDestructive: number; allowDestructive: boolean; labels: readonly string[] },
): DestructiveVerdict {
  const { endsNow } = handshakeEffects(summary);
  if (endsNow <= options.maxDestructive) return { kind: 'within', endsNow };
  if (options.allowDestructive) return { kind: 'allowed', endsNow, by: 'input' };
  if (options.labels.includes(ALLOW_DESTRUCTIVE_LABEL)) return { kind: 'allowed', endsNow, by: 'label' };
  return { kind: 'over', endsNow };
}
