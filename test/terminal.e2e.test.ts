// Issue 17, terminal conventions, as a user at a real terminal sees them: `dist/cli.js` runs on a pseudo-terminal
// made by util-linux `script` (package bsdutils, Essential on Debian and Ubuntu, so on every runner and fresh
// machine: no new dependency). Colour on a terminal, none under NO_COLOR or --no-color, none when piped; a port in
// use is one line and exit 1, never a stack trace.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServicePeriod, temporaryDirectory } from './helpers.js';

const CLI = join(import.meta.dirname, '..', 'dist', 'cli.js');
const ESCAPE = '\u001B[';

interface Run {
  code: number | null;
  output: string;
  stderr: string;
}

function quote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

function execute(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, TERM: 'xterm-256color', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, stderr }));
  });
}

/** `handshakes ...args` with its standard output on a pseudo-terminal, as typed at a shell prompt. */
function onTerminal(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const line = [process.execPath, CLI, ...args].map(quote).join(' ');
  return execute('script', ['--quiet', '--return', '--command', line, '/dev/null'], cwd, env);
}

/** The same with standard output on a pipe, as in a script or a log. */
function piped(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return execute(process.execPath, [CLI, ...args], cwd, env);
}

async function repository(): Promise<string> {
  const root = await temporaryDirectory('handshakes-terminal-');
  await mkdir(join(root, 'handshakes'));
  await writeFile(join(root, 'handshakes', 'acme.yaml'), startServicePeriod('acme'));
  return root;
}

describe('colour follows the terminal conventions', () => {
  it('a plan on a terminal is coloured', async () => {
    const run = await onTerminal(await repository(), ['plan']);
    expect(run.code).toBe(0);
    expect(run.output).toContain(`${ESCAPE}32m+  create  acme`);
  });

  it('NO_COLOR set to anything but "" turns colour off on a terminal; set to "" it does not', async () => {
    const root = await repository();
    const refused = await onTerminal(root, ['plan'], { NO_COLOR: '1' });
    expect(refused.code).toBe(0);
    expect(refused.output).toContain('+  create  acme');
    expect(refused.output).not.toContain(ESCAPE);
    expect((await onTerminal(root, ['plan'], { NO_COLOR: '' })).output).toContain(ESCAPE);
  });

  it('--no-color turns colour off on a terminal, before or after the command', async () => {
    const root = await repository();
    for (const args of [
      ['plan', '--no-color'],
      ['--no-color', 'plan'],
    ]) {
      const run = await onTerminal(root, args);
      expect(run.code).toBe(0);
      expect(run.output).toContain('+  create  acme');
      expect(run.output).not.toContain(ESCAPE);
    }
  });

  it('validate on a terminal colours errors red and warnings yellow, errors first; NO_COLOR keeps them plain', async () => {
    const root = await repository();
    await writeFile(join(root, 'handshakes', 'bad.yaml'), 'name: Bad_Name\n');
    await writeFile(join(root, 'handshakes', 'acme.yaml'), startServicePeriod('acme', { days: 45 }));
    const run = await onTerminal(root, ['validate']);
    expect(run.code).toBe(1);
    const error = run.output.indexOf(`${ESCAPE}31mhandshakes/bad.yaml:1:7: error: name:`);
    const warning = run.output.indexOf(`${ESCAPE}33mhandshakes/acme.yaml:9:24: warning:`);
    expect(error).toBeGreaterThanOrEqual(0);
    expect(warning).toBeGreaterThan(error);
    const plain = await onTerminal(root, ['validate'], { NO_COLOR: '1' });
    expect(plain.output).toContain('handshakes/bad.yaml:1:7: error: name:');
    expect(plain.output).not.toContain(ESCAPE);
  });

  it('piped output is never coloured', async () => {
    const run = await piped(await repository(), ['plan']);
    expect(run.code).toBe(0);
    expect(run.output).toContain('+  create  acme');
    expect(run.output).not.toContain(ESCAPE);
  });
});

describe('simulate on a port already in use', () => {
  it('exits 1 with one line naming the address and what to do, no stack trace', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const address = holder.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const run = await piped(await temporaryDirectory(), ['simulate', '--port', String(port)]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `handshakes simulate: cannot listen on 127.0.0.1:${port}: the port is already in use. Stop what listens there, or pick another port with --port N (--port 0 picks a free one).\n`,
      );
      expect(run.output).toBe('');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
