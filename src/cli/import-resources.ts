// The program management accounts and relationships that `import` adopts: one `kind: ProgramManagementAccount` or
// `kind: Relationship` declaration file each, recorded under `resources` in the state, accounts first so that each
// relationship (and then each handshake) can name what it belongs to by its declaration's name.
import { stringify } from 'yaml';
import type { PartnerCentralPort } from '../apply/partner-central.js';
import { isLiteralAccount, type ResourceDeclaration } from '../core/channel-declarations.js';
import type {
  ProgramManagementAccountSummary,
  RelationshipDetail,
  RelationshipSummary,
  ResourceKind,
  ResourceSpec,
} from '../core/channel-resources.js';
import {
  type Conversion,
  declarationFromAccount,
  declarationFromRelationship,
  importedFileHeader,
  importedResourceName,
  type LiveResource,
  resourceAdoptionMismatch,
} from '../core/import.js';
import { CORE_KINDS } from '../core/kind-registry.js';
import type { AppliedBy, RecordedState, ResourceRecord, Tag } from '../core/model.js';
import { resourceId } from '../core/normalize.js';
import { declaredTagsOf, ownerOf, ownershipOf } from '../core/ownership.js';
import type { ImportedResource } from '../render/command-json.js';
import { singleLine } from '../render/neutralise.js';

/** What import reads for these kinds, through the one Partner Central port. */
type ResourceImportReader = Pick<
  PartnerCentralPort,
  'listAllProgramManagementAccounts' | 'getRelationship' | 'listTagsForResource'
>;

/** The file a declaration is written to, once it is checked and recorded (see import.ts: aside, recorded, in place). */
export interface WrittenFile {
  label: string;
  spec: ResourceSpec;
}

/** What the resource import shares with the handshake import of the same run. */
export interface ResourceImportSession {
  port: ResourceImportReader;
  catalog: string;
  state(): RecordedState;
  record(next: RecordedState): Promise<void>;
  /** Every name in use: declared (of any kind), recorded, or imported in this run. */
  names: Set<string>;
  /** Resource declarations already in the directory. */
  declared: readonly ResourceDeclaration[];
  /** Imported files already in the directory, by the id their first line names. */
  earlierFiles: ReadonlyMap<string, string>;
  /** Declarations the handshakes may name: the recorded, declared resources, by id. */
  referable: Map<string, { kind: ResourceKind; name: string }>;
  appliedAt: string;
  appliedBy: AppliedBy;
  out(text: string): void;
  skip(id: string, reason: string): void;
  /** Writes the declaration aside, has `recordOf(spec)` recorded, then moves it into place; undefined when skipped. */
  write(
    id: string,
    name: string,
    text: string,
    recordOf: (spec: ResourceSpec) => RecordedState,
  ): Promise<WrittenFile | undefined>;
  imported: ImportedResource[];
}

const WORDS: Record<ResourceKind, string> = {
  ProgramManagementAccount: 'program management account',
  Relationship: 'relationship',
};

const ACCOUNT_NOTE =
  '# protect: true, as for every imported account: removing this file never deletes it. Set protect: false first to allow that.\n';
const RELATIONSHIP_NOTE =
  '# requestedSupportPlan is not written: AWS never returns it (write-only). Declaring one sends it with UpdateRelationship.\n';

/** The identity two declarations of one resource share (catalog, account, program or program management account). */
function identityOf(kind: ResourceKind, catalog: string, account: string, other: string): string {
  return `${kind} ${catalog} ${account} ${other}`;
}

/**
 * Imports the program management accounts, then the relationships, of the session's catalog, each unless it is
 * recorded, managed elsewhere, already declared, or its name is taken (each skipped with the reason).
 */
