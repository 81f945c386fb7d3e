import { parseArgs } from 'node:util';
import { UserError } from '../core/errors.js';
import { DEMO_CREDENTIALS, Simulator } from '../simulator/server.js';
import { DOCUMENTED_QUOTAS, NO_QUOTAS } from '../simulator/service.js';
import { type CliEnvironment, EXIT_OK, helpRequested } from './shared.js';

export const SIMULATE_HELP = `Usage: handshakes simulate [--port 4510] [--host 127.0.0.1] [fault options]

Runs a local Partner Central Channel endpoint that behaves like the real service for
channel handshakes: SigV4 signatures are verified, inputs are validated against the
official model, handshakes go through their lifecycle, creates are idempotent by
clientToken, and the documented rate and handshake quotas apply.

Options:
  --port N                      Port to listen on (default 4510; 0 picks a free one)
  --host HOST                   Address to bind (default 127.0.0.1)
  --rate-mutate N               Mutations per second, per documented row (handshakes, PMAs,
                                relationships; default 3; 0: unlimited)
  --rate-list N                 Lists (and GetRelationship) per second, per row (default 5; 0: unlimited)
  --no-quotas                   Turn off the daily, active-handshake, PMA and relationship quotas
  --throttle-every N            Answer every Nth request with ThrottlingException
  --fail-every N                Answer every Nth request with InternalServerException
  --latency MS                  Add latency to every request
  --drop-after-commit-every N   Commit every Nth create or delete, then drop the connection unanswered
  --hang-every N                Never answer every Nth request (1: a hung endpoint)
  --repeat-next-token           Listings always hand back the same nextToken (paging never ends)
  --clock-skew SECONDS          Run the simulator's clock this far ahead (behind: --clock-skew=-600); a
                                request whose X-Amz-Date is more than 5 minutes off is refused (403)
  -h, --help                    Show this help

Demo credentials (accepted by the simulator only):
  AWS_ACCESS_KEY_ID=${DEMO_CREDENTIALS.accessKeyId}
  AWS_SECRET_ACCESS_KEY=${DEMO_CREDENTIALS.secretAccessKey}

The receiving side: POST /_simulator/handshakes/{id}/accept|reject|expire, GET /_simulator/handshakes.
Program management accounts: POST /_simulator/program-management-accounts/{id}/activate|deactivate.
Where AWS is silent: GET /_simulator/choices, POST /_simulator/choices {"<choice>": false} (docs/lifecycle.md).
`;

function count(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new UserError(`--${name} takes a whole number, not "${value}".`);
  return number;
}

function seconds(value: string | undefined, name: string): number {
  if (value === undefined) return 0;
  const number = Number(value);
  if (!Number.isFinite(number) || value.trim() === '') {
    throw new UserError(`--${name} takes a number of seconds (negative for behind), not "${value}".`);
  }
  return number;
}

const LISTEN_PROBLEMS: Record<string, string> = {
  EADDRINUSE:
    'the port is already in use. Stop what listens there, or pick another port with --port N (--port 0 picks a free one).',
  EACCES: 'this user may not listen on that port. Pick a port above 1023 with --port N.',
  EADDRNOTAVAIL:
    "that address is not one of this machine's. Bind to 127.0.0.1 (the default) or an address the machine has, with --host.",
};

/** Why the simulator could not listen, as one line naming the address and what to do; undefined for anything else. */
function listenProblem(error: unknown, host: string, port: number): UserError | undefined {
  const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
  const advice = code !== undefined && Object.hasOwn(LISTEN_PROBLEMS, code) ? LISTEN_PROBLEMS[code] : undefined;
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return advice ? new UserError(`cannot listen on ${address}: ${advice}`) : undefined;
}

export async function simulateCommand(args: string[], environment: CliEnvironment): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'rate-mutate': { type: 'string' },
      'rate-list': { type: 'string' },
      'no-quotas': { type: 'boolean' },
      'throttle-every': { type: 'string' },
      'fail-every': { type: 'string' },
      latency: { type: 'string' },
      'drop-after-commit-every': { type: 'string' },
      'hang-every': { type: 'string' },
      'repeat-next-token': { type: 'boolean' },
      'clock-skew': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (helpRequested(values, SIMULATE_HELP, environment)) return EXIT_OK;
  const simulator = new Simulator({
    rateLimits: {
      mutate: count(values['rate-mutate'], 'rate-mutate', 3),
      list: count(values['rate-list'], 'rate-list', 5),
    },
    quotas: values['no-quotas'] ? NO_QUOTAS : DOCUMENTED_QUOTAS,
    faults: {
      throttleEvery: count(values['throttle-every'], 'throttle-every', 0),
      serverErrorEvery: count(values['fail-every'], 'fail-every', 0),
      latencyMs: count(values.latency, 'latency', 0),
      dropAfterCommitEvery: count(values['drop-after-commit-every'], 'drop-after-commit-every', 0),
      hangEvery: count(values['hang-every'], 'hang-every', 0),
      repeatNextToken: values['repeat-next-token'] === true,
      clockSkewMs: seconds(values['clock-skew'], 'clock-skew') * 1000,
    },
    log: (line) => environment.stderr.write(`${line}\n`),
  });
  const port = count(values.port, 'port', 4510);
  const host = values.host ?? '127.0.0.1';
  const url = await simulator.start(port, host).catch((error: unknown) => {
    throw listenProblem(error, host, port) ?? error;
  });
  environment.stdout.write(
    `Partner Central Channel simulator listening on ${url}\n\nPoint channel-handshakes (or any AWS SDK) at it:\n  export AWS_ENDPOINT_URL_PARTNERCENTRAL_CHANNEL=${url}\n  export AWS_ACCESS_KEY_ID=${DEMO_CREDENTIALS.accessKeyId}\n  export AWS_SECRET_ACCESS_KEY=${DEMO_CREDENTIALS.secretAccessKey}\n\nAct as the receiver: curl -X POST ${url}/_simulator/handshakes/<id>/accept\nPress Ctrl-C to stop.\n`,
  );
  await (environment.interrupted?.() ?? new Promise<void>(() => {}));
  await simulator.stop();
  environment.stdout.write('Simulator stopped.\n');
  return EXIT_OK;
}
