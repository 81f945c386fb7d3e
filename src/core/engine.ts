import { loadDeclarationFiles, type SourceFile } from './load.js';
import { type Declaration, type Diagnostic, emptyState, type Plan, type RecordedState } from './model.js';
import { createPlan } from './plan.js';
import { type DeclarationValidator, declarationValidator } from './schema.js';
import { deriveLineage } from './token.js';
import { crossFileProblems, validateDocuments } from './validate.js';

export interface Validated {
  declarations: Declaration[];
  diagnostics: Diagnostic[];
  hasErrors: boolean;
}

export interface ValidateInputs {
  files: readonly SourceFile[];
  /** Problems found while collecting the files (size, links), reported with the rest. */
  fileDiagnostics?: readonly Diagnostic[];
  now: Date;
  validator?: DeclarationValidator;
}

/** load → validate, collecting every problem of every file. */
export function validateFiles(inputs: ValidateInputs): Validated {
  const options = { validator: inputs.validator ?? declarationValidator(), now: inputs.now };
  const declarations: Declaration[] = [];
  const diagnostics: Diagnostic[] = [...(inputs.fileDiagnostics ?? [])];
  // File by file, so each file's syntax tree can be dropped before the next is parsed: memory stays flat.
  for (const file of inputs.files) {
    const loaded = loadDeclarationFiles([file]);
    const validated = validateDocuments(loaded.documents, options);
    diagnostics.push(...loaded.diagnostics, ...validated.diagnostics);
    declarations.push(...validated.declarations);
  }
  diagnostics.push(...crossFileProblems(declarations));
  return {
    declarations,
    diagnostics,
    hasErrors: diagnostics.some((diagnostic) => diagnostic.severity === 'error'),
  };
}

/** The state to plan against: the recorded one, or an empty one whose lineage is derived from stable inputs. */
export function effectiveState(recorded: RecordedState | undefined, lineageSeed: string): RecordedState {
  return recorded ?? emptyState(deriveLineage(lineageSeed));
}

/** validate → plan. The plan carries validation warnings too, so one document tells the reviewer everything. */
export function planFrom(validated: Validated, state: RecordedState): Plan {
  const plan = createPlan(validated.declarations, state);
  return { ...plan, diagnostics: [...validated.diagnostics, ...plan.diagnostics] };
}
