import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareQuery, SoqlError } from '../../../../src/emulator/soql-engine.js';
import { soql } from '../../../../src/soql/soql.js';
import { MemorySource, makeFixture, NOW } from './fixture.js';

const fixture = makeFixture();

/** Runs `query` to the last record; anything thrown other than a SoqlError fails the property. */
function resultOrSoqlError(query: string): void {
  try {
    const q = prepareQuery(query, fixture.source, { includeDeleted: false, now: NOW });
    expect(q.totalSize).toBeGreaterThanOrEqual(0);
    q.page(0, 50);
  } catch (error) {
    if (!(error instanceof SoqlError)) throw error;
    expect(typeof error.errorCode).toBe('string');
    expect(typeof error.message).toBe('string');
  }
}

const TOKENS = [
  'SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'NULL', 'TRUE', 'FALSE', 'ORDER BY', 'GROUP BY', 'HAVING',
  'LIMIT', 'OFFSET', 'ASC', 'DESC', 'NULLS FIRST', 'NULLS LAST', 'FOR VIEW', 'WITH SECURITY_ENFORCED', 'Id', 'Name',
  'LastName', 'Owner.Name', 'Account.Owner.Name', 'CreatedDate', 'ConvertedDate', 'AnnualRevenue', 'IsConverted',
  'Lead', 'Account', 'Contact', 'Contacts', 'COUNT()', 'COUNT(Id)', 'MAX(AnnualRevenue)', 'SUM(Name)', 'FIELDS(ALL)',
  '(', ')', ',', '.', '=', '!=', '<>', '<', '<=', '>', '>=', ':', '-', "'a%'", "'x\\'y'", "'\\u0041'", "'", '\\', '5',
  '2.5', '2001', '2024-01-15', '2024-01-15T10:00:00Z', '2024-02-30', 'TODAY', 'LAST_N_DAYS:3', 'LAST_N_DAYS', 'THIS_WEEK',
  "'00Q000000000001EAA'", '(SELECT Id FROM Contacts)', '(SELECT AccountId FROM Contact)',
];

const grammarish = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 24 })
  .map((tokens) => `SELECT ${tokens.join(' ')}`);

const VALID = [
  "SELECT Id, Name, Owner.Name FROM Account WHERE Name LIKE 'a%' ORDER BY Name DESC NULLS LAST LIMIT 10",
  "SELECT LastName, (SELECT Id FROM Contacts) FROM Account WHERE CreatedDate = LAST_N_DAYS:30",
  "SELECT Status, COUNT(Id) FROM Lead GROUP BY Status HAVING COUNT(Id) > 1 ORDER BY COUNT(Id) DESC",
  "SELECT Id FROM Lead WHERE (Status IN ('Open', 'Working') OR IsConverted = true) AND AnnualRevenue >= 10",
];

const FIELDS = ['Id', 'LastName', 'FirstName', 'Owner.Name', 'Owner.Alias', 'CreatedDate', 'ConvertedDate', 'AnnualRevenue', 'IsConverted', 'Status', 'Nope'];
const VALUES = ["'a'", "'S%'", "'%_h'", "''", '5', '-2.5', 'null', 'TRUE', '2024-01-15', '2024-01-15T10:00:00Z', '2024-01-15T10:00:00.000+0100', 'TODAY', 'LAST_N_DAYS:3', 'THIS_MONTH', "'00Q000000000001EAA'", "'x\\'y'"];
const fieldArb = fc.constantFrom(...FIELDS);
const valueArb = fc.constantFrom(...VALUES);
const { condition } = fc.letrec<{ condition: string }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(fieldArb, fc.constantFrom('=', '!=', '<', '<=', '>', '>=', 'LIKE'), valueArb).map(([f, o, v]) => `${f} ${o} ${v}`),
    fc.tuple(fieldArb, fc.constantFrom('IN', 'NOT IN'), fc.array(valueArb, { minLength: 1, maxLength: 3 })).map(([f, o, vs]) => `${f} ${o} (${vs.join(', ')})`),
    tie('condition').map((c) => `NOT (${c})`),
    fc.tuple(tie('condition'), fc.constantFrom('AND', 'OR'), tie('condition')).map(([a, o, b]) => `(${a}) ${o} (${b})`),
  ),
}));

