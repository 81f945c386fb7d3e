// The per-name rules of docs/lifecycle.md: what one declaration (or one recorded name nothing declares any more) needs,
// given the history the state records. Names and the order of rules follow the table there, row by row.
import jsonPatch from 'fast-json-patch';
import {
  endersByTarget,
  historyEntries,
  isPrimary,
  latestOwn,
  nextGeneration,
  ownEntries,
  periodEnd,
  periodInForce,
  relationshipGroups,
  relationshipKey,
  termEnd,
} from './history.js';
import {
  type CancelChange,
  type Change,
  type ChangePrevious,
  type CreateChannelHandshakeRequest,
  type Declaration,
  type DeclarationHistory,
  type Diagnostic,
  declaredSendOf,
  type HandshakePurpose,
  type HandshakeSpec,
  type RecordedState,
  type RetagChange,
  type SendingChange,
  type SentHandshake,
  type TagChange,
  TERMINAL_STATUSES,
} from './model.js';
import { createRequestBody } from './normalize.js';
import { setOwn } from './own.js';
import { withOwnerTag } from './ownership.js';
import type { Changed, ChangeReason, HandshakeState } from './reasons.js';
import { clientToken } from './token.js';

/** Fields that never require a new handshake: tags change in place, the rest is never sent with the handshake. */
const IN_PLACE_PATHS = ['/tags', '/revision', '/revokeNote', '/protect', '/name'];
const NOTE_PATH = '/payload/startServicePeriodPayload/note';

function differencesOf(recorded: HandshakeSpec, desired: HandshakeSpec): string[] {
  return jsonPatch
    .compare(recorded, desired)
    .map((operation) => operation.path)
    .filter((path) => !IN_PLACE_PATHS.some((mutable) => path === mutable || path.startsWith(`${mutable}/`)));
}

function tagChange(arn: string, recorded: HandshakeSpec, desired: HandshakeSpec): TagChange | undefined {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const operation of jsonPatch.compare({ tags: recorded.tags }, { tags: desired.tags })) {
    const key = jsonPatch.unescapePathComponent(operation.path.slice('/tags/'.length));
    if (operation.op === 'remove') {
      remove.push(key);
    } else if (operation.op === 'add' || operation.op === 'replace') {
      setOwn(set, key, String(operation.value));
    }
  }
  if (remove.length === 0 && Object.keys(set).length === 0) {
    return undefined;
  }
  return { arn, set, remove: remove.sort() };
}

export function previousOf(entry: SentHandshake, extra: ChangePrevious = {}): ChangePrevious {
  return {
    spec: entry.spec,
    handshake: {
      id: entry.id,
      handshakeType: entry.handshakeType,
      status: entry.status,
      sentAt: entry.sentAt,
      ...(entry.updatedAt ? { updatedAt: entry.updatedAt } : {}),
    },
    ...extra,
  };
}

