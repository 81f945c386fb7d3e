import { run } from './cli.js';

run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  now: () => new Date(),
}).then((code) => {
  process.exitCode = code;
});
