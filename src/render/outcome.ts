// The label of an apply run, said the same way in the notification, the pull request's comment and the job summary:
// "⚠️ Partly applied: 8 of 9 sent, 1 held back". "⛔ Not applied" only when nothing was sent.
import type { ChangeResult } from '../core/model.js';

/** What the apply use case reports (src/usecases/apply.ts), as far as a label needs it. */
export interface ApplyOutcome {
  results: readonly ChangeResult[];
  verdict: 'nothing-to-apply' | 'applied' | 'partly-applied' | 'not-applied';
  counts: { total: number; sent: number; alreadyDone: number; heldBack: number; failed: number };
}

const LABELS: Record<ApplyOutcome['verdict'], string> = {
  'nothing-to-apply': '✅ Nothing to apply',
  applied: '✅ Applied',
  'partly-applied': '⚠️ Partly applied',
  'not-applied': '⛔ Not applied',
};

/** "8 of 9 sent, 1 already done, 1 held back, 2 failed". */
function outcomeCounts(outcome: ApplyOutcome): string {
  const { total, sent, alreadyDone, heldBack, failed } = outcome.counts;
  if (total === 0) return 'no changes';
  const parts = [`${sent.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} sent`];
  if (alreadyDone > 0) parts.push(`${alreadyDone.toLocaleString('en-US')} already done`);
  if (heldBack > 0) parts.push(`${heldBack.toLocaleString('en-US')} held back`);
  if (failed > 0) parts.push(`${failed.toLocaleString('en-US')} failed`);
  return parts.join(', ');
}

/** "⚠️ Partly applied: 8 of 9 sent, 1 held back"; a terminal gets it without the icon. */
export function outcomeLabel(outcome: ApplyOutcome, options: { icon?: boolean } = {}): string {
  const label = options.icon === false ? LABELS[outcome.verdict].replace(/^\S+ /, '') : LABELS[outcome.verdict];
  return outcome.verdict === 'nothing-to-apply' ? label : `${label}: ${outcomeCounts(outcome)}`;
}

/** How each front door says "run it again" and "get a new plan reviewed". */
const NEXT_STEP_WORDS = {
  action: {
    rerun: 're-run this job',
    replan: 'Open a pull request that re-plans, review it and merge it',
  },
  cli: { rerun: 'run apply again', replan: 'Run plan to see the new plan, then apply it' },
} as const;

/** The next step, one for the whole run, so no two rows contradict each other. */
export function outcomeNextStep(outcome: ApplyOutcome, front: keyof typeof NEXT_STEP_WORDS): string | undefined {
  const { heldBack, failed } = outcome.counts;
  if (heldBack === 0 && failed === 0) return undefined;
  const words = NEXT_STEP_WORDS[front];
  const steps: string[] = [];
  if (failed > 0) {
    steps.push(
      `Each failure says what to do about it; then ${words.rerun}: it resumes from what is recorded and sends nothing twice.`,
    );
  }
  if (heldBack > 0) {
    steps.push(
      `Held-back changes wait for a new plan, because AWS changed after this one was reviewed. ${words.replan}; each held-back change says what the next plan will do.`,
    );
  }
  return steps.join(' ');
}
