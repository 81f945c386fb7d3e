// Issue 16, state format version 5: a forgotten ACCEPTED PMA handshake leaves a tombstone, so refresh and the drift
// issue never call it unmanaged; a rename rewrites the names it moves, so every recorded spec names its key; and the
// serial check before every state write reads the file within the state budgets.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasDrift, reconcile } from '../src/core/drift.js';
import { historyOf, withHistory, withoutHistory } from '../src/core/history.js';
import { mergeRecordedResults } from '../src/core/merge-state.js';
import { emptyState, type LiveHandshake, type RecordedState, STATE_VERSION } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { recordCreation, recordForget, recordRename } from '../src/core/record.js';
import { deriveLineage } from '../src/core/token.js';
import { guardedStateWriter, parseState, serializeState, serialOnDisk } from '../src/files/state.js';
import { renderDriftMarkdown } from '../src/render/drift-markdown.js';
import {
  declarationsFrom,
  FIXED_NOW,
  programManagementAccount,
  sending,
  sentFor,
  startServicePeriod,
  temporaryDirectory,
} from './helpers.js';

const LINEAGE = deriveLineage('handshakes');
const CONTEXT = { appliedAt: '2026-11-27T12:00:00.000Z', appliedBy: {} };
const AT = FIXED_NOW.toISOString();
const PMA_ID = 'ch-pmaaccepted01';
const PMA_ARN = `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/${PMA_ID}`;
const DRIFT_OPTIONS = { directory: 'handshakes', checkedAt: AT, repositoryUrl: 'https://github.com/o/r' };

/** `pma` declared, sent and answered with `status`. */
function pmaRecorded(status: 'ACCEPTED' | 'PENDING'): RecordedState {
  const [change] = createPlan(declarationsFrom(programManagementAccount('pma')), emptyState(LINEAGE)).changes;
  return recordCreation(emptyState(LINEAGE), sending(change), { id: PMA_ID, arn: PMA_ARN, status }, CONTEXT);
}

/** The PMA handshake as ListChannelHandshakes returns it: no owner tag, as releases before the owner tag sent it. */
function listed(overrides: Partial<LiveHandshake> = {}): LiveHandshake {
  return {
    id: PMA_ID,
    arn: PMA_ARN,
    catalog: 'AWS',
    handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
    associatedResourceId: 'pma-abcdef123456g',
    status: 'ACCEPTED',
    createdAt: '2026-11-27T12:00:00Z',
    ...overrides,
  };
}

function forgotten(state: RecordedState, forgetReason?: string): RecordedState {
  const plan = createPlan([], state, {
    ...(forgetReason !== undefined ? { forgets: [{ name: 'pma', reason: forgetReason, location: LOCATION }] } : {}),
  });
  const [change] = plan.changes;
  if (change?.action !== 'forget') throw new Error(`expected a forget, not ${change?.action}`);
  return recordForget(state, change, AT);
}

const LOCATION = { file: 'handshakes/forget.yaml', line: 1, column: 1 };

describe('a forgotten ACCEPTED PROGRAM_MANAGEMENT_ACCOUNT handshake (issue 16, docs/lifecycle.md row 24)', () => {
  it('leaves a tombstone (id, arn, name, reason, date) when its declaration is removed', () => {
    const state = forgotten(pmaRecorded('ACCEPTED'));
    expect(historyOf(state, 'pma')).toBeUndefined();
    expect(state.tombstones).toEqual([
      { id: PMA_ID, arn: PMA_ARN, name: 'pma', reason: 'no-longer-declared', forgottenAt: AT },
    ]);
  });

  it('and when a forget document names it', () => {
    expect(forgotten(pmaRecorded('ACCEPTED'), 'moved to another repository').tombstones).toEqual([
      { id: PMA_ID, arn: PMA_ARN, name: 'pma', reason: 'forget-document', forgottenAt: AT },
    ]);
  });

  it('a PENDING one leaves none: it can still be cancelled, so the drift issue keeps offering that', () => {
    const state = forgotten(pmaRecorded('PENDING'), 'forget it anyway');
    expect(state.tombstones).toBeUndefined();
    const markdown = renderDriftMarkdown(reconcile(state, [listed({ status: 'PENDING' })]).report, DRIFT_OPTIONS);
    expect(markdown).toContain(`cancel-channel-handshake --catalog AWS --identifier ${PMA_ID}`);
  });

  it('is never unmanaged in refresh or the drift issue, without an owner tag too; the drift issue offers no cancel', () => {
    const withTombstone = forgotten(pmaRecorded('ACCEPTED'));
    const { report, changed } = reconcile(withTombstone, [listed()]);
    expect(report.unmanaged).toEqual([]);
    expect(report.ownUnrecorded ?? []).toEqual([]);
    expect(hasDrift(report)).toBe(false);
    expect(changed).toBe(false);
    const markdown = renderDriftMarkdown(report, DRIFT_OPTIONS);
    expect(markdown).toContain('### No drift');
    expect(markdown).not.toContain('cancel-channel-handshake');
    // Without the tombstone (format version 4 only dropped the record), the same listing was drift on every run.
    const dropped = withoutHistory(pmaRecorded('ACCEPTED'), 'pma');
    expect(reconcile(dropped, [listed()]).report.unmanaged.map((item) => item.id)).toEqual([PMA_ID]);
  });

  it('hides nothing else: another arn, another type or a PENDING handshake under a tombstoned id is still reported', () => {
    const withTombstone = forgotten(pmaRecorded('ACCEPTED'));
    for (const item of [
      listed({ arn: PMA_ARN.replace('111122223333', '444455556666') }),
      listed({ handshakeType: 'START_SERVICE_PERIOD', associatedResourceId: 'rs-aaaaaaaaaaaaa', status: 'PENDING' }),
      listed({ status: 'PENDING' }),
    ]) {
      expect(reconcile(withTombstone, [item]).report.unmanaged.map((unmanaged) => unmanaged.id)).toEqual([PMA_ID]);
    }
  });

  it('is written in the state and read back unchanged, judged by the state rules', () => {
    const text = serializeState(forgotten(pmaRecorded('ACCEPTED')));
    expect(JSON.parse(text)).toMatchObject({ version: STATE_VERSION, tombstones: [{ id: PMA_ID }] });
    expect(serializeState(parseState(text, 'state.json'))).toBe(text);
  });

  it('survives a push race: the tombstone this apply left joins the newer commit', () => {
    const base = pmaRecorded('ACCEPTED');
    const ours = forgotten(base);
    const theirs = { ...base, serial: base.serial + 3 };
    const merged = mergeRecordedResults(base, ours, theirs);
    expect(merged.conflicts).toEqual([]);
    expect(merged.state?.tombstones).toEqual(ours.tombstones);
    expect(merged.state && historyOf(merged.state, 'pma')).toBeUndefined();
  });
});

