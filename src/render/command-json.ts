import type { DriftReport } from '../core/model.js';

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

interface ImportResult {
  imported: ImportedHandshake[];
  skipped: { id: string; reason: string }[];
  /** Files an interrupted import left: moved into place (recorded) or removed (never recorded). */
  interrupted: { completed: string[]; removed: string[] };
}

/** Every command's document: one `result` shape per `command`, as the schema's branches say. */
export type CommandResultJson = CommandJson<'refresh', RefreshResult> | CommandJson<'import', ImportResult>;

/** Pretty-printed, one document, ending in a line break. */
export function renderCommandJson(envelope: CommandResultJson): string {
  return `${JSON.stringify(envelope, null, 2)}\n`;
}
