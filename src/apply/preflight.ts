import { liveQueries, unknownLive } from '../core/apply-time-decision.js';
import type { LiveHandshake, Plan, RecordedState } from '../core/model.js';
import { actedOnTarget } from '../core/target-confirmation.js';
import type { PartnerCentralReader } from './partner-central.js';

/**
 * How many relationships or PMAs one ListChannelHandshakes call filters on. The model puts no length limit on
 * `associatedResourceIdentifiers`; 100 matches the largest page (`maxResults`), so a plan that sends to resources with
 * no handshakes yet (the usual large apply) is listed in one call per 100 resources, and resources with a history
 * cost the pages their answers fill, as smaller batches would (docs/cli.md). The client paces the calls at the List
 * quota (5 per second by default).
 */
const RESOURCES_PER_LIST = 100;

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
  // The calls go out together and the client paces them at the List quota: nothing is sent before the listing
  // ends, so its latency, call after call, was the whole apply's wait. Answers are kept in the order asked.
  const requests = liveQueries(plan).flatMap((query) =>
    chunks(query.resources, RESOURCES_PER_LIST).map((resources) => ({
      handshakeType: query.handshakeType,
      catalog: query.catalog,
      participantType: 'SENDER' as const,
      associatedResourceIdentifiers: resources,
    })),
  );
  const listed = await Promise.all(requests.map((request) => api.listAllChannelHandshakes(request)));
  const byId = new Map<string, LiveHandshake>();
  for (const items of listed) for (const item of items) byId.set(item.id, item);
  if (api.listTagsForResource) {
    const listTags = api.listTagsForResource.bind(api);
    const targets = new Set(plan.changes.map((change) => actedOnTarget(change)?.id));
    const tagged = [
      ...new Set([
        ...unknownLive(state, [...byId.values()], now),
        ...[...byId.values()].filter((item) => targets.has(item.id)),
      ]),
    ];
    const tags = await Promise.all(tagged.map((item) => listTags({ resourceArn: item.arn })));
    tagged.forEach((item, index) => {
      byId.set(item.id, { ...item, tags: tags[index] ?? [] });
    });
  }
  return [...byId.values()];
}
