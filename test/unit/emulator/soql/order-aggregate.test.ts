import { describe, expect, it } from 'vitest';
import { prepareQuery } from '../../../../src/emulator/soql-engine.js';
import { column, fail, run } from './helpers.js';
import { makeFixture, NOW } from './fixture.js';

const f = makeFixture();
const leads = (tail: string): unknown[] => column(run(f.source, `SELECT LastName FROM Lead ${tail}`).records, 'LastName');

describe('ORDER BY', () => {
  it('sorts ascending by default, text ignoring case, ties in stored order', () => {
    expect(leads('ORDER BY LastName')).toEqual(["O'Brien", 'Smith', 'smith', 'Zed']);
    expect(leads('ORDER BY LastName DESC')).toEqual(['Zed', 'Smith', 'smith', "O'Brien"]);
  });

  it('sorts by several fields', () => {
    expect(leads('ORDER BY LastName ASC, FirstName DESC')).toEqual(["O'Brien", 'smith', 'Smith', 'Zed']);
    expect(leads('ORDER BY Status DESC, CreatedDate ASC')).toEqual(['Smith', 'Zed', "O'Brien", 'smith']);
  });

  it('puts nulls first ascending and last descending, unless told otherwise', () => {
    expect(leads('ORDER BY AnnualRevenue')).toEqual(['smith', 'Smith', 'Zed', "O'Brien"]);
    expect(leads('ORDER BY AnnualRevenue DESC')).toEqual(["O'Brien", 'Zed', 'Smith', 'smith']);
    expect(leads('ORDER BY AnnualRevenue ASC NULLS LAST')).toEqual(['Smith', 'Zed', "O'Brien", 'smith']);
    expect(leads('ORDER BY AnnualRevenue DESC NULLS FIRST')).toEqual(['smith', "O'Brien", 'Zed', 'Smith']);
  });

  it('sorts by dates, datetimes, booleans and parent fields', () => {
    expect(leads('ORDER BY CreatedDate DESC')).toEqual(["O'Brien", 'Smith', 'smith', 'Zed']);
    expect(leads('ORDER BY IsConverted DESC, LastName')).toEqual(['smith', "O'Brien", 'Smith', 'Zed']);
    expect(column(run(f.source, 'SELECT LastName FROM Contact ORDER BY Account.Name DESC NULLS LAST, LastName').records, 'LastName')).toEqual([
      'Scorpio', 'Coyote', 'Runner', 'Nobody',
    ]);
  });

  it('refuses unknown sort fields', () => {
    expect(fail(f.source, 'SELECT Id FROM Lead ORDER BY Nope').errorCode).toBe('INVALID_FIELD');
  });
});