function purposeOf(spec: HandshakeSpec, superseding: boolean): HandshakePurpose {
  if (spec.handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT') return 'pma';
  if (spec.handshakeType === 'REVOKE_SERVICE_PERIOD') return 'revoke';
  return superseding ? 'supersede' : 'start';
}

/** A change that sends the declared handshake. Token inputs are those of the first release, so replays match. */
type FilledBySend =
  | 'action'
  | 'name'
  | 'handshakeType'
  | 'catalog'
  | 'resource'
  | 'reason'
  | 'clientToken'
  | 'request'
  | 'generation'
  | 'spec'
  | 'purpose';

/** What a caller of sendChange adds to a change of one action: for a supersede, at least the period it ends. */
type SendExtras<Action extends SendingChange['action']> = Omit<
  Extract<SendingChange, { action: Action }>,
  FilledBySend
>;

/**
 * The CreateChannelHandshake request this engine sends for a spec at a generation, clientToken included. The state
 * rules compare a recorded intent with it, so an intent can only ever replay what the engine itself would send.
 */
export function createRequestFor(
  lineage: string,
  spec: HandshakeSpec,
  generation: number,
  options: { ownerTag?: boolean } = {},
): CreateChannelHandshakeRequest {
  // Every new send carries the owner tag. Finishing a replace an earlier release interrupted does not: its create may
  // already have reached AWS without the tag, and only the very same body replays it under the same token.
  const plain = createRequestBody(spec);
  const body = options.ownerTag === false ? plain : withOwnerTag(plain, lineage, spec.name);
  const token = clientToken({ lineage, name: spec.name, revision: spec.revision, generation, purpose: 'create', body });
  return { ...body, clientToken: token };
}

function sendChange<Action extends SendingChange['action']>(
  lineage: string,
  spec: HandshakeSpec,
  generation: number,
  action: Action,
  reason: ChangeReason,
  extra: SendExtras<Action>,
  options: { ownerTag?: boolean } = {},
): Extract<SendingChange, { action: Action }> {
  const request = createRequestFor(lineage, spec, generation, options);
  return {
    action,
    name: spec.name,
    handshakeType: spec.handshakeType,
    catalog: spec.catalog,
    resource: spec.associatedResourceIdentifier,
    reason,
    clientToken: request.clientToken,
    request,
    generation,
    spec,
    purpose: purposeOf(spec, action === 'supersede'),
    ...extra,
    // Sound by construction: every field the action's type requires is either filled here or required in `extra`.
  } as Extract<SendingChange, { action: Action }>;
}

/** The REVOKE_SERVICE_PERIOD handshake that ends a period: no note unless the START set `revokeNote`. */
function revocationRequest(
  lineage: string,
  name: string,
  period: SentHandshake,
  attempt: number,
): CreateChannelHandshakeRequest {
  const payload = period.spec.payload;
  const start = payload && 'startServicePeriodPayload' in payload ? payload.startServicePeriodPayload : undefined;
  const body = withOwnerTag(
    createRequestBody({
      name,
      handshakeType: 'REVOKE_SERVICE_PERIOD',
      catalog: period.spec.catalog,
      associatedResourceIdentifier: period.spec.associatedResourceIdentifier,
      payload: {
        revokeServicePeriodPayload: {
          programManagementAccountIdentifier: start?.programManagementAccountIdentifier ?? '',
          ...(period.spec.revokeNote !== undefined ? { note: period.spec.revokeNote } : {}),
        },
      },
      tags: {},
      revision: period.spec.revision,
    }),
    lineage,
    name,
  );
  const token = clientToken({
    lineage,
    name,
    revision: period.spec.revision,
    generation: period.generation,
    purpose: 'revoke',
    body,
    ...(attempt > 0 ? { attempt } : {}),
  });
  return { ...body, clientToken: token };
}

function describeStatus(entry: SentHandshake, end?: string): string {
  const state = stateOf(entry, end);
  return state.since ? `${state.label} since ${state.since}` : state.label;
}

/** The handshake as a reason names it: its status (or how its period ended), and since when. */
function stateOf(entry: SentHandshake, end?: string): HandshakeState {
  // A term that ran out is over since its endDate, not since AWS last touched the handshake.
  const when = (end === 'term over' ? endDateOf(entry.spec) : undefined) ?? entry.updatedAt ?? entry.sentAt;
  return { id: entry.id, label: end ?? entry.status, ...(when ? { since: when } : {}) };
}

/** A fixed term's endDate as declared, if the spec has one. */
function endDateOf(spec: HandshakeSpec): string | undefined {
  const payload =
    spec.payload && 'startServicePeriodPayload' in spec.payload ? spec.payload.startServicePeriodPayload : undefined;
  return payload?.servicePeriodType === 'FIXED_COMMITMENT_PERIOD' ? payload.endDate : undefined;
}

/**
 * A REVOKE_SERVICE_PERIOD is sent only while a period is in force: a customer must never receive a revoke for a
 * period that never existed. When a START is recorded on the relationship but is not in force, the plan says why.
 */
function nothingToRevoke(declaration: Declaration, start: { name: string; entry: SentHandshake }): Diagnostic {
  const { entry } = start;
  const status = describeStatus(entry);
  const next =
    entry.status === 'PENDING'
      ? 'removing it cancels it. No REVOKE_SERVICE_PERIOD is sent while no service period is in force'
      : `no service period is in force on ${entry.spec.associatedResourceIdentifier}, so no REVOKE_SERVICE_PERIOD is sent; remove this declaration`;
  return {
    severity: 'warning',
    code: 'plan.nothing-to-revoke',
    name: declaration.spec.name,
    location: declaration.location,
    message: `"${declaration.spec.name}": nothing to revoke: the START ${entry.id} of "${start.name}" is ${status}; ${next}.`,
  };
}

export interface Outcome {
  changes: Change[];
  diagnostics: Diagnostic[];
}

const nothing = (): Outcome => ({ changes: [], diagnostics: [] });
const sending = (...changes: Change[]): Outcome => ({ changes, diagnostics: [] });

/** Why a handshake must be sent again: the fields that changed, or else the revision bump that asked for it. */
function whatChanged(differences: readonly string[], recorded: HandshakeSpec, desired: HandshakeSpec): Changed {
  return differences.length > 0
    ? { differences: [...differences] }
    : { revision: { from: recorded.revision, to: desired.revision } };
}

/** Plans one name at a time against the whole recorded state, which it reads but never changes. */
export class LifecyclePlanner {
  /** Recorded handshakes by the id of the one they end. */
  private readonly revokes: Map<string, SentHandshake[]>;
  /** The period in force per relationship, whichever name holds it. */
  private readonly inForce = new Map<string, { name: string; entry: SentHandshake }>();

  constructor(
    private readonly state: RecordedState,
    private readonly now: Date | undefined,
    /** The declared START or REVOKE per relationship: it, not an automatic revoke, decides what happens there. */
    private readonly declaredServicePeriods: ReadonlyMap<string, Declaration>,
  ) {
    this.revokes = endersByTarget(state);
    for (const [name, history] of historyEntries(state)) {
      for (const group of relationshipGroups(history).values()) {
        const period = periodInForce(group, this.revokes, now);
        if (period) this.inForce.set(relationshipKey(period.spec), { name, entry: period });
      }
    }
  }

  /** The revokes sent to end a period, oldest first. */
  private revokesOf(id: string): SentHandshake[] {
    return (this.revokes.get(id) ?? []).filter((entry) => entry.handshakeType === 'REVOKE_SERVICE_PERIOD');
  }

  /**
   * A declaration whose relationship (or PMA) changed leaves its old handshakes behind: they are planned as if
   * undeclared (cancel, revoke), but their record stays until the whole name goes.
   */
  private split(declaration: Declaration, history: DeclarationHistory): { own: DeclarationHistory; behind: Outcome } {
    const key = relationshipKey(declaration.spec);
    const behind = nothing();
    let own: DeclarationHistory = { ...history, handshakes: [] };
    for (const [groupKey, group] of relationshipGroups(history)) {
      if (groupKey === key) {
        own = group;
        continue;
      }
      const outcome = this.planUndeclared(declaration.spec.name, group);
      behind.changes.push(...outcome.changes.filter((change) => change.action !== 'forget'));
      behind.diagnostics.push(...outcome.diagnostics);
    }
    return { own, behind };
  }

  /** For a START sent where another name's period is in force: the handshake it replaces once accepted. */
  private supersedes(desired: HandshakeSpec): { ends?: string; previous?: ChangePrevious } {
    const other = this.inForce.get(relationshipKey(desired));
    if (!other || other.name === desired.name) return {};
    return { ends: other.entry.id, previous: previousOf(other.entry, { name: other.name }) };
  }

  private get lineage(): string {
    return this.state.lineage;
  }

  private base(name: string, spec: HandshakeSpec) {
    return {
      name,
      handshakeType: spec.handshakeType,
      catalog: spec.catalog,
      resource: spec.associatedResourceIdentifier,
    };
  }

  private cancelOf(name: string, entry: SentHandshake, reason: ChangeReason): CancelChange {
    return {
      ...this.base(name, entry.spec),
      handshakeType: entry.handshakeType,
      action: 'cancel',
      reason,
      retire: { action: 'cancel', id: entry.id, arn: entry.arn },
      previous: previousOf(entry),
    };
  }

  private retag(
    name: string,
    entry: SentHandshake,
    desired: HandshakeSpec,
    history: DeclarationHistory,
  ): RetagChange[] {
    const tags = tagChange(entry.arn, entry.spec, desired);
    const protectChanged = (desired.protect === true) !== (history.protect === true);
    // The note of a future revoke is the customer's to read: a change to it is reviewed and recorded like tags.
    const revokeNoteChanged = desired.revokeNote !== entry.spec.revokeNote;
    if (!tags && !protectChanged && !revokeNoteChanged) return [];
    const reason: ChangeReason = {
      rule: 'retag',
      ...(tags ? { tagsOn: entry.id } : {}),
      ...(protectChanged ? { protect: { from: history.protect === true, to: desired.protect === true } } : {}),
      ...(revokeNoteChanged ? { revokeNoteChanged: true } : {}),
    };
    return [
      {
        ...this.base(name, entry.spec),
        action: 'retag',
        reason,
        ...(tags ? { tags } : {}),
        ...(protectChanged ? { protect: desired.protect === true } : {}),
        ...(revokeNoteChanged ? { spec: desired } : {}),
        previous: previousOf(entry),
      },
    ];
  }

  private terminalWarning(declaration: Declaration, entry: SentHandshake, label: string, extra = ''): Diagnostic {
    const name = declaration.spec.name;
    return {
      severity: 'warning',
      code: 'plan.terminal',
      name,
      field: 'revision',
      location: declaration.location,
      message: `"${name}": its latest handshake ${entry.id} is ${label}${extra}, and nothing is re-sent automatically. To send a fresh handshake, set revision: ${entry.spec.revision + 1}.`,
    };
  }

  /** What one declaration needs, given what its name sent so far (if anything). */
  planDeclared(declaration: Declaration, history: DeclarationHistory | undefined): Outcome {
    return declaration.spec.handshakeType === 'START_SERVICE_PERIOD'
      ? this.planStart(declaration, history ?? { handshakes: [] })
      : this.planSingle(declaration, history);
  }

  /** A declared START against its history: the table in docs/lifecycle.md, row by row. */
  private planStart(declaration: Declaration, fullHistory: DeclarationHistory): Outcome {
    const { own, behind } = this.split(declaration, fullHistory);
    const outcome = this.withoutPastTerm(declaration, this.planStartOn(declaration, own, nextGeneration(fullHistory)));
    return {
      changes: [...behind.changes, ...outcome.changes],
      diagnostics: [...behind.diagnostics, ...outcome.diagnostics],
    };
  }

  /**
   * A START whose endDate has passed is never sent: the term would be over before the customer could accept it. Only
   * that declaration's sends are dropped, with a warning; the rest of the directory plans on.
   */
  private withoutPastTerm(declaration: Declaration, outcome: Outcome): Outcome {
    const end = termEnd(declaration.spec);
    if (end === undefined || !this.now || end > this.now.getTime()) return outcome;
    const changes = outcome.changes.filter((change) => declaredSendOf(change) === undefined);
    if (changes.length === outcome.changes.length) return outcome;
    const name = declaration.spec.name;
    return {
      changes,
      diagnostics: [
        ...outcome.diagnostics,
        {
          severity: 'warning',
          code: 'plan.end-date-past',
          name,
          field: 'payload.startServicePeriodPayload.endDate',
          location: declaration.location,
          message: `"${name}": endDate ${endDateOf(declaration.spec)} is not in the future, so the fixed term would be over before the customer could accept it, and nothing is sent for it. Write a later endDate (AWS documents fixed terms of 60 to 365 days), or remove the declaration.`,
        },
      ],
    };
  }

  private planStartOn(declaration: Declaration, history: DeclarationHistory, generation: number): Outcome {
    const desired = declaration.spec;
    const name = desired.name;
    const primaries = history.handshakes.filter(isPrimary);
    const latest = primaries.at(-1);
    if (!latest) {
      return sending(
        sendChange(this.lineage, desired, generation, 'create', { rule: 'declared' }, this.supersedes(desired)),
      );
    }
    const period = periodInForce(history, this.revokes, this.now);
    const bumped = (entry: SentHandshake) => desired.revision > entry.spec.revision;
    const sameTerms = (entry: SentHandshake) => differencesOf(entry.spec, desired).length === 0 && !bumped(entry);

    if (latest.status === 'PENDING') {
      if (sameTerms(latest)) return sending(...this.retag(name, latest, desired, history));
      const differences = differencesOf(latest.spec, desired);
      const why = whatChanged(differences, latest.spec, desired);
      if (period) {
        if (sameTerms(period)) {
          return sending(
            this.cancelOf(name, latest, { rule: 'back-to-terms-in-force', inForce: period.id, pending: latest.id }),
          );
        }
        return sending(
          sendChange(
            this.lineage,
            desired,
            generation,
            'supersede',
            { rule: 'supersede-pending-again', changed: why, pending: latest.id, inForce: period.id },
            {
              retire: { action: 'cancel', id: latest.id, arn: latest.arn },
              ends: period.id,
              differences,
              previous: previousOf(latest),
            },
          ),
        );
      }
      return sending(
        sendChange(
          this.lineage,
          desired,
          generation,
          'replace',
          { rule: 'replace-pending', changed: why, pending: latest.id },
          { retire: { action: 'cancel', id: latest.id, arn: latest.arn }, differences, previous: previousOf(latest) },
        ),
      );
    }

    if (period) {
      const revoke = this.revokesOf(period.id).at(-1);
      if (revoke?.status === 'PENDING') {
        if (sameTerms(period)) {
          return sending(this.cancelOf(name, revoke, { rule: 'declared-again-same-terms', revoke: revoke.id }));
        }
        return sending(
          sendChange(
            this.lineage,
            desired,
            generation,
            'supersede',
            { rule: 'declared-again-new-terms', revoke: revoke.id, inForce: period.id },
            {
              retire: { action: 'cancel', id: revoke.id, arn: revoke.arn },
              ends: period.id,
              differences: differencesOf(period.spec, desired),
              previous: previousOf(period),
            },
          ),
        );
      }
      if (latest !== period && TERMINAL_STATUSES.has(latest.status) && sameTerms(latest)) {
        // The customer turned down these terms already: sending them again is the user's call.
        return {
          changes: this.retag(name, period, desired, history),
          diagnostics: [
            this.terminalWarning(declaration, latest, describeStatus(latest), `; ${period.id} stays in force`),
          ],
        };
      }
      const differences = differencesOf(period.spec, desired);
      const termDifferences = differences.filter((path) => path !== NOTE_PATH);
      if (termDifferences.length > 0 || bumped(period)) {
        const why = whatChanged(differences, period.spec, desired);
        return sending(
          sendChange(
            this.lineage,
            desired,
            generation,
            'supersede',
            { rule: 'supersede', changed: why, inForce: period.id },
            { ends: period.id, differences, previous: previousOf(period) },
          ),
        );
      }
      const diagnostics: Diagnostic[] =
        differences.length > 0
          ? [
              {
                severity: 'warning',
                code: 'plan.note-only',
                name,
                field: 'payload.startServicePeriodPayload.note',
                location: declaration.location,
                message: `"${name}": only the note differs from the period in force (${period.id}). A note is sent only with a new handshake, so nothing is sent; to send one, set revision: ${period.spec.revision + 1}.`,
              },
            ]
          : [];
      return { changes: this.retag(name, period, desired, history), diagnostics };
    }

    // Nothing pending and nothing in force: the latest handshake was answered no, or its period ended.
    const ended = latest.status === 'ACCEPTED' ? periodEnd(latest, this.revokes, this.now) : undefined;
    const label = describeStatus(latest, ended);
    if (bumped(latest) || history.replacementPending) {
      const previous = stateOf(latest, ended);
      const why: ChangeReason = bumped(latest)
        ? { rule: 'resend-after-end', revision: { from: latest.spec.revision, to: desired.revision }, previous }
        : { rule: 'finish-interrupted-replace', previous };
      return sending(
        sendChange(
          this.lineage,
          desired,
          generation,
          'create',
          why,
          { previous: previousOf(latest), ...this.supersedes(desired) },
          { ownerTag: bumped(latest) },
        ),
      );
    }
    if (ended === 'term over') return this.afterTerm(declaration, latest, generation, label);
    return { changes: [], diagnostics: [this.terminalWarning(declaration, latest, label)] };
  }

  /**
   * An accepted fixed term that ran out (docs/lifecycle.md row 20): renewed by declaring a later endDate, which sends
   * a new START; otherwise a warning with its endDate and the two ways on. Never an error: other declarations plan on.
   */
  private afterTerm(declaration: Declaration, latest: SentHandshake, generation: number, label: string): Outcome {
    const desired = declaration.spec;
    const from = endDateOf(latest.spec) ?? '';
    const to = endDateOf(desired);
    const end = termEnd(desired);
    if (to !== undefined && to !== from && end !== undefined && this.now && end > this.now.getTime()) {
      return sending(
        sendChange(
          this.lineage,
          desired,
          generation,
          'create',
          { rule: 'renew-after-term', endDate: { from, to }, previous: stateOf(latest, 'term over') },
          { previous: previousOf(latest), ...this.supersedes(desired) },
        ),
      );
    }
    const name = desired.name;
    return {
      changes: [],
      diagnostics: [
        {
          severity: 'warning',
          code: 'plan.term-over',
          name,
          field: 'payload.startServicePeriodPayload.endDate',
          location: declaration.location,
          message: `"${name}": the fixed term of ${latest.id} is ${label}, so no period is in force and nothing is sent. To renew it, write a later endDate: the plan then sends a new START for the customer to accept. Otherwise remove the declaration: the plan forgets it, without sending anything.`,
        },
      ],
    };
  }

  /** A declared PROGRAM_MANAGEMENT_ACCOUNT or REVOKE_SERVICE_PERIOD: one handshake that, once accepted, is final. */
  private planSingle(declaration: Declaration, fullHistory: DeclarationHistory | undefined): Outcome {
    if (!fullHistory) return this.planSingleOn(declaration, undefined, 0);
    const { own, behind } = this.split(declaration, fullHistory);
    const outcome = this.planSingleOn(declaration, own, nextGeneration(fullHistory));
    return {
      changes: [...behind.changes, ...outcome.changes],
      diagnostics: [...behind.diagnostics, ...outcome.diagnostics],
    };
  }

  private planSingleOn(declaration: Declaration, history: DeclarationHistory | undefined, generation: number): Outcome {
    const desired = declaration.spec;
    const name = desired.name;
    const latest = history?.handshakes.filter((entry) => entry.handshakeType === desired.handshakeType).at(-1);
    const target =
      desired.handshakeType === 'REVOKE_SERVICE_PERIOD' ? this.inForce.get(relationshipKey(desired)) : undefined;
    const endsTarget: { ends?: string; previous?: ChangePrevious } = target
      ? { ends: target.entry.id, previous: previousOf(target.entry, target.name === name ? {} : { name: target.name }) }
      : {};
    if (!latest || !history) {
      const withoutPeriod = desired.handshakeType === 'REVOKE_SERVICE_PERIOD' && !target;
      const recordedStart = withoutPeriod ? this.latestRecordedStart(relationshipKey(desired)) : undefined;
      if (recordedStart) return { changes: [], diagnostics: [nothingToRevoke(declaration, recordedStart)] };
      const reason: ChangeReason = target
        ? { rule: 'declared-revoke-ends', ends: target.entry.id, endsName: target.name }
        : { rule: 'declared' };
      // A declared REVOKE_SERVICE_PERIOD ends a period once accepted, under its own name or another's: planned as the
      // revoke it is, so the summary, the warning and max-destructive count it (core/policy.ts).
      return sending(
        desired.handshakeType === 'REVOKE_SERVICE_PERIOD'
          ? sendChange(this.lineage, desired, generation, 'revoke', reason, endsTarget)
          : sendChange(this.lineage, desired, generation, 'create', reason, endsTarget),
      );
    }
    const differences = differencesOf(latest.spec, desired);
    const bumped = desired.revision > latest.spec.revision;
    if (latest.status === 'PENDING') {
      if (differences.length === 0 && !bumped) return sending(...this.retag(name, latest, desired, history));
      const why = whatChanged(differences, latest.spec, desired);
      return sending(
        sendChange(
          this.lineage,
          desired,
          generation,
          'replace',
          { rule: 'replace-pending', changed: why, pending: latest.id },
          {
            ...endsTarget,
            retire: { action: 'cancel', id: latest.id, arn: latest.arn },
            differences,
            previous: previousOf(latest),
          },
        ),
      );
    }
    if (latest.status === 'ACCEPTED') {
      const diagnostics: Diagnostic[] =
        differences.length > 0 || bumped
          ? [
              {
                severity: 'warning',
                code: 'plan.accepted-immutable',
                name,
                location: declaration.location,
                field: differences[0]?.slice(1).replaceAll('/', '.'),
                message: `"${name}" (${latest.handshakeType} ${latest.id}) was ACCEPTED and cannot be cancelled or revoked through the API, so the change to ${differences.length > 0 ? differences.join(', ') : 'revision'} is not applied. Restore the recorded values, or declare the new handshake under a new name.`,
              },
            ]
          : [];
      return { changes: this.retag(name, latest, desired, history), diagnostics };
    }
    if (bumped || history.replacementPending) {
      const previous: HandshakeState = { id: latest.id, label: latest.status };
      const why: ChangeReason = bumped
        ? { rule: 'resend-after-end', revision: { from: latest.spec.revision, to: desired.revision }, previous }
        : { rule: 'finish-interrupted-replace', previous };
      const extras = { ...endsTarget, previous: previousOf(latest) };
      return sending(
        desired.handshakeType === 'REVOKE_SERVICE_PERIOD'
          ? sendChange(this.lineage, desired, generation, 'revoke', why, extras, { ownerTag: bumped })
          : sendChange(this.lineage, desired, generation, 'create', why, extras, { ownerTag: bumped }),
      );
    }
    return { changes: [], diagnostics: [this.terminalWarning(declaration, latest, describeStatus(latest))] };
  }

  /**
   * Whether a pending REVOKE of an undeclared name is still what the recorded state asks for, so it is waited for
   * rather than cancelled: the automatic revoke of this name's own period (row 12), or an explicit REVOKE of a
   * period whose own name is undeclared too, so that row 11 would send the same revoke. An explicit REVOKE of anything
   * else (a period nobody records any more, or none) is withdrawn with its declaration: cancelled, like row 10.
   */
  private revokeStillWanted(name: string, history: DeclarationHistory, entry: SentHandshake): boolean {
    if (entry.purpose !== 'revoke' || entry.ends === undefined) return false;
    if (history.handshakes.some((own) => own.id === entry.ends)) return true;
    const key = relationshipKey(entry.spec);
    const target = this.inForce.get(key);
    return (
      target !== undefined &&
      target.entry.id === entry.ends &&
      target.name !== name &&
      !this.declaredServicePeriods.has(key)
    );
  }

  /**
   * The latest START recorded on a relationship, under any name: when no period is in force there, it says why a
   * declared REVOKE has nothing to end.
   */
  private latestRecordedStart(key: string): { name: string; entry: SentHandshake } | undefined {
    let latest: { name: string; entry: SentHandshake } | undefined;
    for (const [name, history] of historyEntries(this.state)) {
      for (const entry of history.handshakes) {
        if (entry.handshakeType !== 'START_SERVICE_PERIOD' || relationshipKey(entry.spec) !== key) continue;
        if (!latest || entry.sentAt > latest.entry.sentAt) latest = { name, entry };
      }
    }
    return latest;
  }

  /** A recorded name that nothing declares any more. */
  planUndeclared(name: string, history: DeclarationHistory): Outcome {
    const outcome = nothing();
    const period = periodInForce(history, this.revokes, this.now);
    const own = ownEntries(history);
    const pending = own.filter((entry) => entry.status === 'PENDING' && !this.revokeStillWanted(name, history, entry));
    for (const entry of pending) {
      outcome.changes.push(this.cancelOf(name, entry, { rule: 'undeclared-pending', pending: entry.id }));
    }
    if (period) {
      const revoke = this.revokesOf(period.id).at(-1);
      if (revoke?.status === 'PENDING') return outcome;
      // A START declared there supersedes this period once accepted; a REVOKE declared there ends it. Either way,
      // an automatic revoke would contradict the declaration.
      if (this.declaredServicePeriods.has(relationshipKey(period.spec))) return outcome;
      if (revoke?.status === 'REJECTED' || revoke?.status === 'EXPIRED') {
        // The customer said no, or did not answer: asking again is a person's decision, not the tool's.
        outcome.diagnostics.push({
          severity: 'warning',
          code: 'plan.revoke-rejected',
          name,
          message: `"${name}" is no longer declared, but its revoke ${revoke.id} is ${revoke.status}${revoke.status === 'REJECTED' ? ' (the customer rejected it)' : ' (the customer did not answer)'}, so its period ${period.id} is still in force. Nothing is sent again on its own: to retry, declare an explicit REVOKE_SERVICE_PERIOD for ${period.spec.associatedResourceIdentifier}.`,
        });
        return outcome;
      }
      // A revoke cancelled earlier (the START was declared again meanwhile) must not be replayed by its token.
      const request = revocationRequest(this.lineage, name, period, this.revokesOf(period.id).length);
      outcome.changes.push({
        ...this.base(name, period.spec),
        action: 'revoke',
        reason: { rule: 'undeclared-in-force', inForce: period.id },
        clientToken: request.clientToken,
        request,
        retire: { action: 'revoke', id: period.id, arn: period.arn, request },
        purpose: 'revoke',
        ends: period.id,
        generation: period.generation,
        previous: previousOf(period),
      });
      return outcome;
    }
    if (pending.length > 0) return outcome;
    if (history.handshakes.some((entry) => entry.status === 'PENDING')) return outcome;
    const latest = latestOwn(history) ?? history.handshakes.at(-1);
    if (!latest) {
      outcome.changes.push({ name, action: 'forget', reason: { rule: 'undeclared-never-sent' } });
      return outcome;
    }
    // A START that never opened a period is the record that tells a REVOKE declared on its relationship that there
    // is nothing to end (row 19): it is kept while such a REVOKE is declared, so the REVOKE is not sent once it goes.
    const revokeDeclared = this.declaredServicePeriods.get(relationshipKey(latest.spec));
    if (
      latest.handshakeType === 'START_SERVICE_PERIOD' &&
      latest.status !== 'ACCEPTED' &&
      revokeDeclared?.spec.handshakeType === 'REVOKE_SERVICE_PERIOD'
    ) {
      return outcome;
    }
    const ended =
      latest.status === 'ACCEPTED' && isPrimary(latest) ? periodEnd(latest, this.revokes, this.now) : undefined;
    const why: ChangeReason =
      latest.handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT' && latest.status === 'ACCEPTED'
        ? { rule: 'undeclared-accepted-pma', latest: latest.id }
        : { rule: 'undeclared-ended', latest: { id: latest.id, label: ended ?? latest.status } };
    outcome.changes.push({
      ...this.base(name, latest.spec),
      handshakeType: latest.handshakeType,
      action: 'forget',
      reason: why,
      previous: previousOf(latest),
    });
    return outcome;
  }
}
