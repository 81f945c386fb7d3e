// The rules that span declarations of different kinds: names unique across kinds, every reference names a declaration
// of the right kind, the referenced resources agree on their catalog and account, and no two declarations claim one
// resource. Each problem is reported at the file, line and column of the field at fault.
//
// A cycle of references cannot be written: a handshake may name a relationship or a program management account, a
// relationship only a program management account, and a program management account names nothing; a reference to
// the wrong kind is refused here, which is what a cycle would need.
import {
  isLiteralAccount,
  type ReferencingHandshakeDeclaration,
  type ResourceDeclaration,
  resourceIdentity,
} from './channel-declarations.js';
import type { ResourceKind } from './channel-resources.js';
import type { Declaration, Diagnostic, HandshakeSpec, ResourceRecord, SourceLocation } from './model.js';
import { resourceId } from './normalize.js';
import { payloadAccountWritten } from './validate.js';

interface Named {
  name: string;
  kind: string;
  location: SourceLocation;
  nameLocation: SourceLocation;
}

function where(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

const KIND_WORDS: Record<ResourceKind, string> = {
  ProgramManagementAccount: 'program management account',
  Relationship: 'relationship',
};

export function referenceProblems(
  handshakes: readonly Declaration[],
  resources: readonly ResourceDeclaration[],
  referencing: readonly ReferencingHandshakeDeclaration[],
  /** The order the documents were written in (by their location); documents not in it count as earliest. */
  sequence: ReadonlyMap<SourceLocation, number> = new Map(),
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  if (resources.length === 0 && referencing.length === 0) return problems;
  const error = (name: string, field: string, location: SourceLocation, code: string, message: string) =>
    problems.push({ severity: 'error', code, name, field, location, message });

  // Names across kinds (clashes between two plain handshakes are crossFileProblems' to report).
  const named: Named[] = [
    ...handshakes.map((declaration) => ({
      name: declaration.spec.name,
      kind: 'ChannelHandshake',
      location: declaration.location,
      nameLocation: declaration.fieldLocations.name,
    })),
    ...referencing.map((declaration) => ({
      name: declaration.spec.name,
      kind: 'ChannelHandshake',
      location: declaration.location,
      nameLocation: declaration.fieldLocations.name,
    })),
    ...resources.map((declaration) => ({
      name: declaration.spec.name,
      kind: declaration.spec.kind,
      location: declaration.location,
      nameLocation: declaration.fieldLocations.name,
    })),
  ];
  named.sort((left, right) => (sequence.get(left.location) ?? -1) - (sequence.get(right.location) ?? -1));
  const plainHandshakes = new Set<SourceLocation>(handshakes.map((declaration) => declaration.location));
  const firstByName = new Map<string, Named>();
  for (const entry of named) {
    const first = firstByName.get(entry.name);
    if (!first) {
      firstByName.set(entry.name, entry);
      continue;
    }
    if (plainHandshakes.has(first.location) && plainHandshakes.has(entry.location)) continue;
    error(
      entry.name,
      'name',
      entry.nameLocation,
      'duplicate.name',
      `the name "${entry.name}" is already used by the ${first.kind} declaration at ${where(first.location)}. Names are unique across kinds in a directory, because references and the recorded state find declarations by name: rename one of them.`,
    );
  }

  const resourceByName = new Map<string, ResourceDeclaration>();
  for (const declaration of resources) {
    if (!resourceByName.has(declaration.spec.name)) resourceByName.set(declaration.spec.name, declaration);
  }
  /** The declaration a reference names, or a problem reported at the reference. */
  const resolve = (
    from: string,
    field: string,
    location: SourceLocation,
    target: string,
    kind: ResourceKind,
  ): ResourceDeclaration | undefined => {
    const found = resourceByName.get(target);
    const other = firstByName.get(target);
    if (!found && !other) {
      error(
        from,
        field,
        location,
        'reference.dangling',
        `"${target}" names no declaration in this directory. Write the name of a kind: ${kind} declaration${kind === 'ProgramManagementAccount' && field === 'programManagementAccount' ? ', or a literal pma- id or ARN' : ''}.`,
      );
      return undefined;
    }
    if (!found || found.spec.kind !== kind) {
      const actual = found ? found.spec.kind : (other?.kind ?? 'ChannelHandshake');
      const at = found ? found.location : (other as Named).location;
      error(
        from,
        field,
        location,
        'reference.wrong-kind',
        `"${target}" is the ${actual} declaration at ${where(at)}, but ${field} must name a ${kind} declaration (a ${KIND_WORDS[kind]}).`,
      );
      return undefined;
    }
    return found;
  };

  const identities = new Map<string, ResourceDeclaration>();
  for (const declaration of resources) {
    const { spec } = declaration;
    if (spec.kind === 'Relationship' && !isLiteralAccount(spec.programManagementAccount)) {
      const account = resolve(
        spec.name,
        'programManagementAccount',
        declaration.fieldLocations.programManagementAccount ?? declaration.location,
        spec.programManagementAccount,
        'ProgramManagementAccount',
      );
      if (account && account.spec.catalog !== spec.catalog) {
        error(
          spec.name,
          'catalog',
          declaration.location,
          'reference.catalog',
          `"${spec.name}" is in catalog ${spec.catalog}, but its program management account "${account.spec.name}" at ${where(account.location)} is in ${account.spec.catalog}. A relationship lives in its account's catalog: write the same catalog in both.`,
        );
      }
    }
    const identity = resourceIdentity(spec);
    const twin = identities.get(identity);
    if (twin) {
      error(
        spec.name,
        spec.kind === 'Relationship' ? 'associatedAccountId' : 'accountId',
        declaration.location,
        'duplicate.resource',
        `"${spec.name}" declares the same ${KIND_WORDS[spec.kind]} as "${twin.spec.name}" at ${where(twin.location)} (${spec.kind === 'Relationship' ? `account ${spec.associatedAccountId} under ${spec.programManagementAccount}` : `account ${spec.accountId}, program ${spec.program}`}, catalog ${spec.catalog}). Keep one of them.`,
      );
    } else {
      identities.set(identity, declaration);
    }
  }

  const handshakeIdentities = new Map<string, ReferencingHandshakeDeclaration>();
  const startsByRelationship = new Map<string, ReferencingHandshakeDeclaration>();
  for (const declaration of referencing) {
    if (declaration.spec.handshakeType === 'START_SERVICE_PERIOD')
      startsByRelationship.set(declaration.reference.name, declaration);
  }
  for (const declaration of referencing) {
    const { spec, reference } = declaration;
    const target = resolve(
      spec.name,
      reference.kind === 'Relationship' ? 'relationship' : 'programManagementAccount',
      reference.location,
      reference.name,
      reference.kind,
    );
    if (target && target.spec.catalog !== spec.catalog) {
      error(
        spec.name,
        'catalog',
        declaration.location,
        'reference.catalog',
        `"${spec.name}" is in catalog ${spec.catalog}, but the ${KIND_WORDS[target.spec.kind]} "${target.spec.name}" it names is in ${target.spec.catalog} (${where(target.location)}). Write the same catalog in both.`,
      );
    }
    const written = payloadAccountWritten(spec);
    if (target?.spec.kind === 'Relationship' && written !== undefined) {
      const declared = target.spec.programManagementAccount;
      const agrees = isLiteralAccount(declared) && resourceId(declared) === resourceId(written);
      if (!agrees) {
        error(
          spec.name,
          'payload.programManagementAccountIdentifier',
          declaration.fieldLocations.payloadAccount ?? declaration.location,
          'reference.payload-account',
          isLiteralAccount(declared)
            ? `the payload names the program management account ${resourceId(written)}, but the relationship "${target.spec.name}" it names belongs to ${resourceId(declared)} (${where(target.location)}). Leave programManagementAccountIdentifier out: with relationship: it is taken from the relationship.`
            : `the payload names the program management account ${resourceId(written)}, but the relationship "${target.spec.name}" belongs to the declared account "${declared}" (${where(target.location)}), whose id is known only once it exists. Leave programManagementAccountIdentifier out: with relationship: it is taken from the relationship.`,
        );
      }
    }
    const start = startsByRelationship.get(reference.name);
    if (spec.handshakeType === 'REVOKE_SERVICE_PERIOD' && start) {
      error(
        spec.name,
        'handshakeType',
        declaration.location,
        'contradiction.start-and-revoke',
        `"${spec.name}" revokes the service period that "${start.spec.name}" at ${where(start.location)} declares on the same relationship "${reference.name}". Remove the START instead: removing it sends exactly one REVOKE_SERVICE_PERIOD (with its revokeNote, if any).`,
      );
    }
    const identity = `${spec.handshakeType} ${spec.catalog} ${reference.kind} ${reference.name}`;
    const twin = handshakeIdentities.get(identity);
    if (twin) {
      error(
        spec.name,
        reference.kind === 'Relationship' ? 'relationship' : 'programManagementAccount',
        reference.location,
        'duplicate.handshake',
        `"${spec.name}" would send the same ${spec.handshakeType} handshake for "${reference.name}" as "${twin.spec.name}" at ${where(twin.location)}. Keep one of them.`,
      );
    } else {
      handshakeIdentities.set(identity, declaration);
    }
  }
  return problems;
}

/**
 * A handshake declared by reference, as it is planned and recorded once what it names exists: the resource's id in
 * associatedResourceIdentifier and, for a service period, the relationship's account in the payload.
 */
export function resolvedHandshakeSpec(spec: HandshakeSpec, record: ResourceRecord): HandshakeSpec {
  let payload = spec.payload;
  if (payload && record.kind === 'Relationship' && record.programManagementAccountId) {
    const account = record.programManagementAccountId;
    payload =
      'startServicePeriodPayload' in payload
        ? {
            startServicePeriodPayload: {
              ...payload.startServicePeriodPayload,
              programManagementAccountIdentifier: account,
            },
          }
        : {
            revokeServicePeriodPayload: {
              ...payload.revokeServicePeriodPayload,
              programManagementAccountIdentifier: account,
            },
          };
  }
  return { ...spec, associatedResourceIdentifier: record.id, ...(payload ? { payload } : {}) };
}
