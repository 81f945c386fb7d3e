// npm run readme:examples: copies the golden report bodies (test/golden/reports/*.md, written by real runs of
// dist/index.js) into the README between `<!-- readme-example: NAME -->` and `<!-- /readme-example -->`, so the
// examples there are exactly what the action posts. `--check` only compares, and fails when they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const BLOCK = /(<!-- readme-example: ([\w.-]+) -->\n)[\s\S]*?(<!-- \/readme-example -->)/g;

/** The body as a reader sees it: the hidden markers that identify our comments are left out. */
export function exampleBody(golden) {
  return golden
    .split('\n')
    .filter((line) => !line.startsWith('<!-- channel-handshakes:'))
    .join('\n')
    .trim();
}

/** The README with every example block replaced by its golden body. */
export function withExamples(readme, readGolden) {
  return readme.replace(BLOCK, (_match, open, name, close) => `${open}\n${exampleBody(readGolden(name))}\n\n${close}`);
}

export function readGoldenReport(name) {
  return readFileSync(join(ROOT, 'test', 'golden', 'reports', name), 'utf8');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = join(ROOT, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const updated = withExamples(readme, readGoldenReport);
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      console.error('README.md examples differ from test/golden/reports: run npm run readme:examples');
      process.exit(1);
    }
  } else if (updated !== readme) {
    writeFileSync(path, updated);
    console.log('README.md examples updated from test/golden/reports.');
  }
}
