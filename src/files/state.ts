import { randomUUID } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
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
import { jsonBudgetProblem, STATE_BUDGETS, type StateProblem, stateProblems } from '../core/state-rules.js';
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
 * The histories of a version 1 file. Ids, tokens, generations and specs are carried over unchanged, so nothing
 * already sent gets a new token.
 */
function historiesOfV1(handshakes: Record<string, RecordedHandshakeV1>): Record<string, DeclarationHistory> {
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

/** What every refusal of a state file ends with: the way out, never an automatic reset. */
function restoreAdvice(path: string): string {
  return `Restore ${path} from git (git log -p -- ${path} shows its history) or fix it by hand; it is never reset automatically, because an empty state would send every handshake again.`;
}

/** One error listing every problem found, each with its JSON path, so a single run shows all there is to fix. */
function refusal(path: string, problems: readonly StateProblem[]): StateError {
  const shown = problems.slice(0, STATE_PROBLEMS_SHOWN).map((problem) => `  - ${problem.path} ${problem.message}`);
  const more = problems.length - shown.length;
  return new StateError(
    `${path} is not valid recorded state (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${shown.join('\n')}${more > 0 ? `\n  - …and ${more} more` : ''}\n${restoreAdvice(path)}`,
  );
}

/** Enough to see what is wrong with a state file without drowning a log in it. */
const STATE_PROBLEMS_SHOWN = 50;

/**
 * Parses and checks a state file's text by meaning (src/core/state-rules.ts). A damaged or edited file is an error
 * with a way out, never an empty state, and nothing of it is planned against.
 */
export function parseState(text: string, path: string): RecordedState {
  // A byte-order mark is what some editors save; it says nothing about the content.
  const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // Before JSON.parse: a file over budget, or nested thousands deep, is refused without building anything from it.
  const overBudget = jsonBudgetProblem(json);
  if (overBudget) {
    throw new StateError(
      `${path}${overBudget.line ? `:${overBudget.line}` : ''}: ${overBudget.path} ${overBudget.message}. ${restoreAdvice(path)}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new StateError(
      `${path} is not valid JSON (${error instanceof Error ? error.message : String(error)}). ${restoreAdvice(path)}`,
    );
  }
  // JSON.parse keeps the last of two equal keys; in a state that would silently forget a handshake.
  const duplicate = firstDuplicateKey(json);
  if (duplicate) {
    throw new StateError(
      `${path}:${duplicate.line}: the key ${JSON.stringify(duplicate.key)} appears twice in the same object. ${restoreAdvice(path)}`,
    );
  }
  if (!isObject(value)) {
    throw new StateError(`${path} must hold a JSON object. ${restoreAdvice(path)}`);
  }
  if (!MIGRATIONS.has(value.version as number) && value.version !== STATE_VERSION) {
    throw refusal(path, [
      {
        path: '$.version',
        message: `must be ${[...MIGRATIONS.keys()].join(', ')} or ${STATE_VERSION} (found ${JSON.stringify(value.version)})`,
      },
    ]);
  }
  // Version 1 is checked as far as migrating needs, then judged like any other by what it migrates to.
  if (value.version === 1) {
    const problems: string[] = [];
    if (!isObject(value.handshakes)) problems.push('handshakes must be an object keyed by declaration name');
    else for (const [name, entry] of Object.entries(value.handshakes)) problems.push(...entryProblemsV1(name, entry));
    if (problems.length > 0) {
      // Each reads "<dotted path> must …": the dotted path becomes the JSON path.
      throw refusal(
        path,
        problems.map((message) => {
          const space = message.indexOf(' ');
          return { path: `$.${message.slice(0, space)}`, message: message.slice(space + 1) };
        }),
      );
    }
  }
  // One step per version, each from the shape the one before wrote, until the current version.
  let current: Record<string, unknown> = value;
  for (let version = value.version as number; version < STATE_VERSION; version++) {
    current = (MIGRATIONS.get(version) as Migration)(current);
  }
  const problems = stateProblems(current);
  if (problems.length > 0) throw refusal(path, problems);
  const checked = current as unknown as RecordedState;
  const state: RecordedState = {
    version: STATE_VERSION,
    lineage: checked.lineage,
    serial: checked.serial,
    declarations: recordOf(Object.entries(checked.declarations)),
    ...(checked.intents && Object.keys(checked.intents).length > 0
      ? { intents: recordOf(Object.entries(checked.intents as Record<string, CreateIntent>)) }
      : {}),
    ...(checked.resources && Object.keys(checked.resources).length > 0
      ? { resources: recordOf(Object.entries(checked.resources)) }
      : {}),
    ...(checked.resourceIntents && Object.keys(checked.resourceIntents).length > 0
      ? { resourceIntents: recordOf(Object.entries(checked.resourceIntents)) }
      : {}),
    ...(checked.deferred ? { deferred: checked.deferred } : {}),
    ...(checked.tombstones && checked.tombstones.length > 0 ? { tombstones: checked.tombstones } : {}),
  };
  // Versions 1 and 2 kept what ended a period only on the handshake that ended it: version 3 keeps it on the period.
  return (value.version as number) >= 3 ? state : settleEndings(state);
}

/** One step of the migration chain: a state of one version, parsed, as the next version writes it. */
type Migration = (value: Record<string, unknown>) => Record<string, unknown>;

/**
 * Version 1 → 2: each entry becomes a history of the handshake it recorded and, if one was sent, the revoke that
 * ended it (checked beforehand by `entryProblemsV1`).
 */
function migrateV1(value: Record<string, unknown>): Record<string, unknown> {
  const { handshakes, ...rest } = value;
  return { ...rest, version: 2, declarations: historiesOfV1(handshakes as Record<string, RecordedHandshakeV1>) };
}

/** Version 3 adds `endedBy`: a version 2 file is judged without it, then its endings are settled once it is read. */
function migrateV2(value: Record<string, unknown>): Record<string, unknown> {
  return { ...value, version: 3 };
}

/**
 * Version 4 adds the program management accounts and relationships this repository creates (`resources`, and their
 * in-flight creates, `resourceIntents`), both optional: a version 3 file is a version 4 file without them.
 */
function migrateV3(value: Record<string, unknown>): Record<string, unknown> {
  return { ...value, version: 4 };
}

/**
 * Version 5 adds tombstones (optional: a version 4 file has none) and requires every recorded spec to name the key
 * it is recorded under. Version 4 moved a renamed history without rewriting its specs, so each spec's name becomes
 * its key here. Only the name changes: ids, tokens, generations and the terms sent stay as they are.
 */
function migrateV4(value: Record<string, unknown>): Record<string, unknown> {
  const declarations = value.declarations;
  if (!isObject(declarations)) return { ...value, version: 5 };
  const renamed: [string, unknown][] = Object.entries(declarations).map(([name, history]) => {
    if (!isObject(history) || !Array.isArray(history.handshakes)) return [name, history];
    const handshakes = history.handshakes.map((entry: unknown) =>
      isObject(entry) && isObject(entry.spec) && entry.spec.name !== name
        ? { ...entry, spec: { ...entry.spec, name } }
        : entry,
    );
    return [name, { ...history, handshakes }];
  });
  return { ...value, version: 5, declarations: recordOf(renamed) };
}

/** The migration from each earlier version to the next. A version bump adds one entry here. */
const MIGRATIONS: ReadonlyMap<number, Migration> = new Map([
  [1, migrateV1],
  [2, migrateV2],
  [3, migrateV3],
  [4, migrateV4],
]);

/**
 * Refuses a state file that is a symbolic link, or whose real location lies outside the repository: a pull request
 * could otherwise point the state (read, then rewritten) at a file elsewhere on the runner.
 */
function assertStatePathContained(repository: string | undefined, path: string): void {
  let linked = false;
  try {
    linked = lstatSync(path).isSymbolicLink();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw underRegularFile(path);
    if (code !== 'ENOENT') throw error;
  }
  if (linked) {
    throw new StateError(
      `the state file ${path} is a symbolic link, which is refused: writing the state replaces the file, so the link's target would silently go stale. Replace the link with the file itself.`,
    );
  }
  if (repository !== undefined) assertInsideRepository(repository, path, `the state file ${path}`);
}

/** ENOTDIR: a part of the path that should be a directory is a regular file. */
function underRegularFile(path: string): StateError {
  return new StateError(
    `the state file ${path} cannot exist: a part of its path that must be a directory is a regular file. Point --state (or the state-file input) at a path inside a directory.`,
  );
}

/**
 * Reads the recorded state; a missing file means nothing has been applied yet. The file must not be a symbolic link
 * and, given the `repository`, must lie inside it. Its size is judged before a byte of it is read. Messages name it
 * by `label` (the path the user gave).
 */
export async function readState(path: string, repository?: string, label = path): Promise<RecordedState | undefined> {
  assertStatePathContained(repository, path);
  let text: string;
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > STATE_BUDGETS.maxBytes) {
        throw new StateError(
          `${label} is ${(size / 1024 / 1024).toFixed(1)} MiB, over the ${STATE_BUDGETS.maxBytes / 1024 / 1024} MiB budget for a state file, so it is not read. ${restoreAdvice(label)}`,
        );
      }
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof StateError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw underRegularFile(path);
    throw new StateError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseState(text, label);
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

/**
 * The serial of the state file on disk, read without judging the rest of it; undefined when there is no file. The
 * file is held to the state budgets first (size before a byte is read, depth before parsing), like every state read:
 * a file over them is not one this program wrote.
 */
export async function serialOnDisk(path: string): Promise<number | undefined> {
  let text: string;
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > STATE_BUDGETS.maxBytes) return Number.NaN;
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (jsonBudgetProblem(json)) return Number.NaN;
  try {
    const serial = (JSON.parse(json) as { serial?: unknown }).serial;
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
