// Why a change is planned, as a rule id with the facts it names (as Terraform's ActionReason). The words a reviewer
// reads are written in one place, render/reasons.ts; the core never builds a sentence for a change.

/** What made a handshake need sending again: the fields that changed, or else the revision bump that asked for it. */
export type Changed = { differences: string[] } | { revision: { from: number; to: number } };

/** What the plan knew about the handshake it acts on: its status, or how its period ended. */
export interface HandshakeState {
  id: string;
  /** The status, or `revoked`, `superseded`, `term over` for an accepted period that ended. */
  label: string;
  /** When it got there, if recorded. */
  since?: string;
}

export type ChangeReason =
  /** A declaration nothing was sent for yet. */
  | { rule: 'declared' }
  /** A REVOKE_SERVICE_PERIOD declared for a relationship whose period (under `endsName`) is in force. */
  | { rule: 'declared-revoke-ends'; ends: string; endsName: string }
  /** The declaration went back to the terms in force while a supersede is pending: the supersede is cancelled. */
  | { rule: 'back-to-terms-in-force'; inForce: string; pending: string }
  /** New terms while a supersede is pending: it is cancelled and a new one sent. */
  | { rule: 'supersede-pending-again'; changed: Changed; pending: string; inForce: string }
  /** New terms for a pending handshake, which cannot be edited: cancel and send anew. */
  | { rule: 'replace-pending'; changed: Changed; pending: string }
  /** Declared again with the terms in force while its revoke is pending: the revoke is cancelled. */
  | { rule: 'declared-again-same-terms'; revoke: string }
  /** Declared again with new terms while its revoke is pending: the revoke is cancelled and a new START sent. */
  | { rule: 'declared-again-new-terms'; revoke: string; inForce: string }
  /** New terms for a period in force: a new START supersedes it once accepted. */
  | { rule: 'supersede'; changed: Changed; inForce: string }
  /** The revision was bumped after the latest handshake ended or was answered no. */
  | { rule: 'resend-after-end'; revision: { from: number; to: number }; previous: HandshakeState }
  | { rule: 'renew-after-term'; endDate: { from: string; to: string }; previous: HandshakeState }
  /** A replace was interrupted after its cancel: the new handshake is sent now. */
  | { rule: 'finish-interrupted-replace'; previous: HandshakeState }
  /** An earlier apply sent a create and did not record the answer: the same request is replayed. */
  | { rule: 'resume-interrupted-create'; recordedAt: string }
  /** No longer declared, and still pending: cancelled. */
  | { rule: 'undeclared-pending'; pending: string }
  /** No longer declared, and its period is in force: one REVOKE_SERVICE_PERIOD ends it. */
  | { rule: 'undeclared-in-force'; inForce: string }
  /** No longer declared, and nothing was ever sent under the name. */
  | { rule: 'undeclared-never-sent' }
  /** A program management account or relationship this repository created is no longer declared: it is deleted. */
  | { rule: 'undeclared-resource' }
  /** No longer declared, and what it sent has ended: only the record goes. */
  | { rule: 'undeclared-ended'; latest: HandshakeState }
  /** No longer declared, and its PROGRAM_MANAGEMENT_ACCOUNT handshake was accepted (AWS has no undo). */
  | { rule: 'undeclared-accepted-pma'; latest: string }
  /** A `forget:` document names it. */
  | { rule: 'forget-document'; note?: string }
  /** Declared under a new name with the same identity: its history moves. */
  | { rule: 'renamed'; from: string }
  /** Tags, `protect` or `revokeNote` changed: in place, or in the state only. */
  | {
      rule: 'retag';
      tagsOn?: string;
      protect?: { from: boolean; to: boolean };
      revokeNoteChanged?: true;
    };
