// kind: ProgramManagementAccount and kind: Relationship declarations, and handshakes that name them by reference:
// what validates, every cross-kind error at its file and line, and the plan refusing what this version cannot plan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { planErrors, planFrom, validateFiles } from '../src/core/engine.js';
import { emptyState } from '../src/core/model.js';
import { renderPlanMarkdown } from '../src/render/markdown.js';
import { renderPlanText } from '../src/render/text.js';
import { FIXED_NOW } from './helpers.js';
import { ONBOARDING_DOCUMENTS, relationshipYaml } from './support/onboarding-text.js';

const { account: PMA, activation: ACTIVATION, start: START } = ONBOARDING_DOCUMENTS;
const RELATIONSHIP = relationshipYaml({ resaleAccountModel: true, supportPlan: true, tags: true });
const ISSUE_EXAMPLE = [PMA, ACTIVATION, RELATIONSHIP, START].join('---\n');

function validate(text: string) {
  return validateFiles({ files: [{ path: 'handshakes/customers.yaml', text }], now: FIXED_NOW });
}

function errors(text: string) {
  return validate(text)
    .diagnostics.filter((diagnostic) => diagnostic.severity === 'error')
    .map((diagnostic) => ({
      code: diagnostic.code,
      at: `${diagnostic.location?.file}:${diagnostic.location?.line}:${diagnostic.location?.column}`,
      field: diagnostic.field,
      message: diagnostic.message,
    }));
}

