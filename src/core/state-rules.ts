// The state file comes from git, so a pull request can write anything into it. These rules judge it by meaning before
// any of it is planned against: every field known, every id and arn shaped as the Partner Central model says and
// agreeing with each other, every id once, every intent exactly what the engine itself would have sent. Pure: the
// caller reads the file and turns the problems into one error.
import { canonicalJson } from './canonical.js';
import {
  ASSOCIATION_TYPES,
  COVERAGES,
  PROGRAM_MANAGEMENT_ACCOUNT_STATUSES,
  PROGRAMS,
  RESALE_ACCOUNT_MODELS,
  SECTORS,
  SUPPORT_PROVIDERS,
} from './channel-resources.js';
import { ALL_ACTIONS } from './kinds.js';
import { createRequestFor } from './lifecycle.js';
import {
  HANDSHAKE_PURPOSES,
  HANDSHAKE_STATUSES,
  HANDSHAKE_TYPES,
  type HandshakeSpec,
  type HandshakeType,
  STATE_VERSION,
  TOMBSTONE_REASONS,
} from './model.js';
import { resourceCreateOf } from './resource-plan.js';

/**
 * What a state file may cost to read. A real state holds a few KiB per declaration, so 16 MiB is thousands of
 * declarations; the deepest object the format writes is 6 levels (declarations → name → handshakes → entry → spec →
 * payload → fields), so 32 leaves room for growth and stops nesting long before any recursion could overflow.
 */
export const STATE_BUDGETS = { maxBytes: 16 * 1024 * 1024, maxDepth: 32 } as const;

/** A rule broken, at a JSON path such as `$.declarations.alpha.handshakes[0].id`. */
export interface StateProblem {
  path: string;
  message: string;
}

type Segment = string | number;

function jsonPath(segments: readonly Segment[]): string {
  return `$${segments
    .map((segment) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)
          ? `.${segment}`
          : `[${JSON.stringify(segment)}]`,
    )
    .join('')}`;
}

// The identifier shapes of partnercentral-channel.smithy.json (ChannelHandshakeId, ChannelHandshakeIdentifier,
// AssociatedResourceIdentifier, ProgramManagementAccountIdentifier, Catalog), with capture groups for the parts that
// must agree with the rest of a record.
const HANDSHAKE_ID = /^ch-[a-z0-9]{13}$/;
const HANDSHAKE_ARN =
  /^arn:[a-z-]+:partnercentral:[a-z0-9-]+:[0-9]{12}:catalog\/([a-zA-Z]+)\/channel-handshake\/(ch-[a-z0-9]{13})$/;
const RESOURCE_ARN =
  /^arn:[a-z-]+:partnercentral:[a-z0-9-]+:[0-9]{12}:catalog\/([a-zA-Z]+)\/program-management-account\/(pma-[a-z0-9]{13})(?:\/relationship\/(rs-[a-z0-9]{13}))?$/;
const RESOURCE_ID = /^(?:pma|rs)-[a-z0-9]{13}$/;
const CATALOG = /^[a-zA-Z]{1,64}$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** The model's identifiers are at most 1011 characters. */
const IDENTIFIER_LIMIT = 1011;

type Report = (at: readonly Segment[], message: string) => void;
type Rule = (value: unknown, at: readonly Segment[], report: Report) => void;
interface Field {
  required: boolean;
  rule: Rule;
}

const required = (rule: Rule): Field => ({ required: true, rule });
const optional = (rule: Rule): Field => ({ required: false, rule });

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An object with exactly these fields: a key the format does not have is refused, never carried along. */
function object(what: string, fields: Record<string, Field>): Rule {
  return (value, at, report) => {
    if (!isObject(value)) return report(at, `must be ${what}`);
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(fields, key)) report([...at, key], `is not a field of ${what} (unknown keys are refused)`);
    }
    for (const [key, field] of Object.entries(fields)) {
      if (Object.hasOwn(value, key)) field.rule(value[key], [...at, key], report);
      else if (field.required) report([...at, key], `is missing from ${what}`);
    }
  };
}

function listOf(rule: Rule): Rule {
  return (value, at, report) => {
    if (!Array.isArray(value)) return report(at, 'must be a list');
    for (const [index, item] of value.entries()) rule(item, [...at, index], report);
  };
}

