import type { Change, ChangeAction, PlanSummary } from '../core/model.js';
import { singleLine } from './neutralise.js';

export const ACTION_SYMBOLS: Record<ChangeAction, string> = {
  create: '+',
  cancel: '-',
  revoke: '-',
  replace: '-/+',
  retag: '~',
};

const ACTION_PHRASES: Record<ChangeAction, string> = {
  create: 'to create',
  cancel: 'to cancel',
  revoke: 'to revoke',
  replace: 'to replace',
  retag: 'to retag',
};

/** "2 to create, 1 to revoke" — the line a reviewer reads first. */
export function summaryLine(summary: PlanSummary): string {
  const parts = (Object.keys(ACTION_PHRASES) as ChangeAction[])
    .filter((action) => summary[action] > 0)
    .map((action) => `${summary[action]} ${ACTION_PHRASES[action]}`);
  return parts.length === 0 ? 'No changes.' : `${parts.join(', ')}.`;
}

/** Tag edits as `+ key = "value"` and `- key` lines. */
export function tagLines(change: Change): string[] {
  if (!change.tags) {
    return [];
  }
  return [
    ...Object.entries(change.tags.set).map(([key, value]) => `+ ${singleLine(key)} = ${JSON.stringify(value)}`),
    ...change.tags.remove.map((key) => `- ${singleLine(key)}`),
  ];
}