describe('a rename rewrites the names it moves (state format version 5: spec.name equals its key)', () => {
  /** alpha's START, accepted, then declared as bravo: one rename. */
  function renamed(): { state: RecordedState; rewritten: RecordedState; kept: RecordedState } {
    const [change] = createPlan(declarationsFrom(startServicePeriod('alpha')), emptyState(LINEAGE)).changes;
    const id = 'ch-a1pha0000000a';
    const arn = `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/${id}`;
    const state = recordCreation(emptyState(LINEAGE), sending(change), { id, arn, status: 'ACCEPTED' }, CONTEXT);
    const [rename] = createPlan(declarationsFrom(startServicePeriod('bravo')), state).changes;
    if (rename?.action !== 'rename') throw new Error('expected a rename');
    const rewritten = recordRename(state, rename);
    // What format version 4 recorded: the history moved as it was, its spec still naming alpha.
    const kept = withoutHistory(withHistory(state, 'bravo', historyOf(state, 'alpha') as never), 'alpha');
    return { state, rewritten, kept };
  }

  it('every spec of the moved history names its new key, and the state rules accept it', () => {
    const { rewritten } = renamed();
    expect(sentFor(rewritten, 'bravo').map((entry) => entry.spec.name)).toEqual(['bravo']);
    const text = serializeState(rewritten);
    expect(serializeState(parseState(text, 'state.json'))).toBe(text);
  });

  it('tokens already issued never change: the recorded ones, and those planned next (a revoke once undeclared)', () => {
    const { state, rewritten, kept } = renamed();
    expect(sentFor(rewritten, 'bravo').map((entry) => entry.clientToken)).toEqual(
      sentFor(state, 'alpha').map((entry) => entry.clientToken),
    );
    const { spec: _rewrittenSpec, ...rewrittenEntry } = sentFor(rewritten, 'bravo')[0] ?? {};
    const { spec: _keptSpec, ...keptEntry } = sentFor(kept, 'bravo')[0] ?? {};
    expect(rewrittenEntry).toEqual(keptEntry);
    // Planned against either form, bravo's revoke and a re-declared bravo are the same requests and tokens.
    for (const declared of [[], declarationsFrom(startServicePeriod('bravo', { days: 60 }))]) {
      const fromRewritten = createPlan(declared, rewritten).changes.map((change) =>
        'request' in change ? change.request : change.action,
      );
      const fromKept = createPlan(declared, kept).changes.map((change) =>
        'request' in change ? change.request : change.action,
      );
      expect(fromRewritten).toEqual(fromKept);
      expect(fromRewritten.length).toBe(1);
    }
  });

  it('a state edited so that a spec names another key is refused, with the JSON path and "restore from git"', () => {
    const { rewritten } = renamed();
    const edited = JSON.parse(serializeState(rewritten));
    edited.declarations.bravo.handshakes[0].spec.name = 'charlie';
    expect(() => parseState(JSON.stringify(edited), 'handshakes/state.json')).toThrow(
      /\$\.declarations\.bravo\.handshakes\[0\]\.spec\.name must be "bravo", the key it is recorded under, not "charlie"[\s\S]*Restore handshakes\/state\.json from git/,
    );
  });
});

describe('the serial check before every state write holds the file to the state budgets', () => {
  it('a state file over 16 MiB is not read: not a serial this program wrote, so the write stops', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory, 'state.json');
    await writeFile(path, `{"serial": 3, "padding": "${'x'.repeat(16 * 1024 * 1024)}"}`);
    expect(await serialOnDisk(path)).toBeNaN();
    await expect(guardedStateWriter(path, 3)(emptyState(LINEAGE))).rejects.toThrow(/written by another process/);
  });

  it('a state file nested deeper than 32 levels is not parsed', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory, 'state.json');
    await writeFile(path, `{"serial": 3, "tags": ${'['.repeat(3000)}${']'.repeat(3000)}}`);
    expect(await serialOnDisk(path)).toBeNaN();
    await writeFile(path, '{"serial": 3, "tags": [[[]]]}');
    expect(await serialOnDisk(path)).toBe(3);
  });
});
