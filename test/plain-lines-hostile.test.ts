import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_LIMITS, type LoadLimits } from '../src/core/load.js';
import { plainLineDocuments } from '../src/core/plain-lines.js';
import { expectSameAsComposer, observe } from './support/observe-load.js';
import { runs } from './support/property-runs.js';

/**
 * Hostile and careless inputs for the two shortcuts of loadDeclarationFile (the line reader, plain-lines.ts, and the
 * syntax-tree one, plain-document.ts): whatever the text and the limits, a caller must see what yaml's composer alone
 * gives. test/plain-document.test.ts generates well-formed files; this file holds the nasty ones by hand.
 */

/** Each limit in turn set to 0, 1, 2 and 3, the others left at their defaults. */
const TINY_LIMITS: LoadLimits[] = [DEFAULT_LOAD_LIMITS];
for (const name of Object.keys(DEFAULT_LOAD_LIMITS) as (keyof LoadLimits)[]) {
  for (const value of [0, 1, 2, 3]) TINY_LIMITS.push({ ...DEFAULT_LOAD_LIMITS, [name]: value });
}

/** In the line reader's subset, yet on an edge of it or of the core schema: these must be read line by line. */
const CLEAN = [
  'constructor: 1\ntoString: x\nhasOwnProperty: true\nvalueOf: "v"\nisPrototypeOf: \'p\'\n',
  'a: 1_000\nb: 0o\nc: 0x\nd: 0b1\ne: 0O7\nf: 0X1\ng: 1e\nh: e3\ni: 0xg\nj: 1:2\nk: inf\nl: nan\nm: .Nan\n',
  'a: 0\nb: 00\nc: 007\nd: 123456789012345\ne: 999999999999999\n',
  'a: true\nb: True\nc: TRUE\nd: false\ne: False\nf: FALSE\ng: tRue\nh: yes\ni: no\nj: on\nk: nULL\nl: none\n',
  'y: n\non: off\nnan: NaN\nInfinity: x\n_: _\nx-: x-x-\n',
  'a: ~x\nb: <<\nc: =\nd: ...\ne: ...x\nf: it\'s\ng: say "hi"\nh: a:b\ni: a :b\nj: x]\nk: x}\nl: a,b\nm: a{b\n',
  'a: ""\nb: \'\'\nc: " "\nd: \'  x \'\ne: "#"\nf: \':\'\ng: "a: b"\nh: \'a #b\'\ni: "~"\nj: \'null\'\nk: "1"\n',
  'a: \u00a0\nb: a\u00a0-b\nc: a\u00a0:b\nd: \u200b\ne: \ud800\nf: \udc00x\ng: \uffff\nh: \ufffe\n',
  'a: \uff1a\nb: a\uff1ab\nc: \u3000\nd: \u0080\ne: \u00e9\ud83d\ude00\nf: "\u00a0"\ng: \'\ud800\'\n',
  'a:\n  b: 1\n# at column 1\n  c: 2\n      # deeper than anything\nd: 3\n',
  'a:\n# between the key and its mapping\n     # deeper\n  b: 1\n',
  'a:\n b:\n  c:\n   d: x\n e: y\nf: z\n',
  'a:      \n    b: x    \nc:  "quoted"   \n',
  '# leading\n---\n# right after the separator\na: 1\n---\n\nb: 2\n# trailing',
  'a: no final newline',
  'path: C:\\dir\\x\nre: ^a.*$\nemail: a@b.c\npct: 50%\nprice: $5\nq: what?\nt: 12:30\nlist: a, b\nsym: a &b\nbang: a !b\n',
  "name: O'Brien\nk: 0777\nl: 08\nm: 1,000\nn: N/A\no: ~/path\np: =1\nq: 2027-06-30T00:00:00Z\nr: a | b\n",
  `${'k'.repeat(128)}: ${'v'.repeat(5000)}\n`,
];