describe('declarations of program management accounts and relationships', () => {
  it("validates the issue's onboarding file: two resources, two handshakes naming them", () => {
    const validated = validate(ISSUE_EXAMPLE);
    expect(validated.diagnostics).toEqual([]);
    expect(validated.resources?.map((declaration) => [declaration.spec.kind, declaration.spec.name])).toEqual([
      ['ProgramManagementAccount', 'emea'],
      ['Relationship', 'acme'],
    ]);
    expect(validated.referencing?.map((declaration) => [declaration.spec.name, declaration.reference])).toEqual([
      ['emea-activation', { kind: 'ProgramManagementAccount', name: 'emea', location: expect.anything() }],
      ['acme-support', { kind: 'Relationship', name: 'acme', location: expect.anything() }],
    ]);
    expect(validated.resources?.[1]?.spec).toEqual({
      kind: 'Relationship',
      name: 'acme',
      catalog: 'AWS',
      programManagementAccount: 'emea',
      associatedAccountId: '444455556666',
      associationType: 'END_CUSTOMER',
      sector: 'COMMERCIAL',
      displayName: 'ACME',
      resaleAccountModel: 'END_CUSTOMER',
      requestedSupportPlan: { resoldEnterprise: { coverage: 'ENTIRE_ORGANIZATION', tamLocation: 'EU' } },
      tags: { team: 'emea' },
    });
    expect(validated.tally).toEqual({ validDeclarations: 4, invalidDocuments: 0, refusedFiles: 0 });
  });

  it('plans the account first; the activation, the relationship and its START wait for what they name', () => {
    const plan = planFrom(validate(ISSUE_EXAMPLE), emptyState('lineage-1'));
    expect(planErrors(plan)).toEqual([]);
    expect(plan.changes).toEqual([
      {
        action: 'create-account',
        kind: 'ProgramManagementAccount',
        name: 'emea',
        catalog: 'AWS',
        reason: { rule: 'declared' },
        clientToken: expect.stringMatching(/^chr1-[A-Za-z0-9_-]{43}$/),
        request: {
          catalog: 'AWS',
          program: 'SOLUTION_PROVIDER',
          displayName: 'EMEA resale',
          accountId: '111122223333',
          tags: [{ key: 'channel-handshakes:owner', value: 'lineage-1/emea' }],
          clientToken: plan.changes[0]?.action === 'create-account' ? plan.changes[0].clientToken : '',
        },
        spec: validate(ISSUE_EXAMPLE).resources?.[0]?.spec,
      },
    ]);
    expect(plan.summary['create-account']).toBe(1);
    expect(plan.waits).toEqual([
      { name: 'acme', kind: 'Relationship', waitsFor: 'emea', until: 'created' },
      { name: 'emea-activation', kind: 'ChannelHandshake', waitsFor: 'emea', until: 'created' },
      { name: 'acme-support', kind: 'ChannelHandshake', waitsFor: 'acme', until: 'created' },
    ]);
    // The same declarations and state plan the same token on any machine.
    expect(planFrom(validate(ISSUE_EXAMPLE), emptyState('lineage-1')).digest).toBe(plan.digest);
  });

  it('the text plan and the PR comment show the kind, what is sent, and what waits', () => {
    const plan = planFrom(validate(ISSUE_EXAMPLE), emptyState('lineage-1'));
    const text = renderPlanText(plan, { color: false });
    expect(text).toContain('Plan: 1 program management account to create.');
    expect(text).toContain('Applying this plan will create 1 program management account.');
    expect(text).toMatch(/\+ {2}create-account {2}emea {2}ProgramManagementAccount {2}AWS/);
    expect(text).toContain(
      'sends: {"catalog":"AWS","program":"SOLUTION_PROVIDER","displayName":"EMEA resale","accountId":"111122223333"}',
    );
    expect(text).toContain('owner tag: channel-handshakes:owner = "lineage-1/emea"');
    expect(text).toContain('… acme (relationship) waits for emea to be created; a later apply sends it once ready');
    const markdown = renderPlanMarkdown(plan, { directory: 'handshakes' });
    expect(markdown).toContain('Merging will create 1 program management account.');
    expect(markdown).toContain('#### Waiting (nothing sent for these yet)');
    expect(markdown).toContain('create-account | emea<br>ProgramManagementAccount |  |');
    expect(markdown).not.toContain('AWS already has what the declarations ask for');
  });

  it('accepts a relationship whose account is a literal pma- id, and kind: ChannelHandshake written out', () => {
    const literal = RELATIONSHIP.replace(
      'programManagementAccount: emea',
      'programManagementAccount: pma-abcdef123456g',
    );
    const explicit = `kind: ChannelHandshake
name: old-style
handshakeType: PROGRAM_MANAGEMENT_ACCOUNT
catalog: AWS
associatedResourceIdentifier: pma-abcdef123456g
`;
    const validated = validate([literal, explicit].join('---\n'));
    expect(validated.diagnostics).toEqual([]);
    expect(validated.declarations.map((declaration) => declaration.spec)).toEqual(
      validate(explicit.replace('kind: ChannelHandshake\n', '')).declarations.map((declaration) => declaration.spec),
    );
  });

  it('names an unknown kind, with the likely one', () => {
    expect(errors(PMA.replace('kind: ProgramManagementAccount', 'kind: Relationshp'))).toEqual([
      {
        code: 'schema.enum',
        at: 'handshakes/customers.yaml:1:7',
        field: 'kind',
        message:
          '"Relationshp" is not a kind of declaration. Did you mean Relationship? Write one of: ChannelHandshake, ProgramManagementAccount, Relationship (or leave kind out for a ChannelHandshake).',
      },
    ]);
  });

  it('checks each kind against its own schema: a relationship with a 31-character name and an unquoted account', () => {
    const broken = RELATIONSHIP.replace('displayName: ACME', `displayName: ${'x'.repeat(31)}`).replace(
      'associatedAccountId: "444455556666"',
      'associatedAccountId: 444455556666',
    );
    expect(errors([PMA, broken].join('---\n')).map((problem) => [problem.field, problem.at])).toEqual([
      ['associatedAccountId', 'handshakes/customers.yaml:12:22'],
      ['displayName', 'handshakes/customers.yaml:15:14'],
    ]);
  });

  it('a dangling reference, at the reference', () => {
    expect(errors([RELATIONSHIP, START].join('---\n'))).toEqual([
      {
        code: 'reference.dangling',
        at: 'handshakes/customers.yaml:4:27',
        field: 'programManagementAccount',
        message:
          '"emea" names no declaration in this directory. Write the name of a kind: ProgramManagementAccount declaration, or a literal pma- id or ARN.',
      },
    ]);
  });

  it('a reference to a declaration of the wrong kind', () => {
    const wrong = START.replace('relationship: acme', 'relationship: emea');
    expect(errors([PMA, RELATIONSHIP, wrong].join('---\n'))).toEqual([
      {
        code: 'reference.wrong-kind',
        at: 'handshakes/customers.yaml:24:15',
        field: 'relationship',
        message:
          '"emea" is the ProgramManagementAccount declaration at handshakes/customers.yaml:1:1, but relationship must name a Relationship declaration (a relationship).',
      },
    ]);
  });

  it('a relationship naming a handshake declaration is the wrong kind too (which is what a cycle would need)', () => {
    const wrong = RELATIONSHIP.replace('programManagementAccount: emea', 'programManagementAccount: acme-support');
    expect(errors([PMA, wrong, START].join('---\n')).map((problem) => problem.code)).toEqual(['reference.wrong-kind']);
  });

  it('a literal id and a reference together', () => {
    const both = START.replace(
      'relationship: acme',
      'relationship: acme\nassociatedResourceIdentifier: rs-abc123def456g',
    );
    expect(errors([PMA, RELATIONSHIP, both].join('---\n'))).toEqual([
      {
        code: 'schema.not',
        at: 'handshakes/customers.yaml:25:1',
        field: 'associatedResourceIdentifier',
        message:
          'this field is not allowed here. Write either a reference (relationship or programManagementAccount) or the literal associatedResourceIdentifier, not both: remove one.',
      },
    ]);
  });

  it('a handshake with neither a reference nor a literal id still needs associatedResourceIdentifier, as before', () => {
    const neither = START.replace('relationship: acme\n', '').replace(
      'servicePeriodType',
      'programManagementAccountIdentifier: pma-abcdef123456g\n    servicePeriodType',
    );
    expect(errors(neither).map((problem) => [problem.code, problem.field])).toEqual([
      ['schema.required', 'associatedResourceIdentifier'],
    ]);
  });

  it('a payload account that contradicts the relationship’s, whether that is a literal id or a declaration', () => {
    const literal = RELATIONSHIP.replace(
      'programManagementAccount: emea',
      'programManagementAccount: pma-abcdef123456g',
    );
    const contradicting = START.replace(
      'servicePeriodType',
      'programManagementAccountIdentifier: pma-zzzzzzzzzzzzz\n    servicePeriodType',
    );
    expect(errors([literal, contradicting].join('---\n'))).toEqual([
      {
        code: 'reference.payload-account',
        at: 'handshakes/customers.yaml:20:41',
        field: 'payload.programManagementAccountIdentifier',
        message:
          'the payload names the program management account pma-zzzzzzzzzzzzz, but the relationship "acme" it names belongs to pma-abcdef123456g (handshakes/customers.yaml:1:1). Leave programManagementAccountIdentifier out: with relationship: it is taken from the relationship.',
      },
    ]);
    const agreeing = contradicting.replace('pma-zzzzzzzzzzzzz', 'pma-abcdef123456g');
    expect(errors([literal, agreeing].join('---\n'))).toEqual([]);
    expect(errors([PMA, RELATIONSHIP, agreeing].join('---\n')).map((problem) => problem.code)).toEqual([
      'reference.payload-account',
    ]);
  });

  it('names are unique across kinds, reported on the later declaration', () => {
    const clash = START.replace('name: acme-support', 'name: emea');
    expect(errors([PMA, RELATIONSHIP, clash].join('---\n'))).toEqual([
      {
        code: 'duplicate.name',
        at: 'handshakes/customers.yaml:21:7',
        field: 'name',
        message:
          'the name "emea" is already used by the ProgramManagementAccount declaration at handshakes/customers.yaml:1:1. Names are unique across kinds in a directory, because references and the recorded state find declarations by name: rename one of them.',
      },
    ]);
  });

  it('two relationships for one account under one program management account', () => {
    const twin = RELATIONSHIP.replace('name: acme', 'name: acme-again');
    expect(errors([PMA, RELATIONSHIP, twin].join('---\n')).map((problem) => [problem.code, problem.at])).toEqual([
      ['duplicate.resource', 'handshakes/customers.yaml:21:1'],
    ]);
  });

  it('a relationship in another catalog than its account', () => {
    const sandbox = RELATIONSHIP.replace('catalog: AWS', 'catalog: Sandbox');
    expect(errors([PMA, sandbox].join('---\n')).map((problem) => problem.code)).toEqual(['reference.catalog']);
  });

  it('a START and a REVOKE naming one relationship contradict each other, as with literal ids', () => {
    const revoke = `name: acme-revoke
handshakeType: REVOKE_SERVICE_PERIOD
catalog: AWS
relationship: acme
payload:
  revokeServicePeriodPayload: {}
`;
    expect(errors([PMA, RELATIONSHIP, START, revoke].join('---\n')).map((problem) => problem.code)).toEqual([
      'contradiction.start-and-revoke',
    ]);
  });

  it('a PMA handshake names a program management account, never a relationship, and the reverse', () => {
    const pmaByRelationship = ACTIVATION.replace('programManagementAccount: emea', 'relationship: acme');
    expect(errors([PMA, RELATIONSHIP, pmaByRelationship].join('---\n')).map((problem) => problem.field)).toEqual([
      'relationship',
    ]);
  });
});

