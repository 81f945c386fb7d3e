// A reverted (or lost) state forgets handshakes this repository sent. A plan made after a refresh sees them live in
// AWS, so it adopts the ones that are exactly what the plan would send now: this lineage's owner tag for the same
// name, the same type and resource, the same terms. The plan then shows what apply will really do (nothing to send
// for them) instead of a create or supersede that apply would skip as already done, and the run that made it records
// them (docs/lifecycle.md, "A reverted state").
import { adoptedSpec, unknownLive } from './apply-time-decision.js';
import { canonicalJson } from './canonical.js';
import { planFrom, type Validated } from './engine.js';
import { CORE_KINDS } from './kind-registry.js';
import type {
  AppliedBy,
  Change,
  Diagnostic,
  DriftReport,
  HandshakeStatus,
  LiveHandshake,
  Plan,
  RecordedState,
} from './model.js';
import { declaredSendOf } from './model.js';
import { OWNER_TAG_KEY, ownershipOf, ownerTagValue } from './ownership.js';

export interface OwnAdoption {
  name: string;
  id: string;
  status: HandshakeStatus;
  /** What the plan would have sent without it. */
  action: Change['action'];
}

/** Only a create or a supersede sends a handshake and leaves what is recorded in place: those can be adopted. */
function adoptable(change: Change) {
  const send = declaredSendOf(change);
  return send && (send.action === 'create' || send.action === 'supersede') ? send : undefined;
}

/**
 * Records, as sent by `plan`'s own change, each live handshake the state does not know that is exactly what that
 * change would send: this lineage's owner tag for its name, its type, catalog and resource, and its terms (as AWS
 * holds them). A name with two such handshakes adopts neither: apply-time listing and the second-live check decide.
 */
function adoptSameTerms(
  plan: Plan,
  state: RecordedState,
  live: readonly LiveHandshake[],
  context: { appliedAt: string; appliedBy: AppliedBy },
): { state: RecordedState; adopted: OwnAdoption[] } {
  // Only this lineage's own handshakes can be adopted: usually none, so a large plan costs one pass over the listing.
  const unknown = unknownLive(state, live, new Date(context.appliedAt)).filter(
    (item) => ownershipOf(item.tags ?? [], plan.lineage) === 'ours',
  );
  if (unknown.length === 0) return { state, adopted: [] };
  let next = state;
  const adopted: OwnAdoption[] = [];
  for (const change of plan.changes) {
    const send = adoptable(change);
    if (!send) continue;
    const { request } = send;
    const owner = ownerTagValue(plan.lineage, change.name);
    const matching = unknown.filter(
      (item) =>
        item.catalog === request.catalog &&
        item.handshakeType === request.handshakeType &&
        item.associatedResourceId === request.associatedResourceIdentifier &&
        (item.tags ?? []).some((tag) => tag.key === OWNER_TAG_KEY && tag.value === owner) &&
        canonicalJson(adoptedSpec(send.spec, item)) === canonicalJson(send.spec),
    );
    const [item] = matching;
    if (!item || matching.length > 1) continue;
    next = CORE_KINDS.ChannelHandshake.record.creation(
      next,
      send,
      { id: item.id, arn: item.arn, status: item.status },
      context,
    );
    adopted.push({ name: change.name, id: item.id, status: item.status, action: change.action });
  }
  return { state: next, adopted };
}

function adoptionNotice(adoption: OwnAdoption): Diagnostic {
  return {
    severity: 'notice',
    code: 'plan.adopted-own',
    name: adoption.name,
    message: `"${adoption.name}": ${adoption.id} (${adoption.status}) was sent from this repository under this name with exactly the declared terms, but the state did not record it (reverted or lost). It is adopted in place of the ${adoption.action}: nothing is sent for it.`,
  };
}

/**
 * The plan against a refreshed state, with this repository's own unrecorded handshakes adopted first (see above).
 * `state` is what to record; `adopted` is empty, and the plan unchanged, when there was nothing to adopt.
 */
export function planAdoptingOwn(
  validated: Validated,
  refreshed: RecordedState,
  live: readonly LiveHandshake[],
  context: { appliedAt: string; appliedBy: AppliedBy },
): { plan: Plan; state: RecordedState; adopted: OwnAdoption[] } {
  const plan = planFrom(validated, refreshed);
  const { state, adopted } = adoptSameTerms(plan, refreshed, live, context);
  if (adopted.length === 0) return { plan, state: refreshed, adopted };
  const replanned = planFrom(validated, { ...state, serial: state.serial + 1 });
  return {
    plan: { ...replanned, diagnostics: [...replanned.diagnostics, ...adopted.map(adoptionNotice)] },
    state: { ...state, serial: state.serial + 1 },
    adopted,
  };
}

/** The drift report without the adopted handshakes: recorded now, they are no longer "not recorded". */
export function withoutAdopted(report: DriftReport, adopted: readonly OwnAdoption[]): DriftReport {
  if (adopted.length === 0 || !report.ownUnrecorded) return report;
  const ids = new Set(adopted.map((adoption) => adoption.id));
  const { ownUnrecorded, ...rest } = report;
  const remaining = ownUnrecorded.filter((item) => !ids.has(item.id));
  return remaining.length > 0 ? { ...rest, ownUnrecorded: remaining } : rest;
}
