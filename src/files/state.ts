import { randomUUID } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { canonicalJsonFile } from '../core/canonical.js';
import { settleEndings } from '../core/endings.js';
import { StateError } from '../core/errors.js';
import { recordOf } from '../core/history.js';
import { firstDuplicateKey } from '../core/json-duplicates.js';
import {
  type AppliedBy,
  type CreateIntent,
  type DeclarationHistory,
  HANDSHAKE_PURPOSES,
  HANDSHAKE_STATUSES,
  HANDSHAKE_TYPES,
  type HandshakePurpose,
  type HandshakeSpec,
  type HandshakeStatus,
  type HandshakeType,
  type RecordedState,
  type SentHandshake,
  STATE_VERSION,
} from '../core/model.js';
import { assertInsideRepository } from './workspace.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function specProblems(at: string, spec: unknown, name?: string): string[] {
  if (!isObject(spec) || (name !== undefined && spec.name !== name) || !isObject(spec.tags)) {
    return [`${at}.spec must be the normalized declaration${name === undefined ? '' : ` named "${name}"`}`];
  }
  return [];
}

/** Checks the parts of a version 1 entry that migrating relies on; anything else is carried along untouched. */
function entryProblemsV1(name: string, entry: unknown): string[] {
  const at = `handshakes.${name}`;
  if (!isObject(entry)) {
    return [`${at} must be an object`];
  }
  const problems: string[] = [];
  for (const field of ['id', 'arn', 'catalog', 'clientToken', 'appliedAt'] as const) {
    if (typeof entry[field] !== 'string') {
      problems.push(`${at}.${field} must be a string`);
    }
  }
  if (!HANDSHAKE_TYPES.includes(entry.handshakeType as never)) {
    problems.push(`${at}.handshakeType must be one of ${HANDSHAKE_TYPES.join(', ')}`);
  }
  if (!HANDSHAKE_STATUSES.includes(entry.status as never)) {
    problems.push(`${at}.status must be one of ${HANDSHAKE_STATUSES.join(', ')}`);
  }
  for (const field of ['revision', 'generation'] as const) {
    if (!Number.isInteger(entry[field]) || (entry[field] as number) < 0) {
      problems.push(`${at}.${field} must be a whole number`);
    }
  }
  problems.push(...specProblems(at, entry.spec, name));
  if (!isObject(entry.appliedBy)) {
    problems.push(`${at}.appliedBy must be an object`);
  }
  if (entry.revocation !== undefined) {
    const revocation = entry.revocation;
    if (
      !isObject(revocation) ||
      !['id', 'arn', 'clientToken', 'appliedAt'].every((field) => typeof revocation[field] === 'string') ||
      !HANDSHAKE_STATUSES.includes(revocation.status as never)
    ) {
      problems.push(`${at}.revocation must hold id, arn, status, clientToken and appliedAt`);
    }
  }
  return problems;
}

/** Checks a version 2 history: every sent handshake must carry what planning and drift read. */
function historyProblems(name: string, history: unknown): string[] {
  const at = `declarations.${name}`;
  if (!isObject(history) || !Array.isArray(history.handshakes)) {
    return [`${at} must be an object with a handshakes list`];
  }
  const problems: string[] = [];
  history.handshakes.forEach((entry: unknown, index: number) => {
    const here = `${at}.handshakes[${index}]`;
    if (!isObject(entry)) {
      problems.push(`${here} must be an object`);
      return;
    }
    for (const field of ['id', 'arn', 'clientToken', 'sentAt'] as const) {
      if (typeof entry[field] !== 'string') problems.push(`${here}.${field} must be a string`);
    }
    if (!HANDSHAKE_TYPES.includes(entry.handshakeType as never)) {
      problems.push(`${here}.handshakeType must be one of ${HANDSHAKE_TYPES.join(', ')}`);
    }
    if (!HANDSHAKE_PURPOSES.includes(entry.purpose as never)) {
      problems.push(`${here}.purpose must be one of ${HANDSHAKE_PURPOSES.join(', ')}`);
    }
    if (!HANDSHAKE_STATUSES.includes(entry.status as never)) {
      problems.push(`${here}.status must be one of ${HANDSHAKE_STATUSES.join(', ')}`);
    }
    if (!Number.isInteger(entry.generation) || (entry.generation as number) < 0) {
      problems.push(`${here}.generation must be a whole number`);
    }
    if (entry.ends !== undefined && typeof entry.ends !== 'string') problems.push(`${here}.ends must be a string`);
    if (
      entry.endedBy !== undefined &&
      !(
        isObject(entry.endedBy) &&
        typeof entry.endedBy.id === 'string' &&
        typeof entry.endedBy.at === 'string' &&
        HANDSHAKE_PURPOSES.includes(entry.endedBy.purpose as never)
      )
    ) {
      problems.push(`${here}.endedBy must be an object with an id, a purpose and an at`);
    }
    problems.push(...specProblems(here, entry.spec));
    if (!isObject(entry.appliedBy)) problems.push(`${here}.appliedBy must be an object`);
  });
  return problems;
}

