import { access, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { DeadlineExceededError } from '../api/errors.js';
import { createApiClient } from '../api/index.js';
import type { PartnerCentralImportReader } from '../apply/partner-central.js';
import { appliedByFromEnvironment } from '../core/applied-by.js';
import type { RelationshipSummary, ResourceKind, ResourceSpec } from '../core/channel-resources.js';
import { HANDSHAKE_DECLARATION_KIND } from '../core/declaration-kinds.js';
import { type Validated, validateFiles } from '../core/engine.js';
import { UserError } from '../core/errors.js';
import { historyNames, historyOf, latestOwn, recordedIds, withHistory } from '../core/history.js';
import {
  adoptionMismatch,
  declarationFromSummary,
  IMPORTED_FILE_HEADER,
  type ImportedReference,
  importedFileHeader,
  importedName,
  importedPurpose,
} from '../core/import.js';
import {
  type ChannelHandshakeSummary,
  type DeclarationHistory,
  HANDSHAKE_STATUSES,
  HANDSHAKE_TYPES,
  type HandshakeSpec,
  type HandshakeStatus,
  type HandshakeType,
  type RecordedState,
  type ResourceRecord,
} from '../core/model.js';
import { programManagementAccountOf, resourceId } from '../core/normalize.js';
import { declaredTagsOf, ownerOf, ownershipOf } from '../core/ownership.js';
import { resolvedHandshakeSpec } from '../core/references.js';
import { withStateLock } from '../files/lock.js';
import { IMPORTING_SUFFIX } from '../files/workspace.js';
import {
  COMMAND_JSON_FORMAT_VERSION,
  type ImportedHandshake,
  type ImportedResource,
  renderCommandJson,
} from '../render/command-json.js';
import { singleLine } from '../render/neutralise.js';
import { importResources, type WrittenFile } from './import-resources.js';
import {
  apiTimeouts,
  type CliEnvironment,
  type CommonOptions,
  commonOptions,
  DIRECTORY_OPTIONS,
  ENDPOINT_OPTION,
  EXIT_ERROR,
  EXIT_OK,
  formatOption,
  helpRequested,
  loadState,
  lockOptions,
  stateWriterFor,
  TIMEOUT_HELP,
  validOrReport,
} from './shared.js';

export const IMPORT_HELP = `Usage: handshakes import [--dir handshakes] [--state FILE] [--catalog AWS]
                         [--kind ProgramManagementAccount,Relationship,ChannelHandshake]
                         [--type START_SERVICE_PERIOD,...] [--status PENDING,ACCEPTED]
                         [--program-management-account pma-…] [--endpoint URL] [--format text|json]

Adopts program management accounts, relationships and handshakes that already exist in Partner
Central: writes one declaration file for each under DIR/imported/ with a readable, deterministic
name, and records it in the state, so that a plan straight afterwards shows no changes. Accounts
come first, then relationships naming their account, then handshakes naming their relationship
or account (relationship:, programManagementAccount:) instead of literal ids. Imported accounts
are protected (protect: true). Never overwrites a file or a state entry; everything skipped is
reported with the reason.

Each declaration is recorded in the state together with its file (written aside, recorded, then
moved into place), so an import that is killed half-way loses nothing: running it again
finishes what it started and adopts files it already wrote. The program management account of a
service-period handshake is its relationship's, read from ListRelationships.

Options:
  --catalog NAME                    Catalog to import from (default: AWS)
  --kind LIST                       Kinds, comma-separated (default: all three)
  --type LIST                       Handshake types, comma-separated (default: all three)
  --status LIST                     Statuses to adopt (default: PENDING,ACCEPTED)
  --program-management-account PMA  Override: the PMA that service-period handshakes were sent for
                                    (default: each relationship's own, from ListRelationships;
                                    never used for a handshake that names its imported relationship)
  --endpoint URL                    API endpoint (default: the AWS SDK convention)
  --max-bytes N                     Read at most N bytes of declaration files in all (default: 64 MB)
  --format FORMAT                   text (default) or json (schemas/command-result.schema.json)
${TIMEOUT_HELP}
  -h, --help                        Show this help
`;

function listOption<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  fallback: readonly T[],
  name: string,
): T[] {
  if (value === undefined) return [...fallback];
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const wrong = items.filter((item) => !allowed.includes(item as T));
  if (wrong.length > 0)
    throw new UserError(`--${name} takes ${allowed.join(', ')}; "${wrong.join(', ')}" is not one of them.`);
  return items as T[];
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Imported files already under DIR/imported, by the id (handshake, account, relationship) their first line names. */
async function filesByImportedId(folder: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const file of names) {
    if (!/\.ya?ml$/i.test(file)) continue;
    const text = await readFile(join(folder, file), 'utf8').catch(() => '');
    const id = IMPORTED_FILE_HEADER.exec(text)?.[1];
    if (id) found.set(id, file.replace(/\.ya?ml$/i, ''));
  }
  return found;
}