/** Outside the subset, or invalid: each must reach yaml and come out exactly as the composer reports it. */
const OUTSIDE = [
  // Line endings and yaml's own line breaks, byte order marks anywhere.
  'a: 1\r\nb: 2\r\n',
  'a: 1\rb: 2\r',
  'a: 1\r',
  'a: x\u2028b: y\n',
  'a: x\u0085b: y\n',
  'a: x\u2029\n',
  '\ufeffa: 1\n',
  'a: 1\n\ufeffb: 2\n',
  'a: 1\n---\n\ufeffb: 2\n',
  'a: x\ufeff\n',
  // Tabs and other controls.
  'a:\tx\n',
  'a: x\t\n',
  'a:\n \tb: x\n',
  'a:\n\tb: x\n',
  'a:\n  b: 1\n \t c: 2\n',
  'a: \u000bx\n',
  'a: x\u0000\n',
  'a: x\u007f\n',
  // Keys: reserved, prototype, merge, odd characters, too long, a space before the colon.
  '__proto__: 1\n',
  '__proto__:\n  polluted: true\n',
  '<<: 1\n',
  'a:\n  <<: x\n',
  'null: 1\n',
  'Null: 1\n',
  '~: 1\n',
  'true: 1\n',
  'FALSE: 1\n',
  '1: x\n',
  '0x1: x\n',
  'a b: x\n',
  'a\u00a0: x\n',
  '\u00a0a: x\n',
  'a\u200b: x\n',
  'a\uff1a x\n',
  '\u00e9: x\n',
  'a : x\n',
  `${'k'.repeat(129)}: x\n`,
  `${'k'.repeat(1100)}: x\n`,
  'a: 1\na: 2\n',
  'a:\n  b: 1\n  b: 2\n',
  // Values at the core schema's edges that the shortcuts leave to yaml.
  'a: 1234567890123456\n',
  'a: 9007199254740993\n',
  'a: +1\nb: -1\nc: .5\nd: 5.\ne: 1e3\nf: 1E3\ng: 0o17\nh: 0x1f\ni: -0\nj: +0\nk: 0.\n',
  'a: .inf\nb: -.Inf\nc: +.INF\nd: .nan\ne: .NaN\nf: .NAN\n',
  'a: null\nb: Null\nc: NULL\nd: ~\ne:\n',
  'a:\n',
  'a:   \n',
  'a:\n# a comment, then the end\n',
  'a:\n  # only a comment below\nb: 1\n',
  // Indicators and trailing text.
  'a: -\n',
  'a: - x\n',
  'a: -x\n',
  'a: ? x\n',
  'a: ?x\n',
  'a: :x\n',
  'a: ,x\n',
  'a: [x]\n',
  'a: {x: 1}\n',
  'a: &anchor x\nb: *anchor\n',
  'a: *nothing\n',
  'a: !tag x\n',
  'a: !!str 1\n',
  'a: |\n  x\n',
  'a: >\n  x\n',
  'a: @x\n',
  'a: `x\n',
  'a: %x\n',
  'a: #x\n',
  'a:#x\n',
  'a: x#y\n',
  'a: x #y\n',
  'a: x\u00a0#y\n',
  'a: a:b: c\n',
  'a: a: b\n',
  'a: x:\n',
  'a:x\n',
  'a:b: c\n',
  'a: "x" y\n',
  "a: 'x' y\n",
  'a: "x"#y\n',
  'a: "x" #y\n',
  'a: "x"y"\n',
  "a: 'it''s'\n",
  'a: "\\"\n',
  'a: "\\""\n',
  'a: "\\u00e9"\n',
  'a: "x\n',
  "a: 'x\n",
  'a: "x\ny"\n',
  'a: x\n  continued\n',
  'a: x\n  b: y\n',
  // Indentation: dedents to columns no mapping opened, siblings out of line.
  '  a: 1\n',
  'a:\n    b: 1\n  c: 2\n',
  'a:\n  b: 1\n c: 2\n',
  'a:\n  b:\n c: 2\n',
  'a:\n  b:\n  c: 1\n',
  'a: 1\n b: 2\n',
  'a:\nb: 1\n',
  // A value on the line below its key: valid YAML the syntax-tree shortcut may take, never the line reader.
  'a:\n  x\n',
  'a:\nx\n',
  "a: 1\nb:\n 'x'\nc: 2\n",
  'a:\n  b:\n x\n',
  'a:\n  b:\n    x\n',
  'a:\n  b: 1\n  c:\n  x\n',
  "a:\n  x: 1\n  'y'\n",
  'a: "x"\n  y\n',
  // Document markers, directives, empty documents.
  '---',
  '---\n',
  '--- \na: 1\n',
  '--- # comment\na: 1\n',
  '---#x\na: 1\n',
  '--- a: 1\n',
  '--- x\n',
  '---\n---\na: 1\n',
  'a: 1\n---\n',
  'a: 1\n---\n# only a comment\n',
  'a: 1\n...\n',
  'a: 1\n...\n---\nb: 2\n',
  '...\na: 1\n',
  '%YAML 1.2\n---\na: 1\n',
  '%YAML 1.2\na: 1\n',
  '%TAG ! tag:example.com,2000:\n---\na: 1\n',
  '%FOO bar\n',
  ' ---\na: 1\n',
  '----\na: 1\n',
  '',
  '\n\n',
  '# only a comment\n',
  '- a\n',
  '? a\n: b\n',
  'x\n',
  '"a": 1\n',
  "'a': 1\n",
];

