// Issue 16 (low): the budgets work exactly as the README's "Limits on what is read" states them, at N and N+1.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_LIMITS, type LoadLimits, loadDeclarationFile } from '../src/core/load.js';
import type { Diagnostic } from '../src/core/model.js';

const codes = (text: string, limits: Partial<LoadLimits> = {}) => {
  const diagnostics: Diagnostic[] = [];
  loadDeclarationFile(
    { path: 'f.yaml', text },
    () => undefined,
    (diagnostic) => diagnostics.push(diagnostic),
    { ...DEFAULT_LOAD_LIMITS, ...limits },
  );
  return diagnostics.map(
    (diagnostic) => `${diagnostic.code}@${diagnostic.location?.line}:${diagnostic.location?.column}`,
  );
};

describe('YAML tokens per document, each counted once', () => {
  it('a document of exactly the limit is read; one more token is refused at that token', () => {
    expect(codes('- 1\n- 2\n', { tokensPerDocument: 4 })).toEqual([]);
    expect(codes('- 1\n- 2\n', { tokensPerDocument: 3 })).toEqual(['limit.tokens@2:3']);
  });

  it('--- counts for the document it starts and ... for the one it ends', () => {
    const text = '---\n- 1\n...\n---\n- 1\n...\n';
    expect(codes(text, { tokensPerDocument: 4 })).toEqual([]);
    expect(codes(text, { tokensPerDocument: 3 })).toEqual(['limit.tokens@3:1']);
    expect(codes('- 1\n---\n- 1\n', { tokensPerDocument: 3 })).toEqual([]);
    expect(codes('- 1\n---\n- 1\n', { tokensPerDocument: 2 })).toEqual(['limit.tokens@3:3']);
  });
});

describe('keys per mapping', () => {
  const mapping = (count: number, after: string) =>
    `${Array.from({ length: count }, (_, index) => `k${index}: ${index}`).join('\n')}\n${after}`;

  it('200 keys are read, 201 refused, whatever follows the last (a comment, a blank line, the next document)', () => {
    for (const after of ['', '# the end\n', '\n\n', '---\nname: next\n']) {
      expect(codes(mapping(200, after)), JSON.stringify(after)).toEqual([]);
      expect(codes(mapping(201, after)), JSON.stringify(after)).toEqual(['limit.keys@201:5']);
    }
  });

  it('a nested mapping of exactly the limit is read, with a comment line after it', () => {
    expect(codes('a:\n  b: 1\n  c: 2\n  # a comment\nd: 3\n', { keysPerMapping: 2 })).toEqual([]);
    expect(codes('a:\n  b: 1\n  c: 2\n  e: 4\n  # a comment\nd: 3\n', { keysPerMapping: 2 })).toEqual([
      'limit.keys@4:4',
    ]);
  });
});

describe('alias expansions per document', () => {
  const uses = (count: number) => `a: &x 1\nb: [${Array.from({ length: count }, () => '*x').join(',')}]\n`;

  it('100 expansions are read, 101 refused', () => {
    expect(codes(uses(100))).toEqual([]);
    expect(codes(uses(101))).toEqual(['limit.aliases@1:1']);
  });

  it('an alias inside a copied node counts each time it is copied', () => {
    // b holds 3 aliases; 24 uses of b copy 24 × (1 + 3) = 96, plus b's own 3: 99 in all, then 103.
    const nested = (count: number) =>
      `a: &a 1\nb: &b [*a, *a, *a]\nc: [${Array.from({ length: count }, () => '*b').join(',')}]\n`;
    expect(codes(nested(24), { aliasExpansionsPerDocument: 99 })).toEqual([]);
    expect(codes(nested(24), { aliasExpansionsPerDocument: 98 })).toEqual(['limit.aliases@1:1']);
  });

  it('an alias inside the node it names is refused, and one naming no anchor is an error at the alias', () => {
    expect(codes('a: &x [1, *x]\n')).toEqual(['limit.aliases@1:1']);
    expect(codes('a: 1\nb: *nowhere\n')).toEqual(['yaml.BAD_ALIAS@2:4']);
  });
});
