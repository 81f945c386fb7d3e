import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256HexOfCanonicalArray } from '../src/core/canonical.js';
import { clientToken, TOKEN_PREFIX, type TokenInputs } from '../src/core/token.js';

/**
 * The canonical form as the first release computed it: a sorted copy, then JSON.stringify. Every digest a reviewer
 * approved and every clientToken already sent to AWS was made this way, so the faster canonicalisation must give these
 * bytes.
 */
function oracleSortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(oracleSortKeys);
  const sorted: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) continue;
    if (key === '__proto__') {
      Object.defineProperty(sorted, key, {
        value: oracleSortKeys(member),
        writable: true,
        enumerable: true,
        configurable: true,
      });
    } else {
      sorted[key] = oracleSortKeys(member);
    }
  }
  return sorted;
}

const oracleCanonicalJson = (value: unknown): string => JSON.stringify(oracleSortKeys(value));
const oracleToken = (inputs: TokenInputs): string =>
  `${TOKEN_PREFIX}${createHash('sha256').update(oracleCanonicalJson(inputs), 'utf8').digest('base64url')}`;

/** Keys as users write them in tags, plus the ones JavaScript treats specially (array indices, __proto__). */
const keyArbitrary = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toJSON',
    '0',
    '1',
    '9',
    '10',
    '01',
    '4294967294',
    '4294967295',
    '-1',
    '1e3',
    '',
  ),
  fc.nat().map(String),
);

const scalarArbitrary = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u2028', '\ud800', '\udc00', 'é', '😀') }),
  fc.double(),
  fc.integer(),
  fc.constantFrom(-0, Number.MAX_SAFE_INTEGER, 1e21, 1e-7, Number.NaN, Number.POSITIVE_INFINITY),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

const valueArbitrary = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalarArbitrary, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(keyArbitrary, tie('value'), { maxKeys: 6 }),
})).value;

/** A spec-shaped token input: unicode notes, nested tags, numbers where numbers go. */
const tokenInputsArbitrary: fc.Arbitrary<TokenInputs> = fc.record({
  lineage: fc.uuid(),
  name: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  revision: fc.nat(),
  generation: fc.nat(),
  purpose: fc.constantFrom('create' as const, 'revoke' as const),
  body: fc.record(
    {
      handshakeType: fc.constantFrom(
        'START_SERVICE_PERIOD' as const,
        'REVOKE_SERVICE_PERIOD' as const,
        'PROGRAM_MANAGEMENT_ACCOUNT' as const,
      ),
      catalog: fc.constantFrom('AWS', 'Sandbox'),
      associatedResourceIdentifier: fc.string({ minLength: 1 }),
      payload: fc.record(
        {
          startServicePeriodPayload: fc.record(
            {
              programManagementAccountIdentifier: fc.string(),
              servicePeriodType: fc.constantFrom('MINIMUM_NOTICE_PERIOD' as const, 'FIXED_COMMITMENT_PERIOD' as const),
              minimumNoticeDays: fc.nat(400).map(String),
              endDate: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
              note: fc.string({ unit: 'grapheme', maxLength: 255 }),
            },
            { requiredKeys: ['programManagementAccountIdentifier', 'servicePeriodType'] },
          ),
        },
        { requiredKeys: [] },
      ),
      tags: fc.array(fc.record({ key: keyArbitrary, value: fc.string({ unit: 'grapheme' }) }), { maxLength: 6 }),
    },
    { requiredKeys: ['handshakeType', 'catalog', 'associatedResourceIdentifier'] },
  ),
  attempt: fc.option(fc.nat(5), { nil: undefined }),
}) as fc.Arbitrary<TokenInputs>;

describe('canonical JSON sorted into plain objects, hashed in one shot', () => {
  it('gives the bytes of the sorted-copy canonical form for any JSON-like value (approved digests stay valid)', () => {
    fc.assert(
      fc.property(valueArbitrary, (value) => {
        expect(canonicalJson(value)).toBe(oracleCanonicalJson(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives every clientToken already issued, byte for byte, whatever the spec holds (no handshake is sent twice)', () => {
    fc.assert(
      fc.property(tokenInputsArbitrary, (inputs) => {
        expect(clientToken(inputs)).toBe(oracleToken(inputs));
      }),
      { numRuns: 1000 },
    );
  });

  it('hashes an array of changes as the sorted-copy form of the whole array (reviewed plan digests match)', () => {
    fc.assert(
      fc.property(fc.array(valueArbitrary, { maxLength: 8 }), (items) => {
        const expected = createHash('sha256').update(oracleCanonicalJson(items), 'utf8').digest('hex');
        expect(sha256HexOfCanonicalArray(items)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('orders array-index keys numerically before other keys, as the first release wrote them', () => {
    const value = { b: 1, 10: 'ten', a: 2, 9: 'nine', '01': 'padded', __proto__tag: 3 };
    expect(canonicalJson(value)).toBe('{"9":"nine","10":"ten","01":"padded","__proto__tag":3,"a":2,"b":1}');
    expect(canonicalJson(value)).toBe(oracleCanonicalJson(value));
  });

  it('writes an own __proto__ key as an ordinary member, and objects with toJSON as the first release did', () => {
    const withProto = JSON.parse('{"z":1,"__proto__":{"y":[1,{"b":2,"a":1}]}}');
    expect(canonicalJson(withProto)).toBe('{"__proto__":{"y":[1,{"a":1,"b":2}]},"z":1}');
    const dated = { when: new Date(0), nested: [new Date(1)], own: { toJSON: () => 'own', b: 1, a: 2 } };
    expect(canonicalJson(dated)).toBe(oracleCanonicalJson(dated));
    expect(canonicalJson(undefined)).toBe(oracleCanonicalJson(undefined));
  });
});
