import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractModel } from '../scripts/extract-model.mjs';
import { CHANNEL_MODEL, validateInput } from '../src/simulator/model-validation.js';

// The official model sits beside the repository in ../shared/reference (CI lays it there). A clone without it
// still checks the committed extract below; only the drift check needs the original.
const OFFICIAL = join(import.meta.dirname, '..', '..', 'shared', 'reference', 'partnercentral-channel.smithy.json');

describe('the simulator speaks the official model', () => {
  it.skipIf(!existsSync(OFFICIAL))('its shapes are exactly those extracted from the official Smithy model', () => {
    const fresh = extractModel(JSON.parse(readFileSync(OFFICIAL, 'utf8')));
    expect(fresh).toEqual(CHANNEL_MODEL);
  });

  it.skipIf(!existsSync(OFFICIAL))('accepts every example input the model documents for the served operations', () => {
    const smithy = JSON.parse(readFileSync(OFFICIAL, 'utf8')) as {
      shapes: Record<string, { traits?: Record<string, unknown> }>;
    };
    let checked = 0;
    for (const operation of Object.keys(CHANNEL_MODEL.operations)) {
      const examples = (smithy.shapes[`com.amazonaws.partnercentralchannel#${operation}`]?.traits?.[
        'smithy.api#examples'
      ] ?? []) as { input: unknown }[];
      for (const example of examples) {
        expect(validateInput(operation, example.input), `${operation} example`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('refuses inputs that break the model, naming each field', () => {
    const problems = validateInput('CreateChannelHandshake', {
      handshakeType: 'START_SOMETHING',
      catalog: 'AWS 1',
      associatedResourceIdentifier: 'rs-short',
      payload: {
        startServicePeriodPayload: {
          programManagementAccountIdentifier: 'pma-abcdef123456g',
          servicePeriodType: 'MINIMUM_NOTICE_PERIOD',
          note: 'tab\there',
        },
        revokeServicePeriodPayload: { programManagementAccountIdentifier: 'pma-abcdef123456g' },
      },
      tags: [{ key: 'bad!', value: 'x' }],
      clientToken: 'x'.repeat(65),
    });
    expect(problems.map((problem) => `${problem.name} ${problem.code}`).sort()).toEqual([
      'associatedResourceIdentifier INVALID_LENGTH',
      'associatedResourceIdentifier INVALID_PATTERN',
      'catalog INVALID_PATTERN',
      'clientToken INVALID_LENGTH',
      'handshakeType INVALID_ENUM_VALUE',
      'payload INVALID_UNION',
      'payload.startServicePeriodPayload.note INVALID_PATTERN',
      'tags[0].key INVALID_PATTERN',
    ]);
    expect(
      validateInput('ListChannelHandshakes', {
        handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
        catalog: 'AWS',
        participantType: 'SENDER',
        maxResults: 101,
      }),
    ).toEqual([{ name: 'maxResults', code: 'INVALID_RANGE', message: 'maxResults must be between 1 and 100' }]);
  });
});
