import { renderPlanText } from '../render/text.js';
import { invalidComment, planComment, stickyComment } from './comments.js';
import { publishPlan } from './plan-outputs.js';
import type { Session } from './session.js';
import { planWorkspace } from './session-state.js';
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
  const body = planComment(session, plan);
  await session.core.appendSummary(body);
  if (pullRequest) {
    await stickyComment(session, pullRequest.number, body, { hasChanges: plan.changes.length > 0 });
  }
}
