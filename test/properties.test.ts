import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { canonicalJson, sha256Hex, sha256HexOfCanonicalArray } from '../src/core/canonical.js';
import { validateFiles } from '../src/core/engine.js';
import { emptyState, HANDSHAKE_STATUSES, type RecordedState } from '../src/core/model.js';
import { createPlan } from '../src/core/plan.js';
import { recordCreation, recordForget, recordRetirement } from '../src/core/record.js';
import { clientToken, deriveLineage } from '../src/core/token.js';
import { FIXED_NOW, retirement, sending } from './helpers.js';
import { runs } from './support/property-runs.js';

const id13 = fc.stringMatching(/^[a-z0-9]{13}$/);

/** A declaration as a plain object, in any of the three handshake types. */
const declarationArbitrary = fc.oneof(
  fc.record({
    handshakeType: fc.constant('PROGRAM_MANAGEMENT_ACCOUNT'),
    catalog: fc.constantFrom('AWS', 'Sandbox'),
    associatedResourceIdentifier: id13.map((id) => `pma-${id}`),
  }),
  fc.record({
    handshakeType: fc.constant('START_SERVICE_PERIOD'),
    catalog: fc.constantFrom('AWS', 'Sandbox'),
    associatedResourceIdentifier: id13.map((id) => `rs-${id}`),
    payload: fc.record({
      startServicePeriodPayload: fc.oneof(
        fc.record({
          programManagementAccountIdentifier: id13.map((id) => `pma-${id}`),
          servicePeriodType: fc.constant('MINIMUM_NOTICE_PERIOD'),
          minimumNoticeDays: fc.constantFrom(14, 30, 60, '30'),
        }),
        fc.record({
          programManagementAccountIdentifier: id13.map((id) => `pma-${id}`),
          servicePeriodType: fc.constant('FIXED_COMMITMENT_PERIOD'),
          endDate: fc.constantFrom('2027-03-31', '2027-06-30T00:00:00Z'),
          note: fc.stringMatching(/^[A-Za-z0-9 @|<>`*_]{1,40}$/),
        }),
      ),
    }),
    tags: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), fc.stringMatching(/^[a-z0-9 ]{0,12}$/), {
      maxKeys: 3,
    }),
  }),
  fc.record({
    handshakeType: fc.constant('REVOKE_SERVICE_PERIOD'),
    catalog: fc.constant('AWS'),
    associatedResourceIdentifier: id13.map((id) => `rs-${id}`),
    payload: fc.record({
      revokeServicePeriodPayload: fc.record({ programManagementAccountIdentifier: id13.map((id) => `pma-${id}`) }),
    }),
  }),
);

/** Several declarations with unique names (the random ids make identical handshakes vanishingly unlikely). */
const declarationSetArbitrary = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), { minLength: 1, maxLength: 8 })
  .chain((names) =>
    fc.tuple(fc.constant(names), fc.array(declarationArbitrary, { minLength: names.length, maxLength: names.length })),
  )
  .map(([names, bodies]) => names.map((name, index) => ({ name, ...bodies[index] })));

function shuffledKeys(value: unknown, order: number[]): unknown {
  if (Array.isArray(value) || value === null || typeof value !== 'object') {
    return value;
  }
  const keys = Object.keys(value);
  const rotated = keys.map((_, index) => keys[(index + (order[index % order.length] ?? 0)) % keys.length] as string);
  const unique = [...new Set([...rotated, ...keys])];
  return Object.fromEntries(unique.map((key) => [key, shuffledKeys((value as Record<string, unknown>)[key], order)]));
}

function validated(files: { path: string; text: string }[]) {
  const result = validateFiles({ files, now: FIXED_NOW });
  expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  return result.declarations;
}

const LINEAGE = deriveLineage('handshakes');

describe('properties', () => {
  it('the plan digest, hashed one change at a time, equals the hash of the whole canonical JSON (reviewed digests stay valid)', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), (items) => {
        expect(sha256HexOfCanonicalArray(items)).toBe(sha256Hex(canonicalJson(items)));
      }),
      runs(300),
    );
  });

  it('tokens are deterministic, well-formed and distinct for distinct inputs', () => {
    const inputs = fc.record({
      lineage: fc.uuid(),
      name: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,62}$/),
      revision: fc.nat(1000),
      generation: fc.nat(1000),
      purpose: fc.constantFrom('create' as const, 'revoke' as const),
      body: fc.record({
        handshakeType: fc.constantFrom('START_SERVICE_PERIOD' as const, 'PROGRAM_MANAGEMENT_ACCOUNT' as const),
        catalog: fc.constantFrom('AWS', 'Sandbox'),
        associatedResourceIdentifier: id13.map((id) => `rs-${id}`),
      }),
    });
    fc.assert(
      fc.property(inputs, inputs, (left, right) => {
        const token = clientToken(left);
        expect(token).toMatch(/^[!-~]{1,64}$/);
        expect(clientToken(structuredClone(left))).toBe(token);
        if (JSON.stringify(left) !== JSON.stringify(right)) {
          expect(clientToken(right)).not.toBe(token);
        }
      }),
      runs(300),
    );
  });

  it('applying a plan and planning again yields no changes, whatever AWS answered', () => {
    fc.assert(
      fc.property(
        declarationSetArbitrary,
        fc.array(fc.constantFrom(...HANDSHAKE_STATUSES), { minLength: 8, maxLength: 8 }),
        (bodies, statuses) => {
          const declarations = validated(
            bodies.map((body, index) => ({ path: `handshakes/${index}.yaml`, text: stringify(body) })),
          );
          const plan = createPlan(declarations, emptyState(LINEAGE));
          let state: RecordedState = emptyState(LINEAGE);
          plan.changes.forEach((change, index) => {
            const id = `ch-${index.toString().padStart(13, '0')}`;
            state = recordCreation(
              state,
              sending(change),
              { id, arn: `arn:${id}`, status: statuses[index] ?? 'PENDING' },
              {
                appliedAt: 'now',
                appliedBy: {},
              },
            );
          });
          expect(createPlan(declarations, state).changes).toEqual([]);

          // And removing everything converges too: cancels and revokes go out, then what ended is forgotten, and
          // nothing is left to do while the revokes wait for an answer.
          createPlan([], state).changes.forEach((change, index) => {
            if (change.action === 'forget') {
              state = recordForget(state, change, FIXED_NOW.toISOString());
              return;
            }
            const id = `ch-9${index.toString().padStart(12, '0')}`;
            const status = change.action === 'cancel' ? 'CANCELED' : 'PENDING';
            state = recordRetirement(
              state,
              change,
              retirement(change),
              { id, arn: `arn:${id}`, status },
              { appliedAt: 'now', appliedBy: {} },
            );
          });
          const afterTeardown = createPlan([], state).changes;
          expect(afterTeardown.every((change) => change.action === 'forget')).toBe(true);
          for (const change of afterTeardown)
            if (change.action === 'forget') state = recordForget(state, change, FIXED_NOW.toISOString());
          expect(createPlan([], state).changes).toEqual([]);
        },
      ),
      runs(150),
    );
  });

  it('the digest does not depend on file order or key order', () => {
    fc.assert(
      fc.property(declarationSetArbitrary, fc.array(fc.nat(7), { minLength: 1, maxLength: 5 }), (bodies, order) => {
        const forward = bodies.map((body, index) => ({ path: `handshakes/${index}.yaml`, text: stringify(body) }));
        const reordered = [...bodies].reverse().map((body, index) => ({
          path: `handshakes/other-${index}.yaml`,
          text: stringify(shuffledKeys(body, order)),
        }));
        const first = createPlan(validated(forward), emptyState(LINEAGE));
        const second = createPlan(validated(reordered), emptyState(LINEAGE));
        expect(second.digest).toBe(first.digest);
        expect(second.changes).toEqual(first.changes);
      }),
      runs(150),
    );
  });
});
