import { findSent, historyOf, recordedIds, withHistory } from './history.js';
import type {
  AppliedBy,
  HandshakePurpose,
  HandshakeSpec,
  HandshakeStatus,
  LiveHandshake,
  RecordedState,
} from './model.js';

// The state edits apply-time refresh makes, kept together: they are the only part of it that knows the state's shape.

/** Every handshake id the state knows, in any declaration's history. */
export function knownHandshakeIds(state: RecordedState): Set<string> {
  return recordedIds(state);
}

/** Records a status apply learned from AWS for a recorded handshake, so the next plan starts from the truth. */
export function learnStatus(
  state: RecordedState,
  id: string,
  status: HandshakeStatus,
  at: string | undefined,
): RecordedState {
  const found = findSent(state, id);
  if (!found || found.entry.status === status) return state;
  const history = historyOf(state, found.name);
  if (!history) return state;
  return withHistory(state, found.name, {
    ...history,
    handshakes: history.handshakes.map((entry) =>
      entry.id === id ? { ...entry, status, ...(at ? { updatedAt: at } : {}) } : entry,
    ),
  });
}

/** A replace whose old handshake already ended: only its create is left, and the next plan must finish it. */
export function markReplacementPending(state: RecordedState, name: string): RecordedState {
  const history = historyOf(state, name);
  if (!history || history.replacementPending) return state;
  return withHistory(state, name, { ...history, replacementPending: true });
}

export interface Adoption {
  item: LiveHandshake;
  /** The declaration as AWS holds it. */
  spec: HandshakeSpec;
  /** The token it was sent with, when known (a moot create's); empty otherwise. */
  clientToken: string;
  generation: number;
  purpose: HandshakePurpose;
  appliedAt: string;
  appliedBy: AppliedBy;
}

/** Records a live handshake this repository sent but the state lost, as the newest one sent under its name. */
export function adoptHandshake(state: RecordedState, name: string, adoption: Adoption): RecordedState {
  const { item, spec } = adoption;
  const history = historyOf(state, name) ?? { handshakes: [] };
  const { replacementPending: _settled, ...rest } = history;
  return withHistory(state, name, {
    ...rest,
    handshakes: [
      ...history.handshakes.filter((entry) => entry.id !== item.id),
      {
        id: item.id,
        arn: item.arn,
        handshakeType: item.handshakeType,
        purpose: adoption.purpose,
        status: item.status,
        clientToken: adoption.clientToken,
        spec,
        generation: adoption.generation,
        sentAt: item.createdAt ?? adoption.appliedAt,
        ...(item.updatedAt ? { updatedAt: item.updatedAt } : {}),
        appliedBy: adoption.appliedBy,
      },
    ],
  });
}
