// npm run bench: prints speed and memory figures. Targets are reported, never asserted in tests.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const outdir = await mkdtemp(join(tmpdir(), 'handshakes-bench-build-'));
await build({
  entryPoints: {
    'plan-worker': 'bench/plan-worker.ts',
    'apply-worker': 'bench/apply-worker.ts',
    generate: 'bench/generate.ts',
  },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function measure(mode, directory, runs) {
  const results = [];
  for (let run = 0; run < runs; run++) {
    const output = execFileSync(process.execPath, [join(outdir, 'plan-worker.mjs'), mode, directory], {
      encoding: 'utf8',
    });
    results.push(JSON.parse(output));
  }
  return {
    milliseconds: median(results.map((result) => result.milliseconds)),
    maxRssMb: Math.max(...results.map((result) => result.maxRssKb)) / 1024,
    count: results[0].count,
  };
}

async function validateAndPlanBenchmark() {
  const { generateDeclarations } = await import(join(outdir, 'generate.mjs'));
  const directory = await mkdtemp(join(tmpdir(), 'handshakes-bench-'));
  try {
    await generateDeclarations(directory, 10_000);
    const runs = 5;
    const baseline = measure('baseline', directory, runs);
    const plan = measure('plan', directory, runs);
    const ratio = plan.milliseconds / baseline.milliseconds;
    console.log('validate + plan, 10,000 declarations (median of %d runs, node %s)', runs, process.version);
    console.log(
      '  read + parse with yaml only : %s ms (%d documents)',
      baseline.milliseconds.toFixed(0),
      baseline.count,
    );
    console.log('  validate + plan             : %s ms (%d changes)', plan.milliseconds.toFixed(0), plan.count);
    console.log(
      '  ratio                       : %s (target <= 2.0) %s',
      ratio.toFixed(2),
      ratio <= 2 ? 'ok' : 'MISSED',
    );
    console.log(
      '  peak RSS, validate + plan   : %s MB (target <= 300 MB) %s',
      plan.maxRssMb.toFixed(0),
      plan.maxRssMb <= 300 ? 'ok' : 'MISSED',
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

try {
  await validateAndPlanBenchmark();
  console.log('');
  execFileSync(process.execPath, [join(outdir, 'apply-worker.mjs')], { stdio: 'inherit' });
} finally {
  await rm(outdir, { recursive: true, force: true });
}