describe('the line reader and the syntax-tree shortcut, against hostile and careless declaration files', () => {
  it('read the clean edge cases line by line, with the values and positions yaml gives', () => {
    for (const text of CLEAN) {
      expect(plainLineDocuments(text, DEFAULT_LOAD_LIMITS), JSON.stringify(text)).toBeDefined();
      const composed = expectSameAsComposer(text);
      expect(composed.diagnostics).toEqual([]);
    }
    // Keys named like members of Object.prototype are the value's own keys, in the file's order, as yaml gives them.
    const [document] = plainLineDocuments(CLEAN[0] as string, DEFAULT_LOAD_LIMITS) ?? [];
    expect(Object.keys(document?.value ?? {})).toEqual([
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'isPrototypeOf',
    ]);
  });

  it('leave everything outside the subset to yaml, which reports it as the composer alone does', () => {
    for (const text of OUTSIDE) {
      expect(plainLineDocuments(text, DEFAULT_LOAD_LIMITS), JSON.stringify(text)).toBeUndefined();
      expectSameAsComposer(text);
    }
  });

  it('report every limit set to 0, 1, 2 or 3 exactly as the composer does, on every hostile and clean input', () => {
    for (const text of [...CLEAN, ...OUTSIDE]) {
      for (const limits of TINY_LIMITS) expectSameAsComposer(text, limits);
    }
  });

  it('agree with the composer on each side of every limit, and read line by line once the limit is far enough', () => {
    const deep = 'a:\n  b:\n    c:\n      d: x\n  e: y\nf: z\n';
    const wide = 'a: 1\nb: 2\nc: 3\nd:\n  e: 4\n  f: 5\n  g: 6\n  h: 7\n';
    const many = 'a: 1\n---\nb: 2\n---\nc: 3\n---\n# last\nd: 4\n';
    const cases: [text: string, limit: keyof LoadLimits, upTo: number][] = [
      [deep, 'nestingDepth', 7],
      [wide, 'keysPerMapping', 7],
      [wide, 'tokensPerDocument', 30],
      [many, 'tokensPerDocument', 8],
      [many, 'documentsPerFile', 6],
      [`---\n${many}`, 'documentsPerFile', 6],
      [deep, 'aliasExpansionsPerDocument', 2],
    ];
    for (const [text, limit, upTo] of cases) {
      for (let value = -1; value <= upTo; value += 0.5)
        expectSameAsComposer(text, { ...DEFAULT_LOAD_LIMITS, [limit]: value });
      expect(plainLineDocuments(text, { ...DEFAULT_LOAD_LIMITS, [limit]: upTo }), `${limit} ${upTo}`).toBeDefined();
    }
  });

  it('do not read a document line by line under a depth limit below 2: even a flat mapping breaks a limit of 0', () => {
    for (const nestingDepth of [-1, 0, 0.5, 1, Number.NaN]) {
      const limits = { ...DEFAULT_LOAD_LIMITS, nestingDepth };
      expect(plainLineDocuments('a: 1\n', limits)).toBeUndefined();
      expectSameAsComposer('a: 1\n', limits);
    }
    expect(observe('a: 1\n', 'lines', { ...DEFAULT_LOAD_LIMITS, nestingDepth: 0 }).diagnostics).toMatchObject([
      { code: 'limit.depth', location: { line: 1 } },
    ]);
  });

  it('report a negative alias limit on a document without aliases, as the composer does, with either shortcut', () => {
    const limits = { ...DEFAULT_LOAD_LIMITS, aliasExpansionsPerDocument: -1 };
    for (const text of ['a: 1\n', 'a:\n  b: 1\n---\nc: 2\n']) {
      const composed = expectSameAsComposer(text, limits);
      expect(composed.diagnostics[0]).toMatchObject({ code: 'limit.aliases' });
    }
  });

  it('read a fractional key limit as the composer does: 1.5 allows one key, whatever line follows it, not two', () => {
    const limits = { ...DEFAULT_LOAD_LIMITS, keysPerMapping: 1.5 };
    expect(expectSameAsComposer('a: x\n\n', limits).diagnostics).toEqual([]);
    expect(expectSameAsComposer('a: x\nb: y\n', limits).diagnostics).toMatchObject([{ code: 'limit.keys' }]);
  });

  it('refuse, as the composer does, a tab among the spaces that indent a nested line (TAB_AS_INDENT)', () => {
    for (const text of ['a:\n \tb: x\n', 'a:\n \t a: x\n', 'a:\n  \t b: x\n']) {
      const composed = expectSameAsComposer(text);
      expect(composed.diagnostics).toMatchObject([{ code: 'yaml.TAB_AS_INDENT' }]);
    }
  });

  it('agree with the composer on clean files damaged by one hostile character, under tiny limits', () => {
    const damage = fc.constantFrom(
      ...[' ', ':', '#', '\n', '"', "'", '-', '\t', '\r', '\ufeff', '\u2028', '\u00a0', '\\', '---\n', '...\n'],
      ...['&a ', '*a', '!', ',', '[', '{', '|', '>', '?', '%', '@', '`', '~', '\u0000', '\ud800', '  '],
    );
    const limits = fc.oneof(
      fc.constant(DEFAULT_LOAD_LIMITS),
      fc.record({
        documentsPerFile: fc.integer({ min: 0, max: 4 }),
        keysPerMapping: fc.integer({ min: 0, max: 8 }),
        nestingDepth: fc.integer({ min: 0, max: 4 }),
        tokensPerDocument: fc.integer({ min: 0, max: 30 }),
        aliasExpansionsPerDocument: fc.integer({ min: -1, max: 2 }),
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...CLEAN.slice(0, -1)),
        fc.nat(),
        damage,
        fc.boolean(),
        limits,
        (text, at, inserted, replace, limit) => {
          const position = at % (text.length + 1);
          const damaged = text.slice(0, position) + inserted + text.slice(position + (replace ? 1 : 0));
          expectSameAsComposer(damaged, limit);
        },
      ),
      runs(400),
    );
  });
});
