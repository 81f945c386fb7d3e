import { posix } from 'node:path';
import { errorMessage } from '../core/errors.js';
import type { RecordedState } from '../core/model.js';
import { type StateEdit, stateEdits } from '../core/state-edits.js';
import { parseState, readState } from '../files/state.js';
import { fileAtCommit, firstParent, namedFirstParent } from '../git/file-at-commit.js';
import { singleLine } from '../render/neutralise.js';
import { type Session, statePath } from './session.js';

// Whether this run's change (a pull request, or the push that merged it) edits the recorded state: the state at the
// base (the pull request's base commit, or the commit before the push) against the state in the checkout.

export type StateComparison =
  | { kind: 'compared'; base: string; edits: StateEdit[] }
  /** No base to compare with: a first push, or a commit that cannot be fetched. Logged, and not treated as an edit. */
  | { kind: 'unknown'; why: string };

/**
 * The commit this run's change started from. A pull request's checkout is GitHub's merge of it into the base branch,
 * whose first parent is exactly the base it was merged onto (the payload's base.sha can be a moment older). A push
 * starts from the payload's `before`, whatever the merge method. Else the checkout's first parent.
 */
async function baseCommit(session: Session, command: 'plan' | 'apply'): Promise<string | undefined> {
  const { context } = session;
  const git = session.dependencies.git(context.workspace);
  const fromPayload = command === 'plan' ? context.pullRequest?.baseSha : context.before;
  const mergedOnto = command === 'plan' ? await namedFirstParent(git, 'HEAD') : undefined;
  if (mergedOnto) return mergedOnto;
  if (fromPayload && !/^0+$/.test(fromPayload)) return fromPayload;
  return firstParent(git, 'HEAD');
}

export async function compareRecordedState(session: Session, command: 'plan' | 'apply'): Promise<StateComparison> {
  const { context, inputs } = session;
  const git = session.dependencies.git(context.workspace);
  const candidates = [await baseCommit(session, command)];
  // A payload commit that cannot be fetched (a force-push removed it) falls back to the checkout's first parent.
  const parent = await firstParent(git, 'HEAD');
  if (parent && !candidates.includes(parent)) candidates.push(parent);
  const path = posix.normalize(inputs.stateFile);
  let why = 'no base commit';
  for (const base of candidates) {
    if (!base) continue;
    const before = await fileAtCommit(git, base, path);
    if (before.kind === 'unknown') {
      why = before.why;
      continue;
    }
    let baseState: RecordedState | undefined;
    try {
      baseState =
        before.kind === 'text' ? parseState(before.text, `${inputs.stateFile} at ${base.slice(0, 12)}`) : undefined;
    } catch (error) {
      return { kind: 'unknown', why: `the state at ${base.slice(0, 12)} cannot be read: ${errorMessage(error)}` };
    }
    const head = await readState(statePath(session), context.workspace, inputs.stateFile);
    return { kind: 'compared', base, edits: stateEdits(baseState, head) };
  }
  session.core.info(`The recorded state was not compared with a base (${singleLine(why)}).`);
  return { kind: 'unknown', why };
}