export async function importResources(
  session: ResourceImportSession,
  kinds: ReadonlySet<ResourceKind>,
  relationships: () => Promise<RelationshipSummary[]>,
): Promise<void> {
  const recordedIds = new Set(Object.values(session.state().resources ?? {}).map((record) => record.id));
  const recordedIdOf = (name: string) => {
    const resources = session.state().resources;
    return resources && Object.hasOwn(resources, name) ? resources[name]?.id : undefined;
  };
  const declaredIdentities = new Map<string, string>();
  for (const { spec } of session.declared) {
    if (spec.kind === 'ProgramManagementAccount') {
      declaredIdentities.set(identityOf(spec.kind, spec.catalog, spec.accountId, spec.program), spec.name);
    } else {
      const account = isLiteralAccount(spec.programManagementAccount)
        ? resourceId(spec.programManagementAccount)
        : recordedIdOf(spec.programManagementAccount);
      if (account)
        declaredIdentities.set(identityOf(spec.kind, spec.catalog, spec.associatedAccountId, account), spec.name);
    }
  }

  /** The checks every resource passes before anything is written; the reason it is skipped, or its tags. */
  const admit = async (live: LiveResource & { arn: string }, identity: string): Promise<Tag[] | undefined> => {
    if (recordedIds.has(live.id)) {
      session.skip(live.id, 'already in the recorded state');
      return undefined;
    }
    const tags = await session.port.listTagsForResource({ resourceArn: live.arn });
    const owner = ownerOf(tags);
    if (ownershipOf(tags, session.state().lineage) === 'elsewhere') {
      session.skip(
        live.id,
        `managed elsewhere (owner tag ${owner?.value}); it belongs to the repository that created it`,
      );
      return undefined;
    }
    if (owner) {
      session.skip(
        live.id,
        `created by this repository for "${owner.name}" (owner tag ${owner.value}) and not recorded: declare "${owner.name}" again and apply records it without sending anything`,
      );
      return undefined;
    }
    const twin = declaredIdentities.get(identity);
    if (twin) {
      session.skip(
        live.id,
        recordedIdOf(twin) === undefined
          ? `the ${WORDS[live.kind]} "${twin}" already declares it, and records nothing yet: apply refuses to create what AWS holds without this repository's owner tag, so remove that declaration and run import again to adopt it`
          : `the ${WORDS[live.kind]} "${twin}" already declares it`,
      );
      return undefined;
    }
    return declaredTagsOf(tags);
  };

  /** A file an earlier, interrupted import wrote and never recorded: recorded now if it is that resource. */
  const adoptEarlier = async (live: LiveResource & { arn: string }, record: (spec: ResourceSpec) => ResourceRecord) => {
    // One the state records already (under whatever name) is never recorded twice.
    if (recordedIds.has(live.id)) return false;
    const name = session.earlierFiles.get(live.id);
    const declaration = name ? session.declared.find((candidate) => candidate.spec.name === name) : undefined;
    if (!declaration || recordedIdOf(declaration.spec.name) !== undefined) return false;
    const tags = await session.port.listTagsForResource({ resourceArn: live.arn });
    const mismatch = resourceAdoptionMismatch(live, declaration.spec, tags, session.state().lineage, recordedIdOf);
    if (mismatch) {
      session.skip(
        live.id,
        `not adopted by ${declaration.location.file}, whose header names it: ${mismatch}. Remove that file, or correct its header, and run import again`,
      );
      return true;
    }
    const made = record(declaration.spec);
    await session.record(CORE_KINDS[made.kind].record.created(session.state(), declaration.spec.name, made));
    recordedIds.add(live.id);
    session.referable.set(live.id, { kind: live.kind, name: declaration.spec.name });
    session.imported.push({
      name: declaration.spec.name,
      kind: live.kind,
      id: live.id,
      file: declaration.location.file,
      writtenEarlier: true,
    });
    session.out(
      `  + ${singleLine(`${declaration.spec.name} ← ${live.id} (${live.kind}) in ${declaration.location.file}, written by an earlier import`)}\n`,
    );
    return true;
  };

  const nameFor = (kind: ResourceKind, displayName: string | undefined, id: string): string | undefined => {
    let name = importedResourceName(kind, displayName, id);
    if (session.names.has(name)) name = `${name}-${id.replace(/^(pma|rs)-/, '').slice(0, 5)}`;
    if (session.names.has(name)) {
      session.skip(id, `the name ${name} is already used`);
      return undefined;
    }
    return name;
  };

  const written = async (
    live: { kind: ResourceKind; id: string },
    identity: string,
    name: string,
    conversion: Conversion,
    text: (yaml: string) => string,
    record: (spec: ResourceSpec) => ResourceRecord,
  ) => {
    if ('skipped' in conversion) {
      session.skip(live.id, conversion.skipped);
      return;
    }
    const file = await session.write(live.id, name, text(stringify(conversion.declaration)), (spec) => {
      const made = record(spec);
      return CORE_KINDS[made.kind].record.created(session.state(), name, made);
    });
    if (!file) return;
    session.names.add(name);
    declaredIdentities.set(identity, name);
    recordedIds.add(live.id);
    session.referable.set(live.id, { kind: live.kind, name });
    session.imported.push({ name, kind: live.kind, id: live.id, file: file.label, writtenEarlier: false });
    session.out(`  + ${singleLine(`${name} ← ${live.id} (${live.kind}) in ${file.label}`)}\n`);
  };

  const base = (id: string, arn: string, createdAt: string | undefined, revision: string | undefined) => ({
    id,
    arn,
    clientToken: '',
    createdAt: createdAt ?? session.appliedAt,
    appliedBy: session.appliedBy,
    ...(revision !== undefined ? { revision } : {}),
  });

  if (kinds.has('ProgramManagementAccount')) {
    const accounts = await session.port.listAllProgramManagementAccounts({ catalog: session.catalog });
    for (const item of [...accounts].sort(byId)) {
      if (!item.id || !item.arn) continue;
      const live = { kind: 'ProgramManagementAccount' as const, ...accountLive(item), id: item.id, arn: item.arn };
      const record = (spec: ResourceSpec): ResourceRecord => ({
        kind: 'ProgramManagementAccount',
        ...base(item.id as string, item.arn as string, item.createdAt, item.revision),
        spec,
        ...(item.status ? { status: item.status } : {}),
      });
      if (await adoptEarlier(live, record)) continue;
      const identity = identityOf(
        'ProgramManagementAccount',
        session.catalog,
        item.accountId ?? '',
        item.program ?? '',
      );
      const tags = await admit(live, identity);
      if (!tags) continue;
      const name = nameFor('ProgramManagementAccount', item.displayName, item.id);
      if (!name) continue;
      await written(
        live,
        identity,
        name,
        declarationFromAccount(item, name, tags),
        (yaml) =>
          `${importedFileHeader('ProgramManagementAccount', item.id as string, item.status, session.appliedAt)}${ACCOUNT_NOTE}${yaml}`,
        record,
      );
    }
  }

  if (kinds.has('Relationship')) {
    for (const item of [...(await relationships())].sort(byId)) {
      if (!item.id || !item.arn || !item.programManagementAccountId) continue;
      const live = { kind: 'Relationship' as const, ...relationshipLive(item), id: item.id, arn: item.arn };
      const account = item.programManagementAccountId;
      const record = (spec: ResourceSpec): ResourceRecord => ({
        kind: 'Relationship',
        ...base(item.id as string, item.arn as string, item.createdAt, item.revision),
        spec,
        programManagementAccountId: account,
      });
      if (await adoptEarlier(live, record)) continue;
      const identity = identityOf('Relationship', session.catalog, item.associatedAccountId ?? '', account);
      const tags = await admit(live, identity);
      if (!tags) continue;
      const name = nameFor('Relationship', item.displayName, item.id);
      if (!name) continue;
      // resaleAccountModel is only in GetRelationship's answer, and it cannot change: read it, never leave it out.
      const detail: RelationshipDetail = await session.port.getRelationship({
        catalog: session.catalog,
        programManagementAccountIdentifier: account,
        identifier: item.id,
      });
      const named = session.referable.get(account);
      const accountReference = named?.kind === 'ProgramManagementAccount' ? named.name : account;
      await written(
        live,
        identity,
        name,
        declarationFromRelationship({ ...item, ...detail }, name, tags, accountReference),
        (yaml) =>
          `${importedFileHeader('Relationship', item.id as string, undefined, session.appliedAt)}${RELATIONSHIP_NOTE}${yaml}`,
        record,
      );
    }
  }
}

function byId(left: { id?: string }, right: { id?: string }): number {
  return (left.id ?? '') < (right.id ?? '') ? -1 : (left.id ?? '') > (right.id ?? '') ? 1 : 0;
}

function accountLive(item: ProgramManagementAccountSummary) {
  return { catalog: item.catalog, accountId: item.accountId, program: item.program };
}

function relationshipLive(item: RelationshipSummary) {
  return {
    catalog: item.catalog,
    associatedAccountId: item.associatedAccountId,
    programManagementAccountId: item.programManagementAccountId,
  };
}
