import type { ChangeAction, ChangeResult, DriftReport } from '../core/model.js';
import type { ResourceFinding, UnreadableField } from '../core/resource-drift.js';
import { type ApplyOutcome, outcomeLabel } from './outcome.js';

/**
 * The JSON that a command other than `plan` prints with `--format json`: one envelope, described by
 * `schemas/command-result.schema.json`, so a script reads every command the same way. `formatVersion` changes only
 * when a field changes meaning or goes away; new fields may appear within a version.
 */
export const COMMAND_JSON_FORMAT_VERSION = 1;

/** What happened to the state file: written or not, and the serial it holds afterwards (null: no file). */
interface StateOutcome {
  file: string;
  written: boolean;
  serial: number | null;
}

interface CommandJson<Command extends string, Result> {
  formatVersion: typeof COMMAND_JSON_FORMAT_VERSION;
  command: Command;
  /** The declarations directory, relative to the working directory. */
  directory: string;
  state: StateOutcome;
  /** The command's own outcome; its shape depends on `command`. */
  result: Result;
}

interface RefreshResult {
  /** True when AWS holds something the recorded state did not know (the --detailed-exitcode 2 condition). */
  drift: boolean;
  report: DriftReport;
  /** What refresh found on the program management accounts and relationships the state records. */
  resources: ResourceFinding[];
  /** What AWS never returns (a relationship's requestedSupportPlan): recorded as sent, never compared. */
  unreadable: UnreadableField[];
}

export interface ImportedHandshake {
  name: string;
  id: string;
  status: string;
  /** The declaration file, relative to the working directory. */
  file: string;
  /** True when the file was written by an earlier, interrupted import and is only recorded now. */
  writtenEarlier: boolean;
}

/** A program management account or relationship `import` wrote a declaration for. */
export interface ImportedResource {
  name: string;
  kind: 'ProgramManagementAccount' | 'Relationship';
  id: string;
  /** The declaration file, relative to the working directory. */
  file: string;
  /** True when the file was written by an earlier, interrupted import and is only recorded now. */
  writtenEarlier: boolean;
}

interface ImportResult {
  imported: ImportedHandshake[];
  /** The program management accounts and relationships, in the order imported (accounts first). */
  resources: ImportedResource[];
  skipped: { id: string; reason: string }[];
  /** Files an interrupted import left: moved into place (recorded) or removed (never recorded). */
  interrupted: { completed: string[]; removed: string[] };
}

/** One change's result in `apply --format json`. */
interface AppliedChangeJson {
  action: ChangeAction;
  name: string;
  outcome: ChangeResult['outcome'];
  handshakeId?: string;
  status?: string;
  /** What apply learned from AWS for a change already done or held back. */
  message?: string;
  failure?: { code: string; message: string; quotaCode?: string };
}

interface ApplyResult {
  verdict: ApplyOutcome['verdict'];
  /** The label the pull request's comment shows: "Partly applied: 8 of 9 sent, 1 held back". */
  label: string;
  counts: ApplyOutcome['counts'];
  /** In the order applied. */
  changes: AppliedChangeJson[];
}

/** The `result` of `apply --format json`, from the apply use case's report. */
export function applyResultJson(outcome: ApplyOutcome): ApplyResult {
  return {
    verdict: outcome.verdict,
    label: outcomeLabel(outcome, { icon: false }),
    counts: { ...outcome.counts },
    changes: outcome.results.map((result) => ({
      action: result.change.action,
      name: result.change.name,
      outcome: result.outcome,
      ...(result.handshakeId ? { handshakeId: result.handshakeId } : {}),
      ...(result.status ? { status: result.status } : {}),
      ...(result.message ? { message: result.message } : {}),
      ...(result.failure
        ? {
            failure: {
              code: result.failure.code,
              message: result.failure.message,
              ...(result.failure.quotaCode ? { quotaCode: result.failure.quotaCode } : {}),
            },
          }
        : {}),
    })),
  };
}

/** Every command's document: one `result` shape per `command`, as the schema's branches say. */
export type CommandResultJson =
  | CommandJson<'refresh', RefreshResult>
  | CommandJson<'import', ImportResult>
  | CommandJson<'apply', ApplyResult>;

/** Pretty-printed, one document, ending in a line break. */
export function renderCommandJson(envelope: CommandResultJson): string {
  return `${JSON.stringify(envelope, null, 2)}\n`;
}