describe('schemas/declarations.schema.json, for editors on files that mix kinds', () => {
  const read = (file: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'schemas', file), 'utf8'));
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, unicodeRegExp: true });
  for (const file of ['handshake.schema.json', 'program-management-account.schema.json', 'relationship.schema.json'])
    ajv.addSchema(read(file), file);
  const editor = ajv.compile(read('declarations.schema.json'));

  it('accepts and refuses each document exactly as the per-kind validator does', () => {
    const documents = [
      PMA,
      ACTIVATION,
      RELATIONSHIP,
      START,
      PMA.replace('"111122223333"', '"1111"'),
      RELATIONSHIP.replace('sector: COMMERCIAL', 'sector: PRIVATE'),
      ACTIVATION.replace(
        'programManagementAccount: emea',
        'programManagementAccount: emea\nassociatedResourceIdentifier: pma-abcdef123456g',
      ),
      START.replace('relationship: acme\n', ''),
      'kind: ChannelHandshake\nname: x\n',
    ];
    for (const text of documents) {
      const value = parseAllDocuments(text)[0]?.toJS();
      const cli = validate(text).diagnostics.filter((diagnostic) => diagnostic.code.startsWith('schema.'));
      expect({ text, valid: editor(value) }).toEqual({ text, valid: cli.length === 0 });
    }
  });
});
