// action.yml against the runner's metadata rules (GitHub's "Metadata syntax for GitHub Actions", and the runner's
// runtime as the reference notes record it: node24 since June 2026, Node 20 removed), until the workflow validator
// knows node24. Also: every input the action reads is declared, every declared input is read, and the outputs it
// writes are the ones declared, so the Marketplace page and the runner's defaults say what the code does.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseInputs } from '../src/action/inputs.js';

const ROOT = join(import.meta.dirname, '..');
const metadata = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Record<string, unknown>;
const inputs = (metadata.inputs ?? {}) as Record<string, Record<string, unknown>>;
const outputs = (metadata.outputs ?? {}) as Record<string, Record<string, unknown>>;

// The keys GitHub documents for each level of a JavaScript action's metadata.
const TOP_LEVEL = ['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding'];
const INPUT_KEYS = ['description', 'required', 'default', 'deprecationMessage'];
const RUNS_KEYS = ['using', 'main', 'pre', 'pre-if', 'post', 'post-if', 'env'];
const BRANDING_COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];
const ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

describe('action.yml', () => {
  it('has only documented top-level keys, and the Marketplace metadata: name, description, author, branding', () => {
    expect(Object.keys(metadata).filter((key) => !TOP_LEVEL.includes(key))).toEqual([]);
    for (const key of ['name', 'description', 'author']) {
      expect(typeof metadata[key], key).toBe('string');
      expect((metadata[key] as string).trim(), key).not.toBe('');
    }
    const branding = metadata.branding as { icon?: unknown; color?: unknown };
    expect(Object.keys(branding).sort()).toEqual(['color', 'icon']);
    expect(branding.icon).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(BRANDING_COLORS).toContain(branding.color);
  });

  it('runs on node24 from a main that exists in dist/ and is bundled', () => {
    const runs = metadata.runs as Record<string, unknown>;
    expect(Object.keys(runs).filter((key) => !RUNS_KEYS.includes(key))).toEqual([]);
    expect(runs.using).toBe('node24');
    expect(typeof runs.main).toBe('string');
    const main = join(ROOT, runs.main as string);
    expect(existsSync(main)).toBe(true);
    // The runner installs nothing: main may import only node: built-ins and files beside it.
    const imports = [
      ...readFileSync(main, 'utf8').matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g),
    ]
      .map((match) => match[1] ?? match[2] ?? '')
      .filter((specifier) => !specifier.startsWith('node:') && !specifier.startsWith('./'));
    expect(imports).toEqual([]);
  });

  it('declares each input with a description, an optional boolean required, and a string default', () => {
    expect(Object.keys(inputs).length).toBeGreaterThan(0);
    for (const [name, input] of Object.entries(inputs)) {
      expect(name).toMatch(ID);
      expect(
        Object.keys(input).filter((key) => !INPUT_KEYS.includes(key)),
        name,
      ).toEqual([]);
      expect(typeof input.description, name).toBe('string');
      if ('required' in input) expect(typeof input.required, name).toBe('boolean');
      if ('default' in input) expect(typeof input.default, name).toBe('string');
    }
  });

  it('declares each output with a description only (value is for composite actions)', () => {
    for (const [name, output] of Object.entries(outputs)) {
      expect(name).toMatch(ID);
      expect(Object.keys(output), name).toEqual(['description']);
      expect(typeof output.description, name).toBe('string');
    }
  });

  it('declares exactly the inputs the action reads', () => {
    const read = new Set<string>();
    parseInputs((name) => {
      read.add(name);
      return typeof inputs[name]?.default === 'string' ? (inputs[name]?.default as string) : '';
    });
    expect([...read].sort()).toEqual(Object.keys(inputs).sort());
  });

  it('declares exactly the outputs the action writes', () => {
    const source = readdirSync(join(ROOT, 'src', 'action'))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => readFileSync(join(ROOT, 'src', 'action', name), 'utf8'))
      .join('\n');
    const written = new Set([...source.matchAll(/setOutput\(\s*'([a-z-]+)'/g)].map((match) => match[1] ?? ''));
    // The per-action counts are written from one table (plan-outputs.ts): its values are outputs too.
    const table = /const ACTION_OUTPUTS[^{]*\{([^}]*)\}/.exec(source)?.[1] ?? '';
    for (const match of table.matchAll(/:\s*'([a-z-]+)'/g)) written.add(match[1] ?? '');
    expect([...written].sort()).toEqual(Object.keys(outputs).sort());
  });
});
