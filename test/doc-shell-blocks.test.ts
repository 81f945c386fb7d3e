// Issue 19: every shell block in the README and docs/ that claims to run is run here, as written, in a temporary
// clone of this repository, against the simulator the block itself starts. A block that is not meant to run (a
// synopsis, the suite itself, a maintainer's release step) says so on the line before it:
//   <!-- not run: why -->
// Blocks inside a `<!-- readme-example: … -->` region are copies of what the action posts (checked by
// readme-examples.test.ts), not instructions. The only change made to a block is the simulator's port: 4510 becomes
// a free one, so that parallel runs on one machine do not collide.
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { documentationFiles } from '../scripts/readme-examples.mjs';
import { temporaryDirectory } from './helpers.js';
import { git } from './support/git-fixture.js';

const ROOT = join(import.meta.dirname, '..');
const SHELL = new Set(['sh', 'bash', 'shell', 'console']);

interface ShellBlock {
  file: string;
  line: number;
  text: string;
  notRun?: string;
}

/** The shell blocks of one Markdown text, with the reason given when a block is not meant to run. */
function shellBlocks(file: string, markdown: string): ShellBlock[] {
  const lines = markdown.split('\n');
  const blocks: ShellBlock[] = [];
  let example = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (/^<!-- readme-example: /.test(line.trim())) example = true;
    if (line.trim() === '<!-- /readme-example -->') example = false;
    const fence = /^(\s*)(`{3,})(\S*)\s*$/.exec(line);
    if (!fence) continue;
    const [, indent = '', ticks = '```', info = ''] = fence;
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length && (lines[index] ?? '').trim() !== ticks; index++) {
      body.push((lines[index] ?? '').slice(indent.length));
    }
    if (!SHELL.has(info) || example) continue;
    const before = lines
      .slice(0, start)
      .reverse()
      .find((candidate) => candidate.trim() !== '');
    const marker = /^<!-- not run: (.+?) -->$/.exec(before?.trim() ?? '');
    blocks.push({ file, line: start + 1, text: `${body.join('\n')}\n`, notRun: marker?.[1] });
  }
  return blocks;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A clone of this repository as a user gets it: its tracked files and the built dist/, with an origin remote. */
async function temporaryClone(): Promise<string> {
  const clone = join(await temporaryDirectory('handshakes-docs-'), 'channel-handshakes');
  const tracked = git(ROOT, 'ls-files', '-z').split('\0').filter(Boolean);
  for (const path of tracked.filter((path) => !path.startsWith('dist/'))) {
    await mkdir(dirname(join(clone, path)), { recursive: true });
    await cp(join(ROOT, path), join(clone, path)).catch(() => undefined);
  }
  await cp(join(ROOT, 'dist'), join(clone, 'dist'), { recursive: true });
  git(clone, 'init', '--quiet', '--initial-branch=main');
  git(clone, 'add', '-A');
  git(clone, 'commit', '--quiet', '-m', 'a clone');
  git(clone, 'remote', 'add', 'origin', 'https://github.com/your-org/channel-handshakes.git');
  return clone;
}

const blocks = (
  await Promise.all(
    (documentationFiles() as string[]).map(async (file) => shellBlocks(file, await readFile(join(ROOT, file), 'utf8'))),
  )
).flat();

describe('shell blocks in the README and docs/', () => {
  it('are found, and each one either runs or says why not', () => {
    // The README's walkthrough against the simulator is the block a newcomer copies first: it must be among those run.
    const running = blocks.filter((block) => block.notRun === undefined);
    expect(running.some((block) => block.file === 'README.md' && block.text.includes('simulate --port'))).toBe(true);
    for (const block of blocks) expect(block.notRun ?? 'runs', `${block.file}:${block.line}`).not.toBe('');
  });

  it('recognises the marker only on the line before a block', () => {
    const found = shellBlocks('x.md', '<!-- not run: a synopsis -->\n```sh\nls\n```\n\ntext\n```sh\necho hi\n```\n');
    expect(found.map((block) => block.notRun)).toEqual(['a synopsis', undefined]);
  });

  it.each(blocks.filter((block) => block.notRun === undefined).map((block) => [`${block.file}:${block.line}`, block]))(
    '%s runs as written in a fresh clone',
    async (_where, block) => {
      const clone = await temporaryClone();
      const port = String(await freePort());
      const script = (block as ShellBlock).text.replaceAll('4510', port);
      // A user's shell: no AWS settings of ours leak in; the block exports what it needs.
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('GITHUB_')),
      );
      const result = spawnSync('bash', ['-e', '-c', script], { cwd: clone, env, encoding: 'utf8', timeout: 120_000 });
      const output = `${result.stdout}\n${result.stderr}`;
      expect(result.status, output).toBe(0);
      expect(output).not.toMatch(/internal error|outside the repository|\[redacted\]/);
      expect(result.stderr, output).not.toMatch(/^warning:/m);
    },
    150_000,
  );
});
