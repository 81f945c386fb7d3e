// Issue 17, "precise invalid reports": a syntax error points where the broken construct opens, a pattern error says
// which form was expected, problems come in file and line order, and the counts read true.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateFiles } from '../src/core/engine.js';
import { naturalCompare } from '../src/core/natural-compare.js';
import { patternInWords } from '../src/core/pattern-words.js';
import { inReadingOrder, renderDiagnosticsText, validationSummary } from '../src/render/diagnostics.js';
import { renderInvalidMarkdown } from '../src/render/invalid.js';
import { FIXED_NOW, startServicePeriod } from './helpers.js';

const validate = (files: Record<string, string>) =>
  validateFiles({ files: Object.entries(files).map(([path, text]) => ({ path, text })), now: FIXED_NOW });

describe('a YAML syntax error points at where the construct opens', () => {
  it('an unclosed quote at 3:10, not at the end of the file', () => {
    const text = 'name: broken\nhandshakeType: START_SERVICE_PERIOD\ncatalog: "AWS\nnote: x\n\n';
    const [problem] = validate({ 'handshakes/a.yaml': text }).diagnostics;
    expect(problem?.location).toEqual({ file: 'handshakes/a.yaml', line: 3, column: 10 });
    expect(problem?.message).toBe(
      'the value quoted with " that opens here is never closed. Add the closing " where the value ends.',
    );
  });

  it('an unclosed flow sequence and map at their opening bracket', () => {
    for (const [text, bracket] of [
      ['name: x\ntags: [a, b\ncatalog: AWS\n', '['],
      ['name: x\ntags: {a: b\ncatalog: AWS\n', '{'],
    ] as const) {
      const [problem] = validate({ 'handshakes/a.yaml': text }).diagnostics;
      expect(problem?.location).toMatchObject({ line: 2, column: 7 });
      expect(problem?.message).toContain(`the ${bracket} that opens here is never closed`);
    }
  });

  it('a closed quote with an escaped quote inside is not mistaken for an open one', () => {
    const text = 'name: "a\\"b"\nhandshakeType: [x\n';
    const [problem] = validate({ 'handshakes/a.yaml': text }).diagnostics;
    expect(problem?.location).toMatchObject({ line: 2, column: 16 });
  });
});

describe('a pattern error says which form was expected, read from the schema pattern', () => {
  it.each([
    ['(^|/)rs-[a-z0-9]{13}$', 'rs- followed by 13 lowercase letters or digits, alone or at the end of its ARN'],
    [
      '^[a-z0-9][a-z0-9-]{0,62}$',
      'a lowercase letter or digit followed by up to 62 lowercase letters, digits or hyphens',
    ],
    ['^[a-zA-Z]*$', 'only letters'],
    ['^[0-9]*$', 'only digits'],
    [
      '^((arn:[a-z-]+:partnercentral:[a-z0-9-]+:[0-9]{12}:catalog/[a-zA-Z]+/program-management-account/pma-[a-z0-9]{13}(/relationship/rs-[a-z0-9]{13})?)|(pma|rs)-[a-z0-9]{13})$',
      'pma- or rs- followed by 13 lowercase letters or digits, or its ARN',
    ],
  ])('%s reads "%s"', (pattern, words) => {
    expect(patternInWords(pattern)).toBe(words);
  });

  it('a pattern it cannot read gives no words rather than wrong ones', () => {
    expect(patternInWords('^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$')).toBeUndefined();
    expect(patternInWords('^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt][0-9]{2})?$')).toBeUndefined();
  });

  it('a relationship id of the wrong length names the 13 characters after rs-', () => {
    const text = startServicePeriod('short').replace(/rs-[a-z0-9]{13}/, 'rs-abc');
    const problem = validate({ 'handshakes/short.yaml': text }).diagnostics.find(
      (diagnostic) => diagnostic.field === 'associatedResourceIdentifier',
    );
    expect(problem?.message).toContain(
      '"rs-abc" is not in the expected form: rs- followed by 13 lowercase letters or digits',
    );
  });
});

