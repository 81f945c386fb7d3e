import type { ChannelHandshakeSummary, ListChannelHandshakesRequest } from '../api/client.js';
import { type Reconciled, reconcile } from '../core/drift.js';
import { historyEntries } from '../core/history.js';
import { HANDSHAKE_TYPES, type RecordedState } from '../core/model.js';

export interface HandshakeLister {
  listAllChannelHandshakes(input: Omit<ListChannelHandshakesRequest, 'nextToken'>): Promise<ChannelHandshakeSummary[]>;
}

/** The catalogs worth listing: every one the state or the declarations mention, and AWS when none do. */
export function catalogsOf(state: RecordedState, declaredCatalogs: readonly string[] = []): string[] {
  const recorded = historyEntries(state).flatMap(([, history]) =>
    history.handshakes.map((entry) => entry.spec.catalog),
  );
  const catalogs = new Set([...recorded, ...declaredCatalogs]);
  if (catalogs.size === 0) catalogs.add('AWS');
  return [...catalogs].sort();
}

/** Every handshake this account sent, in the given catalogs, all three types, every page. */
export async function fetchSentHandshakes(
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
  items: ChannelHandshakeSummary[];
}

/** refresh = list what AWS holds, then reconcile the recorded state with it. */
export async function refreshState(
  api: HandshakeLister,
  state: RecordedState,
  declaredCatalogs: readonly string[] = [],
  /** Measures fixed terms, so a period whose term ran out is not reported as an unmanaged live handshake. */
  now?: Date,
): Promise<Refreshed> {
  const items = await fetchSentHandshakes(api, catalogsOf(state, declaredCatalogs));
  return { ...reconcile(state, items, now), items };
}
