import type { ChangeAction } from '../core/model.js';
import { naturalCompare } from '../core/natural-compare.js';
import { inDisplayOrder } from './describe.js';

/**
 * The order a reviewer reads changes in: what ends a handshake first, then what sends one, then the rest; within each
 * action, names as a person counts them (`legacy-2` before `legacy-19`). Only for display.
 */
export function readingOrder<T extends { action: ChangeAction; name: string }>(items: readonly T[]): T[] {
  // inDisplayOrder is stable: sorting the names first keeps them in a person's order within each action.
  return inDisplayOrder([...items].sort((left, right) => naturalCompare(left.name, right.name)));
}
