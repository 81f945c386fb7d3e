import type { ReferencingHandshakeDeclaration, ResourceDeclaration } from './channel-declarations.js';
import { CORE_KINDS, planKindsBeforeHandshakes } from './kind-registry.js';
import { DEFAULT_LOAD_LIMITS, type LoadLimits, loadDeclarationFile, type SourceFile } from './load.js';
import {
  type Declaration,
  type Diagnostic,
  emptyState,
  type ForgetRequest,
  type Plan,
  type RecordedState,
  type SourceLocation,
} from './model.js';
import { recordedQuotaWarnings } from './quota.js';
import { referenceProblems } from './references.js';
import { type DeclarationValidator, declarationValidator } from './schema.js';
import { deriveLineage } from './token.js';
import { crossFileProblems, validateDocuments } from './validate.js';

export interface Validated {
  declarations: Declaration[];
  /** `kind: ProgramManagementAccount` and `kind: Relationship` declarations (absent where built by hand: none). */
  resources?: ResourceDeclaration[];
  /** Handshake declarations naming their resource by reference (absent where built by hand: none). */
  referencing?: ReferencingHandshakeDeclaration[];
  diagnostics: Diagnostic[];
  hasErrors: boolean;
  /** `forget: <name>` documents. */
  forgets: ForgetRequest[];
  /** The moment validation measured dates against; planning measures fixed terms against the same one. */
  now: Date;
  /** What the summary line counts; absent only where a Validated is built by hand. */
  tally?: ValidationTally;
}

/** The numbers a person reads after the list of problems: what was refused, and at which level. */
interface ValidationTally {
  /** Declarations that passed every check, those clashing with another file excepted. */
  validDeclarations: number;
  /** Documents with at least one error: broken YAML, a schema or rule violation, or a clash with another file. */
  invalidDocuments: number;
  /** Files refused before any document in them was parsed (too large, not a regular file, not UTF-8). */
  refusedFiles: number;
}

/**
 * How many diagnostics a run lists; the rest are counted, so a hostile file cannot flood a log or a comment. Broken
 * limits (at most one per file) have a quota of their own.
 */
export const DIAGNOSTIC_LIMIT = 1_000;

export interface ValidationOptions {
  now: Date;
  validator?: DeclarationValidator;
  limits?: LoadLimits;
}

/**
 * load → validate, one file at a time: the caller hands over each file as it reads it and may drop its text
 * afterwards, so memory stays flat however many files there are. Every problem of every file is collected.
 */
export class DeclarationValidation {
  private readonly declarations: Declaration[] = [];
  private readonly resources: ResourceDeclaration[] = [];
  private readonly referencing: ReferencingHandshakeDeclaration[] = [];
  /** The order documents were validated in, once a document of another kind than a handshake was seen. */
  private readonly sequence = new Map<SourceLocation, number>();
  private readonly forgets: ForgetRequest[] = [];
  private readonly listed: Diagnostic[] = [];
  private listedProblems = 0;
  private listedLimits = 0;
  private unlistedErrors = 0;
  private unlistedWarnings = 0;
  private hasErrors = false;
  private invalidDocuments = 0;
  /** Declarations kept for the cross-file rules although a rule refused them (an end date past, a credential). */
  private refusedDeclarations = 0;
  private readonly refusedFiles = new Set<string>();
  private readonly options: { validator: DeclarationValidator; now: Date };
  private readonly limits: LoadLimits;

  constructor(options: ValidationOptions) {
    this.options = { validator: options.validator ?? declarationValidator(), now: options.now };
    this.limits = options.limits ?? DEFAULT_LOAD_LIMITS;
  }

  /** A problem found outside the YAML (a file too large, a link that escapes), reported with the rest. */
  report(diagnostic: Diagnostic): void {
    if (diagnostic.severity === 'error' && diagnostic.location) this.refusedFiles.add(diagnostic.location.file);
    this.record(diagnostic);
  }

  private record(diagnostic: Diagnostic): void {
    if (diagnostic.severity === 'error') this.hasErrors = true;
    // A broken limit explains why a file stopped early, so it is listed even after a flood of ordinary problems.
    const isLimit = diagnostic.code.startsWith('limit.');
    if (isLimit ? this.listedLimits < DIAGNOSTIC_LIMIT : this.listedProblems < DIAGNOSTIC_LIMIT) {
      if (isLimit) this.listedLimits++;
      else this.listedProblems++;
      this.listed.push(diagnostic);
    } else if (diagnostic.severity === 'error') {
      this.unlistedErrors++;
    } else {
      this.unlistedWarnings++;
    }
  }

