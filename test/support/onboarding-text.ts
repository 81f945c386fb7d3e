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

/** The onboarding file: the account, its activation and the relationship, with the optional parts asked for. */
export function onboardingYaml(parts: { supportPlan?: boolean; tags?: boolean; start?: boolean } = {}): string {
  const relationship = `${RELATIONSHIP}${parts.supportPlan ? SUPPORT_PLAN : ''}${parts.tags ? 'tags: { team: emea }\n' : ''}`;
  return [ACCOUNT, ACTIVATION, relationship, ...(parts.start ? [START] : [])].join('---\n');
}

/** The whole example: support plan, tags and the START. */
export const ONBOARDING = onboardingYaml({ supportPlan: true, tags: true, start: true });
