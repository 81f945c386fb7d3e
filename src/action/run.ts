import { runnerDependencies } from './dependencies.js';
import { runAction } from './main.js';

/** The action's entry point, as the runner invokes it. */
export function run(): Promise<void> {
  return runAction(runnerDependencies());
}
