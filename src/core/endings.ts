// What ended a service period is a fact about that period, so it is kept on the start or supersede it ended
// (`endedBy`), not only on the handshake that ended it: that one may be recorded under another name, and forgetting
// that name must not bring the period back.
import type { DeclarationHistory, RecordedState, SentHandshake } from './model.js';
import { setOwn } from './own.js';

/** The accepted handshakes among these that end another, by the id of the one they end. */
function acceptedEnders(handshakes: Iterable<SentHandshake>): Map<string, SentHandshake> {
  const enders = new Map<string, SentHandshake>();
  for (const entry of handshakes) {
    if (entry.ends !== undefined && entry.status === 'ACCEPTED' && !enders.has(entry.ends)) {
      enders.set(entry.ends, entry);
    }
  }
  return enders;
}

function isPeriod(entry: SentHandshake): boolean {
  return entry.purpose === 'start' || entry.purpose === 'supersede';
}

/** Writes `endedBy` on every recorded period one of `enders` ended and that does not say so yet. */
function settle(state: RecordedState, enders: ReadonlyMap<string, SentHandshake>): RecordedState {
  if (enders.size === 0) return state;
  let declarations: Record<string, DeclarationHistory> | undefined;
  for (const name of Object.keys(state.declarations)) {
    const history = state.declarations[name] as DeclarationHistory;
    let changed = false;
    const handshakes = history.handshakes.map((entry) => {
      const ender = enders.get(entry.id);
      if (!ender || entry.endedBy || !isPeriod(entry)) return entry;
      changed = true;
      return { ...entry, endedBy: { id: ender.id, purpose: ender.purpose, at: ender.updatedAt ?? ender.sentAt } };
    });
    if (!changed) continue;
    declarations ??= Object.assign(Object.create(null), state.declarations) as Record<string, DeclarationHistory>;
    setOwn(declarations, name, { ...history, handshakes });
  }
  return declarations ? { ...state, declarations } : state;
}

/** Every period that an accepted revoke or successor ended records it (migration to state version 3, refresh). */
export function settleEndings(state: RecordedState): RecordedState {
  return settle(state, acceptedEnders(Object.values(state.declarations).flatMap((history) => history.handshakes)));
}

/** Before a history leaves the state (forget, rename), the periods its accepted handshakes ended record it. */
export function settleEndingsOf(state: RecordedState, leaving: DeclarationHistory): RecordedState {
  return settle(state, acceptedEnders(leaving.handshakes));
}
