import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { readGoldenReport, withExamples } from '../scripts/readme-examples.mjs';

const README = join(import.meta.dirname, '..', 'README.md');

describe('the README examples', () => {
  it('are the golden bodies the action posts (npm run readme:examples rewrites them)', () => {
    const readme = readFileSync(README, 'utf8');
    const blocks = readme.match(/<!-- readme-example: [\w.-]+ -->/g) ?? [];
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    expect(withExamples(readme, readGoldenReport)).toBe(readme);
  });
});
