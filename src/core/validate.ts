import type { ReferencingHandshakeDeclaration, ResourceDeclaration } from './channel-declarations.js';
import { declaredKind, resourceKindEntry } from './declaration-kinds.js';
import { relationshipKey } from './history.js';
import type { ParsedDocument } from './load.js';
import type { Declaration, Diagnostic, ForgetRequest, HandshakeSpec } from './model.js';
import {
  normalizeDeclaration,
  normalizeEndDate,
  programManagementAccountOf,
  type RawDeclaration,
  resourceId,
} from './normalize.js';
import { OWNER_TAG_KEY } from './ownership.js';
import { holdsCredentialShape } from './redact.js';
import type { DeclarationValidator } from './schema.js';

export interface ValidationResult {
  declarations: Declaration[];
  /** `kind: ProgramManagementAccount` and `kind: Relationship` declarations. */
  resources: ResourceDeclaration[];
  /** Handshake declarations that name their resource by `relationship:` or `programManagementAccount:`. */
  referencing: ReferencingHandshakeDeclaration[];
  diagnostics: Diagnostic[];
  /** `forget: <name>` documents. */
  forgets: ForgetRequest[];
}

export interface ValidationOptions {
  validator: DeclarationValidator;
  /** The moment fixed terms are measured from; passed in so validation stays a pure function. */
  now: Date;
}

const DOCUMENTED_NOTICE_DAYS = new Set(['14', '30', '60']);
const FIXED_TERM_MIN_DAYS = 60;
const FIXED_TERM_MAX_DAYS = 365;
const DAY_MS = 86_400_000;

function fieldName(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(document)' : path.join('.');
}

function nameOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'name' in value && typeof value.name === 'string') {
    return value.name;
  }
  return undefined;
}

/**
 * Rules the AWS documentation states but the model does not enforce: worth a warning, never a refusal. The one
 * exception is an end date already past: such a term can never be in force.
 */
function documentedPractice(document: ParsedDocument, spec: HandshakeSpec, now: Date): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const payload =
    spec.payload && 'startServicePeriodPayload' in spec.payload ? spec.payload.startServicePeriodPayload : undefined;
  if (!payload) {
    return warnings;
  }
  const base = ['payload', 'startServicePeriodPayload'];
  if (payload.minimumNoticeDays !== undefined && !DOCUMENTED_NOTICE_DAYS.has(payload.minimumNoticeDays)) {
    warnings.push({
      severity: 'warning',
      code: 'practice.notice-days',
      name: spec.name,
      field: `${base.join('.')}.minimumNoticeDays`,
      location: document.locate([...base, 'minimumNoticeDays']),
      message: `AWS documents minimum notice periods of 14, 30 or 60 days; ${payload.minimumNoticeDays} may be refused by Partner Central.`,
    });
  }
  // A past endDate is judged by the plan, which knows whether the term was applied: an expired accepted term is a
  // warning with the way to renew or forget it, never an error that blocks every other declaration (issue 16).
  if (payload.endDate !== undefined && Date.parse(payload.endDate) > now.getTime()) {
    const days = Math.round((Date.parse(payload.endDate) - now.getTime()) / DAY_MS);
    if (days < FIXED_TERM_MIN_DAYS || days > FIXED_TERM_MAX_DAYS) {
      warnings.push({
        severity: 'warning',
        code: 'practice.fixed-term',
        name: spec.name,
        field: `${base.join('.')}.endDate`,
        location: document.locate([...base, 'endDate']),
        message: `AWS documents fixed terms of 60 to 365 days; ${payload.endDate} is ${days} days from today.`,
      });
    }
  }
  return warnings;
}

/**
 * A credential in a declaration would be sent to Partner Central and published in every plan; and since the state,
 * the plan and the comment redact credential-shaped text, the recorded spec would never match the declaration again.
 */
function credentialProblems(document: ParsedDocument, spec: HandshakeSpec): Diagnostic[] {
  const candidates: { path: string[]; text: string }[] = [];
  const payload = spec.payload;
  if (payload && 'startServicePeriodPayload' in payload && payload.startServicePeriodPayload.note !== undefined) {
    candidates.push({
      path: ['payload', 'startServicePeriodPayload', 'note'],
      text: payload.startServicePeriodPayload.note,
    });
  }
  if (payload && 'revokeServicePeriodPayload' in payload && payload.revokeServicePeriodPayload.note !== undefined) {
    candidates.push({
      path: ['payload', 'revokeServicePeriodPayload', 'note'],
      text: payload.revokeServicePeriodPayload.note,
    });
  }
  for (const [key, value] of Object.entries(spec.tags)) {
    candidates.push({ path: ['tags', key], text: `${key} ${value}` });
  }
  return candidates
    .filter((candidate) => holdsCredentialShape(candidate.text))
    .map((candidate) => ({
      severity: 'error',
      code: 'secret.credential',
      name: spec.name,
      field: candidate.path.join('.'),
      location: document.locate(candidate.path),
      message:
        'this looks like an AWS access key id or a GitHub token. Credentials never belong in a declaration: it would be sent to Partner Central and shown in every plan. Remove it.',
    }));
}

