// npm run lint, part two: every workflow under .github/workflows/ against GitHub's workflow schema, with
// @action-validator/cli (one file per run, as its command line takes). A new workflow is checked without listing it.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const validator = createRequire(import.meta.url).resolve('@action-validator/cli/cli.mjs');
const directory = '.github/workflows';
const files = readdirSync(directory)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()
  .map((name) => join(directory, name));
let failed = 0;
for (const file of files) {
  const result = spawnSync(process.execPath, [validator, file], { encoding: 'utf8' });
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`${file}: not a valid workflow\n${result.stdout}${result.stderr}\n`);
  }
}
console.log(`Checked ${files.length} workflow file${files.length === 1 ? '' : 's'}: ${failed} invalid.`);
process.exitCode = failed > 0 ? 1 : 0;
