// Bundles the CLI (and, later, the GitHub Action) into self-contained ESM files under dist/.
// The output must be byte-for-byte reproducible: CI rebuilds it and fails when dist/ differs.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const entries = [
  { in: 'src/cli-main.ts', out: 'cli' },
  { in: 'src/index.ts', out: 'index' },
];

// Chunk names carry content hashes: start from an empty dist/ so no stale chunk survives a rebuild.
rmSync('dist', { recursive: true, force: true });

// `handshakes --version` prints the version of the package it ships in, without reading package.json at run time.
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

await build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Heavy parts (Octokit, the AWS SDK credential chain) load on first use, from chunks beside the entry points.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  charset: 'utf8',
  legalComments: 'none',
  // The action must start fast and ship under 2 MB: minified. Error classes set their names explicitly, so messages
  // stay readable without keepNames (which costs start-up time).
  minify: true,
  sourcemap: false,
  logLevel: 'warning',
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
  banner: {
    // Bundled CommonJS dependencies call require(); ESM output has none unless we make one.
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
});
