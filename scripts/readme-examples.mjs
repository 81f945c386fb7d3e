// npm run readme:examples: copies the golden report bodies (test/golden/reports/*.md, written by real runs of
// dist/index.js) into the README and the pages under docs/ between `<!-- readme-example: NAME -->` and
// `<!-- /readme-example -->`, so the examples there are exactly what the action posts. `--check` only compares, and
// fails when they differ.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** The documents that may hold examples: the README and every page under docs/, as paths from the root. */
export function documentationFiles() {
  const pages = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...pages];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of documentationFiles()) {
    const path = join(ROOT, file);
    const text = readFileSync(path, 'utf8');
    const updated = withExamples(text, readGoldenReport);
    if (process.argv.includes('--check')) {
      if (updated !== text) {
        console.error(`${file} examples differ from test/golden/reports: run npm run readme:examples`);
        process.exitCode = 1;
      }
    } else if (updated !== text) {
      writeFileSync(path, updated);
      console.log(`${file} examples updated from test/golden/reports.`);
    }
  }
}
