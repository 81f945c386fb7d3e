import { CORE_KINDS } from '../core/kind-registry.js';
import type { RecordedState, SendingChange } from '../core/model.js';

/** The part of the executor's state journal a batch writes through: resolves once a write holding the edit is durable. */
interface Journal {
  update(mutate: (state: RecordedState) => RecordedState): Promise<void>;
}

/**
 * Writes the intents of a wave's creates a batch at a time. The crash-safety contract is unchanged: a create's
 * request leaves only once a durable write holds its intent. What changes is that one write holds the intents of the
 * next few creates of the wave too, so the creates that follow find theirs already written and go straight out,
 * instead of each waiting for a write of its own (a write of the whole state, which grows with every result).
 *
 * An intent written ahead of its request means "may have been sent", which it already meant: a run that stops before
 * sending it leaves the intent, and the next plan resumes exactly that reviewed request with its clientToken, so AWS
 * creates it at most once. Intents are keyed by name in the state, so a name that two changes of the wave send under
 * is never written ahead, and a batch whose write fails is forgotten, so each of its creates tries again on its own.
 */
export class IntentBatches {
  private readonly written = new Map<SendingChange, Promise<void>>();
  private readonly ahead: readonly SendingChange[];
  /** Where each change that may be written ahead stands in `ahead`. */
  private readonly positions: ReadonlyMap<SendingChange, number>;
  private next = 0;

  constructor(
    private readonly journal: Journal,
    /** The wave's creates whose intent is their first step, in the order the workers take them. */
    upcoming: readonly SendingChange[],
    private readonly size: number,
  ) {
    const perName = new Map<string, number>();
    for (const change of upcoming) perName.set(change.name, (perName.get(change.name) ?? 0) + 1);
    this.ahead = upcoming.filter((change) => perName.get(change.name) === 1);
    this.positions = new Map(this.ahead.map((change, index) => [change, index]));
  }

  /** Resolves once the change's intent is durable, written with the intents of the creates that come next. */
  record(change: SendingChange, recordedAt: string): Promise<void> {
    const write = this.written.get(change) ?? this.writeBatch(change, recordedAt);
    // Once the workers are half-way through what is written, the next batch is written while they send, so they
    // never wait for it; its write joins the state writes of the results in flight.
    const position = this.positions.get(change);
    if (position !== undefined && this.next < this.ahead.length && this.next - position <= this.size / 2) {
      this.writeBatch(undefined, recordedAt);
    }
    return write;
  }

  private writeBatch(first: SendingChange | undefined, recordedAt: string): Promise<void> {
    const batch = first ? [first] : [];
    if (first === undefined || this.positions.has(first)) {
      while (batch.length < this.size && this.next < this.ahead.length) {
        const candidate = this.ahead[this.next++] as SendingChange;
        if (candidate !== first && !this.written.has(candidate)) batch.push(candidate);
      }
    }
    if (batch.length === 0) return Promise.resolve();
    const write = this.journal.update((state) =>
      batch.reduce((current, member) => CORE_KINDS.ChannelHandshake.record.intent(current, member, recordedAt), state),
    );
    for (const member of batch) this.written.set(member, write);
    // A batch whose write fails is forgotten: each of its creates then tries a write of its own and reports it.
    write.catch(() => {
      for (const member of batch) if (this.written.get(member) === write) this.written.delete(member);
    });
    return write;
  }
}
