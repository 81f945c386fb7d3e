import { effectiveState, planFrom, type Validated } from '../core/engine.js';
import { UserError } from '../core/errors.js';
import { mergeRecordedResults } from '../core/merge-state.js';
import type { Plan, RecordedState } from '../core/model.js';
import { redactValue } from '../core/redact.js';
import { parseState, readState, writeStateAtomically } from '../files/state.js';
import { commitAndPush } from '../git/repository.js';
import { commitMessage, singleLine } from '../render/neutralise.js';
import { ActionFailure, type Session, sessionLineageSeed, sessionRedactor, statePath } from './session.js';

// The Action's state I/O: read (or start) the recorded state, write it redacted and atomically, commit it back.

/** Writes the state with credentials redacted: an API answer that echoed them must not be committed. */
function writeRedactedState(session: Session, path: string, state: RecordedState): Promise<void> {
  return writeStateAtomically(path, redactValue(state, sessionRedactor(session)));
}

export async function planWorkspace(
  session: Session,
  validated: Validated,
): Promise<{ plan: Plan; state: RecordedState }> {
  const state = await sessionState(session);
  return { plan: planFrom(validated, state), state };
}

/** The recorded state, or an empty one with this repository's lineage. A recorded lineage never changes. */
export async function sessionState(session: Session): Promise<RecordedState> {
  return effectiveState(
    await readState(statePath(session), session.context.workspace, session.inputs.stateFile),
    sessionLineageSeed(session),
  );
}

export async function commitState(
  session: Session,
  base: RecordedState,
  ours: RecordedState,
  message: string,
): Promise<string> {
  const { inputs, context, dependencies } = session;
  const branch = inputs.stateBranch ?? context.branch;
  if (!branch) throw new UserError('cannot tell which branch to commit the state to: set state-branch.');
  const path = statePath(session);
  const result = await commitAndPush({
    git: dependencies.git(context.workspace),
    workspace: context.workspace,
    path: inputs.stateFile,
    branch,
    // Every commit the action makes goes through here: no control character, no credential in history.
    message: commitMessage(sessionRedactor(session)(message)),
    write: async (newestText) => {
      if (newestText === undefined) {
        await writeRedactedState(session, path, ours);
        return;
      }
      const theirs = parseState(newestText, inputs.stateFile);
      const merged = mergeRecordedResults(base, ours, theirs);
      if (!merged.state) {
        throw new ActionFailure(
          'state-conflict',
          `a newer state was committed to ${branch} meanwhile, and it changed the same handshakes: ${merged.conflicts.map((conflict) => `${singleLine(conflict.name)} (${conflict.reason})`).join('; ')}. Nothing AWS accepted is lost — a re-run replays it by clientToken — but the state must be reconciled: re-run this job.`,
        );
      }
      session.core.info(
        `Someone pushed to ${branch} meanwhile; re-applied this run's results onto state serial ${theirs.serial}.`,
      );
      await writeRedactedState(session, path, merged.state);
    },
  });
  return result.sha;
}