/** Structurally valid queries over the fixture, many of them mistyped on purpose. */
const structured = fc
  .tuple(
    fc.uniqueArray(fieldArb, { minLength: 1, maxLength: 4 }),
    fc.option(condition),
    fc.option(fc.tuple(fieldArb, fc.constantFrom('ASC', 'DESC'), fc.constantFrom('', 'NULLS FIRST', 'NULLS LAST'))),
    fc.option(fc.nat(6)),
  )
  .map(([fields, where, order, limit]) =>
    [
      `SELECT ${fields.join(', ')} FROM Lead`,
      where === null ? '' : `WHERE ${where}`,
      order === null ? '' : `ORDER BY ${order.join(' ')}`,
      limit === null ? '' : `LIMIT ${limit}`,
    ].join(' '),
  );

/** Aggregate queries over the fixture. */
const aggregateQuery = fc
  .tuple(
    fc.constantFrom('Status', 'LastName', 'Owner.Name', 'IsConverted', 'ConvertedDate'),
    fc.constantFrom('COUNT(Id)', 'MAX(AnnualRevenue)', 'MIN(CreatedDate)', 'SUM(AnnualRevenue)', 'AVG(LastName)', 'COUNT_DISTINCT(Status)'),
    fc.option(condition),
    fc.option(fc.constantFrom('COUNT(Id) > 1', 'MAX(AnnualRevenue) < 5', "Status = 'Open'", 'SUM(AnnualRevenue) = null')),
    fc.boolean(),
  )
  .map(([group, agg, where, having, order]) =>
    [
      `SELECT ${group}, ${agg} FROM Lead`,
      where === null ? '' : `WHERE ${where}`,
      `GROUP BY ${group}`,
      having === null ? '' : `HAVING ${having}`,
      order ? `ORDER BY ${agg} DESC` : '',
    ].join(' '),
  );

/** Account queries with a Contacts subquery filtered by generated conditions. */
const subquery = fc
  .tuple(fc.option(condition), fc.option(fc.nat(3)))
  .map(([where, limit]) => `SELECT Name, (SELECT LastName, Owner.Name FROM Contacts${where === null ? '' : ` WHERE ${where}`} ORDER BY LastName${limit === null ? '' : ` LIMIT ${limit}`}) FROM Account`);

/** A valid query with one character inserted, deleted or replaced. */
const mutated = fc
  .tuple(fc.constantFrom(...VALID), fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }))
  .map(([query, at, how, ch]) => {
    const i = at % (query.length + 1);
    if (how === 'insert') return query.slice(0, i) + ch + query.slice(i);
    if (how === 'delete') return query.slice(0, i) + query.slice(i + 1);
    return query.slice(0, i) + ch + query.slice(i + 1);
  });

describe('robustness: any input gives a result or a SoqlError', () => {
  it('arbitrary short strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 120 }), resultOrSoqlError), { numRuns: 1000 });
  });

  it('arbitrary Unicode, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80, unit: 'binary' }), (s) => resultOrSoqlError(`SELECT Id FROM Lead WHERE ${s}`)), { numRuns: 500 });
  });

  it('grammar-shaped token soup', () => {
    fc.assert(fc.property(grammarish, resultOrSoqlError), { numRuns: 2000 });
  });

  it('structured queries, well- and mistyped', () => {
    fc.assert(fc.property(fc.oneof(structured, aggregateQuery, subquery), resultOrSoqlError), { numRuns: 3000 });
  });

  it('valid queries with one character changed', () => {
    fc.assert(fc.property(mutated, resultOrSoqlError), { numRuns: 1500 });
  });

  it('pathological shapes finish (deep nesting, long patterns, many terms)', () => {
    const n = 20_000;
    for (const query of [
      `SELECT Id FROM Lead WHERE LastName LIKE '${'%a'.repeat(n)}b'`,
      `SELECT Id FROM Lead WHERE ${Array.from({ length: 2000 }, (_, i) => `LastName = 'n${i}'`).join(' OR ')}`,
      `SELECT Id FROM Lead WHERE LastName IN (${Array.from({ length: 5000 }, (_, i) => `'n${i}'`).join(',')})`,
      `SELECT Id FROM Lead WHERE ${'('.repeat(n)}`,
      `SELECT ${'Owner.'.repeat(n)}Name FROM Lead`,
      `SELECT Id FROM Lead WHERE LastName = '${'\\'.repeat(n)}`,
      `${'SELECT '.repeat(n)}`,
      `SELECT Id FROM Lead WHERE Id IN ${'(SELECT Id FROM Lead WHERE Id IN '.repeat(2000)}`,
    ]) {
      resultOrSoqlError(query);
    }
  });
});

