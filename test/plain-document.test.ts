import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Parser } from 'yaml';
import { DEFAULT_LOAD_LIMITS } from '../src/core/load.js';
import { plainDocument } from '../src/core/plain-document.js';
import { plainLineDocuments } from '../src/core/plain-lines.js';
import { expectSameAsComposer, observe } from './support/observe-load.js';

/** Keys and scalars that sit on every edge of the shortcut's shape and of the core schema. */
const keyArbitrary = fc.oneof(
  fc.constantFrom('name', 'handshakeType', 'catalog', 'payload', 'tags', 'note', 'cost-center', 'revision', '_x'),
  fc.constantFrom('null', 'Null', 'true', 'False', 'TRUE', '__proto__', 'constructor', '1', '0x1', 'a b', 'é', '<<'),
  fc.constantFrom('"quoted"', "'single'", '&anchor key', '!tag key', 'k'.repeat(130), 'k'.repeat(128)),
  fc.constantFrom('a:b', 'k ', '-k', 'k-', 'NULL', 'on', 'y', '? k', '- k', 'k#', '#k'),
);
const scalarArbitrary = fc.oneof(
  fc.constantFrom('customer-1', 'AWS', 'START_SERVICE_PERIOD', 'Annual support for customer 7', 'é😀 ünïcode'),
  fc.constantFrom('30', '007', '0', '123456789012345', '1234567890123456', '-1', '+1', '1.5', '.5', '1.', '1e3'),
  fc.constantFrom('0x1F', '0o17', '.inf', '-.Inf', '.nan', '~', 'null', 'NULL', 'true', 'True', 'false', 'yes', 'no'),
  fc.constantFrom('2027-06-30', '2027-06-30T00:00:00Z', 'a: b', 'a #b', 'a#b', '#c', '- item', '|', '>', '*alias'),
  fc.constantFrom('"dq"', "'sq'", '"with \\" escape"', '"tab\there"', "'it''s'", '"unclosed', "'unclosed", '""', "''"),
  fc.constantFrom('[a, b]', '{a: 1}', '&anchor x', '!tag x', '!!str 30', 'trailing   ', 'x # comment', '"é\\u00e9"'),
  fc.constantFrom('a:b', 'a, b', 'x]', 'x}', 'https://example.com/a?b=c', 'a:', "it's", 'say "hi"', '@x', '`x', '%x'),
  fc.constantFrom('a  b', '-', '-x', '?x', ':x', ',x', '"dq"  ', "'sq' ", "'x' y", '"a" "b"', 'a\\b', 'x:y:z', 'a :b'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

type Tree = { key: string; value: string | Tree }[];
const treeArbitrary: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.array(
    fc.record({
      key: keyArbitrary,
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarArbitrary, tie('tree')),
    }),
    { minLength: 1, maxLength: 5 },
  ) as fc.Arbitrary<Tree>,
})).tree;

/** Writes a tree as YAML, with some of the irregular spacing and comments people write. */
function render(tree: Tree, indent: number, step: number, quirks: number[]): string {
  let text = '';
  let quirk = 0;
  const next = () => quirks[quirk++ % quirks.length] ?? 0;
  for (const { key, value } of tree) {
    const pad = ' '.repeat(indent + (next() === 7 ? 1 : 0));
    if (next() === 5) text += '\n';
    if (next() === 6) text += `${' '.repeat(indent)}# a comment\n`;
    if (next() === 8) text += `${' '.repeat(quirks.length % 5)}# a comment anywhere\n`;
    if (next() === 9) text += '   \n';
    if (typeof value === 'string') {
      const separator = next() === 4 ? '  ' : next() === 10 ? '' : ' ';
      text += `${pad}${key}:${separator}${value}${next() === 3 ? ' # trailing' : next() === 11 ? '  ' : ''}\n`;
    } else {
      const after = next() === 2 ? ' # nested' : next() === 12 ? '   ' : '';
      const below = next() === 13 ? Math.max(0, indent - 1) : indent + step;
      text += `${pad}${key}:${after}\n${render(value, below, step, quirks)}`;
    }
  }
  return text;
}

const fileArbitrary = fc
  .record({
    documents: fc.array(treeArbitrary, { minLength: 1, maxLength: 4 }),
    step: fc.constantFrom(1, 2, 4),
    quirks: fc.array(fc.nat(20), { minLength: 1, maxLength: 12 }),
    separator: fc.constantFrom(
      '---\n',
      '--- \n',
      '--- # next\n',
      '...\n---\n',
      '\n---\n',
      '# between\n---\n',
      '--- a: 1\n',
      '---\n---\n',
      '---\n\n# between\n',
      '----\n',
    ),
    prefix: fc.constantFrom(
      '',
      '# yaml-language-server: $schema=x\n',
      '---\n',
      '%YAML 1.2\n---\n',
      '\n\n',
      '\ufeff',
      '---\n# first\n',
      '  \n',
      '\r\n',
    ),
    suffix: fc.constantFrom('', '\n', '...\n', '---\n', '# end\n', '\t\n', '  # end', '\n---\n# only a comment\n', 'x'),
  })
  .map(
    ({ documents, step, quirks, separator, prefix, suffix }) =>
      prefix + documents.map((tree) => render(tree, 0, step, quirks)).join(separator) + suffix,
  );

