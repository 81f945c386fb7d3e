// Two checkouts that share no lock (two laptops, a second workflow) can each list, find nothing, and send a START for
// the same name. Both carry this lineage's owner tag for that name, so after its create each apply looks for another
// PENDING one: the older is kept and the newer is cancelled by whoever sent it. Both sides order the same way (AWS's
// createdAt, then the id), so exactly one survives whichever side looks last (docs/lifecycle.md, "Two checkouts").
import type { LiveHandshake } from './model.js';
import { OWNER_TAG_KEY } from './ownership.js';

export interface SecondLive {
  /** The older PENDING handshake of this name, which stays. */
  kept: LiveHandshake;
}

function older(left: LiveHandshake, right: LiveHandshake): number {
  const byTime = (left.createdAt ?? '').localeCompare(right.createdAt ?? '');
  return byTime !== 0 ? byTime : left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}

/**
 * Whether the handshake just created must give way: another PENDING handshake on its resource carries the same owner
 * tag (`ownerTag`, this lineage and name) and is older. `items` are the listed handshakes of the created one's type on
 * its resource, with the tags of the PENDING ones read.
 */
export function newerDuplicate(
  createdId: string,
  items: readonly LiveHandshake[],
  ownerTag: string,
): SecondLive | undefined {
  const same = items.filter(
    (item) =>
      item.status === 'PENDING' &&
      (item.id === createdId || (item.tags ?? []).some((tag) => tag.key === OWNER_TAG_KEY && tag.value === ownerTag)),
  );
  const created = same.find((item) => item.id === createdId);
  if (!created || same.length < 2) return undefined;
  const oldest = [...same].sort(older)[0] as LiveHandshake;
  return oldest.id === createdId ? undefined : { kept: oldest };
}