/** The id recorded under a name: its latest handshake's, or its program management account's or relationship's. */
function recordedIdOf(state: RecordedState, name: string): string | undefined {
  const history = historyOf(state, name);
  if (history) return latestOwn(history)?.id;
  return state.resources && Object.hasOwn(state.resources, name) ? state.resources[name]?.id : undefined;
}

/**
 * Finishes what an interrupted import left: a file written aside whose state entry was recorded is moved into
 * place; one whose entry never made it is removed (the handshake is imported again below).
 */
async function finishInterrupted(
  folder: string,
  recorded: RecordedState,
  label: string,
): Promise<{ completed: string[]; discarded: string[] }> {
  const completed: string[] = [];
  const discarded: string[] = [];
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const file of names.filter((name) => name.endsWith(IMPORTING_SUFFIX))) {
    const name = file.slice(0, -IMPORTING_SUFFIX.length);
    const aside = join(folder, file);
    const id = IMPORTED_FILE_HEADER.exec(await readFile(aside, 'utf8').catch(() => ''))?.[1];
    const final = join(folder, `${name}.yaml`);
    if (id && recordedIdOf(recorded, name) === id && !(await exists(final))) {
      await rename(aside, final);
      completed.push(`${label}/${name}.yaml`);
    } else {
      await unlink(aside);
      discarded.push(`${label}/${file}`);
    }
  }
  return { completed, discarded };
}

/** Every relationship in a catalog, read once from ListRelationships (paged), however many ask. */
function relationshipListing(
  client: PartnerCentralImportReader,
  catalog: string,
): () => Promise<RelationshipSummary[]> {
  let loaded: Promise<RelationshipSummary[]> | undefined;
  return () => {
    loaded ??= client.listAllRelationships({ catalog });
    return loaded;
  };
}

/** The program management account of each relationship in a catalog, from that one listing. */
function relationshipAccounts(listing: () => Promise<RelationshipSummary[]>): () => Promise<Map<string, string>> {
  let loaded: Promise<Map<string, string>> | undefined;
  return () => {
    loaded ??= listing().then(
      (relationships) =>
        new Map(
          relationships.flatMap((relationship) =>
            relationship.id && relationship.programManagementAccountId
              ? [[relationship.id, relationship.programManagementAccountId] as const]
              : [],
          ),
        ),
    );
    return loaded;
  };
}

const KINDS = ['ProgramManagementAccount', 'Relationship', HANDSHAKE_DECLARATION_KIND] as const;
type ImportedKind = (typeof KINDS)[number];

export async function importCommand(args: string[], environment: CliEnvironment): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...DIRECTORY_OPTIONS,
      ...ENDPOINT_OPTION,
      catalog: { type: 'string' },
      kind: { type: 'string' },
      type: { type: 'string' },
      status: { type: 'string' },
      'program-management-account': { type: 'string' },
      format: { type: 'string' },
    },
    strict: true,
  });
  if (helpRequested(values, IMPORT_HELP, environment)) return EXIT_OK;
  const format = formatOption(values.format, ['text', 'json'], 'text');
  const kinds = listOption<ImportedKind>(values.kind, KINDS, KINDS, 'kind');
  const types = listOption<HandshakeType>(values.type, HANDSHAKE_TYPES, HANDSHAKE_TYPES, 'type');
  const statuses = listOption<HandshakeStatus>(values.status, HANDSHAKE_STATUSES, ['PENDING', 'ACCEPTED'], 'status');
  const catalog = values.catalog ?? 'AWS';
  const pma = values['program-management-account'];
  if (pma !== undefined && !/^pma-[a-z0-9]{13}$/.test(pma)) {
    throw new UserError(`--program-management-account takes an id such as pma-abcdef123456g, not "${pma}".`);
  }
  const options = commonOptions(environment, values);
  return withStateLock(options.statePath, lockOptions(environment, options, 'handshakes import'), () =>
    lockedImport(
      { ...values, kinds: new Set(kinds), types, statuses, catalog, pma, json: format === 'json' },
      options,
      environment,
    ),
  );
}

