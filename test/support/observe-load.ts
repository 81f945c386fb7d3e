// What a caller of loadDeclarationFile can observe, for the tests that compare its readers with yaml's composer
// (test/plain-document.test.ts on generated files, test/plain-lines-hostile.test.ts on hostile ones).
import { expect } from 'vitest';
import { DEFAULT_LOAD_LIMITS, type LoadLimits, loadDeclarationFile } from '../../src/core/load.js';
import type { Diagnostic } from '../../src/core/model.js';

/** Which reader loadDeclarationFile may use: both shortcuts, only the syntax-tree one, or yaml's composer alone. */
export type Readers = 'lines' | 'syntax-tree' | 'composer';

/** Documents (every field located, by value and by key, and paths that leave them), diagnostics and refusals. */
export function observe(text: string, readers: Readers, limits: LoadLimits = DEFAULT_LOAD_LIMITS) {
  const documents: unknown[] = [];
  const diagnostics: Diagnostic[] = [];
  let invalid = 0;
  loadDeclarationFile(
    { path: 'handshakes/observed.yaml', text },
    (document) => {
      const paths: (string | number)[][] = [[], ['missing'], ['payload', 'missing', 'deeper'], ['a', 'b', 'c']];
      const walk = (value: unknown, path: string[]) => {
        if (value === null || typeof value !== 'object') return;
        for (const key of Object.keys(value)) {
          paths.push([...path, key], [...path, key, 'below']);
          walk((value as Record<string, unknown>)[key], [...path, key]);
        }
      };
      walk(document.value, []);
      documents.push({
        file: document.file,
        index: document.index,
        value: document.value,
        location: document.location,
        at: paths.map((path) => [path.join('.'), document.locate(path), document.locate(path, { key: true })]),
      });
    },
    (diagnostic) => diagnostics.push(diagnostic),
    limits,
    () => invalid++,
    { plainDocuments: readers !== 'composer', plainLines: readers === 'lines' },
  );
  return { documents, diagnostics, invalid };
}

/** Both shortcuts give what the composer gives; returns that. */
export function expectSameAsComposer(text: string, limits: LoadLimits = DEFAULT_LOAD_LIMITS) {
  const composed = observe(text, 'composer', limits);
  const label = `${JSON.stringify(text)} with ${JSON.stringify(limits)}`;
  expect(observe(text, 'lines', limits), label).toEqual(composed);
  expect(observe(text, 'syntax-tree', limits), label).toEqual(composed);
  return composed;
}
