// The kinds of declaration a document may be, by its `kind` field: what schema checks it, what spec it becomes, and
// what makes two declarations of it the same thing in AWS. A document without `kind` is a channel handshake, so every
// file written before the other kinds existed is still valid. The change side of each kind (its actions and the order
// they run in) is core/kinds.ts; core/kind-registry.ts puts every part of a kind together.
import handshakeSchema from '../../schemas/handshake.schema.json' with { type: 'json' };
import programManagementAccountSchema from '../../schemas/program-management-account.schema.json' with { type: 'json' };
import relationshipSchema from '../../schemas/relationship.schema.json' with { type: 'json' };
import { normalizeProgramManagementAccount, normalizeRelationship, resourceIdentity } from './channel-declarations.js';
import type { ProgramManagementAccountSpec, RelationshipSpec } from './channel-resources.js';
import { identityOf } from './history.js';
import type { KindName } from './kinds.js';
import type { HandshakeSpec } from './model.js';
import { normalizeDeclaration, type RawDeclaration } from './normalize.js';

export const HANDSHAKE_DECLARATION_KIND = 'ChannelHandshake';

/** The spec a declaration of each kind becomes once validated and normalised. */
interface SpecsByKind {
  ChannelHandshake: HandshakeSpec;
  ProgramManagementAccount: ProgramManagementAccountSpec;
  Relationship: RelationshipSpec;
}

export interface DeclarationKindEntry<K extends KindName = KindName> {
  kind: K;
  /** The schema file under schemas/, named in each file's yaml-language-server modeline. */
  schemaFile: string;
  schema: object;
  /** The spec of a document the schema accepted: one spelling per meaning. */
  normalize(raw: Record<string, unknown>): SpecsByKind[K];
  /** What makes two declarations the same thing in AWS (a rename keeps it; two declarations may not share it). */
  identity(spec: SpecsByKind[K]): string;
}

/** The declaration side of every kind. */
export const DECLARATION_ENTRIES: { readonly [K in KindName]: DeclarationKindEntry<K> } = {
  ChannelHandshake: {
    kind: HANDSHAKE_DECLARATION_KIND,
    schemaFile: 'handshake.schema.json',
    schema: handshakeSchema,
    normalize: (raw) => normalizeDeclaration(raw as unknown as RawDeclaration),
    identity: identityOf,
  },
  ProgramManagementAccount: {
    kind: 'ProgramManagementAccount',
    schemaFile: 'program-management-account.schema.json',
    schema: programManagementAccountSchema,
    normalize: normalizeProgramManagementAccount,
    identity: resourceIdentity,
  },
  Relationship: {
    kind: 'Relationship',
    schemaFile: 'relationship.schema.json',
    schema: relationshipSchema,
    normalize: normalizeRelationship,
    identity: resourceIdentity,
  },
};

/** Every kind, the handshake first. */
export const DECLARATION_KINDS: readonly DeclarationKindEntry[] = Object.values(DECLARATION_ENTRIES);

/** The kind a document declares: the handshake kind when it has no `kind` field (or is not a map at all). */
export function declaredKind(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, 'kind')) {
    const kind = (value as { kind: unknown }).kind;
    return typeof kind === 'string' ? kind : String(JSON.stringify(kind));
  }
  return HANDSHAKE_DECLARATION_KIND;
}

/** The entry of a kind other than the handshake, or undefined for the handshake kind and anything unknown. */
export function resourceKindEntry(
  kind: string,
): DeclarationKindEntry<Exclude<KindName, 'ChannelHandshake'>> | undefined {
  const entry = DECLARATION_KINDS.find((candidate) => candidate.kind === kind);
  return entry && entry.kind !== HANDSHAKE_DECLARATION_KIND
    ? (entry as DeclarationKindEntry<Exclude<KindName, 'ChannelHandshake'>>)
    : undefined;
}
