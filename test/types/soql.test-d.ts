import { describe, expectTypeOf, it } from 'vitest';
import { isSoqlQuery, soql, type SoqlQuery } from '../../src/soql/index.js';

describe('soql types', () => {
  it('returns a SoqlQuery with text', () => {
    const q = soql`SELECT Id FROM Lead WHERE Email = ${'a@b.c'} AND CreatedDate > ${new Date()} AND Id IN ${['a', 'b']}`;
    expectTypeOf(q).toEqualTypeOf<SoqlQuery>();
    expectTypeOf(q.text).toEqualTypeOf<string>();
    expectTypeOf(soql.like('x', 'contains')).toEqualTypeOf<SoqlQuery>();
    expectTypeOf(soql`${soql.raw('x')} ${soql.date('2024-01-15')} ${soql.identifier('Name')} ${null} ${1n} ${true}`).toEqualTypeOf<SoqlQuery>();
  });

  it('refuses values SOQL cannot express', () => {
    // @ts-expect-error undefined is refused
    soql`${undefined}`;
    // @ts-expect-error plain objects are refused
    soql`${{ a: 1 }}`;
    // @ts-expect-error nested arrays are refused
    soql`${[['a']]}`;
    // @ts-expect-error a tagged template only
    soql('SELECT Id FROM Lead');
    // @ts-expect-error unknown match mode
    soql.like('x', 'fuzzy');
  });

  it('isSoqlQuery narrows', () => {
    const value: unknown = soql`SELECT Id FROM Lead`;
    if (isSoqlQuery(value)) expectTypeOf(value).toEqualTypeOf<SoqlQuery>();
  });
});
