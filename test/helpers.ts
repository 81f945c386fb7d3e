import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliEnvironment, run } from '../src/cli/index.js';
import { validateFiles } from '../src/core/engine.js';
import { historyOf, latestOwn, withHistory } from '../src/core/history.js';
import {
  type Change,
  type ChangeAction,
  type ChangePrevious,
  type CreateChannelHandshakeRequest,
  type Declaration,
  declaredSendOf,
  type HandshakePurpose,
  type HandshakeSpec,
  type HandshakeStatus,
  type HandshakeType,
  type RecordedState,
  type Retirement,
  retirementOf,
  type SendingChange,
  type SentHandshake,
  type TagChange,
} from '../src/core/model.js';
import type { ChangeReason } from '../src/core/reasons.js';
import { DEMO_CREDENTIALS } from '../src/simulator/server.js';

export const FIXED_NOW = new Date('2026-11-27T12:00:00Z');

export function declarationsFrom(...texts: string[]): Declaration[] {
  const validated = validateFiles({
    files: texts.map((text, index) => ({ path: `handshakes/file-${index}.yaml`, text })),
    now: FIXED_NOW,
  });
  const errors = validated.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`test declarations are invalid: ${JSON.stringify(errors, null, 2)}`);
  }
  return validated.declarations;
}

export function startServicePeriod(
  name: string,
  overrides: { relationship?: string; days?: number; tags?: string; revision?: number; note?: string } = {},
): string {
  return [
    `name: ${name}`,
    'handshakeType: START_SERVICE_PERIOD',
    'catalog: AWS',
    `associatedResourceIdentifier: ${overrides.relationship ?? 'rs-abc123def456g'}`,
    'payload:',
    '  startServicePeriodPayload:',
    '    programManagementAccountIdentifier: pma-abcdef123456g',
    '    servicePeriodType: MINIMUM_NOTICE_PERIOD',
    `    minimumNoticeDays: ${overrides.days ?? 30}`,
    ...(overrides.note ? [`    note: ${JSON.stringify(overrides.note)}`] : []),
    ...(overrides.tags ? ['tags:', ...overrides.tags.split(',').map((pair) => `  ${pair.replace('=', ': ')}`)] : []),
    ...(overrides.revision !== undefined ? [`revision: ${overrides.revision}`] : []),
    '',
  ].join('\n');
}

export function programManagementAccount(name: string, pma = 'pma-abcdef123456g'): string {
  return [
    `name: ${name}`,
    'handshakeType: PROGRAM_MANAGEMENT_ACCOUNT',
    'catalog: AWS',
    `associatedResourceIdentifier: ${pma}`,
    '',
  ].join('\n');
}

/** Every directory temporaryDirectory made in this test file, removed when the file ends (test/support/cleanup.ts). */
const temporaryDirectories: string[] = [];

export async function temporaryDirectory(prefix = 'handshakes-test-'): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), prefix));
  temporaryDirectories.push(directory);
  return directory;
}

/** Removes what temporaryDirectory made: a run of the suite used to leave several hundred directories behind. */
export async function removeTemporaryDirectories(): Promise<void> {
  const directories = temporaryDirectories.splice(0);
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true, maxRetries: 3 })));
}

/** The environment that points the CLI at a simulator on `url`, with the simulator's demo credentials. */
export function simulatorEnvironment(url: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_PARTNERCENTRAL_CHANNEL: url,
    AWS_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEMO_CREDENTIALS.secretAccessKey,
  };
}

/** Runs `handshakes …args …trailing` in this process, in `root`, with `environment`; returns its exit code and output. */
export function cliIn(root: string, environment: Record<string, string | undefined>, trailing: readonly string[] = []) {
  return async (...args: string[]) => {
    const captured = captureCli(root, environment);
    const code = await run([...args, ...trailing], captured.environment);
    return { code, stdout: captured.stdout(), stderr: captured.stderr() };
  };
}

export interface CapturedCli {
  environment: CliEnvironment;
  stdout(): string;
  stderr(): string;
}

export function captureCli(cwd: string, env: Record<string, string | undefined> = {}, isTTY = false): CapturedCli {
  let out = '';
  let err = '';
  return {
    environment: {
      cwd,
      env,
      stdout: {
        write: (text: string) => {
          out += text;
        },
        isTTY,
      },
      stderr: {
        write: (text: string) => {
          err += text;
        },
      },
      now: () => FIXED_NOW,
    },
    stdout: () => out,
    stderr: () => err,
  };
}

/** The newest handshake a declaration sent for itself (not the revoke that ended it), as the state records it. */
export function latestSent(state: RecordedState, name: string): SentHandshake | undefined {
  const history = historyOf(state, name);
  return history ? latestOwn(history) : undefined;
}

/** Every recorded handshake of one name, oldest first. */
export function sentFor(state: RecordedState, name: string): SentHandshake[] {
  return historyOf(state, name)?.handshakes ?? [];
}

/** Every recorded handshake id. */
export function recordedIdList(state: RecordedState): string[] {
  return Object.values(state.declarations).flatMap((history) => history.handshakes.map((entry) => entry.id));
}

/** The state with the newest own handshake of `name` set to `status`, as a refresh would record it. */
export function withLatestStatus(state: RecordedState, name: string, status: HandshakeStatus): RecordedState {
  const history = historyOf(state, name);
  const latest = history && latestOwn(history);
  if (!history || !latest) throw new Error(`nothing recorded for ${name}`);
  return withHistory(state, name, {
    ...history,
    handshakes: history.handshakes.map((entry) => (entry === latest ? { ...entry, status } : entry)),
  });
}

/** Every field some change carries, all optional: for tests that look at one field of whichever change they got. */
export interface ChangeFields {
  action: ChangeAction;
  name: string;
  reason: ChangeReason;
  handshakeType?: HandshakeType;
  catalog?: string;
  resource?: string;
  clientToken?: string;
  request?: CreateChannelHandshakeRequest;
  retire?: Retirement;
  tags?: TagChange;
  generation?: number;
  spec?: HandshakeSpec;
  differences?: string[];
  purpose?: HandshakePurpose;
  ends?: string;
  protect?: boolean;
  previous?: ChangePrevious;
  resume?: boolean;
}

export function fields(change: Change): ChangeFields;
export function fields(change: Change | undefined): ChangeFields | undefined;
export function fields(change: Change | undefined): ChangeFields | undefined {
  return change as ChangeFields | undefined;
}

export function allFields(changes: readonly Change[]): ChangeFields[] {
  return [...changes] as ChangeFields[];
}

/** The change, which the test expects to send a declared handshake. */
export function sending(change: Change | undefined): SendingChange {
  const sent = change && declaredSendOf(change);
  if (!sent) throw new Error(`expected a change that sends a declared handshake, not ${change?.action}`);
  return sent;
}

/** What the change, which the test expects to retire a handshake, takes out of service. */
export function retirement(change: Change | undefined): Retirement {
  const retire = change && retirementOf(change);
  if (!retire) throw new Error(`expected a change that retires a handshake, not ${change?.action}`);
  return retire;
}