function impossibleDate(document: ParsedDocument): Diagnostic | undefined {
  const value = document.value as Partial<RawDeclaration> | null;
  const endDate = value?.payload?.startServicePeriodPayload?.endDate;
  // Shape problems with endDate are the schema's to report; only a well-formed but impossible date is ours.
  if (typeof endDate !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(endDate) || normalizeEndDate(endDate) !== undefined) {
    return undefined;
  }
  const path = ['payload', 'startServicePeriodPayload', 'endDate'];
  return {
    severity: 'error',
    code: 'schema.date',
    name: nameOf(value),
    field: path.join('.'),
    location: document.locate(path),
    message: `"${endDate}" is not a real calendar date. Write a date such as 2027-03-31 or a date-time such as 2027-03-31T00:00:00Z.`,
  };
}

/** The owner tag is written by apply on every create; a declaration that sets it would let one repository pose as another. */
function reservedTag(document: ParsedDocument): Diagnostic | undefined {
  const value = document.value as Partial<RawDeclaration> | null;
  const tags = value?.tags;
  if (!tags || typeof tags !== 'object' || !Object.hasOwn(tags, OWNER_TAG_KEY)) {
    return undefined;
  }
  const path = ['tags', OWNER_TAG_KEY];
  return {
    severity: 'error',
    code: 'tags.reserved',
    name: nameOf(value),
    field: `tags.${OWNER_TAG_KEY}`,
    location: document.locate(path, { key: true }),
    message: `the tag ${OWNER_TAG_KEY} is reserved: apply sets it on every create to <lineage>/<name>, so handshakes of one repository are never adopted by another. Remove it from the declaration.`,
  };
}

/**
 * Checks documents against the schema and the per-declaration rules. All problems are collected, so a single run
 * tells the user everything that is wrong. The rules that span files are `crossFileProblems`, run once at the end.
 */
export function validateDocuments(documents: readonly ParsedDocument[], options: ValidationOptions): ValidationResult {
  const diagnostics: Diagnostic[] = [];
  const declarations: Declaration[] = [];
  const resources: ResourceDeclaration[] = [];
  const referencing: ReferencingHandshakeDeclaration[] = [];
  const forgets: ForgetRequest[] = [];
  for (const document of documents) {
    const problems = options.validator(document.value);
    const name = nameOf(document.value);
    for (const problem of problems) {
      diagnostics.push({
        severity: 'error',
        code: `schema.${problem.keyword}`,
        name,
        field: fieldName(problem.path),
        location: document.locate(problem.path, { key: problem.atKey }),
        message: problem.message,
      });
    }
    if (isForgetDocument(document.value)) {
      if (problems.length === 0) forgets.push(forgetRequest(document));
      continue;
    }
    const resourceKind = resourceKindEntry(declaredKind(document.value));
    if (resourceKind) {
      const tagProblem = reservedTag(document);
      if (tagProblem) diagnostics.push(tagProblem);
      if (problems.length > 0 || tagProblem) continue;
      const spec = resourceKind.normalize(document.value as Record<string, unknown>);
      diagnostics.push(...resourceCredentialProblems(document, spec.name, spec.displayName, spec.tags));
      resources.push({
        spec,
        location: document.location,
        fieldLocations: {
          name: document.locate(['name']),
          ...(spec.kind === 'Relationship'
            ? { programManagementAccount: document.locate(['programManagementAccount']) }
            : {}),
        },
      });
      continue;
    }
    const dateProblem = impossibleDate(document);
    if (dateProblem) {
      diagnostics.push(dateProblem);
    }
    const tagProblem = reservedTag(document);
    if (tagProblem) {
      diagnostics.push(tagProblem);
    }
    if (problems.length > 0 || dateProblem || tagProblem) {
      continue;
    }
    const spec = normalizeDeclaration(document.value as RawDeclaration);
    diagnostics.push(...documentedPractice(document, spec, options.now), ...credentialProblems(document, spec));
    const reference = handshakeReference(document);
    if (reference) {
      referencing.push({
        spec: { ...spec, associatedResourceIdentifier: '' },
        reference,
        location: document.location,
        fieldLocations: {
          name: document.locate(['name']),
          ...(payloadAccountWritten(spec)
            ? {
                payloadAccount: document.locate(['payload', payloadMember(spec), 'programManagementAccountIdentifier']),
              }
            : {}),
        },
      });
      continue;
    }
    declarations.push({
      spec,
      location: document.location,
      fieldLocations: {
        name: document.locate(['name']),
        associatedResourceIdentifier: document.locate(['associatedResourceIdentifier']),
      },
    });
  }
  return { declarations, resources, referencing, diagnostics, forgets };
}

