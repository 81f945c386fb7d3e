// Before any cancel, revoke or tag call, apply confirms that the handshake it acts on is the one the record describes:
// the apply-time listing (as the sender, on the record's resource) must hold that id, with the record's type, arn,
// catalog and resource, and an owner tag, if any, of this lineage. The state can be edited; a call on a foreign or
// mismatched target is never sent (docs/lifecycle.md).
import { findSent } from './history.js';
import type { Change, LiveHandshake, RecordedState } from './model.js';
import { retirementOf } from './model.js';
import { resourceId } from './normalize.js';
import { ownerLineagePart, ownerOf } from './ownership.js';

/** The recorded handshake a change calls the API on: CancelChannelHandshake, a REVOKE that ends it, TagResource. */
export interface ActedOnTarget {
  id: string;
  arn: string;
  call: 'cancel' | 'revoke' | 'retag';
}

export function actedOnTarget(change: Change): ActedOnTarget | undefined {
  if (change.action === 'forget' || change.action === 'rename') return undefined;
  const retire = retirementOf(change);
  if (retire) return { id: retire.id, arn: retire.arn, call: retire.action };
  if (change.action === 'retag' && change.tags) {
    const arn = change.tags.arn;
    return { id: arn.slice(arn.lastIndexOf('/') + 1), arn, call: 'retag' };
  }
  return undefined;
}

/**
 * Why the listed handshake is not the record's target, or undefined when it is. `listed` is what the apply-time
 * listing holds under the target's id: undefined when it is not listed on the record's resource at all.
 */
export function targetMismatch(
  target: ActedOnTarget,
  state: RecordedState,
  listed: LiveHandshake | undefined,
  lineage: string,
): string | undefined {
  const refused = `refused: the ${target.call} of ${target.id} was not sent`;
  const restore = 'The state does not describe a handshake this repository sent: restore it from git history.';
  const record = findSent(state, target.id)?.entry;
  const resource = record?.spec.associatedResourceIdentifier ?? '(unrecorded)';
  if (!listed) {
    return `${refused}: it is not among the ${record?.handshakeType ?? ''} handshakes this account sent on ${resource} (the apply-time listing does not hold it). ${restore}`;
  }
  const differences = [
    record && listed.handshakeType !== record.handshakeType
      ? `it is a ${listed.handshakeType}, the record a ${record.handshakeType}`
      : undefined,
    record && resourceId(listed.associatedResourceId) !== resourceId(resource)
      ? `it concerns ${listed.associatedResourceId}, the record ${resource}`
      : undefined,
    record && listed.catalog !== record.spec.catalog
      ? `its catalog is ${listed.catalog}, the record's ${record.spec.catalog}`
      : undefined,
    listed.arn !== target.arn ? `its arn is ${listed.arn}, the record's ${target.arn}` : undefined,
  ].filter((difference): difference is string => difference !== undefined);
  if (differences.length > 0) return `${refused}: ${differences.join('; ')}. ${restore}`;
  const owner = ownerOf(listed.tags ?? []);
  if (owner && owner.lineagePart !== ownerLineagePart(lineage)) {
    return `${refused}: it is managed elsewhere (owner tag ${owner.value}). ${restore}`;
  }
  return undefined;
}
