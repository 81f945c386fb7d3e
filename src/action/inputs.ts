import { posix } from 'node:path';
import { DOCUMENTED_RATE_LIMITS } from '../api/rates.js';
import { UserError } from '../core/errors.js';
import { DEFAULT_MAX_DESTRUCTIVE } from '../core/policy.js';
import { appBotLoginInput } from './own-identity.js';

type CommentMode = 'true' | 'false' | 'changes-only';

type ActionCommand = 'auto' | 'validate' | 'plan' | 'apply' | 'drift';

export interface ActionInputs {
  command: ActionCommand;
  directory: string;
  stateFile: string;
  githubToken: string;
  /** A GitHub App token's bot login (`<slug>[bot]`); undefined for GITHUB_TOKEN or a personal access token. */
  appBotLogin?: string;
  /** Whether to keep a pull-request comment: always, never, or only once a plan has changes. */
  comment: CommentMode;
  endpoint?: string;
  region?: string;
  requireReviewedPlan: boolean;
  maxDestructive: number;
  allowDestructive: boolean;
  commitState: boolean;
  stateBranch?: string;
  /** Requests per second for Create/Cancel/Accept/Reject and for listing (and tagging): the documented quotas unless raised. */
  rateLimits: { mutate: number; list: number; tag: number };
  /** Bounds the whole apply or drift run, in milliseconds; undefined: no bound beyond each request's. */
  timeoutMs?: number;
  /** Budget for all declaration files together; undefined: the default (64 MB). */
  maxBytes?: number;
}

/** Reads one input the way the runner passes it: INPUT_<NAME>, upper-cased, hyphens kept, trimmed. */
export type InputReader = (name: string) => string;

const COMMANDS: readonly ActionCommand[] = ['auto', 'validate', 'plan', 'apply', 'drift'];

function booleanInput(read: InputReader, name: string, fallback: boolean): boolean {
  const value = read(name);
  if (value === '') return fallback;
  // YAML 1.2 booleans only, as @actions/core's getBooleanInput accepts.
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new UserError(
    `input ${name} must be true or false${name === 'comment' ? ' or changes-only' : ''}, not "${value}".`,
  );
}

function commentInput(read: InputReader): CommentMode {
  const value = read('comment');
  if (value === 'changes-only') return value;
  return booleanInput(read, 'comment', true) ? 'true' : 'false';
}

function rateInput(read: InputReader, name: string, fallback: number): number {
  const value = read(name);
  if (value === '') return fallback;
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new UserError(`input ${name} must be a number of requests per second above 0, not "${value}".`);
  }
  return rate;
}

function minutesInput(read: InputReader, name: string): number | undefined {
  const value = read(name);
  if (value === '') return undefined;
  const minutes = Number(value);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new UserError(`input ${name} must be a number of minutes above 0, not "${value}".`);
  }
  return Math.round(minutes * 60_000);
}

function bytesInput(read: InputReader, name: string): number | undefined {
  const value = read(name);
  if (value === '') return undefined;
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UserError(`input ${name} must be a whole number of bytes, such as 134217728, not "${value}".`);
  }
  return Number(value);
}

/**
 * A path input must name something inside the repository. `..` is refused outright, before any file is looked at;
 * links that lead outside are refused later, where the real path is known.
 */
function repositoryPathInput(read: InputReader, name: string): string {
  const value = read(name);
  if (value.split(/[\\/]/).includes('..')) {
    throw new UserError(
      `input ${name} must be a path inside the repository, without "..": the declarations and state a pull request can change must stay inside the repository that reviews them.`,
    );
  }
  return value;
}

/** Parses every input once into a typed object; a bad value fails the step before anything else happens. */
export function parseInputs(read: InputReader): ActionInputs {
  const command = (read('command') || 'auto') as ActionCommand;
  if (!COMMANDS.includes(command)) {
    throw new UserError(`input command must be one of ${COMMANDS.join(', ')}, not "${command}".`);
  }
  // One spelling per directory: it seeds the lineage of a first plan and names the sticky comment.
  const directory = posix.normalize(repositoryPathInput(read, 'directory') || 'handshakes').replace(/\/+$/, '') || '.';
  const maxDestructiveText = read('max-destructive') || String(DEFAULT_MAX_DESTRUCTIVE);
  const maxDestructive = Number(maxDestructiveText);
  if (!Number.isInteger(maxDestructive) || maxDestructive < 0) {
    throw new UserError(`input max-destructive must be a whole number, not "${maxDestructiveText}".`);
  }
  return {
    command,
    directory,
    stateFile: repositoryPathInput(read, 'state-file') || `${directory}/state.json`,
    githubToken: read('github-token'),
    appBotLogin: appBotLoginInput(read('app-bot-login')),
    comment: commentInput(read),
    endpoint: read('endpoint') || undefined,
    region: read('region') || undefined,
    requireReviewedPlan: booleanInput(read, 'require-reviewed-plan', true),
    maxDestructive,
    allowDestructive: booleanInput(read, 'allow-destructive', false),
    commitState: booleanInput(read, 'commit-state', true),
    stateBranch: read('state-branch') || undefined,
    rateLimits: {
      mutate: rateInput(read, 'rate-mutate', DOCUMENTED_RATE_LIMITS.mutate),
      list: rateInput(read, 'rate-list', DOCUMENTED_RATE_LIMITS.list),
      tag: rateInput(read, 'rate-tag', DOCUMENTED_RATE_LIMITS.tag),
    },
    timeoutMs: minutesInput(read, 'timeout-minutes'),
    maxBytes: bytesInput(read, 'max-bytes'),
  };
}

/** The runner's convention: INPUT_ + the name upper-cased with spaces as underscores; hyphens stay. */
export function environmentInputReader(env: Record<string, string | undefined>): InputReader {
  return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
