import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import type { ChannelHandshakeSummary } from '../api/client.js';
import { createApiClient } from '../api/index.js';
import { appliedByFromEnvironment } from '../core/applied-by.js';
import { effectiveState, validateFiles } from '../core/engine.js';
import { UserError } from '../core/errors.js';
import { declarationFromSummary, importedName } from '../core/import.js';
import {
  HANDSHAKE_STATUSES,
  HANDSHAKE_TYPES,
  type HandshakeStatus,
  type HandshakeType,
  type RecordedState,
} from '../core/model.js';
import { programManagementAccountOf, resourceId } from '../core/normalize.js';
import { redactorFromEnvironment, redactValue } from '../core/redact.js';
import { readState, writeStateAtomically } from '../files/state.js';
import { singleLine } from '../render/neutralise.js';
import {
  type CliEnvironment,
  commonOptions,
  DIRECTORY_OPTIONS,
  ENDPOINT_OPTION,
  EXIT_ERROR,
  EXIT_OK,
  helpRequested,
  validOrReport,
} from './shared.js';

export const IMPORT_HELP = `Usage: handshakes import [--dir handshakes] [--state FILE] [--catalog AWS]
                         [--type START_SERVICE_PERIOD,...] [--status PENDING,ACCEPTED]
                         [--program-management-account pma-…] [--endpoint URL]

Adopts handshakes that already exist in Partner Central: writes one declaration file per
handshake under DIR/imported/ with a readable, deterministic name, and records it in the state,
so that a plan straight afterwards shows no changes. Never overwrites a file or a state entry;
everything skipped is reported with the reason.

Options:
  --catalog NAME                    Catalog to import from (default: AWS)
  --type LIST                       Handshake types, comma-separated (default: all three)
  --status LIST                     Statuses to adopt (default: PENDING,ACCEPTED)
  --program-management-account PMA  The PMA that service-period handshakes were sent for; the list
                                    API does not return it, so they are skipped without it
  --endpoint URL                    API endpoint (default: the AWS SDK convention)
  -h, --help                        Show this help
`;

