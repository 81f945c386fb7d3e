// What this version validates but does not plan yet: `kind: ProgramManagementAccount` and `kind: Relationship`
// declarations, and handshakes that name their resource by reference. Each is a plan error at its own file and line,
// so nothing is ever applied around a declaration that would otherwise be silently ignored (a handshake moved from a
// literal id to a reference would even look removed, and be revoked).
import type { ReferencingHandshakeDeclaration, ResourceDeclaration } from './channel-declarations.js';
import type { Diagnostic } from './model.js';

const LATER = 'This version validates it (the schema, the references) but does not plan or apply it yet';

export function unplannedKindProblems(
  resources: readonly ResourceDeclaration[],
  referencing: readonly ReferencingHandshakeDeclaration[],
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const { spec, location } of resources) {
    problems.push({
      severity: 'error',
      code: 'plan.kind-not-planned',
      name: spec.name,
      field: 'kind',
      location,
      message:
        spec.kind === 'Relationship'
          ? `"${spec.name}" declares a Relationship. ${LATER}, so nothing may be applied while it is declared. Create the relationship elsewhere and write its rs- id in the handshakes' associatedResourceIdentifier, or keep this declaration on a branch until a version plans relationships.`
          : `"${spec.name}" declares a ProgramManagementAccount. ${LATER}, so nothing may be applied while it is declared. Create the program management account elsewhere and write its pma- id in the handshakes' associatedResourceIdentifier, or keep this declaration on a branch until a version plans program management accounts.`,
    });
  }
  for (const { spec, reference } of referencing) {
    const field = reference.kind === 'Relationship' ? 'relationship' : 'programManagementAccount';
    problems.push({
      severity: 'error',
      code: 'plan.reference-not-planned',
      name: spec.name,
      field,
      location: reference.location,
      message: `"${spec.name}" names its ${reference.kind === 'Relationship' ? 'relationship' : 'program management account'} by reference (${field}: ${reference.name}). ${LATER}, so nothing may be applied while it is declared. Write the literal ${reference.kind === 'Relationship' ? 'rs-' : 'pma-'} id in associatedResourceIdentifier instead.`,
    });
  }
  return problems;
}
