// The declarations of one customer's onboarding, as issue 18 writes them: a program management account, its
// activation, a relationship under it and the relationship's START. Each test takes the parts its story needs.

const ACCOUNT = `kind: ProgramManagementAccount
name: emea
catalog: AWS
program: SOLUTION_PROVIDER
displayName: EMEA resale
accountId: "111122223333"
`;

const ACTIVATION = `name: emea-activation
handshakeType: PROGRAM_MANAGEMENT_ACCOUNT
catalog: AWS
programManagementAccount: emea
`;

const RELATIONSHIP = `kind: Relationship
name: acme
catalog: AWS
programManagementAccount: emea
associatedAccountId: "444455556666"
associationType: END_CUSTOMER
sector: COMMERCIAL
displayName: ACME
`;

const SUPPORT_PLAN = `requestedSupportPlan:
  resoldEnterprise: { coverage: ENTIRE_ORGANIZATION, tamLocation: EU }
`;

const START = `name: acme-support
handshakeType: START_SERVICE_PERIOD
catalog: AWS
relationship: acme
payload:
  startServicePeriodPayload:
    servicePeriodType: MINIMUM_NOTICE_PERIOD
    minimumNoticeDays: 30
`;

interface RelationshipParts {
  resaleAccountModel?: boolean;
  supportPlan?: boolean;
  tags?: boolean;
}

/** The relationship's document alone, with the optional fields asked for. */
export function relationshipYaml(parts: RelationshipParts = {}): string {
  return `${RELATIONSHIP}${parts.resaleAccountModel ? 'resaleAccountModel: END_CUSTOMER\n' : ''}${parts.supportPlan ? SUPPORT_PLAN : ''}${parts.tags ? 'tags: { team: emea }\n' : ''}`;
}

/** The other documents one at a time, for tests that combine or break them. */
export const ONBOARDING_DOCUMENTS = { account: ACCOUNT, activation: ACTIVATION, start: START };

/** The onboarding file: the account, its activation and the relationship, with the optional parts asked for. */
export function onboardingYaml(parts: RelationshipParts & { start?: boolean } = {}): string {
  return [ACCOUNT, ACTIVATION, relationshipYaml(parts), ...(parts.start ? [START] : [])].join('---\n');
}

/** The whole example: support plan, tags and the START. */
export const ONBOARDING = onboardingYaml({ supportPlan: true, tags: true, start: true });
