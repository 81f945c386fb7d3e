// The kinds of declaration a document may be, by its `kind` field: what schema checks it and what spec it becomes.
// A document without `kind` is a channel handshake, so every file written before the other kinds existed is still
// valid. The change side of each kind (its actions and the order they run in) is core/kinds.ts.
import handshakeSchema from '../../schemas/handshake.schema.json' with { type: 'json' };
import programManagementAccountSchema from '../../schemas/program-management-account.schema.json' with { type: 'json' };
import relationshipSchema from '../../schemas/relationship.schema.json' with { type: 'json' };
import { normalizeProgramManagementAccount, normalizeRelationship } from './channel-declarations.js';
import type { ResourceKind, ResourceSpec } from './channel-resources.js';

export const HANDSHAKE_DECLARATION_KIND = 'ChannelHandshake';

type DeclarationKindName = typeof HANDSHAKE_DECLARATION_KIND | ResourceKind;

interface DeclarationKindEntry {
  kind: DeclarationKindName;
  /** The schema file under schemas/, named in each file's yaml-language-server modeline. */
  schemaFile: string;
  schema: object;
}

interface ResourceKindEntry extends DeclarationKindEntry {
  kind: ResourceKind;
  /** The spec of a document the schema accepted. */
  normalize(raw: Record<string, unknown>): ResourceSpec;
}

const HANDSHAKE_ENTRY: DeclarationKindEntry = {
  kind: HANDSHAKE_DECLARATION_KIND,
  schemaFile: 'handshake.schema.json',
  schema: handshakeSchema,
};

const RESOURCE_ENTRIES: readonly ResourceKindEntry[] = [
  {
    kind: 'ProgramManagementAccount',
    schemaFile: 'program-management-account.schema.json',
    schema: programManagementAccountSchema,
    normalize: normalizeProgramManagementAccount,
  },
  {
    kind: 'Relationship',
    schemaFile: 'relationship.schema.json',
    schema: relationshipSchema,
    normalize: normalizeRelationship,
  },
];

/** Every kind, the handshake first. */
export const DECLARATION_KINDS: readonly DeclarationKindEntry[] = [HANDSHAKE_ENTRY, ...RESOURCE_ENTRIES];

/** The kind a document declares: the handshake kind when it has no `kind` field (or is not a map at all). */
export function declaredKind(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, 'kind')) {
    const kind = (value as { kind: unknown }).kind;
    return typeof kind === 'string' ? kind : String(JSON.stringify(kind));
  }
  return HANDSHAKE_DECLARATION_KIND;
}

/** The resource kind's entry, or undefined for the handshake kind and anything unknown. */
export function resourceKindEntry(kind: string): ResourceKindEntry | undefined {
  return RESOURCE_ENTRIES.find((entry) => entry.kind === kind);
}
