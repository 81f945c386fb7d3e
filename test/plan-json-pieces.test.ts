// The JSON plan is written in pieces (a large plan would otherwise be one string of tens of megabytes); joined, the
// pieces must be exactly the text `plan --out plan.json` has always written, which `apply --plan` reads back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../src/core/model.js';
import { planJsonPieces, renderPlanJson } from '../src/render/json.js';
import { runs } from './support/property-runs.js';

describe('planJsonPieces', () => {
  it('joins to the text of JSON.stringify with a two-space indent, for any JSON object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })), (value) => {
        const plan = value as unknown as Plan;
        expect([...planJsonPieces(plan)].join('')).toBe(renderPlanJson(plan));
      }),
      runs(500),
    );
  });

  it('handles empty objects, empty arrays, undefined members and arrays of scalars', () => {
    for (const value of [{}, { a: [] }, { a: undefined, b: [1, 'x', null], c: { d: [] } }, { changes: [{}, [], 2] }]) {
      const plan = value as unknown as Plan;
      expect([...planJsonPieces(plan)].join('')).toBe(renderPlanJson(plan));
    }
  });
});
