// The bare baseline for the whole-process plan figure: read and parse the same files with `yaml` alone, as a short
// script would, in a process of its own. argv: <directory>
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const [directory] = process.argv.slice(2) as [string];
let documents = 0;
const pending = [directory];
while (pending.length > 0) {
  const current = pending.pop() as string;
  for (const entry of await readdir(current, { withFileTypes: true })) {
    const path = join(current, entry.name);
    if (entry.isDirectory()) {
      pending.push(path);
    } else if (entry.name.endsWith('.yaml')) {
      for (const document of parseAllDocuments(await readFile(path, 'utf8'))) {
        if (document.toJS()) documents++;
      }
    }
  }
}
process.stdout.write(`${documents}\n`);
