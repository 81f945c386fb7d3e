// refresh, kind by kind: each kind reads what AWS holds of what the state records of it and reconciles the state with
// it. The refresh command iterates over this registry instead of naming each kind's refresh, so a kind added to
// `KIND_NAMES` fails to compile until it says how it is refreshed (ARCHITECTURE.md, "Adding a kind of declaration").
import { type DriftReport, describeDrift, describeManagedElsewhere, hasDrift } from '../core/drift.js';
import { InternalError } from '../core/errors.js';
import { KIND_NAMES, type KindName } from '../core/kinds.js';
import type { RecordedState } from '../core/model.js';
import type { ResourceFinding } from '../core/resource-drift.js';
import type { PartnerCentralPort } from './partner-central.js';
import { refreshState } from './refresh.js';
import { refreshResources } from './resource-refresh.js';

/** What a refresh reads from: the listing part of the one Partner Central port. */
type RefreshReader = Pick<
  PartnerCentralPort,
  'listAllChannelHandshakes' | 'listTagsForResource' | 'listAllProgramManagementAccounts' | 'listAllRelationships'
>;

interface RefreshInput {
  /** The catalogs the declarations name, listed even when the state records nothing in them yet. */
  declaredCatalogs: readonly string[];
  /** Measures fixed terms, so a period whose term ran out is not reported as live. */
  now: Date;
}

/** What refresh found, by the name each part has in refresh's JSON result (schemas/command-result.schema.json). */
interface RefreshFindings {
  /** The handshakes' drift report. */
  report: DriftReport;
  /** What refresh found on the program management accounts and relationships the state records. */
  resources: ResourceFinding[];
}

/** What one refresher found, and the state it recorded. */
interface RefreshedPart<P extends keyof RefreshFindings> {
  state: RecordedState;
  changed: boolean;
  drift: boolean;
  /** Its drift in words, one line each. */
  lines: string[];
  /** Live things another repository's owner tag manages: listed, but not drift. */
  elsewhere: string[];
  findings: RefreshFindings[P];
}

/** Refreshes the kinds that share one part of the result (a relationship is listed under its account). */
interface KindRefresher<P extends keyof RefreshFindings> {
  part: P;
  refresh(api: RefreshReader, state: RecordedState, input: RefreshInput): Promise<RefreshedPart<P>>;
}

const HANDSHAKE_REFRESHER: KindRefresher<'report'> = {
  part: 'report',
  async refresh(api, state, input) {
    const refreshed = await refreshState(api, state, input.declaredCatalogs, input.now);
    return {
      state: refreshed.state,
      changed: refreshed.changed,
      drift: hasDrift(refreshed.report),
      lines: describeDrift(refreshed.report),
      elsewhere: describeManagedElsewhere(refreshed.report),
      findings: refreshed.report,
    };
  },
};

/** Program management accounts and relationships: one filtered List per recorded resource, none when none is. */
const RESOURCE_REFRESHER: KindRefresher<'resources'> = {
  part: 'resources',
  async refresh(api, state) {
    if (!state.resources) return { state, changed: false, drift: false, lines: [], elsewhere: [], findings: [] };
    const refreshed = await refreshResources(api, state);
    return {
      state: refreshed.state,
      changed: refreshed.changed,
      drift: refreshed.lines.length > 0,
      lines: refreshed.lines,
      elsewhere: [],
      findings: refreshed.findings,
    };
  },
};

type AnyRefresher = KindRefresher<'report'> | KindRefresher<'resources'>;

const REFRESHERS: { readonly [K in KindName]: AnyRefresher } = {
  ChannelHandshake: HANDSHAKE_REFRESHER,
  ProgramManagementAccount: RESOURCE_REFRESHER,
  Relationship: RESOURCE_REFRESHER,
};

/** Each refresher once, in registry order (the handshakes first). */
const REFRESH_ORDER: readonly AnyRefresher[] = [...new Set(KIND_NAMES.map((kind) => REFRESHERS[kind]))];

interface RefreshedEveryKind extends Omit<RefreshedPart<never>, 'findings'> {
  findings: RefreshFindings;
}

/** Refreshes every kind in turn, each on the state the one before it recorded. */
export async function refreshEveryKind(
  api: RefreshReader,
  state: RecordedState,
  input: RefreshInput,
): Promise<RefreshedEveryKind> {
  let current: RefreshedEveryKind = {
    state,
    changed: false,
    drift: false,
    lines: [],
    elsewhere: [],
    // Every part is filled in below: REFRESHERS covers every kind, and every part belongs to a kind.
    findings: {} as RefreshFindings,
  };
  for (const refresher of REFRESH_ORDER) {
    const part = await refresher.refresh(api, current.state, input);
    current = {
      state: part.state,
      changed: current.changed || part.changed,
      drift: current.drift || part.drift,
      lines: [...current.lines, ...part.lines],
      elsewhere: [...current.elsewhere, ...part.elsewhere],
      findings: { ...current.findings, [refresher.part]: part.findings },
    };
  }
  return current;
}

/**
 * Every kind after the handshakes, on the state the handshakes' refresh recorded: the Action's drift run refreshes the
 * handshakes itself (its report, adoption and issue are built on the handshakes' own result), then these.
 */
export async function refreshKindsAfterHandshakes(
  api: RefreshReader,
  state: RecordedState,
  input: RefreshInput,
): Promise<{ state: RecordedState; changed: boolean; resources: ResourceFinding[] }> {
  let current = { state, changed: false, resources: [] as ResourceFinding[] };
  for (const refresher of REFRESH_ORDER) {
    if (refresher === HANDSHAKE_REFRESHER) continue;
    // The drift run reports resource findings; a kind whose findings are another part must say here how they read,
    // rather than go unrefreshed.
    if (refresher.part !== 'resources')
      throw new InternalError(`the drift run has no report for the ${refresher.part} part`);
    const part = await refresher.refresh(api, current.state, input);
    current = {
      state: part.state,
      changed: current.changed || part.changed,
      resources: [...current.resources, ...part.findings],
    };
  }
  return current;
}