/** A source whose leads have the given last names. */
function leadsNamed(names: readonly string[]): MemorySource {
  const source = new MemorySource();
  for (const name of names) source.insert('Lead', { LastName: name });
  return source;
}

function matchedNames(source: MemorySource, query: string): string[] {
  const q = prepareQuery(query, source, { includeDeleted: false, now: NOW });
  return q.page(0, q.rowCount).map((r) => String(r.LastName));
}

/** Equal ignoring case, code point by code point (the oracle for SOQL's case-insensitive `=`). */
function equalIgnoringCase(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  return x.length === y.length && x.every((c, i) => c === y[i] || c.toLowerCase() === (y[i] as string).toLowerCase());
}

const names = fc.string({ maxLength: 12, unit: 'binary' });
const caseVariants = (s: string): string[] => [s, s.toUpperCase(), s.toLowerCase(), `${s}x`, s.slice(1)];

describe('string literals round-trip through the soql tag', () => {
  it("WHERE LastName = soql-escaped s matches the records named s, ignoring case", () => {
    fc.assert(
      fc.property(names, fc.array(names, { maxLength: 5 }), (s, others) => {
        const all = [...caseVariants(s), ...others];
        const source = leadsNamed(all);
        const matched = matchedNames(source, soql`SELECT LastName FROM Lead WHERE LastName = ${s}`.text);
        // Every record named exactly s is found…
        expect(matched.filter((n) => n === s).length).toBe(all.filter((n) => n === s).length);
        // …and only records equal to s ignoring case.
        for (const name of matched) expect(equalIgnoringCase(name, s)).toBe(true);
        expect(matched.length).toBe(all.filter((n) => equalIgnoringCase(n, s)).length);
      }),
      { numRuns: 500 },
    );
  });

  it('with only characters that have no case, = is exact equality', () => {
    const caseless = fc.string({ maxLength: 10, unit: fc.constantFrom('0', '1', ' ', "'", '"', '\\', '\n', '\r', '\t', '\b', '\f', '%', '_', '\u0000', '€', '😀') });
    fc.assert(
      fc.property(caseless, fc.array(caseless, { maxLength: 6 }), (s, others) => {
        const all = [s, ...others];
        const matched = matchedNames(leadsNamed(all), soql`SELECT LastName FROM Lead WHERE LastName = ${s}`.text);
        expect(matched).toEqual(all.filter((n) => n === s));
      }),
      { numRuns: 500 },
    );
  });
});

describe('LIKE without wildcards', () => {
  it('matches exactly what = matches', () => {
    fc.assert(
      fc.property(names, fc.array(names, { maxLength: 5 }), (s, others) => {
        const source = leadsNamed([...caseVariants(s), ...others]);
        const byLike = matchedNames(source, `SELECT LastName FROM Lead WHERE LastName LIKE ${soql.like(s).text}`);
        const byEquals = matchedNames(source, soql`SELECT LastName FROM Lead WHERE LastName = ${s}`.text);
        expect(byLike).toEqual(byEquals);
      }),
      { numRuns: 500 },
    );
  });

  it("'%' + s + '%' matches the names that contain s, ignoring case", () => {
    const ascii = fc.string({ maxLength: 6, unit: fc.constantFrom('a', 'B', 'c', '%', '_', "'", '\\') });
    fc.assert(
      fc.property(ascii, fc.array(ascii, { maxLength: 6 }), (s, all) => {
        const source = leadsNamed(all);
        const matched = matchedNames(source, `SELECT LastName FROM Lead WHERE LastName LIKE ${soql.like(s, 'contains').text}`);
        const expected = all.filter((n) => n !== '' && n.toLowerCase().includes(s.toLowerCase()));
        expect(matched).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
