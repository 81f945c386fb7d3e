import type { ChannelHandshakeSummary } from '../api/client.js';
import { unknownLive } from '../core/apply-time-decision.js';
import { type Reconciled, reconcile } from '../core/drift.js';
import { historyEntries } from '../core/history.js';
import { HANDSHAKE_TYPES, type LiveHandshake, type RecordedState } from '../core/model.js';
import { isTombstoned } from '../core/tombstones.js';
import type { PartnerCentralReader } from './partner-central.js';

/** Refresh reads only: the reading part of the one Partner Central port. */
export type HandshakeLister = PartnerCentralReader;

/** The catalogs worth listing: every one the state or the declarations mention, and AWS when none do. */
function catalogsOf(state: RecordedState, declaredCatalogs: readonly string[] = []): string[] {
  const recorded = historyEntries(state).flatMap(([, history]) =>
    history.handshakes.map((entry) => entry.spec.catalog),
  );
  const catalogs = new Set([...recorded, ...declaredCatalogs]);
  if (catalogs.size === 0) catalogs.add('AWS');
  return [...catalogs].sort();
}

/** Every handshake this account sent, in the given catalogs, all three types, every page. */
async function fetchSentHandshakes(
  api: HandshakeLister,
  catalogs: readonly string[],
): Promise<ChannelHandshakeSummary[]> {
  const items: ChannelHandshakeSummary[] = [];
  for (const catalog of catalogs) {
    for (const handshakeType of HANDSHAKE_TYPES) {
      items.push(...(await api.listAllChannelHandshakes({ handshakeType, catalog, participantType: 'SENDER' })));
    }
  }
  return items;
}

export interface Refreshed extends Reconciled {
  items: LiveHandshake[];
}

/**
 * How many owner tags a refresh reads. ListTagsForResource has no documented rate quota and is paced like List (5 per
 * second by default), so 50 add at most about 10 seconds.
 */
const OWNER_TAG_LOOKUPS_PER_REFRESH = 50;

/** Adds the tags of the live handshakes the state does not know, so their owner tag can be read. */
async function withOwnerTags(
  api: HandshakeLister,
  state: RecordedState,
  items: readonly ChannelHandshakeSummary[],
  now?: Date,
): Promise<LiveHandshake[]> {
  if (!api.listTagsForResource) return [...items];
  // One call per handshake: bounded, so a large unmanaged backlog cannot stretch a refresh into minutes. Beyond the
  // bound they stay "unmanaged"; apply and import read the owner tag themselves before acting on one.
  const unknown = new Set(
    unknownLive(state, items, now)
      .filter((item) => !isTombstoned(state, item))
      .map((item) => item.id)
      .sort()
      .slice(0, OWNER_TAG_LOOKUPS_PER_REFRESH),
  );
  const result: LiveHandshake[] = [];
  for (const item of items) {
    result.push(
      unknown.has(item.id) ? { ...item, tags: await api.listTagsForResource({ resourceArn: item.arn }) } : item,
    );
  }
  return result;
}

/** refresh = list what AWS holds, then reconcile the recorded state with it. */
export async function refreshState(
  api: HandshakeLister,
  state: RecordedState,
  declaredCatalogs: readonly string[] = [],
  /** Measures fixed terms, so a period whose term ran out is not reported as an unmanaged live handshake. */
  now?: Date,
): Promise<Refreshed> {
  const sent = await fetchSentHandshakes(api, catalogsOf(state, declaredCatalogs));
  const items = await withOwnerTags(api, state, sent, now);
  return { ...reconcile(state, items, now), items };
}
