import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { documentationFiles, readGoldenReport, withExamples } from '../scripts/readme-examples.mjs';

const ROOT = join(import.meta.dirname, '..');

describe('the README and docs/ examples', () => {
  it('are the golden bodies the action posts (npm run readme:examples rewrites them)', () => {
    let blocks = 0;
    for (const file of documentationFiles() as string[]) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      blocks += (text.match(/<!-- readme-example: [\w.-]+ -->/g) ?? []).length;
      expect(withExamples(text, readGoldenReport), file).toBe(text);
    }
    expect(blocks).toBeGreaterThanOrEqual(5);
  });
});
