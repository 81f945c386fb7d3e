import { describe, expect, it } from 'vitest';
import { environmentInputReader, parseInputs } from '../src/action/inputs.js';
import { ACTIONS_BOT } from '../src/action/own-identity.js';
import { fileCommandValue } from '../src/action/runner-protocol.js';
import { findOwnComment, planDataMarker, readPlanData } from '../src/action/sticky-comment.js';
import { withHistory } from '../src/core/history.js';
import { mergeRecordedResults } from '../src/core/merge-state.js';
import type {} from '../src/core/model.js';
import { emptyState, type RecordedState, type ResourceRecord, type SentHandshake } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { recordCreation } from '../src/core/record.js';
import { deriveLineage } from '../src/core/token.js';
import { workflowCommand } from '../src/render/workflow-command.js';
import { declarationsFrom, latestSent, programManagementAccount, sending, withLatestStatus } from './helpers.js';

const LINEAGE = deriveLineage('handshakes');
const CONTEXT = { appliedAt: '2026-11-27T12:00:00Z', appliedBy: {} };

function stateWith(names: string[], status: 'PENDING' | 'ACCEPTED' = 'PENDING') {
  let state = emptyState(LINEAGE);
  for (const change of createPlan(
    declarationsFrom(
      ...names.map((name, index) => programManagementAccount(name, `pma-${String(index).padStart(13, 'a')}`)),
    ),
    state,
  ).changes) {
    state = recordCreation(
      state,
      sending(change),
      { id: `ch-${change.name.padEnd(13, 'x').slice(0, 13)}`, arn: 'arn', status },
      CONTEXT,
    );
  }
  return state;
}

describe('inputs', () => {
  it('parses the runner-provided inputs once, with one spelling per directory', () => {
    const inputs = parseInputs(
      environmentInputReader({
        INPUT_DIRECTORY: './handshakes/',
        'INPUT_MAX-DESTRUCTIVE': '2',
        'INPUT_ALLOW-DESTRUCTIVE': 'TRUE',
      }),
    );
    expect(inputs).toMatchObject({
      command: 'auto',
      directory: 'handshakes',
      stateFile: 'handshakes/state.json',
      maxDestructive: 2,
      allowDestructive: true,
      comment: 'true',
    });
    expect(parseInputs(environmentInputReader({ INPUT_COMMENT: 'changes-only' })).comment).toBe('changes-only');
    expect(parseInputs(environmentInputReader({ INPUT_COMMENT: 'False' })).comment).toBe('false');
    expect(() => parseInputs(environmentInputReader({ INPUT_COMMENT: 'yes' }))).toThrow(
      'input comment must be true or false or changes-only, not "yes".',
    );
    expect(() => parseInputs(environmentInputReader({ INPUT_COMMAND: 'destroy' }))).toThrow(
      /input command must be one of auto, validate, plan, apply, drift/,
    );
    expect(() => parseInputs(environmentInputReader({ 'INPUT_MAX-DESTRUCTIVE': '-1' }))).toThrow(
      /max-destructive must be a whole number/,
    );
  });
});

describe('runner protocol', () => {
  it('escapes workflow command data and properties as the runner expects', () => {
    expect(
      workflowCommand('error', '50% done\nnext', { file: 'a,b.yaml', startLine: 3, startColumn: 5, title: 'x: y' }),
    ).toBe('::error file=a%2Cb.yaml,line=3,col=5,title=x%3A y::50%25 done%0Anext');
    const value = fileCommandValue('plan-digest', 'line one\nline two');
    expect(value).toMatch(/^plan-digest<<(ghadelimiter_[0-9a-f-]+)\nline one\nline two\n\1\n$/);
  });
});

describe('sticky comment', () => {
  it('finds only our own comment for the directory and reads back the reviewed plan', () => {
    const body = `<!-- channel-handshakes:plan dir=handshakes -->\n${planDataMarker({ digest: 'sha256:abc', summary: { create: 1, cancel: 0, revoke: 0, replace: 0, supersede: 0, retag: 0, rename: 0, forget: 0 } })}\nplan`;
    const comments = [
      { id: 1, body, authorLogin: 'mallory', url: '' },
      {
        id: 2,
        body: body.replace('dir=handshakes', 'dir=other'),
        authorLogin: 'github-actions[bot]',
        authorType: 'Bot',
        url: '',
      },
      { id: 3, body, authorLogin: 'github-actions[bot]', authorType: 'Bot', url: '' },
    ];
    expect(findOwnComment(comments, 'handshakes', ACTIONS_BOT)?.id).toBe(3);
    expect(readPlanData(body)).toEqual({
      digest: 'sha256:abc',
      summary: { create: 1, cancel: 0, revoke: 0, replace: 0, supersede: 0, retag: 0, rename: 0, forget: 0 },
    });
    expect(readPlanData('no data here')).toBeUndefined();
  });
});

