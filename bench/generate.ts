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
