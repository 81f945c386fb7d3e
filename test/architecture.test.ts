import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The one rule of ARCHITECTURE.md, checked on the source text: core imports no edge, render imports only core, and no
// module reaches itself through its imports.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => (match[1] ?? match[2]) as string);
}

function layerOf(file: string): string {
  const path = relative(source, file).split('/');
  return path.length === 1 ? '(top)' : (path[0] as string);
}

const graph = new Map<string, string[]>();
const externalImports = new Map<string, string[]>();
for (const file of sourceFiles(source)) {
  const specifiers = importsOf(file);
  graph.set(
    file,
    specifiers
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => resolve(dirname(file), spec).replace(/\.js$/, '.ts')),
  );
  externalImports.set(
    file,
    specifiers.filter((spec) => !spec.startsWith('.')),
  );
}

/** Packages and built-ins the pure core may use: computation only, nothing that reaches the world. */
const CORE_MAY_USE = new Set(['node:crypto', 'yaml', 'ajv/dist/2020.js', 'fast-json-patch']);

function layerViolations(
  edges: ReadonlyMap<string, readonly string[]>,
  layer: string,
  allowed: readonly string[],
): string[] {
  const violations: string[] = [];
  for (const [file, targets] of edges) {
    if (layerOf(file) !== layer) continue;
    for (const target of targets) {
      const inside = allowed.includes(layerOf(target)) || target.startsWith(join(root, 'schemas'));
      if (!inside) violations.push(`${relative(root, file)} imports ${relative(root, target)}`);
    }
  }
  return violations;
}

function cyclesOf(edges: ReadonlyMap<string, readonly string[]>): string[] {
  // Depth-first search with an explicit path: each back edge found is reported as the cycle it closes.
  const cycles: string[] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (file: string): void => {
    if (done.has(file)) return;
    const index = onPath.indexOf(file);
    if (index >= 0) {
      cycles.push([...onPath.slice(index), file].map((path) => relative(source, path)).join(' → '));
      return;
    }
    onPath.push(file);
    for (const target of edges.get(file) ?? []) visit(target);
    onPath.pop();
    done.add(file);
  };
  for (const file of edges.keys()) visit(file);
  return cycles;
}

describe('architecture (ARCHITECTURE.md)', () => {
  it('core imports nothing outside core, and no package or built-in that does I/O', () => {
    const violations = layerViolations(graph, 'core', ['core']);
    for (const [file, specs] of externalImports) {
      if (layerOf(file) !== 'core') continue;
      for (const spec of specs) if (!CORE_MAY_USE.has(spec)) violations.push(`${relative(root, file)} imports ${spec}`);
    }
    expect(violations).toEqual([]);
  });

  it('render imports only core and render, and no package', () => {
    const violations = layerViolations(graph, 'render', ['core', 'render']);
    for (const [file, specs] of externalImports) {
      if (layerOf(file) === 'render')
        violations.push(...specs.map((spec) => `${relative(root, file)} imports ${spec}`));
    }
    expect(violations).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('the checks catch a core file that imports the state file, and a two-module cycle', () => {
    const plan = join(source, 'core', 'plan.ts');
    const state = join(source, 'files', 'state.ts');
    const edges = new Map([
      [plan, [state]],
      [state, [plan]],
    ]);
    expect(layerViolations(edges, 'core', ['core'])).toEqual(['src/core/plan.ts imports src/files/state.ts']);
    expect(cyclesOf(edges)).toEqual(['core/plan.ts → files/state.ts → core/plan.ts']);
  });
});
