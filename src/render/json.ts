import type { Plan } from '../core/model.js';

/** The machine-readable plan: what `apply --plan` pins and what other tools read. */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
