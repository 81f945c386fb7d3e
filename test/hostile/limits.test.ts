// Budgets: every hostile input that once crashed, hung or ran for minutes ends with exit 1 and a message naming the
// file and the limit. Each runs the bundled CLI in a child process, whose peak RSS must stay under 300 MB; a generous
// timeout only keeps a regression from hanging the suite (no timed assertion).
import { link, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInputs } from '../../src/action/inputs.js';
import { DIAGNOSTIC_LIMIT } from '../../src/core/engine.js';
import { startServicePeriod, temporaryDirectory } from '../helpers.js';
import { runMeasuredCli } from '../support/measured-cli.js';

const RSS_LIMIT_MB = 300;
const MEGABYTE = 1024 * 1024;

async function repository(files: Record<string, string | Buffer>): Promise<string> {
  const root = await temporaryDirectory('handshakes-hostile-');
  await mkdir(join(root, 'handshakes'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

function output(run: { stdout: string; stderr: string }): string {
  return `${run.stdout}\n${run.stderr}`;
}

describe('budgets on hostile declaration files', () => {
  it('40,000 tiny documents in one file: stops at the 1,000-document limit (once a stack overflow)', async () => {
    const root = await repository({ 'handshakes/many.yaml': 'name: x\n---\n'.repeat(40_000) });
    const run = await runMeasuredCli(root, ['validate']);
    expect(run.code).toBe(1);
    expect(output(run)).toMatch(/handshakes\/many\.yaml:\d+:\d+: error: this file holds more than 1000 YAML documents/);
    expect(output(run)).not.toContain('RangeError');
    expect(run.peakRssMb).toBeLessThan(RSS_LIMIT_MB);
  });

  it('100,000 unknown keys in 1 MB: stops at the 200-keys-per-mapping limit (once minutes of CPU)', async () => {
    const keys = Array.from({ length: 100_000 }, (_, index) => `k${index}: 1`).join('\n');
    const root = await repository({ 'handshakes/keys.yaml': `${keys}\n` });
    const run = await runMeasuredCli(root, ['validate']);
    expect(run.code).toBe(1);
    expect(output(run)).toMatch(/handshakes\/keys\.yaml:201:\d+: error: a mapping here has more than 200 keys/);
    expect(run.peakRssMb).toBeLessThan(RSS_LIMIT_MB);
  });

  it('two 1 MB files of "[": stops at the nesting limit of 32 (once a V8 abort)', async () => {
    const brackets = '['.repeat(MEGABYTE - 1);
    const root = await repository({ 'handshakes/a.yaml': brackets, 'handshakes/b.yaml': brackets });
    const run = await runMeasuredCli(root, ['validate']);
    expect(run.code).toBe(1);
    expect(run.signal).toBeNull();
    for (const file of ['a', 'b']) {
      expect(output(run)).toMatch(
        new RegExp(`handshakes/${file}\\.yaml:1:\\d+: error: the collections here nest more than 32 levels deep`),
      );
    }
    expect(run.peakRssMb).toBeLessThan(RSS_LIMIT_MB);
  });

  it('1,200 files of 1 MB: refused by the 64 MB total, which is all it reports (once 2.5 GB held)', async () => {
    const root = await repository({});
    // Hard links: 1,200 names of 1 MB each for the cost of one file on disk.
    const note = `note: ${'x'.repeat(MEGABYTE - 7)}\n`;
    await writeFile(join(root, 'handshakes', 'big-0000.yaml'), note);
    for (let index = 1; index < 1_200; index++) {
      await link(
        join(root, 'handshakes', 'big-0000.yaml'),
        join(root, 'handshakes', `big-${String(index).padStart(4, '0')}.yaml`),
      );
    }
    const run = await runMeasuredCli(root, ['validate']);
    expect(run.code).toBe(1);
    expect(output(run)).toContain(
      'handshakes/big-0064.yaml:1:1: error: with this file the declaration files come to more than 67108864 bytes, the limit for one run',
    );
    // The files read before the budget broke are not valid declarations, yet only the budget is reported.
    expect(output(run)).not.toContain('big-0000.yaml');
    expect(run.peakRssMb).toBeLessThan(RSS_LIMIT_MB);
    // --max-bytes raises the budget; the per-file limit of 1 MB still holds.
    const small = await repository({ 'handshakes/a.yaml': startServicePeriod('a') });
    const refused = await runMeasuredCli(small, ['validate', '--max-bytes', '100']);
    expect(refused.code).toBe(1);
    expect(output(refused)).toContain(
      'handshakes/a.yaml:1:1: error: with this file the declaration files come to more than 100 bytes',
    );
    expect((await runMeasuredCli(small, ['validate', '--max-bytes', '1000000'])).code).toBe(0);
    const malformed = await runMeasuredCli(small, ['plan', '--max-bytes', '64MB']);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('--max-bytes must be a whole number of bytes');
  });

  it('a file over 1 MB: refused at its path without being parsed, the other files still checked', async () => {
    const root = await repository({
      'handshakes/huge.yaml': `note: ${'x'.repeat(2 * MEGABYTE)}\n`,
      'handshakes/ok.yaml': startServicePeriod('ok'),
    });
    const run = await runMeasuredCli(root, ['validate']);
    expect(run.code).toBe(1);
    expect(output(run)).toContain(
      'handshakes/huge.yaml:1:1: error: this file is 2097159 bytes; declaration files are limited to 1 MB',
    );
    expect(output(run)).toContain('handshakes: 1 declaration valid, 1 file refused; 1 error, 0 warnings.');
    expect(run.peakRssMb).toBeLessThan(RSS_LIMIT_MB);
  });

  it('a sequence of 500,000 items in 1 MB: stops at the per-document token limit', async () => {
    const root = await repository({ 'handshakes/flow.yaml': `[${'1,'.repeat(500_000)}1]\n` });
    const run = await runMeasuredCli(root, ['validate']);
    expect(run.code).toBe(1);
    expect(output(run)).toMatch(/handshakes\/flow\.yaml:1:\d+: error: this document holds more than 10000 YAML tokens/);
    expect(run.peakRssMb).toBeLessThan(RSS_LIMIT_MB);
  });

  it('README "Limits on what is read": 10,000 YAML tokens per document are read, 10,001 are refused', async () => {
    // "- 1" is two tokens (the indicator and the value); "- []" is three. Each token counts once.
    const root = await repository({
      'handshakes/exact.yaml': '- 1\n'.repeat(5_000),
      'handshakes/over.yaml': `${'- 1\n'.repeat(4_999)}- []\n`,
    });
    const run = await runMeasuredCli(root, ['validate']);
    expect(run.code).toBe(1);
    expect(output(run)).not.toMatch(/handshakes\/exact\.yaml:\d+:\d+: error: this document holds more than/);
    expect(output(run)).toContain(
      'handshakes/over.yaml:5000:4: error: this document holds more than 10000 YAML tokens',
    );
  });

  it('README "Limits on what is read": 100 alias expansions per document are read, 101 are refused', async () => {
    const aliases = (count: number) => `a: &x 1\nb: [${Array.from({ length: count }, () => '*x').join(', ')}]\n`;
    const root = await repository({ 'handshakes/exact.yaml': aliases(100), 'handshakes/over.yaml': aliases(101) });
    const run = await runMeasuredCli(root, ['validate']);
    expect(run.code).toBe(1);
    expect(output(run)).not.toContain('handshakes/exact.yaml:1:1: error: this document expands aliases');
    expect(output(run)).toContain(
      'handshakes/over.yaml:1:1: error: this document expands aliases (*name) more than 100 times, the limit per document.',
    );
  });

  it('an alias bomb: stopped by the alias limit as before', async () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      '',
    ].join('\n');
    const root = await repository({ 'handshakes/bomb.yaml': bomb });
    const run = await runMeasuredCli(root, ['validate']);
    expect(run.code).toBe(1);
    expect(output(run)).toContain('handshakes/bomb.yaml:1:1: error: ');
    expect(output(run)).toContain('expands aliases (*name) more than 100 times');
    expect(run.peakRssMb).toBeLessThan(RSS_LIMIT_MB);
  });

  it(`lists the first ${DIAGNOSTIC_LIMIT} problems and counts the rest`, async () => {
    const document =
      'name: x\nhandshakeType: PROGRAM_MANAGEMENT_ACCOUNT\ncatalog: AWS\nassociatedResourceIdentifier: pma-abcdef123456g\nunknown: 1\n';
    const files: Record<string, string> = {};
    for (let file = 0; file < 3; file++) files[`handshakes/f${file}.yaml`] = `${document}---\n`.repeat(900);
    const root = await repository(files);
    const run = await runMeasuredCli(root, ['validate']);
    expect(run.code).toBe(1);
    const listed = run.stdout.split('\n').filter((line) => /^handshakes\/f\d\.yaml:\d+:\d+: /.test(line));
    expect(listed).toHaveLength(DIAGNOSTIC_LIMIT);
    expect(run.stdout).toMatch(
      /error: \d+ more problems \(\d+ errors, 0 warnings\) not listed: only the first 1000 are\./,
    );
    expect(run.peakRssMb).toBeLessThan(RSS_LIMIT_MB);
  });

  it("the Action's max-bytes input raises the budget, and takes only a whole number of bytes", () => {
    const read = (values: Record<string, string>) => parseInputs((name) => values[name] ?? '');
    expect(read({}).maxBytes).toBeUndefined();
    expect(read({ 'max-bytes': '134217728' }).maxBytes).toBe(134_217_728);
    expect(() => read({ 'max-bytes': '64MB' })).toThrow('input max-bytes must be a whole number of bytes');
  });
});