interface RecordedRevocationV1 {
  id: string;
  arn: string;
  status: HandshakeStatus;
  clientToken: string;
  appliedAt: string;
}

/** A state entry as the first release wrote it: one handshake per name, its revoke beside it. */
interface RecordedHandshakeV1 {
  id: string;
  arn: string;
  handshakeType: HandshakeType;
  catalog: string;
  status: HandshakeStatus;
  clientToken: string;
  revision: number;
  generation: number;
  spec: HandshakeSpec;
  appliedAt: string;
  appliedBy: AppliedBy;
  updatedAt?: string;
  revocation?: RecordedRevocationV1;
  replacementPending?: boolean;
}

const PURPOSE_OF_V1: Record<HandshakeType, HandshakePurpose> = {
  START_SERVICE_PERIOD: 'start',
  REVOKE_SERVICE_PERIOD: 'revoke',
  PROGRAM_MANAGEMENT_ACCOUNT: 'pma',
};

/** The REVOKE_SERVICE_PERIOD the first release sent to end a period, as it built it (note included). */
function revocationSpecV1(entry: RecordedHandshakeV1, name: string): HandshakeSpec {
  const payload = entry.spec.payload;
  const start = payload && 'startServicePeriodPayload' in payload ? payload.startServicePeriodPayload : undefined;
  return {
    name,
    handshakeType: 'REVOKE_SERVICE_PERIOD',
    catalog: entry.catalog,
    associatedResourceIdentifier: entry.spec.associatedResourceIdentifier,
    payload: {
      revokeServicePeriodPayload: {
        programManagementAccountIdentifier: start?.programManagementAccountIdentifier ?? '',
        note: `Ended by channel-handshakes: ${name} is no longer declared`.slice(0, 300),
      },
    },
    tags: {},
    revision: entry.revision,
  };
}

/**
 * Version 1 → 2: each entry becomes a history of the handshake it recorded and, if one was sent, the revoke that
 * ended it. Ids, tokens, generations and specs are carried over unchanged, so nothing already sent gets a new token.
 */
function migrateV1(handshakes: Record<string, RecordedHandshakeV1>): Record<string, DeclarationHistory> {
  const histories: [string, DeclarationHistory][] = [];
  for (const name of Object.keys(handshakes)) {
    const entry = handshakes[name] as RecordedHandshakeV1;
    const sent: SentHandshake[] = [
      {
        id: entry.id,
        arn: entry.arn,
        handshakeType: entry.handshakeType,
        purpose: PURPOSE_OF_V1[entry.handshakeType],
        status: entry.status,
        clientToken: entry.clientToken,
        spec: entry.spec,
        generation: entry.generation,
        sentAt: entry.appliedAt,
        ...(entry.updatedAt ? { updatedAt: entry.updatedAt } : {}),
        appliedBy: entry.appliedBy,
      },
    ];
    if (entry.revocation) {
      sent.push({
        id: entry.revocation.id,
        arn: entry.revocation.arn,
        handshakeType: 'REVOKE_SERVICE_PERIOD',
        purpose: 'revoke',
        status: entry.revocation.status,
        clientToken: entry.revocation.clientToken,
        spec: revocationSpecV1(entry, name),
        generation: entry.generation,
        ends: entry.id,
        sentAt: entry.revocation.appliedAt,
        appliedBy: entry.appliedBy,
      });
    }
    histories.push([name, { handshakes: sent, ...(entry.replacementPending ? { replacementPending: true } : {}) }]);
  }
  return recordOf(histories);
}

/** In-flight creates (optional): each must say exactly what to replay, or a resume could send something else. */
function intentProblems(intents: unknown): string[] {
  if (intents === undefined) return [];
  if (!isObject(intents)) return ['intents must be an object keyed by declaration name'];
  const problems: string[] = [];
  for (const [name, intent] of Object.entries(intents)) {
    const at = `intents.${name}`;
    if (
      !isObject(intent) ||
      intent.name !== name ||
      typeof intent.clientToken !== 'string' ||
      !isObject(intent.request) ||
      intent.request.clientToken !== intent.clientToken ||
      !isObject(intent.spec) ||
      !Number.isInteger(intent.generation)
    ) {
      problems.push(`${at} must hold name, clientToken, the request sent with that clientToken, spec and generation`);
    }
  }
  return problems;
}

