import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

const REPOSITORY = join(import.meta.dirname, '..', '..');

export interface MeasuredRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The child's own peak resident set size, read by scripts/peak-rss.mjs as it exits. */
  peakRssMb: number;
}

/**
 * Runs `node dist/cli.js ...args` as a user would, in its own process, and reports its peak RSS. A generous
 * timeout only stops a run that would otherwise hang the suite; tests assert memory and outcome, never time.
 */
export async function runMeasuredCli(cwd: string, args: string[], timeoutMs = 45_000): Promise<MeasuredRun> {
  const rssFile = join(cwd, `.peak-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const child = spawn(
    process.execPath,
    ['--import', join(REPOSITORY, 'scripts', 'peak-rss.mjs'), join(REPOSITORY, 'dist', 'cli.js'), ...args],
    { cwd, env: { PATH: process.env.PATH ?? '', PEAK_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
  );
  clearTimeout(timer);
  const peakRssMb = Number(await readFile(rssFile, 'utf8').catch(() => 'NaN')) / 1024;
  await rm(rssFile, { force: true });
  return { code, signal, stdout, stderr, peakRssMb };
}