describe('state merge after a push race', () => {
  it('re-applies our results onto a newer state and never overwrites what the newer commit changed', () => {
    const base = stateWith(['a']);
    const ours = { ...stateWith(['a', 'b']), serial: 3 };
    const theirs = { ...stateWith(['a', 'c']), serial: 9 };
    const merged = mergeRecordedResults(base, ours, theirs);
    expect(Object.keys(merged.state?.declarations ?? {}).sort()).toEqual(['a', 'b', 'c']);
    expect(merged.state?.serial).toBe(10);

    const theirsChangedA = withLatestStatus(theirs, 'a', 'ACCEPTED');
    const oursChangedA = withLatestStatus(ours, 'a', 'CANCELED');
    expect(mergeRecordedResults(base, oursChangedA, theirsChangedA).conflicts).toEqual([
      { name: 'a', reason: 'this apply and a newer commit both changed its record' },
    ]);
    expect(mergeRecordedResults(base, ours, { ...theirs, lineage: 'other' }).conflicts[0]?.name).toBe('(state)');
  });

  it('two runs that recorded the same handshake in the same status do not conflict, whoever recorded it and when', () => {
    const base = stateWith([]);
    const ours = { ...stateWith(['a']), serial: 1 };
    const record = latestSent(ours, 'a') as SentHandshake;
    const theirs = {
      ...withHistory(ours, 'a', {
        handshakes: [
          { ...record, sentAt: '2026-11-27T12:00:07Z', appliedBy: { pullRequest: 1, actor: 'someone-else' } },
        ],
      }),
      serial: 4,
    };
    const merged = mergeRecordedResults(base, ours, theirs);
    expect(merged.conflicts).toEqual([]);
    expect(latestSent(merged.state as RecordedState, 'a')?.id).toBe(record.id);
    expect(merged.state?.serial).toBe(5);
    // Anything else that differs still conflicts: here a different status.
    const accepted = withLatestStatus(theirs, 'a', 'ACCEPTED');
    expect(mergeRecordedResults(base, ours, accepted).conflicts).toHaveLength(1);
    // And different tags on the same handshake (a retag) are not the same record either.
    const retagged = withHistory(theirs, 'a', {
      handshakes: [{ ...record, spec: { ...record.spec, tags: { team: 'x' } } }],
    });
    expect(mergeRecordedResults(base, ours, retagged).conflicts).toHaveLength(1);
  });
});

describe('a push race keeps the program management accounts and relationships this apply recorded', () => {
  function relationship(name: string, displayName = 'ACME'): ResourceRecord {
    return {
      kind: 'Relationship',
      id: `rs-${name.padEnd(13, 'x').slice(0, 13)}`,
      arn: `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel/relationship/rs-${name}`,
      clientToken: `token-${name}`,
      spec: { name, displayName } as never,
      programManagementAccountId: 'pma-aaaaaaaaaaaaa',
      createdAt: '2026-11-27T12:00:00Z',
      appliedBy: {},
    };
  }

  it('a relationship created by this apply survives a newer commit that recorded another, and an edit both made conflicts', () => {
    const base = stateWith(['a']);
    const ours: RecordedState = { ...base, serial: 2, resources: { acme: relationship('acme') } };
    const theirs: RecordedState = { ...base, serial: 7, resources: { globex: relationship('globex') } };
    const merged = mergeRecordedResults(base, ours, theirs);
    expect(merged.conflicts).toEqual([]);
    expect(Object.keys(merged.state?.resources ?? {}).sort()).toEqual(['acme', 'globex']);

    const both: RecordedState = { ...base, resources: { acme: relationship('acme') } };
    const renamedHere = { ...both, resources: { acme: relationship('acme', 'ACME Corp') } };
    const renamedThere = { ...both, serial: 9, resources: { acme: relationship('acme', 'ACME Ltd') } };
    expect(mergeRecordedResults(both, renamedHere, renamedThere).conflicts).toEqual([
      { name: 'acme', reason: 'this apply and a newer commit both changed its resource record' },
    ]);
  });

  it('a resource intent this apply cleared stays cleared, and one it wrote is kept', () => {
    const base = stateWith([]);
    const intent = {
      name: 'acme',
      kind: 'Relationship' as const,
      clientToken: 'token-acme',
      request: {} as never,
      spec: { name: 'acme' } as never,
      recordedAt: '2026-11-27T12:00:00Z',
    };
    const withIntent: RecordedState = { ...base, resourceIntents: { acme: intent } };
    const cleared: RecordedState = { ...base, serial: 3, resources: { acme: relationship('acme') } };
    const merged = mergeRecordedResults(withIntent, cleared, { ...withIntent, serial: 5 });
    expect(merged.state?.resourceIntents).toBeUndefined();
    expect(merged.state?.resources?.acme?.id).toBe(relationship('acme').id);
    const written = mergeRecordedResults(base, withIntent, { ...base, serial: 5 });
    expect(Object.keys(written.state?.resourceIntents ?? {})).toEqual(['acme']);
  });
});

describe('quota and deadline inputs', () => {
  it('reads rate-mutate, rate-list, rate-tag and timeout-minutes; the documented rates stay the defaults', () => {
    expect(parseInputs(environmentInputReader({}))).toMatchObject({
      rateLimits: { mutate: 3, list: 5, tag: 5 },
      timeoutMs: undefined,
    });
    expect(
      parseInputs(
        environmentInputReader({ 'INPUT_RATE-MUTATE': '10', 'INPUT_RATE-LIST': '20', 'INPUT_TIMEOUT-MINUTES': '1.5' }),
      ),
    ).toMatchObject({ rateLimits: { mutate: 10, list: 20, tag: 5 }, timeoutMs: 90_000 });
    // Tagging has its own pace: raising the List rate never raises it.
    expect(parseInputs(environmentInputReader({ 'INPUT_RATE-TAG': '7' }))).toMatchObject({
      rateLimits: { mutate: 3, list: 5, tag: 7 },
    });
    expect(() => parseInputs(environmentInputReader({ 'INPUT_RATE-MUTATE': 'fast' }))).toThrow(
      'input rate-mutate must be a number of requests per second above 0, not "fast".',
    );
    expect(() => parseInputs(environmentInputReader({ 'INPUT_TIMEOUT-MINUTES': '0' }))).toThrow(
      'input timeout-minutes must be a number of minutes above 0, not "0".',
    );
  });
});
