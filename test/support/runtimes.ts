import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Node 24 (what action.yml declares; the `node` package that npm ci installs, first on PATH in npm scripts) and,
 * when it differs, the machine's own Node, on which the CLI must keep working.
 */
export function runtimes(): [string, string][] {
  const found: [string, string][] = [['node24', process.execPath]];
  const version = execFileSync(process.execPath, ['--version'], { encoding: 'utf8' }).trim();
  for (const candidate of ['/usr/local/bin/node', '/usr/bin/node']) {
    if (!existsSync(candidate)) continue;
    const other = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
    if (other !== version) {
      found.push([`local ${other}`, candidate]);
      break;
    }
  }
  return found;
}
