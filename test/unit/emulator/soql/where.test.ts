import { describe, expect, it } from 'vitest';
import { column, fail, run } from './helpers.js';
import { makeFixture } from './fixture.js';

const f = makeFixture();
const names = (soql: string, options: { includeDeleted?: boolean } = {}): unknown[] =>
  column(run(f.source, `SELECT LastName FROM Lead WHERE ${soql} ORDER BY CreatedDate`, options).records, 'LastName');

describe('WHERE comparisons', () => {
  it('compares text ignoring case', () => {
    expect(names("LastName = 'SMITH'")).toEqual(['smith', 'Smith']);
    expect(names("Company = 'acme'")).toEqual(["O'Brien"]);
  });

  it('!= and <> also match empty values, as in SOQL', () => {
    expect(names("FirstName != 'Jane'")).toEqual(['Zed', 'smith', 'Smith']);
    expect(names("FirstName <> 'Jane'")).toEqual(['Zed', 'smith', 'Smith']);
  });

  it('compares with null', () => {
    expect(names('FirstName = null')).toEqual(['Zed']);
    expect(names('FirstName != NULL')).toEqual(['smith', 'Smith', "O'Brien"]);
    expect(names("FirstName = ''")).toEqual(['Zed']);
    expect(names('AnnualRevenue > null')).toEqual([]);
  });

  it('orders numbers, never matching empty values', () => {
    expect(names('AnnualRevenue > 1000')).toEqual(['Zed', "O'Brien"]);
    expect(names('AnnualRevenue >= 1000')).toEqual(['Zed', 'Smith', "O'Brien"]);
    expect(names('AnnualRevenue < 75000.5')).toEqual(['Smith']);
    expect(names('AnnualRevenue <= 75000.5')).toEqual(['Zed', 'Smith']);
    expect(names('AnnualRevenue != 1000')).toEqual(['Zed', 'smith', "O'Brien"]);
    expect(names('AnnualRevenue > -5 AND AnnualRevenue < +2000')).toEqual(['Smith']);
  });

  it('orders text ignoring case', () => {
    expect(names("LastName < 'p'")).toEqual(["O'Brien"]);
    expect(names("LastName >= 'S'")).toEqual(['Zed', 'smith', 'Smith']);
  });

  it('compares booleans', () => {
    expect(names('IsConverted = true')).toEqual(['smith']);
    expect(names('IsConverted = FALSE')).toEqual(['Zed', 'Smith', "O'Brien"]);
  });

  it('matches IDs in 15- and 18-character form', () => {
    const [jane] = f.leads;
    expect(names(`Id = '${jane?.Id}'`)).toEqual(["O'Brien"]);
    expect(names(`Id = '${jane?.Id.slice(0, 15)}'`)).toEqual(["O'Brien"]);
    expect(names(`Id = '${jane?.Id.slice(0, 15)}${jane?.Id.slice(15).toLowerCase()}'`)).toEqual(["O'Brien"]);
    expect(names(`Id = '${jane?.Id.toLowerCase()}'`)).toEqual(["O'Brien"]);
    expect(names(`OwnerId = '${f.group.Id}'`)).toEqual(['Smith']);
    expect(names(`OwnerId != '${f.group.Id}'`)).toEqual(['Zed', 'smith', "O'Brien"]);
  });

  it('refuses malformed IDs', () => {
    const e = fail(f.source, "SELECT Id FROM Lead WHERE Id = 'abc'");
    expect(e.errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
    expect(e.message).toBe('invalid ID field: abc');
  });
});

describe('IN, NOT IN and semi-joins', () => {
  it('IN and NOT IN lists', () => {
    expect(names("Status IN ('open', 'Working')")).toEqual(['Zed', 'Smith', "O'Brien"]);
    expect(names("Status NOT IN ('Open')")).toEqual(['smith', 'Smith']);
    expect(names("FirstName IN ('Jane', null)")).toEqual(['Zed', "O'Brien"]);
    expect(names("FirstName NOT IN ('Jane')")).toEqual(['Zed', 'smith', 'Smith']);
    expect(names('AnnualRevenue IN (1000, 250000)')).toEqual(['Smith', "O'Brien"]);
  });

  it('semi-joins and anti-joins on IDs', () => {
    const accounts = (where: string): unknown[] => column(run(f.source, `SELECT Name FROM Account WHERE ${where} ORDER BY Name`).records, 'Name');
    expect(accounts('Id IN (SELECT AccountId FROM Contact)')).toEqual(['Acme', 'Globex']);
    expect(accounts("Id IN (SELECT AccountId FROM Contact WHERE LastName = 'Scorpio')")).toEqual(['Globex']);
    expect(accounts('Id NOT IN (SELECT AccountId FROM Contact)')).toEqual(['Initech']);
    expect(fail(f.source, 'SELECT Id FROM Account WHERE Name IN (SELECT AccountId FROM Contact)').errorCode).toBe('INVALID_FIELD');
    expect(fail(f.source, 'SELECT Id FROM Account WHERE Id IN (SELECT LastName FROM Contact)').errorCode).toBe('INVALID_FIELD');
    expect(fail(f.source, 'SELECT Id FROM Account WHERE Id IN (SELECT Id, AccountId FROM Contact)').errorCode).toBe('MALFORMED_QUERY');
  });
});

describe('LIKE', () => {
  it('supports % and _ and ignores case', () => {
    expect(names("LastName LIKE 'sm%'")).toEqual(['smith', 'Smith']);
    expect(names("LastName LIKE '%I_H'")).toEqual(['smith', 'Smith']);
    expect(names("LastName LIKE 'Z_d'")).toEqual(['Zed']);
    expect(names("LastName LIKE '%'")).toEqual(['Zed', 'smith', 'Smith', "O'Brien"]);
    expect(names("LastName LIKE 'mith'")).toEqual([]);
    expect(names("NOT LastName LIKE 'sm%'")).toEqual(['Zed', "O'Brien"]);
  });

  it('escapes wildcards with a backslash', () => {
    expect(names("Description LIKE '%100\\% cotton'")).toEqual(["O'Brien"]);
    expect(names("Description LIKE '%100\\%'")).toEqual([]);
    expect(names("Description LIKE 'under\\_score'")).toEqual(['Smith']);
    expect(names("Description LIKE 'under_score'")).toEqual(['Smith']);
  });

  it('never matches empty values', () => {
    expect(names("Email LIKE '%'")).toEqual(['Zed', 'Smith', "O'Brien"]);
  });

  it('is refused on non-text fields', () => {
    expect(fail(f.source, "SELECT Id FROM Lead WHERE IsConverted LIKE 'x'").errorCode).toBe('INVALID_FIELD');
    expect(fail(f.source, "SELECT Id FROM Lead WHERE AnnualRevenue LIKE '1%'").message).toContain('must be of type double');
  });
});

describe('string literal escapes', () => {
  it('resolves SOQL escapes', () => {
    expect(names("LastName = 'O\\'Brien'")).toEqual(["O'Brien"]);
    expect(names("Description = 'line1\\nline2'")).toEqual(['Zed']);
    expect(names("Description = 'line1\\u000aline2'")).toEqual(['Zed']);
    expect(names("LastName = 'O\\u0027Brien'")).toEqual(["O'Brien"]);
  });

  it('refuses unknown escapes and unterminated strings', () => {
    const bad = fail(f.source, "SELECT Id FROM Lead WHERE LastName = 'a\\qb'");
    expect(bad.errorCode).toBe('MALFORMED_QUERY');
    expect(bad.message).toContain("Invalid string literal 'a\\qb'. Illegal character sequence '\\q' in string literal.");
    const open = fail(f.source, "SELECT Id FROM Lead WHERE LastName = 'abc");
    expect(open.errorCode).toBe('MALFORMED_QUERY');
    expect(open.message).toContain("mismatched character '<EOF>' expecting '''");
  });
});

describe('boolean logic', () => {
  it('AND, OR, NOT and parentheses', () => {
    expect(names("Status = 'Open' AND AnnualRevenue > 100000")).toEqual(["O'Brien"]);
    expect(names("Status = 'Working' OR IsConverted = true")).toEqual(['smith', 'Smith']);
    expect(names("(Status = 'Working' OR IsConverted = true) AND LastName = 'smith'")).toEqual(['smith', 'Smith']);
    expect(names("NOT (Status = 'Open')")).toEqual(['smith', 'Smith']);
    expect(names("NOT Status = 'Open' AND NOT (LastName = 'Smith' AND FirstName = 'Mary')")).toEqual(['Smith']);
    expect(names("((((LastName = 'Zed'))))")).toEqual(['Zed']);
  });

  it('refuses AND and OR mixed without parentheses', () => {
    const e = fail(f.source, "SELECT Id FROM Lead WHERE Status = 'Open' AND LastName = 'Zed' OR IsConverted = true");
    expect(e.errorCode).toBe('MALFORMED_QUERY');
    expect(e.message).toContain("unexpected token: 'OR'");
  });
});

describe('type checks', () => {
  const msg = (soql: string): string => {
    const e = fail(f.source, soql);
    expect(e.errorCode).toBe('INVALID_FIELD');
    return e.message.split('\n').pop() ?? '';
  };

  it('words type mismatches like Salesforce', () => {
    expect(msg("SELECT Id FROM Lead WHERE AnnualRevenue = '5'")).toBe(
      "value of filter criterion for field 'AnnualRevenue' must be of type double and should not be enclosed in quotes",
    );
    expect(msg('SELECT Id FROM Lead WHERE LastName = 5')).toBe("value of filter criterion for field 'LastName' must be of type string and should be enclosed in quotes");
    expect(msg("SELECT Id FROM Lead WHERE IsConverted = 'true'")).toBe("value of filter criterion for field 'IsConverted' must be of type boolean and should not be enclosed in quotes");
    expect(msg('SELECT Id FROM Lead WHERE CreatedDate > 2024-01-01')).toBe("value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes");
    expect(msg('SELECT Id FROM Lead WHERE ConvertedDate > 2024-01-01T00:00:00Z')).toBe("value of filter criterion for field 'ConvertedDate' must be of type date and should not be enclosed in quotes");
    expect(msg("SELECT Id FROM Lead WHERE ConvertedDate = '2024-01-12'")).toBe("value of filter criterion for field 'ConvertedDate' must be of type date and should not be enclosed in quotes");
    expect(msg("SELECT Id FROM Account WHERE NumberOfEmployees = '5'")).toBe("value of filter criterion for field 'NumberOfEmployees' must be of type integer and should not be enclosed in quotes");
    expect(msg('SELECT Id FROM Lead WHERE LastName = TODAY')).toContain("must be of type string");
  });

  it('points the caret at the value', () => {
    expect(fail(f.source, "SELECT Id FROM Account WHERE AnnualRevenue = '5'").message).toBe(
      "\nSELECT Id FROM Account WHERE AnnualRevenue = '5'\n                                             ^\nERROR at Row:1:Column:46\nvalue of filter criterion for field 'AnnualRevenue' must be of type double and should not be enclosed in quotes",
    );
  });

  it('refuses impossible dates', () => {
    expect(fail(f.source, 'SELECT Id FROM Lead WHERE ConvertedDate = 2023-02-29').errorCode).toBe('MALFORMED_QUERY');
    expect(fail(f.source, 'SELECT Id FROM Lead WHERE CreatedDate = 2023-01-01T25:00:00Z').errorCode).toBe('MALFORMED_QUERY');
  });
});

describe('dates and datetimes', () => {
  it('date literals against date fields', () => {
    expect(names('ConvertedDate = 2024-01-12')).toEqual(['smith']);
    expect(names('ConvertedDate > 2024-01-12')).toEqual([]);
    expect(names('ConvertedDate != 2024-01-12')).toEqual(['Zed', 'Smith', "O'Brien"]);
  });

  it('datetime literals in every offset form', () => {
    expect(names('CreatedDate > 2024-01-15T00:00:00Z')).toEqual(["O'Brien"]);
    expect(names('CreatedDate >= 2024-01-15T09:00:00+01:00')).toEqual(["O'Brien"]);
    expect(names('CreatedDate > 2024-01-15T09:00:00+01:00')).toEqual([]);
    expect(names('CreatedDate < 2024-01-14T12:00:00.000+0000')).toEqual(['Zed', 'smith']);
    expect(names('CreatedDate = 2024-01-14T07:00:00-05:00')).toEqual(['Smith']);
  });

  it('date constants against datetime fields (now is Monday 2024-01-15 12:00 UTC)', () => {
    expect(names('CreatedDate = TODAY')).toEqual(["O'Brien"]);
    expect(names('CreatedDate = YESTERDAY')).toEqual(['Smith']);
    expect(names('CreatedDate = TOMORROW')).toEqual([]);
    expect(names('CreatedDate = THIS_WEEK')).toEqual(['Smith', "O'Brien"]);
    expect(names('CreatedDate = LAST_WEEK')).toEqual(['smith']);
    expect(names('CreatedDate = NEXT_WEEK')).toEqual([]);
    expect(names('CreatedDate = LAST_N_DAYS:7')).toEqual(['smith', 'Smith', "O'Brien"]);
    expect(names('CreatedDate = LAST_N_DAYS:1')).toEqual(['Smith', "O'Brien"]);
    expect(names('CreatedDate = NEXT_N_DAYS:30')).toEqual([]);
    expect(names('CreatedDate = THIS_MONTH')).toEqual(['smith', 'Smith', "O'Brien"]);
    expect(names('CreatedDate = LAST_MONTH')).toEqual(['Zed']);
    expect(names('CreatedDate = NEXT_MONTH')).toEqual([]);
    expect(names('CreatedDate = THIS_YEAR')).toEqual(['smith', 'Smith', "O'Brien"]);
    expect(names('CreatedDate = LAST_YEAR')).toEqual(['Zed']);
    expect(names('CreatedDate < THIS_MONTH')).toEqual(['Zed']);
    expect(names('CreatedDate >= YESTERDAY')).toEqual(['Smith', "O'Brien"]);
    expect(names('CreatedDate > YESTERDAY')).toEqual(["O'Brien"]);
    expect(names('CreatedDate <= YESTERDAY')).toEqual(['Zed', 'smith', 'Smith']);
    expect(names('CreatedDate != TODAY')).toEqual(['Zed', 'smith', 'Smith']);
    expect(names('CreatedDate IN (TODAY, LAST_MONTH)')).toEqual(['Zed', "O'Brien"]);
  });

  it('date constants against date fields', () => {
    expect(names('ConvertedDate = LAST_WEEK')).toEqual(['smith']);
    expect(names('ConvertedDate = THIS_WEEK')).toEqual([]);
    expect(names('ConvertedDate = LAST_N_DAYS:3')).toEqual(['smith']);
    expect(names('ConvertedDate = LAST_N_DAYS:2')).toEqual([]);
  });

  it('refuses a date constant without its number', () => {
    expect(fail(f.source, 'SELECT Id FROM Lead WHERE CreatedDate = LAST_N_DAYS').message).toContain("unexpected token: '<EOF>'");
  });
});

describe('deleted records', () => {
  it('hides deleted records unless includeDeleted (queryAll)', () => {
    expect(names("Status = 'Open'")).toEqual(['Zed', "O'Brien"]);
    expect(names("Status = 'Open'", { includeDeleted: true })).toEqual(['Zed', "O'Brien", 'Eted']);
    expect(names('IsDeleted = true')).toEqual([]);
    expect(names('IsDeleted = true', { includeDeleted: true })).toEqual(['Eted']);
  });
});
