import { ALLOW_STATE_EDIT_LABEL } from '../core/policy.js';
import { renderStateEditsMarkdown } from '../render/state-edits.js';
import { renderPlanText } from '../render/text.js';
import { invalidComment, planComment, stickyComment } from './comments.js';
import { publishPlan } from './plan-outputs.js';
import type { Session } from './session.js';
import { planWorkspace } from './session-state.js';
import { compareRecordedState } from './state-edit-check.js';
import { runValidate } from './validation-run.js';

export async function runPlan(session: Session): Promise<void> {
  const pullRequest = session.context.pullRequest;
  // An invalid pull request still gets its comment updated, so a stale plan never stays on display.
  const validated = await runValidate(session, async (invalid) => {
    if (pullRequest) await stickyComment(session, pullRequest.number, invalidComment(session, invalid));
  });
  const { plan } = await planWorkspace(session, validated);
  session.core.info(renderPlanText(plan, { color: false }));
  await publishPlan(session, plan);
  // The state is input here, not truth: the reviewer sees every edit to it before anything else.
  const comparison = await compareRecordedState(session, 'plan');
  const edited = comparison.kind === 'compared' && comparison.edits.length > 0 ? comparison.edits : [];
  if (edited.length > 0) {
    session.core.warning(
      `This pull request edits the recorded state (${edited.length} edit(s) by meaning): merging applies nothing unless it has the label ${ALLOW_STATE_EDIT_LABEL}.`,
    );
  }
  const preface =
    edited.length > 0
      ? renderStateEditsMarkdown(edited, {
          stateFile: session.inputs.stateFile,
          labels: pullRequest?.labels ?? [],
        })
      : '';
  const body = planComment(session, plan, preface);
  await session.core.appendSummary(body);
  if (pullRequest) {
    await stickyComment(session, pullRequest.number, body, {
      hasChanges: plan.changes.length > 0 || edited.length > 0,
    });
  }
}
