// The words for a declaration's fields, where a reviewer would otherwise read a JSON path or an API member name.

const LABELS: Record<string, string> = {
  handshakeType: 'handshake type',
  catalog: 'catalog',
  associatedResourceIdentifier: 'resource',
  revision: 'revision',
  programManagementAccountIdentifier: 'program management account',
  servicePeriodType: 'service period type',
  minimumNoticeDays: 'minimum notice days',
  endDate: 'end date',
  note: 'note',
  revokeNote: 'revoke note',
  tags: 'tags',
  protect: 'protect',
};

/**
 * `/payload/startServicePeriodPayload/minimumNoticeDays` → "minimum notice days"; `/tags/owner` → "tag owner".
 * An unknown member keeps its own name, so nothing a plan says is lost.
 */
export function fieldLabel(path: string): string {
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (segments[0] === 'tags' && segments.length > 1) return `tag ${segments.slice(1).join('/')}`;
  const last = segments.at(-1) ?? path;
  return Object.hasOwn(LABELS, last) ? (LABELS[last] ?? last) : last;
}
