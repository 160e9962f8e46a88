import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { isSalesforceId, keyPrefix, toId18 } from '../../../src/soql/index.js';

/** Published 15 → 18 vectors (see reference/salesforce-wire.md §5). */
const VECTORS: Array<[string, string]> = [
  ['a0RE000000IJmcN', 'a0RE000000IJmcNMAT'],
  ['a01M00000062mPg', 'a01M00000062mPgIAI'],
  ['001M000000qfPyS', '001M000000qfPySIAU'],
  ['AbCdEfGhIjKlMnO', 'AbCdEfGhIjKlMnOVKV'],
  ['aBcDEfgHIJKLMNO', 'aBcDEfgHIJKLMNO025'],
  ['aaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaAAA'],
  ['001D000000IqhSL', '001D000000IqhSLIAZ'],
  ['001D000000INjVe', '001D000000INjVeIAL'],
];

const id15 = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
  minLength: 15,
  maxLength: 15,
});

describe('record IDs', () => {
  it.each(VECTORS)('toId18(%s) = %s', (short, long) => {
    expect(toId18(short)).toBe(long);
    expect(toId18(long)).toBe(long);
    expect(isSalesforceId(short)).toBe(true);
    expect(isSalesforceId(long)).toBe(true);
  });

  it('rejects a wrong checksum, wrong lengths and other characters', () => {
    expect(isSalesforceId('001D000000IqhSLIAA')).toBe(false);
    expect(isSalesforceId('001D000000IqhS')).toBe(false);
    expect(isSalesforceId('001D000000IqhSLIAZ0')).toBe(false);
    expect(isSalesforceId('001D000000Iqh-L')).toBe(false);
    expect(isSalesforceId(42)).toBe(false);
    expect(() => toId18('not an id')).toThrow(ValidationError);
    expect(() => keyPrefix('nope')).toThrow(ValidationError);
  });

  it('keyPrefix names the object type', () => {
    expect(keyPrefix('00Q5g00000AbCdE')).toBe('00Q');
    expect(keyPrefix('001D000000IqhSLIAZ')).toBe('001');
  });

  it('every 15-character ID extends to a valid 18-character ID that keeps its prefix', () => {
    fc.assert(
      fc.property(id15, (id) => {
        const long = toId18(id);
        expect(long).toHaveLength(18);
        expect(long.startsWith(id)).toBe(true);
        expect(isSalesforceId(long)).toBe(true);
        expect(toId18(long)).toBe(long);
      }),
    );
  });
});
