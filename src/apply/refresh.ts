import type { ChannelHandshakeSummary, ListChannelHandshakesRequest } from '../api/client.js';
import { type Reconciled, reconcile } from '../core/drift.js';
import { HANDSHAKE_TYPES, type RecordedState } from '../core/model.js';

export interface HandshakeLister {
  listAllChannelHandshakes(input: Omit<ListChannelHandshakesRequest, 'nextToken'>): Promise<ChannelHandshakeSummary[]>;
}

/** The catalogs worth listing: every one the state or the declarations mention, and AWS when none do. */
export function catalogsOf(state: RecordedState, declaredCatalogs: readonly string[] = []): string[] {
  const catalogs = new Set([...Object.values(state.handshakes).map((entry) => entry.catalog), ...declaredCatalogs]);
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
): Promise<Refreshed> {
  const items = await fetchSentHandshakes(api, catalogsOf(state, declaredCatalogs));
  return { ...reconcile(state, items), items };
}
