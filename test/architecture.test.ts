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
    // The generated validators are JavaScript (core/declaration-validators.generated.js): their imports count too.
    return /\.(?:ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

// `import … from 'x'`, `export … from 'x'`, a bare `import 'x'` (run for its effects), and `import('x')`; either quote.
const IMPORT = /(?:^|\n)\s*(?:import|export)\s(?:[^'"]*?from\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

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
const CORE_MAY_USE = new Set([
  'node:crypto',
  'yaml',
  'ajv/dist/2020.js',
  // What ajv's standalone code (the generated validators) calls at run time.
  'ajv/dist/runtime/ucs2length.js',
  'fast-json-patch',
]);

interface LayerRule {
  /** The folders under src/ of one row of ARCHITECTURE.md's table. */
  folders: string[];
  /** The folders they may import from (their own always included); `anything` for the front doors. */
  mayImport: string[] | 'anything';
  /** Packages and built-ins they may import; undefined: any. */
  packages?: ReadonlySet<string>;
  /** For `api/` imports: only these modules (apply may use the API's types and its error classes, not the client). */
  apiModules?: readonly string[];
}

/** ARCHITECTURE.md's table, row by row (the test checks the two list the same folders). */
const RULES: LayerRule[] = [
  { folders: ['core'], mayImport: ['core'], packages: CORE_MAY_USE },
  { folders: ['render'], mayImport: ['core', 'render'], packages: new Set() },
  { folders: ['files'], mayImport: ['core'] },
  { folders: ['apply'], mayImport: ['core', 'api'], apiModules: ['api/errors.ts', 'api/client.ts'] },
  { folders: ['usecases'], mayImport: ['core', 'apply'], packages: new Set() },
  { folders: ['api'], mayImport: ['core'] },
  { folders: ['simulator'], mayImport: ['core', 'api'] },
  { folders: ['github', 'git'], mayImport: ['core'] },
  { folders: ['cli', 'action'], mayImport: 'anything' },
];

function layerViolations(
  edges: ReadonlyMap<string, readonly string[]>,
  layer: string,
  allowed: readonly string[],
): string[] {
  const violations: string[] = [];
  for (const [file, targets] of edges) {
    if (layerOf(file) !== layer) continue;
    for (const target of targets) {
      const inside =
        layerOf(target) === layer || allowed.includes(layerOf(target)) || target.startsWith(join(root, 'schemas'));
      if (!inside) violations.push(`${relative(root, file)} imports ${relative(root, target)}`);
    }
  }
  return violations;
}

/** Every import that breaks a row of the table. */
function ruleViolations(
  edges: ReadonlyMap<string, readonly string[]>,
  packages: ReadonlyMap<string, readonly string[]>,
  rule: LayerRule,
): string[] {
  const violations: string[] = [];
  for (const folder of rule.folders) {
    if (rule.mayImport !== 'anything') violations.push(...layerViolations(edges, folder, rule.mayImport));
    for (const [file, targets] of edges) {
      if (layerOf(file) !== folder || !rule.apiModules) continue;
      for (const target of targets) {
        const module = relative(source, target);
        if (layerOf(target) === 'api' && !rule.apiModules.includes(module)) {
          violations.push(`${relative(root, file)} imports ${relative(root, target)}`);
        }
      }
    }
    const allowedPackages = rule.packages;
    if (!allowedPackages) continue;
    for (const [file, specs] of packages) {
      if (layerOf(file) !== folder) continue;
      for (const spec of specs) {
        if (!allowedPackages.has(spec)) violations.push(`${relative(root, file)} imports ${spec}`);
      }
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

/**
 * A kind's own modules and the registries allowed to reach them (ARCHITECTURE.md, "Adding a kind of declaration"): the
 * engine, the executor and the renderers dispatch through the registries, so they never import a kind's planner,
 * recorder or executor themselves.
 */
const KIND_MODULES: Record<string, readonly string[]> = {
  // Planned through core/kind-registry.ts; the state rules judge a resource intent by the create it builds.
  'core/resource-plan.ts': ['core/kind-registry.ts', 'core/state-rules.ts'],
  // Recorded only through core/kind-registry.ts (`CORE_KINDS[kind].record`): the executors, apply-time decisions and
  // adoption write every state transition through the kind's registry entry.
  'core/resource-record.ts': ['core/kind-registry.ts'],
  'core/record.ts': ['core/kind-registry.ts'],
  // The handshake's intents: recorded through the registry (and by its own recorder), resumed by its planner.
  'core/intents.ts': ['core/kind-registry.ts', 'core/record.ts', 'core/plan.ts'],
  // Executed through the executor's registry (EXECUTORS in apply/executor.ts).
  'apply/resources.ts': ['apply/executor.ts'],
  // Refreshed through the refresh registry (REFRESHERS in apply/kind-refresh.ts).
  'apply/resource-refresh.ts': ['apply/kind-refresh.ts'],
};

/** Every import of a kind's module from outside the registries allowed to reach it. */
function registryBypasses(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const violations: string[] = [];
  for (const [file, targets] of edges) {
    for (const target of targets) {
      const allowed = KIND_MODULES[relative(source, target)];
      if (allowed && !allowed.includes(relative(source, file))) {
        violations.push(`${relative(root, file)} imports ${relative(root, target)}`);
      }
    }
  }
  return violations;
}

/** `src/index.ts` is one import of `run` and one call of it. */
function onlyCallsRun(text: string): boolean {
  const code = text.replace(/\/\/.*$/gm, '').trim();
  return /^import \{ run \} from '\.\/action\/run\.js';\s*(await )?run\(\);?$/.test(code);
}

/** The folders named in ARCHITECTURE.md's table, in its order. */
function tableFolders(): string[] {
  const text = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
  return [...text.matchAll(/^\| ((?:`src\/[a-z-]+\/`(?:, )?)+) \|/gm)].flatMap((row) =>
    [...(row[1] as string).matchAll(/`src\/([a-z-]+)\/`/g)].map((folder) => folder[1] as string),
  );
}

describe('architecture (ARCHITECTURE.md)', () => {
  it('has a rule for every row of the table, and a row for every folder of src/', () => {
    expect(RULES.flatMap((rule) => rule.folders)).toEqual(tableFolders());
    const folders = new Set([...graph.keys()].map(layerOf).filter((layer) => layer !== '(top)'));
    expect([...folders].sort()).toEqual(tableFolders().sort());
  });

  it.each(RULES.map((rule) => [rule.folders.join(', '), rule] as const))(
    '%s: imports only what its row allows',
    (_name, rule) => {
      expect(ruleViolations(graph, externalImports, rule)).toEqual([]);
    },
  );

  it('has no import cycles', () => {
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('src/index.ts only calls run(): one import, one call, nothing else at import time', () => {
    expect(onlyCallsRun(readFileSync(join(source, 'index.ts'), 'utf8'))).toBe(true);
    // Synthetic violations: work at import time, or a second import.
    expect(onlyCallsRun("import { run } from './action/run.js';\nconsole.log('hi');\nrun();\n")).toBe(false);
    expect(onlyCallsRun("import { run } from './action/run.js';\nimport './cli/index.js';\nrun();\n")).toBe(false);
  });

  it.each(
    RULES.filter((rule) => rule.mayImport !== 'anything').map((rule) => [rule.folders.join(', '), rule] as const),
  )('%s: a synthetic forbidden import is caught', (_name, rule) => {
    const folder = rule.folders[0] as string;
    const from = join(source, folder, 'synthetic.ts');
    // The front doors may import anything, and nothing may import them.
    const to = join(source, 'cli', 'index.ts');
    expect(ruleViolations(new Map([[from, [to]]]), new Map(), rule)).toEqual([
      `src/${folder}/synthetic.ts imports src/cli/index.ts`,
    ]);
    if (rule.packages) {
      expect(ruleViolations(new Map(), new Map([[from, ['node:fs']]]), rule)).toEqual([
        `src/${folder}/synthetic.ts imports node:fs`,
      ]);
    }
    if (rule.apiModules) {
      expect(ruleViolations(new Map([[from, [join(source, 'api', 'index.ts')]]]), new Map(), rule)).toEqual([
        `src/${folder}/synthetic.ts imports src/api/index.ts`,
      ]);
    }
  });

  it("reaches a kind's planner, recorder, executor and refresher only through the registries", () => {
    expect(registryBypasses(graph)).toEqual([]);
    for (const module of Object.keys(KIND_MODULES)) expect(graph.has(join(source, module))).toBe(true);
    // Synthetic violation: the engine planning resources by name instead of through core/kind-registry.ts.
    const engine = join(source, 'core', 'engine.ts');
    expect(registryBypasses(new Map([[engine, [join(source, 'core', 'resource-plan.ts')]]]))).toEqual([
      'src/core/engine.ts imports src/core/resource-plan.ts',
    ]);
    // Synthetic violations: an executor recording by name instead of through `CORE_KINDS[kind].record`.
    const executor = join(source, 'apply', 'executor.ts');
    const resources = join(source, 'apply', 'resources.ts');
    expect(
      registryBypasses(
        new Map([
          [executor, [join(source, 'core', 'record.ts'), join(source, 'core', 'intents.ts')]],
          [resources, [join(source, 'core', 'resource-record.ts')]],
          // And the refresh command refreshing resources by name instead of through apply/kind-refresh.ts.
          [join(source, 'cli', 'refresh.ts'), [join(source, 'apply', 'resource-refresh.ts')]],
        ]),
      ),
    ).toEqual([
      'src/apply/executor.ts imports src/core/record.ts',
      'src/apply/executor.ts imports src/core/intents.ts',
      'src/apply/resources.ts imports src/core/resource-record.ts',
      'src/cli/refresh.ts imports src/apply/resource-refresh.ts',
    ]);
  });

  it('a two-module cycle is caught', () => {
    const plan = join(source, 'core', 'plan.ts');
    const state = join(source, 'files', 'state.ts');
    const edges = new Map([
      [plan, [state]],
      [state, [plan]],
    ]);
    expect(cyclesOf(edges)).toEqual(['core/plan.ts → files/state.ts → core/plan.ts']);
  });
});