  /** Parses and validates one file; each document is checked as soon as it is parsed, then let go. */
  addFile(file: SourceFile): void {
    const report = (diagnostic: Diagnostic) => this.record(diagnostic);
    loadDeclarationFile(
      file,
      (document) => {
        const validated = validateDocuments([document], this.options);
        if (validated.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) {
          this.invalidDocuments++;
          this.refusedDeclarations +=
            validated.declarations.length + validated.resources.length + validated.referencing.length;
        }
        for (const diagnostic of validated.diagnostics) report(diagnostic);
        for (const declaration of validated.declarations) this.declarations.push(declaration);
        for (const declaration of validated.resources) this.resources.push(declaration);
        for (const declaration of validated.referencing) this.referencing.push(declaration);
        // Documents of other kinds are kept apart; the cross-kind rules need the order they were written in.
        if (validated.resources.length > 0 || validated.referencing.length > 0 || this.sequence.size > 0) {
          for (const declaration of [...validated.declarations, ...validated.resources, ...validated.referencing])
            this.sequence.set(declaration.location, this.sequence.size);
        }
        for (const forget of validated.forgets) this.forgets.push(forget);
      },
      report,
      this.limits,
      () => this.invalidDocuments++,
    );
  }

  finish(): Validated {
    const clashes = [
      ...crossFileProblems(this.declarations),
      ...referenceProblems(this.declarations, this.resources, this.referencing, this.sequence),
    ];
    for (const diagnostic of clashes) this.record(diagnostic);
    // Each clash is reported on the later of two declarations (once or twice): that one is the invalid document.
    const clashing = new Set(clashes.map((diagnostic) => `${diagnostic.location?.file}\u0000${diagnostic.name ?? ''}`));
    const diagnostics = [...this.listed];
    const unlisted = this.unlistedErrors + this.unlistedWarnings;
    if (unlisted > 0) {
      diagnostics.push({
        severity: this.unlistedErrors > 0 ? 'error' : 'warning',
        code: 'limit.diagnostics',
        message: `${unlisted} more problem${unlisted === 1 ? '' : 's'} (${this.unlistedErrors} error${this.unlistedErrors === 1 ? '' : 's'}, ${this.unlistedWarnings} warning${this.unlistedWarnings === 1 ? '' : 's'}) not listed: only the first ${DIAGNOSTIC_LIMIT} are. Fix those and run again.`,
      });
    }
    const declared = this.declarations.length + this.resources.length + this.referencing.length;
    return {
      declarations: this.declarations,
      resources: this.resources,
      referencing: this.referencing,
      diagnostics,
      hasErrors: this.hasErrors,
      forgets: this.forgets,
      now: this.options.now,
      tally: {
        validDeclarations: Math.max(0, declared - this.refusedDeclarations - clashing.size),
        invalidDocuments: this.invalidDocuments + clashing.size,
        refusedFiles: this.refusedFiles.size,
      },
    };
  }
}

export interface ValidateInputs extends ValidationOptions {
  files: readonly SourceFile[];
  /** Problems found while collecting the files (size, links), reported with the rest. */
  fileDiagnostics?: readonly Diagnostic[];
}

/** load → validate for files already in memory (tests, a single generated file). */
export function validateFiles(inputs: ValidateInputs): Validated {
  const validation = new DeclarationValidation(inputs);
  for (const diagnostic of inputs.fileDiagnostics ?? []) validation.report(diagnostic);
  for (const file of inputs.files) validation.addFile(file);
  return validation.finish();
}

/** The state to plan against: the recorded one, or an empty one whose lineage is derived from stable inputs. */
export function effectiveState(recorded: RecordedState | undefined, lineageSeed: string): RecordedState {
  return recorded ?? emptyState(deriveLineage(lineageSeed));
}

/** validate → plan. The plan carries validation warnings too, so one document tells the reviewer everything. */
export function planFrom(validated: Validated, state: RecordedState): Plan {
  const planHandshakes = CORE_KINDS.ChannelHandshake.plan;
  const declared = {
    declarations: validated.declarations,
    resources: validated.resources ?? [],
    referencing: validated.referencing ?? [],
  };
  const planned = planKindsBeforeHandshakes(declared, state, validated.now);
  if (!planned) {
    const plan = planHandshakes(validated.declarations, state, { now: validated.now, forgets: validated.forgets });
    return {
      ...plan,
      diagnostics: [
        ...validated.diagnostics,
        ...plan.diagnostics,
        ...recordedQuotaWarnings(plan, state, validated.now),
      ],
    };
  }
  const declarations = [...validated.declarations, ...planned.resolved];
  // A resolved reference may now name the very handshake a literal declaration sends: the rules across files again,
  // keeping only what validation did not already report.
  const reported = new Set(crossFileProblems(validated.declarations).map(diagnosticKey));
  const clashes = crossFileProblems(declarations).filter((diagnostic) => !reported.has(diagnosticKey(diagnostic)));
  const plan = planHandshakes(declarations, state, {
    now: validated.now,
    forgets: validated.forgets,
    resources: { changes: planned.changes, waits: planned.waits },
  });
  return {
    ...plan,
    diagnostics: [
      ...validated.diagnostics,
      ...planned.diagnostics,
      ...clashes,
      ...plan.diagnostics,
      ...recordedQuotaWarnings(plan, state, validated.now),
    ],
  };
}

function diagnosticKey(diagnostic: Diagnostic): string {
  return `${diagnostic.code}\u0000${diagnostic.name}\u0000${diagnostic.location?.file}:${diagnostic.location?.line}`;
}

/** Errors the plan itself found (a protected handshake, a forget of a declared name): nothing may be applied. */
export function planErrors(plan: Plan): Diagnostic[] {
  return plan.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
}
