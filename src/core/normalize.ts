import type {
  CreateChannelHandshakeRequest,
  HandshakePayload,
  HandshakeSpec,
  HandshakeType,
  ServicePeriodType,
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
  let payload: HandshakePayload | undefined;
  const start = raw.payload?.startServicePeriodPayload;
  const revoke = raw.payload?.revokeServicePeriodPayload;
  if (start) {
    payload = {
      startServicePeriodPayload: definedOnly({
        programManagementAccountIdentifier: start.programManagementAccountIdentifier,
        servicePeriodType: start.servicePeriodType,
        minimumNoticeDays: start.minimumNoticeDays === undefined ? undefined : String(start.minimumNoticeDays),
        endDate: start.endDate === undefined ? undefined : (normalizeEndDate(start.endDate) ?? start.endDate),
        note: start.note,
      }),
    };
  } else if (revoke) {
    payload = {
      revokeServicePeriodPayload: definedOnly({
        programManagementAccountIdentifier: revoke.programManagementAccountIdentifier,
        note: revoke.note,
      }),
    };
  }
  const tags: Record<string, string> = {};
  const rawTags = raw.tags ?? {};
  for (const key of Object.keys(rawTags).sort()) {
    setOwn(tags, key, String(rawTags[key]));
  }
  return definedOnly({
    name: raw.name,
    handshakeType: raw.handshakeType,
    catalog: raw.catalog,
    associatedResourceIdentifier: raw.associatedResourceIdentifier,
    payload,
    tags,
    revision: raw.revision ?? 0,
    revokeNote: raw.revokeNote,
    protect: raw.protect === true ? (true as const) : undefined,
  });
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