describe('LIMIT, OFFSET and paging', () => {
  it('applies LIMIT and OFFSET to totalSize and rows', () => {
    const r = run(f.source, 'SELECT LastName FROM Lead ORDER BY CreatedDate LIMIT 2 OFFSET 1');
    expect(r.totalSize).toBe(2);
    expect(column(r.records, 'LastName')).toEqual(['smith', 'Smith']);
    expect(run(f.source, 'SELECT Id FROM Lead LIMIT 0').totalSize).toBe(0);
    expect(run(f.source, 'SELECT Id FROM Lead OFFSET 10').totalSize).toBe(0);
    expect(run(f.source, 'SELECT Id FROM Lead LIMIT 2').totalSize).toBe(2);
  });

  it('pages lazily through the prepared rows', () => {
    const q = prepareQuery('SELECT LastName FROM Lead ORDER BY LastName', f.source, { includeDeleted: false, now: NOW });
    expect(q.objectName).toBe('Lead');
    expect(q.totalSize).toBe(4);
    expect(column(q.page(0, 3), 'LastName')).toEqual(["O'Brien", 'Smith', 'smith']);
    expect(column(q.page(3, 3), 'LastName')).toEqual(['Zed']);
    expect(q.page(4, 3)).toEqual([]);
  });

  it('refuses OFFSET above 2000', () => {
    expect(run(f.source, 'SELECT Id FROM Lead OFFSET 2000').totalSize).toBe(0);
    const e = fail(f.source, 'SELECT Id FROM Lead OFFSET 2001');
    expect(e.errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
    expect(e.message).toBe('Maximum SOQL offset allowed is 2000');
  });

  it('refuses non-integer limits', () => {
    expect(fail(f.source, 'SELECT Id FROM Lead LIMIT 1.5').errorCode).toBe('MALFORMED_QUERY');
    expect(fail(f.source, 'SELECT Id FROM Lead LIMIT -1').errorCode).toBe('MALFORMED_QUERY');
  });
});

describe('COUNT()', () => {
  it('answers totalSize with no records', () => {
    const q = prepareQuery('SELECT COUNT() FROM Lead', f.source, { includeDeleted: false, now: NOW });
    expect(q.totalSize).toBe(4);
    expect(q.rowCount).toBe(0);
    expect(q.page(0, 2000)).toEqual([]);
    expect(run(f.source, "SELECT count() FROM Lead WHERE Status = 'Open'").totalSize).toBe(2);
    expect(run(f.source, 'SELECT COUNT() FROM Lead', { includeDeleted: true }).totalSize).toBe(5);
    expect(run(f.source, 'SELECT COUNT() FROM Lead LIMIT 3').totalSize).toBe(3);
  });

  it('must stand alone', () => {
    expect(fail(f.source, 'SELECT COUNT(), Id FROM Lead').errorCode).toBe('MALFORMED_QUERY');
  });
});

describe('aggregate queries', () => {
  it('COUNT(Id) without GROUP BY answers one AggregateResult', () => {
    const r = run(f.source, 'SELECT COUNT(Id) FROM Lead');
    expect(r.totalSize).toBe(1);
    expect(r.records).toEqual([{ attributes: { type: 'AggregateResult' }, expr0: 4 }]);
    expect(run(f.source, "SELECT COUNT(Id), MAX(AnnualRevenue) FROM Lead WHERE LastName = 'nobody'").records).toEqual([
      { attributes: { type: 'AggregateResult' }, expr0: 0, expr1: null },
    ]);
  });

  it('numbers unaliased aggregates expr0, expr1… and uses aliases', () => {
    const r = run(f.source, 'SELECT Status, COUNT(Id), MAX(AnnualRevenue) top, MIN(CreatedDate), SUM(AnnualRevenue), AVG(AnnualRevenue) FROM Lead GROUP BY Status ORDER BY Status');
    expect(r.records).toEqual([
      { attributes: { type: 'AggregateResult' }, Status: 'Closed - Converted', expr0: 1, top: null, expr1: '2024-01-08T12:00:00.000+0000', expr2: null, expr3: null },
      { attributes: { type: 'AggregateResult' }, Status: 'Open', expr0: 2, top: 250000, expr1: '2023-12-20T12:00:00.000+0000', expr2: 325000.5, expr3: 162500.25 },
      { attributes: { type: 'AggregateResult' }, Status: 'Working', expr0: 1, top: 1000, expr1: '2024-01-14T12:00:00.000+0000', expr2: 1000, expr3: 1000 },
    ]);
  });

  it('COUNT(field) skips nulls, COUNT_DISTINCT counts distinct values', () => {
    expect(run(f.source, 'SELECT COUNT(FirstName), COUNT_DISTINCT(LastName), COUNT_DISTINCT(Status) FROM Lead').records[0]).toEqual({
      attributes: { type: 'AggregateResult' }, expr0: 3, expr1: 3, expr2: 3,
    });
  });

  it('groups by parent fields, keyed by the field name', () => {
    const r = run(f.source, 'SELECT Owner.Name, COUNT(Id) c FROM Contact GROUP BY Owner.Name ORDER BY Owner.Name');
    expect(r.records).toEqual([
      { attributes: { type: 'AggregateResult' }, Name: 'Ada Lovelace', c: 2 },
      { attributes: { type: 'AggregateResult' }, Name: 'Bob Byte', c: 2 },
    ]);
  });

  it('HAVING, ORDER BY an aggregate, LIMIT over groups', () => {
    expect(run(f.source, 'SELECT Status, COUNT(Id) FROM Lead GROUP BY Status HAVING COUNT(Id) > 1').records).toEqual([
      { attributes: { type: 'AggregateResult' }, Status: 'Open', expr0: 2 },
    ]);
    expect(column(run(f.source, "SELECT Status FROM Lead GROUP BY Status HAVING Status != 'Open' ORDER BY Status DESC").records, 'Status')).toEqual(['Working', 'Closed - Converted']);
    const top = run(f.source, 'SELECT Status, COUNT(Id) n FROM Lead GROUP BY Status ORDER BY COUNT(Id) DESC, Status LIMIT 2');
    expect(top.totalSize).toBe(2);
    expect(column(top.records, 'Status')).toEqual(['Open', 'Closed - Converted']);
  });

  it('refuses ungrouped fields and unsuitable aggregates', () => {
    const e = fail(f.source, 'SELECT Status, LastName, COUNT(Id) FROM Lead GROUP BY Status');
    expect(e.errorCode).toBe('MALFORMED_QUERY');
    expect(e.message).toContain('Field must be grouped or aggregated: LastName');
    expect(fail(f.source, 'SELECT SUM(LastName) FROM Lead').message).toContain('field LastName does not support aggregate operator SUM');
    expect(fail(f.source, 'SELECT COUNT(Nope) FROM Lead').errorCode).toBe('INVALID_FIELD');
    expect(fail(f.source, 'SELECT COUNT(Id) FROM Lead WHERE COUNT(Id) > 1').errorCode).toBe('MALFORMED_QUERY');
    expect(fail(f.source, 'SELECT Status, COUNT(Id) FROM Lead GROUP BY Status ORDER BY LastName').message).toContain('Field must be grouped or aggregated: LastName');
    expect(fail(f.source, 'SELECT Status, COUNT(Id) Cnt FROM Lead GROUP BY Status ORDER BY Cnt').message).toContain("No such column 'Cnt' on entity 'Lead'");
  });
});
