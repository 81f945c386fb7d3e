import { liveQueries, unknownLive } from '../core/apply-time-decision.js';
import type { LiveHandshake, Plan, RecordedState } from '../core/model.js';
import { actedOnTarget } from '../core/target-confirmation.js';
import type { PartnerCentralReader } from './partner-central.js';

/**
 * How many relationships or PMAs one ListChannelHandshakes call filters on. The model puts no length limit on
 * `associatedResourceIdentifiers`; 25 keeps each request small and each answer inside one 100-item page in the usual
 * case (docs/lifecycle.md). The client paces the calls at the List quota (5 per second by default).
 */
const RESOURCES_PER_LIST = 25;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

/**
 * Lists, as the sender, the handshakes on every relationship or PMA the plan touches, filtered by
 * `associatedResourceIdentifiers` and batched, then reads the tags of those that are live but unknown to the state,
 * and of every handshake a change would cancel, revoke or tag (its owner tag is confirmed before the call).
 */
export async function listLiveHandshakes(
  api: PartnerCentralReader,
  plan: Plan,
  state: RecordedState,
  /** Measures fixed terms, so a period whose term ran out is no collision. */
  now?: Date,
): Promise<LiveHandshake[]> {
  const byId = new Map<string, LiveHandshake>();
  for (const query of liveQueries(plan)) {
    for (const resources of chunks(query.resources, RESOURCES_PER_LIST)) {
      const items = await api.listAllChannelHandshakes({
        handshakeType: query.handshakeType,
        catalog: query.catalog,
        participantType: 'SENDER',
        associatedResourceIdentifiers: resources,
      });
      for (const item of items) byId.set(item.id, item);
    }
  }
  if (api.listTagsForResource) {
    const targets = new Set(plan.changes.map((change) => actedOnTarget(change)?.id));
    const tagged = [
      ...unknownLive(state, [...byId.values()], now),
      ...[...byId.values()].filter((item) => targets.has(item.id)),
    ];
    for (const item of new Set(tagged)) {
      byId.set(item.id, { ...item, tags: await api.listTagsForResource({ resourceArn: item.arn }) });
    }
  }
  return [...byId.values()];
}
