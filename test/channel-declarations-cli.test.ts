// The CLI with declarations of the new kinds in the directory, against the simulator over loopback.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/index.js';
import { DEMO_CREDENTIALS, Simulator } from '../src/simulator/server.js';
import { NO_QUOTAS } from '../src/simulator/service.js';
import { captureCli, simulatorEnvironment, temporaryDirectory } from './helpers.js';

const simulators: Simulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
});

const RELATIONSHIP_NAMED_LIKE_AN_IMPORT = `kind: Relationship
name: pma-pma-imported00001
catalog: AWS
programManagementAccount: pma-abcdef123456g
associatedAccountId: "444455556666"
associationType: END_CUSTOMER
sector: COMMERCIAL
displayName: ACME
`;

describe('import beside declarations of other kinds', () => {
  it('never gives an imported handshake the name a relationship already has (names are unique across kinds)', async () => {
    const simulator = new Simulator({ rateLimits: { mutate: 0, list: 0 }, quotas: NO_QUOTAS });
    simulators.push(simulator);
    const url = await simulator.start();
    const root = await temporaryDirectory();
    await mkdir(join(root, 'handshakes'));
    await writeFile(join(root, 'handshakes', 'customers.yaml'), RELATIONSHIP_NAMED_LIKE_AN_IMPORT);
    const pma = simulator.service.insertExternal(DEMO_CREDENTIALS.accountId, {
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      catalog: 'AWS',
      associatedResourceIdentifier: 'pma-imported00001',
    });
    const captured = captureCli(root, simulatorEnvironment(url));
    expect(await run(['import'], captured.environment), captured.stderr()).toBe(0);
    const [file] = await readdir(join(root, 'handshakes', 'imported'));
    expect(file).toBe(`pma-pma-imported00001-${pma.id.slice(3, 8)}.yaml`);
    const written = await readFile(join(root, 'handshakes', 'imported', file as string), 'utf8');
    expect(written).toContain(`name: pma-pma-imported00001-${pma.id.slice(3, 8)}`);

    // The directory still validates (no name clash), and the relationship is planned beside the imported handshake.
    const validate = captureCli(root);
    expect(await run(['validate'], validate.environment), validate.stdout()).toBe(0);
    const plan = captureCli(root);
    expect(await run(['plan'], plan.environment), plan.stderr()).toBe(0);
    expect(plan.stdout()).toMatch(/create-relationship +pma-pma-imported00001 +Relationship/);
  });
});
