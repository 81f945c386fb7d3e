import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFiles } from '../src/core/engine.js';
import { FIXED_NOW } from './helpers.js';

// One file per mistake. Each must fail with exactly these errors: position, field path and the words the user reads.
const directory = join(import.meta.dirname, 'fixtures', 'bad');
const expected = JSON.parse(readFileSync(join(directory, 'expected.json'), 'utf8')) as Record<
  string,
  { line: number; column: number; field?: string; message: string }[]
>;
const fixtures = readdirSync(directory).filter((file) => file.endsWith('.yaml'));

describe('bad declarations', () => {
  it('has an expectation for every fixture and a fixture for every expectation', () => {
    expect(fixtures.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(fixtures)('%s fails with its file, line, column, field and message', (file) => {
    const result = validateFiles({
      files: [{ path: `handshakes/${file}`, text: readFileSync(join(directory, file), 'utf8') }],
      now: FIXED_NOW,
    });
    expect(result.hasErrors).toBe(true);
    const errors = result.diagnostics
      .filter((diagnostic) => diagnostic.severity === 'error')
      .map((diagnostic) => ({
        file: diagnostic.location?.file,
        line: diagnostic.location?.line,
        column: diagnostic.location?.column,
        ...(diagnostic.field ? { field: diagnostic.field } : {}),
        message: diagnostic.message,
      }));
    expect(errors).toEqual((expected[file] ?? []).map((error) => ({ file: `handshakes/${file}`, ...error })));
  });

  it('reports the problems of every file in one run', () => {
    const result = validateFiles({
      files: fixtures.map((file) => ({
        path: `handshakes/${file}`,
        text: readFileSync(join(directory, file), 'utf8'),
      })),
      now: FIXED_NOW,
    });
    const files = new Set(result.diagnostics.map((diagnostic) => diagnostic.location?.file));
    expect(files.size).toBe(fixtures.length);
    expect(result.declarations.length).toBeGreaterThan(0);
  });
});