function listOption<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  fallback: readonly T[],
  name: string,
): T[] {
  if (value === undefined) return [...fallback];
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const wrong = items.filter((item) => !allowed.includes(item as T));
  if (wrong.length > 0)
    throw new UserError(`--${name} takes ${allowed.join(', ')}; "${wrong.join(', ')}" is not one of them.`);
  return items as T[];
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

export async function importCommand(args: string[], environment: CliEnvironment): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...DIRECTORY_OPTIONS,
      ...ENDPOINT_OPTION,
      catalog: { type: 'string' },
      type: { type: 'string' },
      status: { type: 'string' },
      'program-management-account': { type: 'string' },
    },
    strict: true,
  });
  if (helpRequested(values, IMPORT_HELP, environment)) return EXIT_OK;
  const types = listOption<HandshakeType>(values.type, HANDSHAKE_TYPES, HANDSHAKE_TYPES, 'type');
  const statuses = listOption<HandshakeStatus>(values.status, HANDSHAKE_STATUSES, ['PENDING', 'ACCEPTED'], 'status');
  const catalog = values.catalog ?? 'AWS';
  const pma = values['program-management-account'];
  if (pma !== undefined && !/^pma-[a-z0-9]{13}$/.test(pma)) {
    throw new UserError(`--program-management-account takes an id such as pma-abcdef123456g, not "${pma}".`);
  }
  const options = commonOptions(environment, values);
  const validated = await validOrReport(environment, options, 'Nothing imported (the result must be plannable)');
  if (!validated) return EXIT_ERROR;
  let state: RecordedState = effectiveState(await readState(options.statePath), options.directoryLabel);
  const names = new Set([
    ...validated.declarations.map((declaration) => declaration.spec.name),
    ...Object.keys(state.handshakes),
  ]);
  const managedIds = new Set(
    Object.values(state.handshakes).flatMap((entry) => [entry.id, entry.revocation?.id ?? '']),
  );
  const identity = (type: string, resource: string, account: string) =>
    `${type} ${catalog} ${resourceId(resource)} ${account}`;
  const identities = new Set(
    validated.declarations.map((declaration) =>
      identity(
        declaration.spec.handshakeType,
        declaration.spec.associatedResourceIdentifier,
        programManagementAccountOf(declaration.spec),
      ),
    ),
  );

  const api = await createApiClient({ endpoint: values.endpoint, env: environment.env });
  const imported: string[] = [];
  const skipped: string[] = [];
  try {
    const items: ChannelHandshakeSummary[] = [];
    for (const handshakeType of types) {
      items.push(
        ...(await api.client.listAllChannelHandshakes({ handshakeType, catalog, participantType: 'SENDER', statuses })),
      );
    }
    // Newest first: when two live handshakes would be the same declaration, the newest is the one to manage.
    items.sort(
      (left, right) => (right.createdAt ?? '').localeCompare(left.createdAt ?? '') || (left.id < right.id ? -1 : 1),
    );
    const appliedAt = environment.now().toISOString();
    for (const item of items) {
      if (managedIds.has(item.id)) {
        skipped.push(`${item.id}: already in the recorded state`);
        continue;
      }
      let name = importedName(item);
      if (names.has(name)) name = `${name}-${item.id.slice(3, 8)}`;
      if (names.has(name)) {
        skipped.push(`${item.id}: the name ${name} is already used`);
        continue;
      }
      const account = item.handshakeType === 'PROGRAM_MANAGEMENT_ACCOUNT' ? item.associatedResourceId : (pma ?? '');
      if (identities.has(identity(item.handshakeType, item.associatedResourceId, account))) {
        skipped.push(
          `${item.id}: another ${item.handshakeType} for ${item.associatedResourceId} is already declared or imported`,
        );
        continue;
      }
      const tags = await api.client.listTagsForResource({ resourceArn: item.arn });
      const conversion = declarationFromSummary(item, name, tags, pma);
      if ('skipped' in conversion) {
        skipped.push(conversion.skipped);
        continue;
      }
      const path = join(options.directory, 'imported', `${name}.yaml`);
      const label = join(options.directoryLabel, 'imported', `${name}.yaml`);
      if (await exists(path)) {
        skipped.push(`${item.id}: ${label} already exists and is never overwritten`);
        continue;
      }
      const text = `# Imported from Partner Central: ${item.handshakeType} ${item.id}, ${item.status} when imported on ${appliedAt.slice(0, 10)}.\n${stringify(conversion.declaration)}`;
      // Validate what we are about to write, and record exactly the spec a later plan will read back from it.
      const check = validateFiles({ files: [{ path: label, text }], now: environment.now() });
      const declaration = check.declarations[0];
      if (check.hasErrors || !declaration) {
        skipped.push(
          `${item.id}: the declaration it would need is invalid (${check.diagnostics[0]?.message ?? 'unknown'})`,
        );
        continue;
      }
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text, { flag: 'wx' });
      state = {
        ...state,
        handshakes: {
          ...state.handshakes,
          [name]: {
            id: item.id,
            arn: item.arn,
            handshakeType: item.handshakeType,
            catalog: item.catalog,
            status: item.status,
            clientToken: '',
            revision: 0,
            generation: 0,
            spec: declaration.spec,
            appliedAt,
            appliedBy: { ...appliedByFromEnvironment(environment.env), imported: true },
            ...(item.updatedAt ? { updatedAt: item.updatedAt } : {}),
          },
        },
      };
      names.add(name);
      identities.add(identity(item.handshakeType, item.associatedResourceId, account));
      imported.push(`${name} ← ${item.id} (${item.status}) in ${label}`);
    }
  } finally {
    api.close();
  }
  if (imported.length > 0) {
    state = { ...state, serial: state.serial + 1 };
    await writeStateAtomically(options.statePath, redactValue(state, redactorFromEnvironment(environment.env)));
  }
  environment.stdout.write(
    `Imported ${imported.length} handshake${imported.length === 1 ? '' : 's'}:\n${imported.map((line) => `  + ${singleLine(line)}`).join('\n')}${imported.length ? '\n' : ''}`,
  );
  if (skipped.length > 0) {
    environment.stdout.write(
      `Skipped ${skipped.length}:\n${skipped.map((line) => `  - ${singleLine(line)}`).join('\n')}\n`,
    );
  }
  if (imported.length > 0)
    environment.stdout.write(`State written to ${options.stateLabel} (serial ${state.serial}).\n`);
  return EXIT_OK;
}