interface ImportSettings {
  endpoint?: string;
  timeout?: string;
  'request-timeout'?: string;
  kinds: ReadonlySet<ImportedKind>;
  types: HandshakeType[];
  statuses: HandshakeStatus[];
  catalog: string;
  pma?: string;
  /** One JSON document at the end instead of lines as it goes. */
  json: boolean;
}

/**
 * Checks a file import is about to write, alone: the schema of its kind and every rule of one document. A reference
 * it makes names a declaration elsewhere in the directory (declared there, or imported in this run), which a file
 * checked alone cannot see, so only that one diagnostic is expected; the next plan checks the directory whole.
 */
function checkedAlone(label: string, text: string, now: Date): { validated: Validated } | { problem: string } {
  const validated = validateFiles({ files: [{ path: label, text }], now });
  const problem = validated.diagnostics.find(
    (diagnostic) => diagnostic.severity === 'error' && diagnostic.code !== 'reference.dangling',
  );
  if (problem) return { problem: problem.message };
  return { validated };
}

async function lockedImport(
  settings: ImportSettings,
  options: CommonOptions,
  environment: CliEnvironment,
): Promise<number> {
  const { catalog, pma } = settings;
  // With --format json, standard output holds only the final document.
  const out = (text: string) => (settings.json ? undefined : environment.stdout.write(text));
  const folder = join(options.directory, 'imported');
  const folderLabel = `${options.directoryLabel}/imported`;
  const loaded = await loadState(environment, options);
  let state: RecordedState = loaded.state;
  const interrupted = await finishInterrupted(folder, state, folderLabel);
  for (const path of interrupted.completed) out(`Completed ${path}, left by an interrupted import.\n`);
  for (const path of interrupted.discarded) out(`Removed ${path}, left unrecorded by an interrupted import.\n`);
  const validated = await validOrReport(environment, options, 'Nothing imported (the result must be plannable)');
  if (!validated) return EXIT_ERROR;
  const persist = stateWriterFor(environment, options, loaded.readSerial);
  const record = async (next: RecordedState) => {
    state = { ...next, serial: next.serial + 1 };
    await persist(state);
    written = true;
  };
  const declaredResources = validated.resources ?? [];
  const referencing = validated.referencing ?? [];
  const names = new Set([
    ...validated.declarations.map((declaration) => declaration.spec.name),
    // Names are unique across kinds: an imported handshake never takes a relationship's or an account's name.
    ...declaredResources.map((declaration) => declaration.spec.name),
    ...referencing.map((declaration) => declaration.spec.name),
    ...historyNames(state),
    ...Object.keys(state.resources ?? {}),
  ]);
  const managedIds = recordedIds(state);
  const identity = (type: string, resource: string, account: string) =>
    `${type} ${catalog} ${resourceId(resource)} ${account}`;
  const identities = new Set(
    validated.declarations.map((declaration) =>
      identity(
        declaration.spec.handshakeType,
        declaration.spec.associatedResourceIdentifier,
        programManagementAccountOf(declaration.spec),
      ),
    ),
  );
  const recordOfName = (name: string): ResourceRecord | undefined =>
    state.resources && Object.hasOwn(state.resources, name) ? state.resources[name] : undefined;
  // A handshake declared by reference sends for what its name's record says; one imported for that is a duplicate.
  for (const declaration of referencing) {
    const target = recordOfName(declaration.reference.name);
    if (!target || target.kind !== declaration.reference.kind) continue;
    const resolved = resolvedHandshakeSpec(declaration.spec, target);
    identities.add(
      identity(resolved.handshakeType, resolved.associatedResourceIdentifier, programManagementAccountOf(resolved)),
    );
  }
  // What an imported handshake may name instead of a literal id: a recorded resource its declaration still declares.
  const referable = new Map<string, { kind: ResourceKind; name: string }>();
  const declaredNames = new Set(declaredResources.map((declaration) => declaration.spec.name));
  for (const [name, resource] of Object.entries(state.resources ?? {})) {
    if (declaredNames.has(name) && !resource.deletedOutside) referable.set(resource.id, { kind: resource.kind, name });
  }
  const earlierFiles = await filesByImportedId(folder);

  const api = await createApiClient({ endpoint: settings.endpoint, env: environment.env, ...apiTimeouts(settings) });
  // The one Partner Central port, as refresh and apply use it: import reads through nothing else.
  const port: PartnerCentralImportReader = api.client;
  const relationships = relationshipListing(port, catalog);
  const accountsOf = relationshipAccounts(relationships);
  const imported: ImportedHandshake[] = [];
  const importedResources: ImportedResource[] = [];
  const skipped: { id: string; reason: string }[] = [];
  const skip = (id: string, reason: string) => skipped.push({ id, reason });
  let written = false;
  const appliedAt = environment.now().toISOString();
  const appliedBy = { ...appliedByFromEnvironment(environment.env), imported: true };

  /**
   * Aside, recorded, then into place: a crash at any point leaves either nothing, or a recorded entry whose file the
   * next import moves into place. Never a file without its entry, which a plan would send (or create) again.
   */
  const writeRecorded = async <Spec>(
    id: string,
    name: string,
    text: string,
    specOf: (validated: Validated) => Spec | undefined,
    recordOf: (spec: Spec) => RecordedState,
  ): Promise<{ label: string; spec: Spec } | undefined> => {
    const path = join(folder, `${name}.yaml`);
    const label = `${folderLabel}/${name}.yaml`;
    if (await exists(path)) {
      skip(id, `${label} already exists and is never overwritten`);
      return undefined;
    }
    // Validate what we are about to write, and record exactly the spec a later plan will read back from it.
    const check = checkedAlone(label, text, environment.now());
    const spec = 'validated' in check ? specOf(check.validated) : undefined;
    if (spec === undefined) {
      skip(id, `the declaration it would need is invalid (${'problem' in check ? check.problem : 'unknown'})`);
      return undefined;
    }
    const aside = `${path.slice(0, -'.yaml'.length)}${IMPORTING_SUFFIX}`;
    await mkdir(folder, { recursive: true });
    await writeFile(aside, text);
    await record(recordOf(spec));
    await rename(aside, path);
    return { label, spec };
  };

  // An adopted handshake is recorded as its name's first: sent at its creation (when AWS says), by an import.
  const historyFor = (item: ChannelHandshakeSummary, spec: HandshakeSpec): DeclarationHistory => ({
    handshakes: [
      {
        id: item.id,
        arn: item.arn,
        handshakeType: item.handshakeType,
        purpose: importedPurpose(item.handshakeType),
        status: item.status,
        clientToken: '',
        spec,
        generation: 0,
        sentAt: item.createdAt ?? appliedAt,
        appliedBy,
        ...(item.updatedAt ? { updatedAt: item.updatedAt } : {}),
      },
    ],
  });
  /** The declaration an imported handshake names, when what it concerns is a declared, recorded resource. */
  const referenceFor = (item: ChannelHandshakeSummary): ImportedReference | undefined => {
    const target = referable.get(resourceId(item.associatedResourceId));
    const kind = item.handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT' ? 'ProgramManagementAccount' : 'Relationship';
    return target?.kind === kind ? target : undefined;
  };
  try {
    const resourceKinds = new Set(
      [...settings.kinds].filter((kind): kind is ResourceKind => kind !== HANDSHAKE_DECLARATION_KIND),
    );
    if (resourceKinds.size > 0) {
      await importResources(
        {
          port,
          catalog,
          state: () => state,
          record,
          names,
          declared: declaredResources,
          earlierFiles,
          referable,
          appliedAt,
          appliedBy,
          out,
          skip,
          imported: importedResources,
          write: (id, name, text, recordOf): Promise<WrittenFile | undefined> =>
            writeRecorded<ResourceSpec>(
              id,
              name,
              text,
              (check) => check.resources?.find((declaration) => declaration.spec.name === name)?.spec,
              recordOf,
            ),
        },
        resourceKinds,
        relationships,
      );
    }
    const items: ChannelHandshakeSummary[] = [];
    for (const handshakeType of settings.kinds.has(HANDSHAKE_DECLARATION_KIND) ? settings.types : []) {
      items.push(
        ...(await port.listAllChannelHandshakes({
          handshakeType,
          catalog,
          participantType: 'SENDER',
          statuses: settings.statuses,
        })),
      );
    }
    // Newest first: when two live handshakes would be the same declaration, the newest is the one to manage.
    items.sort(
      (left, right) => (right.createdAt ?? '').localeCompare(left.createdAt ?? '') || (left.id < right.id ? -1 : 1),
    );
    for (const item of items) {
      if (managedIds.has(item.id)) {
        skip(item.id, 'already in the recorded state');
        continue;
      }
      const adoptable = earlierFiles.get(item.id);
      const adopted = adoptable ? earlierDeclaration(validated, adoptable, state, recordOfName) : undefined;
      if (adoptable && adopted) {
        // A file an earlier, interrupted import wrote before it could record it: record it now, never write it again.
        // Only when it is that handshake: its header is text anyone can write, so the handshake AWS holds must be of
        // the file's type, on its resource, in its catalog, and carry no owner tag but this declaration's.
        const mismatch = adoptionMismatch(
          item,
          adopted.spec,
          await port.listTagsForResource({ resourceArn: item.arn }),
          state.lineage,
        );
        if (mismatch) {
          skip(
            item.id,
            `not adopted by ${adopted.file}, whose header names it: ${mismatch}. Remove that file, or correct its header, and run import again`,
          );
          continue;
        }
        await record(withHistory(state, adopted.spec.name, historyFor(item, adopted.spec)));
        managedIds.add(item.id);
        imported.push({
          name: adopted.spec.name,
          id: item.id,
          status: item.status,
          file: adopted.file,
          writtenEarlier: true,
        });
        out(
          `  + ${singleLine(`${adopted.spec.name} ← ${item.id} (${item.status}) in ${adopted.file}, written by an earlier import`)}\n`,
        );
        continue;
      }
      let name = importedName(item);
      if (names.has(name)) name = `${name}-${item.id.slice(3, 8)}`;
      if (names.has(name)) {
        skip(item.id, `the name ${name} is already used`);
        continue;
      }
      const reference = referenceFor(item);
      const target = reference ? recordOfName(reference.name) : undefined;
      let account = '';
      if (item.handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT') account = item.associatedResourceId;
      // A handshake naming its relationship is sent for that relationship's own account.
      else if (target) account = target.programManagementAccountId ?? '';
      else account = pma ?? (await accountsOf()).get(resourceId(item.associatedResourceId)) ?? '';
      if (item.handshakeType !== 'PROGRAM_MANAGEMENT_ACCOUNT' && !account) {
        skip(
          item.id,
          `a ${item.handshakeType}, but ListRelationships does not list ${item.associatedResourceId} in catalog ${catalog}, so its program management account is unknown; pass --program-management-account pma-… to name it`,
        );
        continue;
      }
      if (identities.has(identity(item.handshakeType, item.associatedResourceId, resourceId(account)))) {
        skip(item.id, `another ${item.handshakeType} for ${item.associatedResourceId} is already declared or imported`);
        continue;
      }
      const tags = await port.listTagsForResource({ resourceArn: item.arn });
      if (ownershipOf(tags, state.lineage) === 'elsewhere') {
        skip(
          item.id,
          `managed elsewhere (owner tag ${ownerOf(tags)?.value}); it belongs to the repository that sent it`,
        );
        continue;
      }
      // The owner tag is apply's to write, never a declaration's.
      const conversion = declarationFromSummary(item, name, declaredTagsOf(tags), account || undefined, reference);
      if ('skipped' in conversion) {
        // The core's reason names the handshake first; the id is its own field here.
        skip(
          item.id,
          conversion.skipped.replace(`${item.handshakeType} ${item.id}: `, `a ${item.handshakeType}, but `),
        );
        continue;
      }
      const text = `${importedFileHeader(item.handshakeType, item.id, item.status, appliedAt)}${stringify(conversion.declaration)}`;
      const file = await writeRecorded<HandshakeSpec>(
        item.id,
        name,
        text,
        (check) => {
          if (!target) return check.declarations[0]?.spec;
          const declared = check.referencing?.[0]?.spec;
          // Recorded as it is planned: with the id of what it names written in.
          return declared ? resolvedHandshakeSpec(declared, target) : undefined;
        },
        (spec) => withHistory(state, name, historyFor(item, spec)),
      );
      if (!file) continue;
      names.add(name);
      managedIds.add(item.id);
      identities.add(identity(item.handshakeType, item.associatedResourceId, resourceId(account)));
      imported.push({ name, id: item.id, status: item.status, file: file.label, writtenEarlier: false });
      out(`  + ${singleLine(`${name} ← ${item.id} (${item.status}) in ${file.label}`)}\n`);
    }
  } catch (error) {
    if (error instanceof DeadlineExceededError) {
      const count = imported.length + importedResources.length;
      throw new DeadlineExceededError(
        `import did not finish within --timeout ${settings.timeout}: ${written ? `${count} declaration${count === 1 ? '' : 's'} imported and recorded in ${options.stateLabel} (serial ${state.serial})` : `nothing imported, ${options.stateLabel} unchanged`}, the rest not yet. ${error.message} Run import again to continue; it never imports one twice.`,
        false,
      );
    }
    throw error;
  } finally {
    api.close();
  }
  if (settings.json) {
    environment.stdout.write(
      renderCommandJson({
        formatVersion: COMMAND_JSON_FORMAT_VERSION,
        command: 'import',
        directory: options.directoryLabel,
        state: { file: options.stateLabel, written, serial: written ? state.serial : (loaded.readSerial ?? null) },
        result: {
          imported,
          resources: importedResources,
          skipped,
          interrupted: { completed: interrupted.completed, removed: interrupted.discarded },
        },
      }),
    );
    return EXIT_OK;
  }
  if (settings.kinds.has('ProgramManagementAccount') || settings.kinds.has('Relationship')) {
    const accounts = importedResources.filter((entry) => entry.kind === 'ProgramManagementAccount').length;
    const relationshipCount = importedResources.length - accounts;
    out(
      `Imported ${accounts} program management account${accounts === 1 ? '' : 's'} and ${relationshipCount} relationship${relationshipCount === 1 ? '' : 's'}.\n`,
    );
  }
  out(`Imported ${imported.length} handshake${imported.length === 1 ? '' : 's'}.\n`);
  if (skipped.length > 0) {
    out(
      `Skipped ${skipped.length}:\n${skipped.map((entry) => `  - ${singleLine(`${entry.id}: ${entry.reason}`)}`).join('\n')}\n`,
    );
  }
  out(
    written
      ? `State written to ${options.stateLabel} (serial ${state.serial}).\n`
      : `State unchanged: ${options.stateLabel}.\n`,
  );
  return EXIT_OK;
}

/**
 * The handshake declaration a file written by an earlier import holds, when its name records nothing yet: a literal
 * one as it is, one naming a recorded resource with that resource's id written in (as a plan reads it).
 */
function earlierDeclaration(
  validated: Validated,
  name: string,
  state: RecordedState,
  recordOfName: (name: string) => ResourceRecord | undefined,
): { spec: HandshakeSpec; file: string } | undefined {
  if (historyOf(state, name) !== undefined) return undefined;
  const literal = validated.declarations.find((declaration) => declaration.spec.name === name);
  if (literal) return { spec: literal.spec, file: literal.location.file };
  const referencing = validated.referencing?.find((declaration) => declaration.spec.name === name);
  const target = referencing ? recordOfName(referencing.reference.name) : undefined;
  if (!referencing || !target || target.kind !== referencing.reference.kind) return undefined;
  return { spec: resolvedHandshakeSpec(referencing.spec, target), file: referencing.location.file };
}
