import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

const GOLDEN_DIRECTORY = join(import.meta.dirname, 'golden');

/**
 * Compares rendered output with a checked-in file. Run `UPDATE_GOLDEN=1 npm test` to rewrite them after an
 * intended change, then review the diff like any other code change.
 */
export function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIRECTORY, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.CI && !existsSync(path)) {
      throw new Error(`golden file ${name} is missing; run UPDATE_GOLDEN=1 npm test locally and commit it`);
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
