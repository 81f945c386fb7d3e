// Issue 16: a live handshake with this repository's owner tag is never called unmanaged; a forgotten ACCEPTED PMA
// handshake is not drift forever; the drift issue offers a cancel only for a PENDING handshake.
import { describe, expect, it } from 'vitest';
import { hasDrift, reconcile } from '../src/core/drift.js';
import { emptyState, type LiveHandshake } from '../src/core/model.js';
import { OWNER_TAG_KEY, ownerTagValue } from '../src/core/ownership.js';
import { deriveLineage } from '../src/core/token.js';
import { renderDriftMarkdown } from '../src/render/drift-markdown.js';

const LINEAGE = deriveLineage('handshakes');

function live(overrides: Partial<LiveHandshake>): LiveHandshake {
  return {
    id: 'ch-aaaaaaaaaaaaa',
    arn: 'arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/ch-aaaaaaaaaaaaa',
    catalog: 'AWS',
    handshakeType: 'START_SERVICE_PERIOD',
    associatedResourceId: 'rs-abc123def456g',
    status: 'PENDING',
    createdAt: '2026-11-27T10:00:00Z',
    ...overrides,
  };
}

const ours = (name: string) => [{ key: OWNER_TAG_KEY, value: ownerTagValue(LINEAGE, name) }];
const options = { directory: 'handshakes', checkedAt: '2026-11-27T12:00:00Z', repositoryUrl: 'https://github.com/o/r' };

describe('live handshakes the state does not record (issue 16)', () => {
  it('one with this repository’s owner tag for a name is "not recorded", never "unmanaged … in no declaration"', () => {
    const { report } = reconcile(emptyState(LINEAGE), [live({ tags: ours('acme') })]);
    expect(report.unmanaged).toEqual([]);
    expect(report.ownUnrecorded).toEqual([expect.objectContaining({ id: 'ch-aaaaaaaaaaaaa', name: 'acme' })]);
    expect(hasDrift(report)).toBe(true);
    const markdown = renderDriftMarkdown(report, options);
    expect(markdown).not.toContain('in no declaration');
    expect(markdown).toContain('carries this repository’s owner tag'.replace('’', "'"));
    expect(markdown).toContain('cancel-channel-handshake --catalog AWS --identifier ch-aaaaaaaaaaaaa');
  });

  it('a forgotten ACCEPTED PMA handshake of this repository is listed as forgotten, and is not drift', () => {
    const pma = live({
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      associatedResourceId: 'pma-abcdef123456g',
      status: 'ACCEPTED',
      tags: ours('pma'),
    });
    const { report } = reconcile(emptyState(LINEAGE), [pma]);
    expect(report.unmanaged).toEqual([]);
    expect(hasDrift(report)).toBe(false);
    const markdown = renderDriftMarkdown(report, options);
    expect(markdown).toContain('### No drift that needs a person');
    expect(markdown).toContain('and forgotten: AWS has no undo');
    expect(markdown).not.toContain('cancel-channel-handshake');
  });

  it('the drift issue offers cancel-channel-handshake only for a PENDING unmanaged handshake', () => {
    const accepted = live({
      handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
      associatedResourceId: 'pma-abcdef123456g',
      status: 'ACCEPTED',
    });
    const pending = live({
      id: 'ch-bbbbbbbbbbbbb',
      arn: 'arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/ch-bbbbbbbbbbbbb',
    });
    const markdown = renderDriftMarkdown(reconcile(emptyState(LINEAGE), [accepted, pending]).report, options);
    expect(markdown).toContain('cancel-channel-handshake --catalog AWS --identifier ch-bbbbbbbbbbbbb');
    expect(markdown).not.toContain('--identifier ch-aaaaaaaaaaaaa');
    expect(markdown).toContain('Adopt it (a cancel works only while it is PENDING)');
  });
});