/** Parses and checks a state file's text. A damaged file is an error with a way out, never an empty state. */
export function parseState(text: string, path: string): RecordedState {
  const advice = `Fix ${path} by hand or restore it from git history (git log -p -- ${path}); it is never reset automatically, because an empty state would send every handshake again.`;
  let value: unknown;
  // A byte-order mark is what some editors save; it says nothing about the content.
  const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new StateError(
      `${path} is not valid JSON (${error instanceof Error ? error.message : String(error)}). ${advice}`,
    );
  }
  // JSON.parse keeps the last of two equal keys; in a state that would silently forget a handshake.
  const duplicate = firstDuplicateKey(json);
  if (duplicate) {
    throw new StateError(
      `${path}:${duplicate.line}: the key ${JSON.stringify(duplicate.key)} appears twice in the same object. ${advice}`,
    );
  }
  const problems: string[] = [];
  if (!isObject(value)) {
    throw new StateError(`${path} must hold a JSON object. ${advice}`);
  }
  if (value.version !== 1 && value.version !== 2 && value.version !== STATE_VERSION) {
    problems.push(`version must be 1, 2 or ${STATE_VERSION} (found ${JSON.stringify(value.version)})`);
  }
  if (typeof value.lineage !== 'string' || value.lineage.length === 0) {
    problems.push('lineage must be a non-empty string');
  }
  if (!Number.isInteger(value.serial) || (value.serial as number) < 0) {
    problems.push('serial must be a whole number');
  }
  const recordsKey = value.version === 1 ? 'handshakes' : 'declarations';
  const records = value[recordsKey];
  if (!isObject(records)) {
    problems.push(`${recordsKey} must be an object keyed by declaration name`);
  } else {
    for (const [name, entry] of Object.entries(records)) {
      problems.push(...(value.version === 1 ? entryProblemsV1(name, entry) : historyProblems(name, entry)));
    }
  }
  problems.push(...intentProblems(value.intents));
  if (problems.length > 0) {
    throw new StateError(`${path} is not valid recorded state: ${problems.join('; ')}. ${advice}`);
  }
  const declarations =
    value.version === 1
      ? migrateV1(records as Record<string, RecordedHandshakeV1>)
      : recordOf(Object.entries(records as Record<string, DeclarationHistory>));
  const state: RecordedState = {
    version: STATE_VERSION,
    lineage: value.lineage as string,
    serial: value.serial as number,
    declarations,
    ...(isObject(value.intents) && Object.keys(value.intents).length > 0
      ? { intents: recordOf(Object.entries(value.intents as Record<string, CreateIntent>)) }
      : {}),
  };
  // Versions 1 and 2 kept what ended a period only on the handshake that ended it: version 3 keeps it on the period.
  return value.version === STATE_VERSION ? state : settleEndings(state);
}

/**
 * Refuses a state file that is a symbolic link, or whose real location lies outside the repository: a pull request
 * could otherwise point the state (read, then rewritten) at a file elsewhere on the runner.
 */
function assertStatePathContained(repository: string | undefined, path: string): void {
  let linked = false;
  try {
    linked = lstatSync(path).isSymbolicLink();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (linked) {
    throw new StateError(
      `the state file ${path} is a symbolic link, which is refused: writing the state replaces the file, so the link's target would silently go stale. Replace the link with the file itself.`,
    );
  }
  if (repository !== undefined) assertInsideRepository(repository, path, `the state file ${path}`);
}

/**
 * Reads the recorded state; a missing file means nothing has been applied yet. The file must not be a symbolic link
 * and, given the `repository`, must lie inside it.
 */
export async function readState(path: string, repository?: string): Promise<RecordedState | undefined> {
  assertStatePathContained(repository, path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw new StateError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseState(text, path);
}

/** The text a state is stored as. Writing an unchanged state gives byte-identical output. */
export function serializeState(state: RecordedState): string {
  return canonicalJsonFile(state);
}

/**
 * Writes the state so that a crash at any instant leaves either the old or the new file, never a torn one:
 * write a sibling temporary file, fsync it, rename it over the target, then fsync the directory.
 */
export async function writeStateAtomically(path: string, state: RecordedState): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temporary = join(directory, `.state-${process.pid}-${randomUUID()}.tmp`);
  try {
    const handle = await open(temporary, 'w', 0o644);
    try {
      await handle.writeFile(serializeState(state), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    // A full disk or a refused write must not leave .state-*.tmp files behind for someone to commit.
    await rm(temporary, { force: true });
    throw error;
  }
  const directoryHandle = await open(directory, 'r');
  try {
    await directoryHandle.sync();
  } finally {
    await directoryHandle.close();
  }
}

/** The serial of the state file on disk, read without judging the rest of it; undefined when there is no file. */
export async function serialOnDisk(path: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    const serial = (JSON.parse(text) as { serial?: unknown }).serial;
    return typeof serial === 'number' ? serial : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Writes like writeStateAtomically, but first checks that the file on disk still holds the serial this run read (or
 * last wrote). If another process wrote in between, it stops instead of overwriting that process's records.
 * `readSerial` is undefined when the run started without a state file.
 */
export function guardedStateWriter(
  path: string,
  readSerial: number | undefined,
  label = path,
): (state: RecordedState) => Promise<void> {
  let expected = readSerial;
  return async (state) => {
    const found = await serialOnDisk(path);
    if (found !== expected) {
      throw new StateError(
        `${label} was written by another process while this run was working (serial on disk ${found === undefined ? 'none: the file was removed' : String(found)}, expected ${expected === undefined ? 'no file' : String(expected)}), so this write (serial ${state.serial}) was stopped rather than overwrite its records. Whatever AWS already accepted is safe: run the command again and it resumes from the newest state, replaying by clientToken.`,
      );
    }
    await writeStateAtomically(path, state);
    expected = state.serial;
  };
}