/** The `relationship:` or `programManagementAccount:` a handshake document names, once the schema accepted it. */
function handshakeReference(document: ParsedDocument): ReferencingHandshakeDeclaration['reference'] | undefined {
  const value = document.value as { relationship?: string; programManagementAccount?: string };
  if (value.relationship !== undefined) {
    return { kind: 'Relationship', name: value.relationship, location: document.locate(['relationship']) };
  }
  if (value.programManagementAccount !== undefined) {
    return {
      kind: 'ProgramManagementAccount',
      name: value.programManagementAccount,
      location: document.locate(['programManagementAccount']),
    };
  }
  return undefined;
}

function payloadMember(spec: HandshakeSpec): 'startServicePeriodPayload' | 'revokeServicePeriodPayload' {
  return spec.payload && 'revokeServicePeriodPayload' in spec.payload
    ? 'revokeServicePeriodPayload'
    : 'startServicePeriodPayload';
}

/** The payload's program management account as written, when the declaration writes one. */
export function payloadAccountWritten(spec: HandshakeSpec): string | undefined {
  if (!spec.payload) return undefined;
  const member =
    'startServicePeriodPayload' in spec.payload
      ? spec.payload.startServicePeriodPayload
      : spec.payload.revokeServicePeriodPayload;
  return member.programManagementAccountIdentifier;
}

/** The same guard as for handshakes: a credential in a display name or a tag would be sent and published. */
function resourceCredentialProblems(
  document: ParsedDocument,
  name: string,
  displayName: string,
  tags: Record<string, string>,
): Diagnostic[] {
  const candidates: { path: string[]; text: string }[] = [{ path: ['displayName'], text: displayName }];
  for (const [key, value] of Object.entries(tags)) candidates.push({ path: ['tags', key], text: `${key} ${value}` });
  return candidates
    .filter((candidate) => holdsCredentialShape(candidate.text))
    .map((candidate) => ({
      severity: 'error' as const,
      code: 'secret.credential',
      name,
      field: candidate.path.join('.'),
      location: document.locate(candidate.path),
      message:
        'this looks like an AWS access key id or a GitHub token. Credentials never belong in a declaration: it would be sent to Partner Central and shown in every plan. Remove it.',
    }));
}

function isForgetDocument(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, 'forget');
}

/** A `forget: <name>` document, once the schema accepted it. */
function forgetRequest(document: ParsedDocument): ForgetRequest {
  const value = document.value as { forget: string; reason?: string };
  return {
    name: value.forget,
    ...(value.reason !== undefined ? { reason: value.reason } : {}),
    location: document.location,
  };
}

function where(declaration: Declaration): string {
  return `${declaration.location.file}:${declaration.location.line}:${declaration.location.column}`;
}

/** Names must be unique, and no two declarations may send the same handshake. */
export function crossFileProblems(declarations: readonly Declaration[]): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const byName = new Map<string, Declaration>();
  const byHandshake = new Map<string, Declaration>();
  const starts = new Map<string, Declaration>();
  for (const declaration of declarations) {
    if (declaration.spec.handshakeType === 'START_SERVICE_PERIOD')
      starts.set(relationshipKey(declaration.spec), declaration);
  }
  for (const declaration of declarations) {
    const start = starts.get(relationshipKey(declaration.spec));
    if (declaration.spec.handshakeType === 'REVOKE_SERVICE_PERIOD' && start) {
      problems.push({
        severity: 'error',
        code: 'contradiction.start-and-revoke',
        name: declaration.spec.name,
        field: 'handshakeType',
        location: declaration.location,
        message: `"${declaration.spec.name}" revokes the service period that "${start.spec.name}" at ${where(start)} declares. Remove the START instead: removing it sends exactly one REVOKE_SERVICE_PERIOD (with its revokeNote, if any).`,
      });
    }
  }
  for (const declaration of declarations) {
    const { spec } = declaration;
    const first = byName.get(spec.name);
    if (first) {
      problems.push({
        severity: 'error',
        code: 'duplicate.name',
        name: spec.name,
        field: 'name',
        location: declaration.fieldLocations.name,
        message: `the name "${spec.name}" is already used at ${where(first)}. Names identify handshakes in the recorded state, so each must be unique: rename one of them.`,
      });
    } else {
      byName.set(spec.name, declaration);
    }
    const identity = [
      spec.handshakeType,
      spec.catalog,
      resourceId(spec.associatedResourceIdentifier),
      programManagementAccountOf(spec),
    ].join(' ');
    const twin = byHandshake.get(identity);
    if (twin) {
      problems.push({
        severity: 'error',
        code: 'duplicate.handshake',
        name: spec.name,
        field: 'associatedResourceIdentifier',
        location: declaration.fieldLocations.associatedResourceIdentifier,
        message: `"${spec.name}" would send the same ${spec.handshakeType} handshake (catalog ${spec.catalog}, resource ${resourceId(spec.associatedResourceIdentifier)}, program management account ${programManagementAccountOf(spec)}) as "${twin.spec.name}" at ${where(twin)}. Keep one of them.`,
      });
    } else {
      byHandshake.set(identity, declaration);
    }
  }
  return problems;
}
