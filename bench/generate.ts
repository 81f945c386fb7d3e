import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes `count` realistic declarations, several per file, mixing all three handshake types. */
export async function generateDeclarations(directory: string, count: number, perFile = 5): Promise<void> {
  await mkdir(directory, { recursive: true });
  const files: string[] = [];
  let current: string[] = [];
  for (let index = 0; index < count; index++) {
    const suffix = index.toString(36).padStart(13, '0');
    const kind = index % 3;
    const document =
      kind === 0
        ? `name: pma-${index}\nhandshakeType: PROGRAM_MANAGEMENT_ACCOUNT\ncatalog: AWS\nassociatedResourceIdentifier: pma-${suffix}\ntags:\n  customer: customer-${index}\n`
        : kind === 1
          ? `# yaml-language-server: $schema=../schemas/handshake.schema.json\nname: start-${index}\nhandshakeType: START_SERVICE_PERIOD\ncatalog: AWS\nassociatedResourceIdentifier: rs-${suffix}\npayload:\n  startServicePeriodPayload:\n    programManagementAccountIdentifier: pma-${suffix}\n    servicePeriodType: MINIMUM_NOTICE_PERIOD\n    minimumNoticeDays: 30\n    note: Annual support for customer ${index}\ntags:\n  cost-center: "4711"\n  customer: customer-${index}\n`
          : `name: fixed-${index}\nhandshakeType: START_SERVICE_PERIOD\ncatalog: AWS\nassociatedResourceIdentifier: rs-${suffix}\npayload:\n  startServicePeriodPayload:\n    programManagementAccountIdentifier: pma-${suffix}\n    servicePeriodType: FIXED_COMMITMENT_PERIOD\n    endDate: 2027-06-30\n    note: Fixed term for customer ${index}\n`;
    current.push(document);
    if (current.length === perFile) {
      files.push(current.join('---\n'));
      current = [];
    }
  }
  if (current.length > 0) files.push(current.join('---\n'));
  await Promise.all(files.map((text, index) => writeFile(join(directory, `declarations-${index}.yaml`), text)));
}

/**
 * Writes `count` declarations one per file, spread over 20 sub-directories, each with a note and one tag: the shape
 * of a large repository as a user keeps it.
 */
export async function generateTree(directory: string, count: number, directories = 20): Promise<void> {
  for (let folder = 0; folder < directories; folder++) {
    await mkdir(join(directory, `team-${folder}`), { recursive: true });
  }
  const batch = 500;
  for (let first = 0; first < count; first += batch) {
    const writes: Promise<void>[] = [];
    for (let index = first; index < Math.min(count, first + batch); index++) {
      const suffix = index.toString(36).padStart(13, '0');
      const text = `name: customer-${index}\nhandshakeType: START_SERVICE_PERIOD\ncatalog: AWS\nassociatedResourceIdentifier: rs-${suffix}\npayload:\n  startServicePeriodPayload:\n    programManagementAccountIdentifier: pma-${suffix}\n    servicePeriodType: MINIMUM_NOTICE_PERIOD\n    minimumNoticeDays: 30\n    note: Annual support agreement for customer ${index}\ntags:\n  cost-center: "${4000 + (index % 100)}"\n`;
      writes.push(writeFile(join(directory, `team-${index % directories}`, `customer-${index}.yaml`), text));
    }
    await Promise.all(writes);
  }
}

/**
 * Writes `count` relationships and `count` STARTs that name them (`relationship:`), a relationship and its START per
 * file, and a state that records every relationship as created: the plan resolves each START against its
 * relationship and sends it. For the channel-as-code issue's target: per document within 1.5× of a handshake plan.
 */
export async function generateChannel(directory: string, count: number): Promise<void> {
  await mkdir(directory, { recursive: true });
  const lineage = '00000000-0000-8000-8000-00000000bench';
  const account = 'pma-abcdef123456g';
  const resources: Record<string, unknown> = {};
  const batch = 500;
  for (let first = 0; first < count; first += batch) {
    const writes: Promise<void>[] = [];
    for (let index = first; index < Math.min(count, first + batch); index++) {
      const id = `rs-${index.toString(36).padStart(13, '0')}`;
      const associatedAccountId = String(100_000_000_000 + index);
      const relationship = `kind: Relationship\nname: customer-${index}\ncatalog: AWS\nprogramManagementAccount: ${account}\nassociatedAccountId: "${associatedAccountId}"\nassociationType: END_CUSTOMER\nsector: COMMERCIAL\ndisplayName: Customer ${index}\ntags:\n  team: emea\n`;
      const start = `name: customer-${index}-support\nhandshakeType: START_SERVICE_PERIOD\ncatalog: AWS\nrelationship: customer-${index}\npayload:\n  startServicePeriodPayload:\n    servicePeriodType: MINIMUM_NOTICE_PERIOD\n    minimumNoticeDays: 30\n    note: Annual support agreement for customer ${index}\n`;
      writes.push(writeFile(join(directory, `customer-${index}.yaml`), `${relationship}---\n${start}`));
      resources[`customer-${index}`] = {
        kind: 'Relationship',
        id,
        arn: `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/program-management-account/${account}/relationship/${id}`,
        clientToken: `bench-${index}`,
        spec: {
          kind: 'Relationship',
          name: `customer-${index}`,
          catalog: 'AWS',
          programManagementAccount: account,
          associatedAccountId,
          associationType: 'END_CUSTOMER',
          sector: 'COMMERCIAL',
          displayName: `Customer ${index}`,
          tags: { team: 'emea' },
        },
        programManagementAccountId: account,
        createdAt: '2026-12-01T00:00:00.000Z',
        appliedBy: {},
      };
    }
    await Promise.all(writes);
  }
  await writeFile(
    join(directory, 'state.json'),
    JSON.stringify({ version: 4, lineage, serial: 1, declarations: {}, resources }),
  );
}
