// The bare baseline for the whole-process plan figure: read and parse the same files with `yaml` alone, as a short
// script would, in a process of its own. argv: <directory> [async|sync]. `async` reads with fs/promises, one file
// after another, as most scripts do; `sync` reads with readFileSync, the fastest way to the same bytes.
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const [directory, mode = 'async'] = process.argv.slice(2) as [string, string?];
let documents = 0;
const pending = [directory];
while (pending.length > 0) {
  const current = pending.pop() as string;
  const entries =
    mode === 'sync' ? readdirSync(current, { withFileTypes: true }) : await readdir(current, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(current, entry.name);
    if (entry.isDirectory()) {
      pending.push(path);
    } else if (entry.name.endsWith('.yaml')) {
      const text = mode === 'sync' ? readFileSync(path, 'utf8') : await readFile(path, 'utf8');
      for (const document of parseAllDocuments(text)) {
        if (document.toJS()) documents++;
      }
    }
  }
}
process.stdout.write(`${documents}\n`);
