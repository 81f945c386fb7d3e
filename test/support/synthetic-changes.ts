// Minimal changes of each action, for renderer tests that need many plans fast (no declarations, no state).
import type { Change, ChangeAction } from '../../src/core/model.js';

export const CHANGE_ACTIONS_FOR_TEST = [
  'create',
  'supersede',
  'replace',
  'cancel',
  'revoke',
  'retag',
  'rename',
  'forget',
] as const satisfies readonly ChangeAction[];

const start = (name: string, days: string) => ({
  name,
  handshakeType: 'START_SERVICE_PERIOD' as const,
  catalog: 'AWS',
  associatedResourceIdentifier: 'rs-aaaaaaaaaaaaa',
  payload: {
    startServicePeriodPayload: {
      programManagementAccountIdentifier: 'pma-abcdef123456g',
      servicePeriodType: 'MINIMUM_NOTICE_PERIOD' as const,
      minimumNoticeDays: days,
    },
  },
  tags: {},
  revision: 0,
});

/** One change of an action, named `<action>-<index>`, with the recorded handshake it acts on when it has one. */
export function syntheticChange(action: ChangeAction, index: number): Change {
  const name = `${action}-${index}`;
  const id = `ch-${String(index).padStart(13, '0')}`;
  const previous = {
    spec: start(name, '30'),
    handshake: { id, handshakeType: 'START_SERVICE_PERIOD' as const, status: 'PENDING' as const },
    ...(action === 'rename' ? { name: `old-${name}` } : {}),
  };
  return {
    action,
    name,
    handshakeType: 'START_SERVICE_PERIOD',
    catalog: 'AWS',
    resource: 'rs-aaaaaaaaaaaaa',
    reason: { rule: 'forget-document' },
    ...(action === 'create' || action === 'supersede' || action === 'replace'
      ? { spec: start(name, '60'), clientToken: `chs1-${index}`, request: undefined }
      : {}),
    ...(action === 'cancel' ? { retire: { action: 'cancel', id, arn: `arn:${id}` } } : {}),
    ...(action === 'create' ? {} : { previous }),
  } as unknown as Change;
}