/** Keys chosen by the user (tags): any key, each value a string. */
function mapOfText(what: string): Rule {
  return (value, at, report) => {
    if (!isObject(value)) return report(at, `must be ${what}`);
    for (const [key, item] of Object.entries(value)) {
      if (typeof item !== 'string') report([...at, key], 'must be a string');
    }
  };
}

const text: Rule = (value, at, report) => {
  if (typeof value !== 'string') report(at, 'must be a string');
};

function matching(pattern: RegExp, shape: string): Rule {
  return (value, at, report) => {
    if (typeof value !== 'string' || value.length > IDENTIFIER_LIMIT || !pattern.test(value)) {
      report(at, `must be ${shape}, not ${describe(value)}`);
    }
  };
}

function oneOf(values: readonly (string | number)[]): Rule {
  return (value, at, report) => {
    if (!values.includes(value as never)) report(at, `must be one of ${values.join(', ')}, not ${describe(value)}`);
  };
}

const wholeNumber: Rule = (value, at, report) => {
  if (!Number.isSafeInteger(value) || (value as number) < 0)
    report(at, `must be a whole number, not ${describe(value)}`);
};

const trueOnly: Rule = (value, at, report) => {
  if (value !== true) report(at, 'must be true when present');
};

const boolean: Rule = (value, at, report) => {
  if (typeof value !== 'boolean') report(at, 'must be true or false');
};

const timestamp: Rule = (value, at, report) => {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
    report(at, `must be a date and time, not ${describe(value)}`);
};

