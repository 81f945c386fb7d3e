// npm run check-dist: rebuild, then fail when dist/ differs from what is committed — new, changed or deleted files
// alike (a new chunk is untracked, which `git diff` alone would miss).
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
const changes = execFileSync('git', ['status', '--porcelain', '--', 'dist/'], { encoding: 'utf8' });
if (changes.trim() !== '') {
  process.stderr.write(`${changes}dist/ differs from a fresh build: run "npm run build" and commit dist/.\n`);
  process.exit(1);
}
console.log('dist/ matches a fresh build.');
