import type { Refreshed } from '../apply/refresh.js';
import { planAdoptingOwn, withoutAdopted } from '../core/adopt-own.js';
import { appliedByFromEnvironment } from '../core/applied-by.js';
import type { Validated } from '../core/engine.js';
import { singleLine } from '../render/neutralise.js';
import type { Session } from './session.js';

/**
 * The drift run's refresh, with this repository's own unrecorded handshakes adopted when they are exactly what the
 * declarations would send (a reverted state): recorded by this run's state commit, so neither the drift issue nor the
 * next plan shows a create or supersede that apply would only skip as already done.
 */
export function adoptOwnAfterRefresh(
  session: Session,
  validated: Validated,
  refreshed: Refreshed,
): { refreshed: Refreshed; adopted: string[] } {
  if (validated.hasErrors) return { refreshed, adopted: [] };
  const { state, adopted } = planAdoptingOwn(validated, refreshed.state, refreshed.items, {
    appliedAt: session.dependencies.now().toISOString(),
    appliedBy: appliedByFromEnvironment(session.dependencies.env),
  });
  if (adopted.length === 0) return { refreshed, adopted: [] };
  const lines = adopted.map((adoption) =>
    singleLine(
      `Adopted ${adoption.id} (${adoption.status}) for ${adoption.name}: sent from this repository with exactly the declared terms, but the state did not record it (reverted or lost).`,
    ),
  );
  for (const line of lines) session.core.info(line);
  return {
    refreshed: { ...refreshed, state, changed: true, report: withoutAdopted(refreshed.report, adopted) },
    adopted: lines,
  };
}
