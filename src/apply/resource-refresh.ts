// refresh for program management accounts and relationships: one filtered List per recorded resource
// (ListProgramManagementAccounts by accountId; ListRelationships by account and program management account), then
// core/resource-drift.ts reconciles the state with what AWS answered.

import type { RecordedState } from '../core/model.js';
import { type ResourceDrift, type ResourceReading, reconcileResources } from '../core/resource-drift.js';
import type { PartnerCentralPort } from './partner-central.js';

export type ResourceLister = Pick<PartnerCentralPort, 'listAllProgramManagementAccounts' | 'listAllRelationships'>;

export async function refreshResources(api: ResourceLister, state: RecordedState): Promise<ResourceDrift> {
  const readings: ResourceReading[] = [];
  for (const [name, record] of Object.entries(state.resources ?? {})) {
    const spec = record.spec;
    const items =
      spec.kind === 'ProgramManagementAccount'
        ? await api.listAllProgramManagementAccounts({ catalog: spec.catalog, accountIds: [spec.accountId] })
        : await api.listAllRelationships({
            catalog: spec.catalog,
            associatedAccountIds: [spec.associatedAccountId],
            ...(record.programManagementAccountId
              ? { programManagementAccountIdentifiers: [record.programManagementAccountId] }
              : {}),
          });
    readings.push({ name, found: items.find((item) => item.id === record.id) });
  }
  return reconcileResources(state, readings);
}
