// One measurement in a fresh process, so that peak RSS belongs to this phase alone.
// argv: <mode: baseline|plan> <directory>
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { effectiveState, planFrom } from '../src/core/engine.js';
import { readState } from '../src/files/state.js';
import { validateDeclarationDirectory } from '../src/files/workspace.js';

const [mode, directory] = process.argv.slice(2) as [string, string];
const started = performance.now();
let count = 0;
if (mode === 'baseline') {
  for (const name of (await readdir(directory)).sort()) {
    if (!name.endsWith('.yaml')) continue;
    const text = await readFile(join(directory, name), 'utf8');
    for (const document of parseAllDocuments(text)) {
      if (document.toJS()) count++;
    }
  }
} else {
  const validated = validateDeclarationDirectory({
    root: directory,
    directory: '.',
    repository: directory,
    now: new Date(),
  });
  if (validated.hasErrors) throw new Error(JSON.stringify(validated.diagnostics.slice(0, 3)));
  const plan = planFrom(validated, effectiveState(await readState(join(directory, 'state.json')), '.'));
  count = plan.changes.length;
}
const milliseconds = performance.now() - started;
process.stdout.write(JSON.stringify({ milliseconds, count, maxRssKb: process.resourceUsage().maxRSS }));
