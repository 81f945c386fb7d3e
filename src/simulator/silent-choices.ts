/**
 * What the simulator does where AWS documents nothing (docs/lifecycle.md, "Relationships and program management
 * accounts: where AWS is silent"). Each default is the safe refusal; each can be switched off through
 * POST /_simulator/choices, so a test can also play an AWS that allows it.
 */
export interface SilentChoices {
  /** CreateRelationship under a PMA that is not ACTIVE: ValidationException (BUSINESS_VALIDATION_FAILED). */
  createRelationshipNeedsActiveProgramManagementAccount: boolean;
  /**
   * DeleteRelationship while a service period is in force on it, or a START or REVOKE on it is still PENDING:
   * ConflictException.
   */
  deleteRelationshipRefusedWhileServicePeriodOpen: boolean;
  /** DeleteProgramManagementAccount while relationships remain under it: ConflictException. */
  deleteProgramManagementAccountRefusedWithRelationships: boolean;
}

export const SAFE_CHOICES: SilentChoices = {
  createRelationshipNeedsActiveProgramManagementAccount: true,
  deleteRelationshipRefusedWhileServicePeriodOpen: true,
  deleteProgramManagementAccountRefusedWithRelationships: true,
};

/** Merges a partial update from the control route; anything that is not one of the known booleans is refused. */
export function updatedChoices(current: SilentChoices, body: unknown): SilentChoices | string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object';
  const next = { ...current };
  for (const [name, value] of Object.entries(body)) {
    if (!Object.hasOwn(SAFE_CHOICES, name)) {
      return `unknown choice "${name}"; known: ${Object.keys(SAFE_CHOICES).join(', ')}`;
    }
    if (typeof value !== 'boolean') return `${name} must be true or false`;
    next[name as keyof SilentChoices] = value;
  }
  return next;
}
