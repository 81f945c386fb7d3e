import type {
  CreateChannelHandshakeRequest,
  HandshakePayload,
  HandshakeSpec,
  HandshakeType,
  RevokeServicePeriodPayload,
  ServicePeriodType,
  StartServicePeriodPayload,
} from './model.js';
import { setOwn } from './own.js';

/**
 * Turns a declaration's date into the wire form: RFC 3339 in UTC, without fractional seconds when there are none,
 * which is also how the AWS SDKs serialize a `date-time` timestamp. Returns undefined for an impossible date.
 */
export function normalizeEndDate(text: string): string | undefined {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const candidate = dateOnly ? `${text}T00:00:00Z` : text.toUpperCase();
  const parsed = new Date(candidate);
  if (Number.isNaN(parsed.getTime())) {
    return undefined;
  }
  // Date accepts 2027-02-30 and rolls it into March; a declaration that says so is a mistake.
  const calendar = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (calendar) {
    const [, year, month, day] = calendar.map(Number) as [number, number, number, number];
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
      return undefined;
    }
  }
  return parsed.toISOString().replace('.000Z', 'Z');
}

interface RawStartPayload {
  programManagementAccountIdentifier: string;
  servicePeriodType: ServicePeriodType;
  minimumNoticeDays?: string | number;
  endDate?: string;
  note?: string;
}

interface RawRevokePayload {
  programManagementAccountIdentifier: string;
  note?: string;
}

/** The shape a declaration has once the schema accepted it. */
export interface RawDeclaration {
  name: string;
  handshakeType: HandshakeType;
  catalog: string;
  associatedResourceIdentifier: string;
  payload?: { startServicePeriodPayload?: RawStartPayload; revokeServicePeriodPayload?: RawRevokePayload };
  tags?: Record<string, string>;
  revision?: number;
  revokeNote?: string;
  protect?: boolean;
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

/** One spelling per meaning: digits as strings, dates in UTC, tags sorted, revision explicit. */
export function normalizeDeclaration(raw: RawDeclaration): HandshakeSpec {
  // Built member by member rather than through definedOnly: this runs once per declaration, 100,000 times in a large
  // repository. Members are added in the order definedOnly kept, so rendered plans list them as before.
  let payload: HandshakePayload | undefined;
  const start = raw.payload?.startServicePeriodPayload;
  const revoke = raw.payload?.revokeServicePeriodPayload;
  if (start) {
    const startPayload: StartServicePeriodPayload = {
      programManagementAccountIdentifier: start.programManagementAccountIdentifier,
      servicePeriodType: start.servicePeriodType,
    };
    if (start.minimumNoticeDays !== undefined) startPayload.minimumNoticeDays = String(start.minimumNoticeDays);
    if (start.endDate !== undefined) startPayload.endDate = normalizeEndDate(start.endDate) ?? start.endDate;
    if (start.note !== undefined) startPayload.note = start.note;
    payload = { startServicePeriodPayload: startPayload };
  } else if (revoke) {
    const revokePayload: RevokeServicePeriodPayload = {
      programManagementAccountIdentifier: revoke.programManagementAccountIdentifier,
    };
    if (revoke.note !== undefined) revokePayload.note = revoke.note;
    payload = { revokeServicePeriodPayload: revokePayload };
  }
  const tags: Record<string, string> = {};
  const rawTags = raw.tags ?? {};
  for (const key of Object.keys(rawTags).sort()) {
    setOwn(tags, key, String(rawTags[key]));
  }
  const revision = raw.revision ?? 0;
  const { name, handshakeType, catalog, associatedResourceIdentifier } = raw;
  const spec: HandshakeSpec =
    payload === undefined
      ? { name, handshakeType, catalog, associatedResourceIdentifier, tags, revision }
      : { name, handshakeType, catalog, associatedResourceIdentifier, payload, tags, revision };
  if (raw.revokeNote !== undefined) spec.revokeNote = raw.revokeNote;
  if (raw.protect === true) spec.protect = true;
  return spec;
}

/** The CreateChannelHandshake input for a spec, before its clientToken is attached. */
export function createRequestBody(spec: HandshakeSpec): Omit<CreateChannelHandshakeRequest, 'clientToken'> {
  const tagList = Object.entries(spec.tags).map(([key, value]) => ({ key, value }));
  return definedOnly({
    handshakeType: spec.handshakeType,
    catalog: spec.catalog,
    associatedResourceIdentifier: spec.associatedResourceIdentifier,
    payload: spec.payload,
    tags: tagList.length > 0 ? tagList : undefined,
  });
}

/** The bare resource id behind an id or ARN, so rs-… and its ARN count as the same relationship. */
export function resourceId(identifier: string): string {
  return identifier.slice(identifier.lastIndexOf('/') + 1);
}

/** The program management account a spec concerns: the resource itself, or the payload's PMA. */
export function programManagementAccountOf(spec: HandshakeSpec): string {
  if (spec.payload && 'startServicePeriodPayload' in spec.payload) {
    return resourceId(spec.payload.startServicePeriodPayload.programManagementAccountIdentifier);
  }
  if (spec.payload && 'revokeServicePeriodPayload' in spec.payload) {
    return resourceId(spec.payload.revokeServicePeriodPayload.programManagementAccountIdentifier);
  }
  return resourceId(spec.associatedResourceIdentifier);
}
