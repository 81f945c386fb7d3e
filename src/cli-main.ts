import { createInterface } from 'node:readline/promises';
import { run } from './cli/index.js';

run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  now: () => new Date(),
  prompt: process.stdin.isTTY
    ? async (question) => {
        const readline = createInterface({ input: process.stdin, output: process.stdout });
        try {
          return await readline.question(question);
        } finally {
          readline.close();
        }
      }
    : undefined,
  interrupted: () =>
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }),
}).then((code) => {
  process.exitCode = code;
});