/** A declaration as the examples write it. */
const EXAMPLE = [
  '# yaml-language-server: $schema=../schemas/handshake.schema.json',
  'name: customer-1',
  'handshakeType: START_SERVICE_PERIOD',
  'catalog: AWS',
  'associatedResourceIdentifier: rs-0000000000001',
  'payload:',
  '  startServicePeriodPayload:',
  '    programManagementAccountIdentifier: pma-0000000000001',
  '    servicePeriodType: MINIMUM_NOTICE_PERIOD',
  '    minimumNoticeDays: 30',
  '    note: Annual support agreement for customer 1',
  'tags:',
  '  cost-center: "4001"',
  'protect: true',
  '',
].join('\n');

/** The file the bench's large tree holds, one per declaration. */
const BENCH_FILE = `name: customer-0
handshakeType: START_SERVICE_PERIOD
catalog: AWS
associatedResourceIdentifier: rs-0000000000000
payload:
  startServicePeriodPayload:
    programManagementAccountIdentifier: pma-0000000000000
    servicePeriodType: MINIMUM_NOTICE_PERIOD
    minimumNoticeDays: 30
    note: Annual support agreement for customer 0
tags:
  cost-center: "4000"
`;

describe('plain documents read without composing them (the line reader, then the syntax-tree shortcut)', () => {
  it('give what composing them with yaml gives: values, locations, diagnostics and refusals, whatever the file', () => {
    fc.assert(
      fc.property(fileArbitrary, (text) => {
        expectSameAsComposer(text);
      }),
      { numRuns: 2500 },
    );
  });

  it('stop at the same document as the composer when a file holds more documents than allowed', () => {
    const limits = { ...DEFAULT_LOAD_LIMITS, documentsPerFile: 2 };
    fc.assert(
      fc.property(fileArbitrary, (text) => {
        expectSameAsComposer(text, limits);
      }),
      { numRuns: 300 },
    );
  });

  it('report a broken limit on keys, depth or tokens exactly as the composer does', () => {
    const limits = { ...DEFAULT_LOAD_LIMITS, keysPerMapping: 3, nestingDepth: 3, tokensPerDocument: 16 };
    fc.assert(
      fc.property(fileArbitrary, (text) => {
        expect(observe(text, 'lines', limits)).toEqual(observe(text, 'composer', limits));
      }),
      { numRuns: 500 },
    );
  });

  it("read the examples' declarations and the bench's files line by line (so the comparisons above compare something)", () => {
    const multiple = `${EXAMPLE}---\n${BENCH_FILE}---\n# the last one\nname: x\nnote: 'quoted, with: colon'\n`;
    for (const text of [EXAMPLE, BENCH_FILE, multiple]) {
      expect(plainLineDocuments(text, DEFAULT_LOAD_LIMITS)).toBeDefined();
      expect(observe(text, 'lines')).toEqual(observe(text, 'composer'));
    }
    expect(plainLineDocuments(multiple, DEFAULT_LOAD_LIMITS)?.map((document) => document.value.name)).toEqual([
      'customer-1',
      'customer-0',
      'x',
    ]);
  });

  it('leave to yaml every line outside the subset, however valid', () => {
    for (const text of [
      'name: a # a comment after the value\n',
      'name: a\r\n',
      'name: &anchor a\n',
      'name: [a]\n',
      'name: "escaped \\" quote"\n',
      'name: a\n  folded onto the line above\n',
      'name:\n',
      'name: a\n---\n',
      '---\n---\nname: a\n',
      '  name: a\n',
      'name: a\n...\n',
      '\ufeffname: a\n',
      'name:\ta\n',
      'tags:\n- a\n',
    ]) {
      expect(plainLineDocuments(text, DEFAULT_LOAD_LIMITS), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('take the syntax-tree shortcut for a declaration as the examples write it', () => {
    const text = EXAMPLE;
    const [document] = [...new Parser().parse(text)].filter((token) => token.type === 'document');
    const plain = document?.type === 'document' ? plainDocument(document, text) : undefined;
    expect(plain?.value).toEqual({
      name: 'customer-1',
      handshakeType: 'START_SERVICE_PERIOD',
      catalog: 'AWS',
      associatedResourceIdentifier: 'rs-0000000000001',
      payload: {
        startServicePeriodPayload: {
          programManagementAccountIdentifier: 'pma-0000000000001',
          servicePeriodType: 'MINIMUM_NOTICE_PERIOD',
          minimumNoticeDays: 30,
          note: 'Annual support agreement for customer 1',
        },
      },
      tags: { 'cost-center': '4001' },
      protect: true,
    });
    expect(observe(text, 'syntax-tree')).toEqual(observe(text, 'composer'));
  });
});