function describe(value: unknown): string {
  if (typeof value === 'string')
    return value.length > 80 ? `${JSON.stringify(value.slice(0, 80))}…` : JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

const handshakeId = matching(HANDSHAKE_ID, 'a channel handshake id (ch- and 13 lowercase letters or digits)');
const handshakeArn = matching(
  HANDSHAKE_ARN,
  'a channel handshake ARN (arn:<partition>:partnercentral:<region>:<account>:catalog/<catalog>/channel-handshake/ch-…)',
);
const resourceIdentifier = matching(
  new RegExp(`${RESOURCE_ARN.source}|${RESOURCE_ID.source}`),
  'a relationship or program management account id (rs-…, pma-…) or its ARN',
);
const accountIdentifier = matching(
  /^(?:arn:[a-z-]+:partnercentral:[a-z0-9-]+:[0-9]{12}:catalog\/[a-zA-Z]+\/program-management-account\/)?pma-[a-z0-9]{13}$/,
  'a program management account id (pma-…) or its ARN',
);

// ── The fields of each object of the format. Admitting a new field is one line in one of these tables. ──

const START_PAYLOAD = object('a start service period payload', {
  programManagementAccountIdentifier: required(accountIdentifier),
  servicePeriodType: required(oneOf(['MINIMUM_NOTICE_PERIOD', 'FIXED_COMMITMENT_PERIOD'])),
  // MinimumNoticeDays: ^[0-9]*$, 1..10 characters, as declarations allow.
  minimumNoticeDays: optional(matching(/^[0-9]{1,10}$/, '1 to 10 digits')),
  endDate: optional(timestamp),
  note: optional(text),
});

const REVOKE_PAYLOAD = object('a revoke service period payload', {
  programManagementAccountIdentifier: required(accountIdentifier),
  note: optional(text),
});

const PAYLOAD = object('a payload', {
  startServicePeriodPayload: optional(START_PAYLOAD),
  revokeServicePeriodPayload: optional(REVOKE_PAYLOAD),
});

const SPEC = object('a recorded declaration (spec)', {
  name: required(matching(NAME, 'a declaration name')),
  handshakeType: required(oneOf(HANDSHAKE_TYPES)),
  catalog: required(matching(CATALOG, 'a catalog (letters)')),
  associatedResourceIdentifier: required(resourceIdentifier),
  payload: optional(PAYLOAD),
  tags: required(mapOfText('an object of tags')),
  revision: required(wholeNumber),
  revokeNote: optional(text),
  protect: optional(trueOnly),
});

const APPLIED_BY = object('who applied it (appliedBy)', {
  actor: optional(text),
  imported: optional(boolean),
  commit: optional(text),
  pullRequest: optional(wholeNumber),
  runUrl: optional(text),
});

/** What ended a start or supersede (state version 3, core/endings.ts). */
const ENDED_BY = object('what ended a period (endedBy)', {
  id: required(handshakeId),
  purpose: required(oneOf(HANDSHAKE_PURPOSES)),
  at: required(timestamp),
});

const SENT_HANDSHAKE = object('a sent handshake', {
  id: required(handshakeId),
  arn: required(handshakeArn),
  handshakeType: required(oneOf(HANDSHAKE_TYPES)),
  purpose: required(oneOf(HANDSHAKE_PURPOSES)),
  status: required(oneOf(HANDSHAKE_STATUSES)),
  // Empty for a handshake `import` adopted: it was never sent with a token of ours.
  clientToken: required(text),
  spec: required(SPEC),
  generation: required(wholeNumber),
  ends: optional(handshakeId),
  endedBy: optional(ENDED_BY),
  sentAt: required(timestamp),
  updatedAt: optional(timestamp),
  appliedBy: required(APPLIED_BY),
});

const HISTORY = object('a declaration history', {
  handshakes: required(listOf(SENT_HANDSHAKE)),
  protect: optional(trueOnly),
  replacementPending: optional(trueOnly),
});

const REQUEST = object('a CreateChannelHandshake request', {
  handshakeType: required(oneOf(HANDSHAKE_TYPES)),
  catalog: required(matching(CATALOG, 'a catalog (letters)')),
  associatedResourceIdentifier: required(resourceIdentifier),
  payload: optional(PAYLOAD),
  clientToken: required(matching(/^[!-~]{1,64}$/, 'a clientToken')),
  tags: optional(listOf(object('a tag', { key: required(text), value: required(text) }))),
});

const INTENT = object('an interrupted create (intent)', {
  name: required(matching(NAME, 'a declaration name')),
  clientToken: required(text),
  request: required(REQUEST),
  spec: required(SPEC),
  generation: required(wholeNumber),
  purpose: optional(oneOf(HANDSHAKE_PURPOSES)),
  ends: optional(handshakeId),
  recordedAt: required(timestamp),
});

function mapOf(what: string, rule: Rule): Rule {
  return (value, at, report) => {
    if (!isObject(value)) return report(at, `must be ${what}`);
    for (const [key, item] of Object.entries(value)) rule(item, [...at, key], report);
  };
}

// ── Program management accounts and relationships (state version 4). ──

const ACCOUNT_ID = matching(/^[0-9]{12}$/, 'a 12-digit AWS account id');
// The model's display names exclude control characters (\x00-\x1F, \x7F).
const DISPLAY_NAME: Rule = (value, at, report) => {
  const fits =
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= 30 &&
    [...value].every((character) => {
      const code = character.codePointAt(0) ?? 0;
      return code > 0x1f && code !== 0x7f;
    });
  if (!fits) report(at, `must be a display name of 1 to 30 characters on one line, not ${describe(value)}`);
};
const SUPPORT = (provider: boolean) =>
  object('a support plan member', {
    coverage: required(oneOf(COVERAGES)),
    tamLocation: required(text),
    ...(provider ? { provider: optional(oneOf(SUPPORT_PROVIDERS)) } : { chargeAccountId: optional(ACCOUNT_ID) }),
  });
const SUPPORT_PLAN = object('a requested support plan', {
  resoldEnterprise: optional(SUPPORT(false)),
  resoldUnifiedOperations: optional(SUPPORT(false)),
  partnerLedSupport: optional(SUPPORT(true)),
});
const RESOURCE_SPEC: Rule = (value, at, report) => {
  const kind = isObject(value) ? value.kind : undefined;
  const common = {
    name: required(matching(NAME, 'a declaration name')),
    catalog: required(matching(CATALOG, 'a catalog (letters)')),
    displayName: required(DISPLAY_NAME),
    tags: required(mapOfText('an object of tags')),
    protect: optional(trueOnly),
  };
  if (kind === 'ProgramManagementAccount') {
    return object('a recorded program management account declaration', {
      kind: required(oneOf(['ProgramManagementAccount'])),
      ...common,
      program: required(oneOf(PROGRAMS)),
      accountId: required(ACCOUNT_ID),
    })(value, at, report);
  }
  object('a recorded relationship declaration', {
    kind: required(oneOf(['Relationship'])),
    ...common,
    programManagementAccount: required(
      matching(
        /^([a-z0-9][a-z0-9-]{0,62}|.*pma-[a-z0-9]{13})$/,
        'a declaration name or a program management account id',
      ),
    ),
    associatedAccountId: required(ACCOUNT_ID),
    associationType: required(oneOf(ASSOCIATION_TYPES)),
    sector: required(oneOf(SECTORS)),
    resaleAccountModel: optional(oneOf(RESALE_ACCOUNT_MODELS)),
    requestedSupportPlan: optional(SUPPORT_PLAN),
  })(value, at, report);
};
const RESOURCE_ID_OF = { ProgramManagementAccount: /^pma-[a-z0-9]{13}$/, Relationship: /^rs-[a-z0-9]{13}$/ } as const;
const RESOURCE_RECORD = object('a recorded program management account or relationship', {
  kind: required(oneOf(['ProgramManagementAccount', 'Relationship'])),
  id: required(matching(RESOURCE_ID, 'a program management account or relationship id')),
  arn: required(matching(RESOURCE_ARN, 'a program management account or relationship ARN')),
  // Empty for an imported resource (judged below): AWS does not say which token created it elsewhere.
  clientToken: required(matching(/^([!-~]{1,64})?$/, 'a clientToken')),
  spec: required(RESOURCE_SPEC),
  programManagementAccountId: optional(matching(/^pma-[a-z0-9]{13}$/, 'a program management account id')),
  status: optional(oneOf(PROGRAM_MANAGEMENT_ACCOUNT_STATUSES)),
  createdAt: required(timestamp),
  appliedBy: required(APPLIED_BY),
  adopted: optional(trueOnly),
  displayName: optional(DISPLAY_NAME),
  revision: optional(text),
  deletedOutside: optional(trueOnly),
});
const RESOURCE_INTENT = object('an interrupted resource create (resource intent)', {
  name: required(matching(NAME, 'a declaration name')),
  kind: required(oneOf(['ProgramManagementAccount', 'Relationship'])),
  clientToken: required(matching(/^[!-~]{1,64}$/, 'a clientToken')),
  // Judged whole below: it must be exactly what the engine builds.
  request: required((value, at, report) => {
    if (!isObject(value)) report(at, 'must be a create request');
  }),
  spec: required(RESOURCE_SPEC),
  programManagementAccountId: optional(matching(/^pma-[a-z0-9]{13}$/, 'a program management account id')),
  recordedAt: required(timestamp),
});

/** A record's kind, spec kind, id and arn agree; a resource intent's request is exactly what the engine sends. */
function resourceProblems(value: Record<string, unknown>, report: Report): void {
  if (isObject(value.resources)) {
    for (const [name, record] of Object.entries(value.resources)) {
      if (!isObject(record) || !isObject(record.spec)) continue;
      const at = ['resources', name];
      const kind = record.kind as keyof typeof RESOURCE_ID_OF;
      if (record.spec.kind !== kind) report([...at, 'spec', 'kind'], `must be ${describe(kind)}, the record's kind`);
      if (record.spec.name !== name) report([...at, 'spec', 'name'], `must be "${name}", the key it is recorded under`);
      if (typeof record.id === 'string' && RESOURCE_ID_OF[kind] && !RESOURCE_ID_OF[kind].test(record.id)) {
        report([...at, 'id'], `must be the id of a ${kind}, not ${describe(record.id)}`);
      }
      if (typeof record.arn === 'string' && typeof record.id === 'string' && !record.arn.endsWith(`/${record.id}`)) {
        report([...at, 'arn'], `must end with the record's id ${record.id}`);
      }
      if (record.clientToken === '' && !(isObject(record.appliedBy) && record.appliedBy.imported === true)) {
        report([...at, 'clientToken'], 'may be empty only for a resource adopted by import (appliedBy.imported)');
      }
      if (kind === 'Relationship' && typeof record.programManagementAccountId !== 'string') {
        report([...at, 'programManagementAccountId'], 'is missing from a recorded relationship');
      }
    }
  }
  if (isObject(value.resourceIntents) && typeof value.lineage === 'string') {
    for (const [name, intent] of Object.entries(value.resourceIntents)) {
      if (!isObject(intent) || !isObject(intent.spec) || !isObject(intent.request)) continue;
      const at = ['resourceIntents', name];
      if (intent.name !== name || intent.spec.name !== name) {
        report([...at, 'name'], `must be "${name}", the key it is recorded under (and its spec's name)`);
        continue;
      }
      if (intent.spec.kind !== intent.kind) {
        // Never skipped: an intent the equality check below cannot judge is one the engine did not write.
        report([...at, 'kind'], `must be the kind of its spec (${JSON.stringify(intent.spec.kind)})`);
        continue;
      }
      const expected = resourceCreateOf(
        value.lineage,
        intent.spec as never,
        typeof intent.programManagementAccountId === 'string' ? intent.programManagementAccountId : undefined,
      );
      if (
        canonicalJson(expected.request) !== canonicalJson(intent.request) ||
        expected.clientToken !== intent.clientToken
      ) {
        report(
          [...at, 'request'],
          "must be exactly the create this engine sends for the intent's spec and lineage (owner tag and clientToken included)",
        );
      }
    }
  }
}

// ── The reviewed remainder of a merge's plan (format version 5 adds `deferred`; core/deferred.ts). ──
// A pull request can forge this record too. That is safe by the rules that read it: a later run continues only a
// record whose digest, over it and the resource records its waits are sent to, is in our own comment; and it sends
// an item only when a fresh plan from the merged declarations holds exactly that change.

const DIGEST = matching(/^sha256:[0-9a-f]{64}$/, 'a sha256 digest (sha256: and 64 hex digits)');

const DEFERRED_ITEM: Rule = (value, at, report) => {
  const common = { name: required(matching(NAME, 'a declaration name')), fingerprint: required(DIGEST) };
  if (isObject(value) && value.kind === 'wait') {
    return object('a deferred waiting declaration', {
      kind: required(oneOf(['wait'])),
      ...common,
      declarationKind: required(oneOf(['ChannelHandshake', 'ProgramManagementAccount', 'Relationship'])),
      waitsFor: required(text),
      until: required(oneOf(['created', 'active', 'ended', 'deleted'])),
    })(value, at, report);
  }
  object('a deferred change', {
    kind: required(oneOf(['time'])),
    ...common,
    action: required(oneOf(ALL_ACTIONS)),
    change: required(DIGEST),
    clientToken: optional(matching(/^[!-~]{1,64}$/, 'a clientToken')),
  })(value, at, report);
};
const DEFERRED = object('the reviewed remainder of a plan (deferred)', {
  planDigest: required(DIGEST),
  pullRequest: optional(wholeNumber),
  commit: optional(matching(/^[0-9a-f]{40,64}$/, 'a commit id')),
  reviewedAt: required(timestamp),
  total: required(wholeNumber),
  sent: required(wholeNumber),
  items: required(listOf(DEFERRED_ITEM)),
});

/** The counts add up: what is sent and what is left never exceed what was reviewed. */
function deferredProblems(value: Record<string, unknown>, report: Report): void {
  const deferred = value.deferred;
  if (!isObject(deferred) || !Array.isArray(deferred.items)) return;
  const { total, sent } = deferred;
  if (typeof total === 'number' && typeof sent === 'number' && sent + deferred.items.length > total) {
    report(['deferred', 'total'], `must be at least sent + items (${sent} + ${deferred.items.length})`);
  }
  if (deferred.items.length === 0) report(['deferred', 'items'], 'must not be empty (the record is removed instead)');
}

/** A forgotten ACCEPTED PROGRAM_MANAGEMENT_ACCOUNT handshake (state version 5, core/tombstones.ts). */
const TOMBSTONE = object('a tombstone of a forgotten handshake', {
  id: required(handshakeId),
  arn: required(handshakeArn),
  name: required(matching(NAME, 'a declaration name')),
  reason: required(oneOf(TOMBSTONE_REASONS)),
  forgottenAt: required(timestamp),
});

/** Each tombstone's arn is its own id's, and an id has one tombstone. */
function tombstoneProblems(tombstones: unknown, report: Report): void {
  if (!Array.isArray(tombstones)) return;
  const seen = new Map<string, number>();
  tombstones.forEach((tombstone: unknown, index: number) => {
    if (!isObject(tombstone) || typeof tombstone.id !== 'string' || !HANDSHAKE_ID.test(tombstone.id)) return;
    const at = ['tombstones', index];
    const arn = typeof tombstone.arn === 'string' ? HANDSHAKE_ARN.exec(tombstone.arn) : null;
    if (arn && arn[2] !== tombstone.id)
      report([...at, 'arn'], `names ${arn[2]}, but the tombstone's id is ${tombstone.id}`);
    const first = seen.get(tombstone.id);
    if (first !== undefined) {
      report([...at, 'id'], `${tombstone.id} has a tombstone twice (also at ${jsonPath(['tombstones', first])})`);
    } else seen.set(tombstone.id, index);
  });
}

const STATE = object('a state file', {
  version: required(oneOf([STATE_VERSION])),
  lineage: required(matching(/^.{1,256}$/su, 'a lineage')),
  serial: required(wholeNumber),
  declarations: required(mapOf('an object keyed by declaration name', HISTORY)),
  intents: optional(mapOf('an object keyed by declaration name', INTENT)),
  resources: optional(mapOf('an object keyed by declaration name', RESOURCE_RECORD)),
  resourceIntents: optional(mapOf('an object keyed by declaration name', RESOURCE_INTENT)),
  deferred: optional(DEFERRED),
  tombstones: optional(listOf(TOMBSTONE)),
});

// ── Rules across fields and records. ──

/** The purposes a handshake of each type is recorded with (`importedPurpose` and the planner agree). */
const PURPOSES_OF: Record<HandshakeType, readonly string[]> = {
  START_SERVICE_PERIOD: ['start', 'supersede'],
  REVOKE_SERVICE_PERIOD: ['revoke'],
  PROGRAM_MANAGEMENT_ACCOUNT: ['pma'],
};

const PAYLOAD_OF: Record<HandshakeType, string | undefined> = {
  START_SERVICE_PERIOD: 'startServicePeriodPayload',
  REVOKE_SERVICE_PERIOD: 'revokeServicePeriodPayload',
  PROGRAM_MANAGEMENT_ACCOUNT: undefined,
};

/** The payload's program management account, as an id, when the spec is well-formed enough to say. */
function payloadAccount(spec: Record<string, unknown>): string | undefined {
  if (!isObject(spec.payload)) return undefined;
  for (const member of Object.values(spec.payload)) {
    if (isObject(member) && typeof member.programManagementAccountIdentifier === 'string') {
      const identifier = member.programManagementAccountIdentifier;
      return identifier.slice(identifier.lastIndexOf('/') + 1);
    }
  }
  return undefined;
}

/**
 * A spec whose type, resource, payload and catalog agree: the resource is a relationship for a service period and a
 * program management account for a PMA handshake, and every ARN in it names the spec's catalog and the payload's
 * account.
 */
function specAgreement(spec: unknown, at: readonly Segment[], report: Report): void {
  if (!isObject(spec)) return;
  const type = spec.handshakeType as HandshakeType;
  if (!HANDSHAKE_TYPES.includes(type)) return;
  const resource = spec.associatedResourceIdentifier;
  const here = [...at, 'associatedResourceIdentifier'];
  if (typeof resource === 'string') {
    const arn = RESOURCE_ARN.exec(resource);
    const isRelationship = arn ? arn[3] !== undefined : resource.startsWith('rs-');
    if (type === 'PROGRAM_MANAGEMENT_ACCOUNT' && isRelationship) {
      report(here, `must be a program management account for a ${type} handshake, not the relationship ${resource}`);
    }
    if (type !== 'PROGRAM_MANAGEMENT_ACCOUNT' && !isRelationship && (arn || RESOURCE_ID.test(resource))) {
      report(here, `must be a relationship for a ${type} handshake, not the program management account ${resource}`);
    }
    if (arn && typeof spec.catalog === 'string' && arn[1] !== spec.catalog) {
      report(here, `names catalog ${arn[1]}, but the record's catalog is ${spec.catalog}`);
    }
    const account = payloadAccount(spec);
    if (arn?.[3] !== undefined && account !== undefined && arn[2] !== account) {
      report(here, `belongs to the program management account ${arn[2]}, but the payload names ${account}`);
    }
  }
  const expected = PAYLOAD_OF[type];
  const members = isObject(spec.payload) ? Object.keys(spec.payload) : [];
  if (expected === undefined && members.length > 0)
    report([...at, 'payload'], `must be absent for a ${type} handshake`);
  if (expected !== undefined && (members.length !== 1 || members[0] !== expected)) {
    report([...at, 'payload'], `must hold exactly ${expected} for a ${type} handshake`);
  }
  if (isObject(spec.payload)) {
    for (const [member, value] of Object.entries(spec.payload)) {
      const identifier = isObject(value) ? value.programManagementAccountIdentifier : undefined;
      const arn = typeof identifier === 'string' ? /:catalog\/([a-zA-Z]+)\//.exec(identifier) : null;
      if (arn && typeof spec.catalog === 'string' && arn[1] !== spec.catalog) {
        report(
          [...at, 'payload', member, 'programManagementAccountIdentifier'],
          `names catalog ${arn[1]}, but the record's catalog is ${spec.catalog}`,
        );
      }
    }
  }
}

/** One recorded handshake: its arn is its id's, in its spec's catalog; its type and purpose are its spec's. */
function entryAgreement(entry: Record<string, unknown>, at: readonly Segment[], report: Report): void {
  const spec = isObject(entry.spec) ? entry.spec : undefined;
  // A malformed id is reported on its own; comparing the arn with it would only repeat that.
  if (typeof entry.arn === 'string' && typeof entry.id === 'string' && HANDSHAKE_ID.test(entry.id)) {
    const arn = HANDSHAKE_ARN.exec(entry.arn);
    if (arn && arn[2] !== entry.id)
      report([...at, 'arn'], `names ${arn[2]}, but the record's id is ${describe(entry.id)}`);
    if (arn && typeof spec?.catalog === 'string' && arn[1] !== spec.catalog) {
      report([...at, 'arn'], `names catalog ${arn[1]}, but the record's catalog (spec.catalog) is ${spec.catalog}`);
    }
  }
  const type = entry.handshakeType as HandshakeType;
  if (spec && HANDSHAKE_TYPES.includes(type) && spec.handshakeType !== type) {
    report([...at, 'handshakeType'], `is ${type}, but the recorded spec sent ${describe(spec.handshakeType)}`);
  }
  if (
    HANDSHAKE_TYPES.includes(type) &&
    typeof entry.purpose === 'string' &&
    !PURPOSES_OF[type].includes(entry.purpose)
  ) {
    report(
      [...at, 'purpose'],
      `cannot be ${entry.purpose} for a ${type} handshake (${PURPOSES_OF[type].join(' or ')})`,
    );
  }
  specAgreement(entry.spec, [...at, 'spec'], report);
}

/**
 * Every record across all histories: ids once, each record agreeing with itself, each spec naming the key it is
 * recorded under (since version 5 a rename rewrites the names it moves, and the migration from version 4 sets them).
 */
function recordAgreement(declarations: Record<string, unknown>, report: Report): void {
  const seen = new Map<string, string>();
  for (const [name, history] of Object.entries(declarations)) {
    if (!isObject(history) || !Array.isArray(history.handshakes)) continue;
    history.handshakes.forEach((entry: unknown, index: number) => {
      if (!isObject(entry)) return;
      const at = ['declarations', name, 'handshakes', index];
      entryAgreement(entry, at, report);
      // A spec name that is no declaration name at all is reported once, by the field table.
      if (
        isObject(entry.spec) &&
        typeof entry.spec.name === 'string' &&
        NAME.test(entry.spec.name) &&
        entry.spec.name !== name
      ) {
        report(
          [...at, 'spec', 'name'],
          `must be "${name}", the key it is recorded under, not ${describe(entry.spec.name)}`,
        );
      }
      if (typeof entry.id === 'string' && HANDSHAKE_ID.test(entry.id)) {
        const first = seen.get(entry.id);
        if (first) report([...at, 'id'], `${entry.id} is recorded twice (also at ${first}): an id appears once`);
        else seen.set(entry.id, jsonPath([...at, 'id']));
      }
    });
  }
}

/**
 * Never trust an intent's request: a resume replays it as it stands, so it must be exactly what the engine builds
 * from the intent's name, spec and generation with this state's lineage (owner tag, payload and token included).
 * The one other form the engine writes: finishing a replace the first release interrupted (the history is marked
 * `replacementPending` and the revision was not bumped) replays the body without the owner tag, as first sent.
 */
function intentProblems(
  lineage: string,
  declarations: Record<string, unknown>,
  intents: Record<string, unknown>,
  report: Report,
): void {
  for (const [name, intent] of Object.entries(intents)) {
    if (!isObject(intent)) continue;
    const at = ['intents', name];
    if (intent.name !== name) report([...at, 'name'], `must be "${name}", the key it is recorded under`);
    const spec = intent.spec;
    if (!isObject(spec) || !isObject(intent.request) || !Number.isSafeInteger(intent.generation)) continue;
    if (spec.name !== name) report([...at, 'spec', 'name'], `must be "${name}", the intent's name`);
    specAgreement(spec, [...at, 'spec'], report);
    const type = spec.handshakeType as HandshakeType;
    if (
      HANDSHAKE_TYPES.includes(type) &&
      typeof intent.purpose === 'string' &&
      !PURPOSES_OF[type].includes(intent.purpose)
    ) {
      report([...at, 'purpose'], `cannot be ${intent.purpose} for a ${type} handshake`);
    }
    if (intent.clientToken !== intent.request.clientToken) {
      report([...at, 'clientToken'], 'must be the clientToken of its request');
    }
    if (spec.name !== name || !HANDSHAKE_TYPES.includes(type)) continue;
    const typed = spec as unknown as HandshakeSpec;
    const generation = intent.generation as number;
    const sent = canonicalJson(intent.request);
    const built = (ownerTag: boolean) => canonicalJson(createRequestFor(lineage, typed, generation, { ownerTag }));
    if (sent === built(true)) continue;
    const history = declarations[name];
    const latest = isObject(history) && Array.isArray(history.handshakes) ? history.handshakes.at(-1) : undefined;
    const finishingFirstRelease =
      isObject(history) &&
      history.replacementPending === true &&
      isObject(latest) &&
      isObject(latest.spec) &&
      latest.spec.revision === typed.revision;
    if (finishingFirstRelease && sent === built(false)) continue;
    report(
      [...at, 'request'],
      `is not the request this engine builds from the intent's name, spec and generation (${type}, owner tag, payload and clientToken must all be its own), so it is never replayed`,
    );
  }
}

/**
 * Every problem of a state in the current format (already parsed, or migrated from an earlier one), with its JSON
 * path. Empty when the state may be planned against.
 */
export function stateProblems(value: unknown): StateProblem[] {
  const problems: StateProblem[] = [];
  const report: Report = (at, message) => problems.push({ path: jsonPath(at), message });
  STATE(value, [], report);
  if (!isObject(value)) return problems;
  if (isObject(value.declarations)) {
    recordAgreement(value.declarations, report);
    if (isObject(value.intents) && typeof value.lineage === 'string') {
      intentProblems(value.lineage, value.declarations, value.intents, report);
    }
  }
  resourceProblems(value, report);
  deferredProblems(value, report);
  tombstoneProblems(value.tombstones, report);
  return problems;
}

/**
 * Checks a JSON text against the budgets before it is parsed: its length, and how deeply it nests, in one linear pass
 * that recurses nowhere. Undefined when within budget; otherwise where it went over.
 */
export function jsonBudgetProblem(
  text: string,
  budgets: { maxBytes: number; maxDepth: number } = STATE_BUDGETS,
): (StateProblem & { line?: number }) | undefined {
  // A UTF-16 unit is at least one byte in UTF-8, so a text longer than the budget in units is over it in bytes too.
  if (text.length > budgets.maxBytes) {
    return { path: '$', message: `is over the ${budgets.maxBytes / 1024 / 1024} MiB budget for a state file` };
  }
  // Per open bracket: its key or index so far, so the path of the spot that went too deep can be named.
  const frames: { array: boolean; key: Segment | undefined }[] = [];
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === '{' || character === '[') {
      frames.push({ array: character === '[', key: character === '[' ? 0 : undefined });
      if (frames.length > budgets.maxDepth) {
        const path = frames.slice(0, -1).map((frame) => frame.key ?? '?');
        return {
          path: jsonPath(path),
          line: text.slice(0, index).split('\n').length,
          message: `nests deeper than ${budgets.maxDepth} levels, the budget for a state file`,
        };
      }
    } else if (character === '}' || character === ']') {
      frames.pop();
    } else if (character === ',') {
      const frame = frames.at(-1);
      if (frame?.array) frame.key = (frame.key as number) + 1;
    } else if (character === '"') {
      const start = index;
      for (index++; index < text.length && text[index] !== '"'; index++) {
        if (text[index] === '\\') index++;
      }
      const frame = frames.at(-1);
      if (frame && !frame.array) {
        let next = index + 1;
        while (next < text.length && /\s/.test(text[next] as string)) next++;
        if (text[next] === ':') {
          try {
            frame.key = JSON.parse(text.slice(start, index + 1)) as string;
          } catch {
            frame.key = text.slice(start + 1, index);
          }
        }
      }
    }
  }
  return undefined;
}
