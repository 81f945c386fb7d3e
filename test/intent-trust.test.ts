// Issue 16: an intent in the state is never trusted beyond equality with what the engine builds. A resumed intent
// passes the rules a declaration does (the START/REVOKE rule, one live handshake per resource and name), and is counted
// as what it is: a REVOKE_SERVICE_PERIOD is a revoke for the destructive gate, not a plain create.
import { describe, expect, it } from 'vitest';
import { recordIntent } from '../src/core/intents.js';
import { emptyState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { destructiveVerdict, handshakeEffects } from '../src/core/policy.js';
import { deriveLineage } from '../src/core/token.js';
import { declarationsFrom, programManagementAccount, sending, startServicePeriod } from './helpers.js';

const LINEAGE = deriveLineage('handshakes');
const RELATIONSHIP = 'rs-aaaaaaaaaaaaa';

function explicitRevoke(name: string): string {
  return [
    `name: ${name}`,
    'handshakeType: REVOKE_SERVICE_PERIOD',
    'catalog: AWS',
    `associatedResourceIdentifier: ${RELATIONSHIP}`,
    'payload:',
    '  revokeServicePeriodPayload:',
    '    programManagementAccountIdentifier: pma-abcdef123456g',
    '',
  ].join('\n');
}

/** The state an apply left when it died right after writing the intent of the only change of `texts`' plan. */
function interrupted(...texts: string[]) {
  const plan = createPlan(declarationsFrom(...texts), emptyState(LINEAGE));
  const [change] = plan.changes;
  return recordIntent(emptyState(LINEAGE), sending(change), '2026-11-27T10:00:00Z');
}

describe('a resumed intent is judged like a declaration (issue 16)', () => {
  it('a resumed REVOKE_SERVICE_PERIOD is planned as a revoke: counted by the summary and the destructive gate', () => {
    const state = interrupted(explicitRevoke('beta'));
    const plan = createPlan(declarationsFrom(explicitRevoke('beta')), state);
    expect(plan.changes.map((change) => `${change.action} ${change.name}`)).toEqual(['revoke beta']);
    expect(plan.summary.revoke).toBe(1);
    expect(plan.summary.create).toBe(0);
    expect(handshakeEffects(plan.summary).endsNow).toBe(1);
    expect(destructiveVerdict(plan.summary, { maxDestructive: 0, allowDestructive: false, labels: [] }).kind).toBe(
      'over',
    );
  });

  it('a REVOKE_SERVICE_PERIOD intent is not resumed while a START for its relationship is declared (START/REVOKE rule)', () => {
    const state = interrupted(explicitRevoke('beta'));
    const plan = createPlan(declarationsFrom(startServicePeriod('alpha', { relationship: RELATIONSHIP })), state);
    expect(plan.changes.filter((change) => change.handshakeType === 'REVOKE_SERVICE_PERIOD')).toEqual([]);
    const refused = plan.diagnostics.find((diagnostic) => diagnostic.code === 'plan.resume-refused');
    expect(refused?.severity).toBe('error');
    expect(refused?.message).toContain(
      'the state holds an interrupted REVOKE_SERVICE_PERIOD for "beta" on rs-aaaaaaaaaaaaa, but "alpha" declares a START_SERVICE_PERIOD for it: a REVOKE_SERVICE_PERIOD is never sent while a START for its relationship is declared',
    );
  });

  it('a START intent under one name is not resumed while another name declares that relationship', () => {
    const state = interrupted(startServicePeriod('beta', { relationship: RELATIONSHIP }));
    const plan = createPlan(declarationsFrom(startServicePeriod('alpha', { relationship: RELATIONSHIP })), state);
    expect(plan.changes.filter((change) => change.name === 'beta')).toEqual([]);
    expect(plan.diagnostics.find((diagnostic) => diagnostic.code === 'plan.resume-refused')?.message).toContain(
      'sending it would put a second live handshake on rs-aaaaaaaaaaaaa',
    );
  });

  it('a PMA intent is not resumed next to another name declaring that program management account', () => {
    const state = interrupted(programManagementAccount('beta'));
    const plan = createPlan(declarationsFrom(programManagementAccount('alpha')), state);
    expect(plan.changes.filter((change) => change.name === 'beta')).toEqual([]);
    expect(plan.diagnostics.some((diagnostic) => diagnostic.code === 'plan.resume-refused')).toBe(true);
  });

  it('an intent whose own name is still declared, or removed, is resumed as before', () => {
    const state = interrupted(startServicePeriod('beta', { relationship: RELATIONSHIP }));
    expect(
      createPlan(declarationsFrom(startServicePeriod('beta', { relationship: RELATIONSHIP })), state).changes,
    ).toEqual([expect.objectContaining({ action: 'create', name: 'beta', resume: true })]);
    expect(createPlan([], state).changes).toEqual([expect.objectContaining({ action: 'create', name: 'beta' })]);
  });
});