describe('problems in reading order', () => {
  const files = {
    'handshakes/legacy-19.yaml': 'name: legacy-19\ncatalog: 1\nunknown: 2\n',
    'handshakes/legacy-2.yaml': 'name: Bad_Name\nhandshakeType: PROGRAM_MANAGEMENT_ACCOUNT\nextra: 1\ncatalog: AWS-1\n',
  };

  it('errors then warnings; within them by file (naturally), line and column', () => {
    const ordered = inReadingOrder(validate(files).diagnostics);
    const places = ordered.map((diagnostic) => `${diagnostic.location?.file}:${diagnostic.location?.line}`);
    const legacy2 = places.filter((place) => place.startsWith('handshakes/legacy-2.'));
    expect(places.indexOf(legacy2[0] as string)).toBe(0);
    const lines = legacy2.map((place) => Number(place.split(':')[1]));
    expect(lines).toEqual([...lines].sort((left, right) => left - right));
  });

  it('the text, annotation and Markdown reports list them in that order', () => {
    const { diagnostics } = validate(files);
    const text = renderDiagnosticsText(diagnostics).split('\n');
    expect(text[0]).toMatch(/^handshakes\/legacy-2\.yaml:1:/);
    const markdown = renderInvalidMarkdown(diagnostics, { directory: 'handshakes', command: 'plan' });
    expect(markdown.indexOf('legacy-2.yaml')).toBeLessThan(markdown.indexOf('legacy-19.yaml'));
    expect(markdown).toMatch(/### ❌ \d+ errors in the declarations/);
  });

  it('names compare as a person counts', () => {
    const names = ['legacy-19', 'legacy-2', 'legacy-10', 'alpha', 'legacy-02', 'legacy-1'];
    expect([...names].sort(naturalCompare)).toEqual([
      'alpha',
      'legacy-1',
      'legacy-2',
      'legacy-02',
      'legacy-10',
      'legacy-19',
    ]);
    expect(naturalCompare('a', 'a')).toBe(0);
    expect(naturalCompare('a1b', 'a1')).toBeGreaterThan(0);
  });
});

describe('natural order is a total order that counts numbers by value', () => {
  const name = fc.stringMatching(/^[a-z0-9-]{0,8}$/);

  it('antisymmetric and transitive, 0 only for equal names', () => {
    fc.assert(
      fc.property(name, name, name, (a, b, c) => {
        expect(Math.sign(naturalCompare(a, b)) + Math.sign(naturalCompare(b, a))).toBe(0);
        expect(naturalCompare(a, b) === 0).toBe(a === b);
        if (naturalCompare(a, b) <= 0 && naturalCompare(b, c) <= 0) expect(naturalCompare(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('a shared prefix followed by numbers orders by the numbers', () => {
    fc.assert(
      fc.property(name, fc.nat(), fc.nat(), (prefix, left, right) => {
        const base = prefix.replace(/[0-9]+$/, '');
        fc.pre(left !== right);
        expect(Math.sign(naturalCompare(`${base}-${left}`, `${base}-${right}`))).toBe(Math.sign(left - right));
      }),
    );
  });
});

describe('the counts say what is true', () => {
  it('one broken document reads "1 document invalid, 3 errors", never "0 declarations invalid"', () => {
    const text =
      'name: Bad_Name\nhandshakeType: PROGRAM_MANAGEMENT_ACCOUNT\ncatalog: AWS-1\nassociatedResourceIdentifier: x\n';
    const validated = validate({ 'handshakes/a.yaml': text });
    expect(validated.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toHaveLength(3);
    expect(validationSummary('handshakes', validated)).toBe(
      'handshakes: 0 declarations valid, 1 document invalid; 3 errors, 0 warnings.',
    );
  });

  it('a declaration refused by a rule after the schema (an end date that is no calendar date) is not counted valid', () => {
    // (A past endDate is no longer a validation error: the plan judges it, knowing whether the term was applied.)
    const past = startServicePeriod('past', { relationship: 'rs-ppppppppppppp' })
      .replace('MINIMUM_NOTICE_PERIOD', 'FIXED_COMMITMENT_PERIOD')
      .replace('minimumNoticeDays: 30', 'endDate: 2027-02-30');
    const validated = validate({ 'handshakes/a.yaml': startServicePeriod('a'), 'handshakes/past.yaml': past });
    expect(validationSummary('handshakes', validated)).toBe(
      'handshakes: 1 declaration valid, 1 document invalid; 1 error, 0 warnings.',
    );
  });

  it('valid, invalid and clashing documents and broken YAML are each counted once', () => {
    const validated = validate({
      'handshakes/a.yaml': startServicePeriod('a'),
      'handshakes/b.yaml': startServicePeriod('a').replace(/rs-[a-z0-9]{13}/, 'rs-bbbbbbbbbbbbb'),
      'handshakes/c.yaml': 'name: [x\n',
    });
    expect(validationSummary('handshakes', validated)).toBe(
      'handshakes: 1 declaration valid, 2 documents invalid; 2 errors, 0 warnings.',
    );
  });
});
