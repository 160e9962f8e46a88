import { describe, expect, it } from 'vitest';
import { column, fail, run } from './helpers.js';
import { makeFixture } from './fixture.js';

const f = makeFixture();

describe('syntax errors', () => {
  it('refuses empty statements', () => {
    for (const q of ['', '   ', '\n\t']) {
      const e = fail(f.source, q);
      expect(e.errorCode).toBe('MALFORMED_QUERY');
      expect(e.message).toBe('SOQL statements cannot be empty or null');
    }
  });

  it('refuses statements over 100,000 characters', () => {
    const e = fail(f.source, `SELECT Id FROM Lead WHERE LastName = '${'x'.repeat(100_000)}'`);
    expect(e.errorCode).toBe('MALFORMED_QUERY');
    expect(e.message).toContain('100,000');
  });

  it('words unexpected tokens like Salesforce, with the caret block', () => {
    expect(fail(f.source, 'SELECT Id FORM Account').message).toBe("\nSELECT Id FORM Account\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FORM'");
    expect(fail(f.source, 'SELECT Id FROM Account WHERE').message).toBe(
      "\nSELECT Id FROM Account WHERE\n                            ^\nERROR at Row:1:Column:29\nunexpected token: '<EOF>'",
    );
    expect(fail(f.source, 'SELECT FROM Account').message).toContain("unexpected token: 'FROM'");
    expect(fail(f.source, 'SELECT Id FROM Lead LIMIT 5 foo').message).toContain("unexpected token: 'foo'");
    expect(fail(f.source, 'SELECT Id FROM Lead WHERE LastName = :name').message).toContain("unexpected token: ':'");
    expect(fail(f.source, 'SELECT Id, FROM Lead').errorCode).toBe('MALFORMED_QUERY');
    expect(fail(f.source, "SELECT Id FROM Lead WHERE LastName IN ()").message).toContain("unexpected token: ')'");
    expect(fail(f.source, 'SELECT FOO(Id) FROM Lead').errorCode).toBe('MALFORMED_QUERY');
  });

  it('words characters SOQL does not know', () => {
    expect(fail(f.source, 'SELECT Id FROM Account;').message).toBe(
      "\nSELECT Id FROM Account;\n                      ^\nERROR at Row:1:Column:23\nline 1:22 no viable alternative at character ';'",
    );
    expect(fail(f.source, 'SELECT Id FROM Lead WHERE Name = "x"').errorCode).toBe('MALFORMED_QUERY');
    expect(fail(f.source, 'SELECT Id FROM Lead WHERE CreatedDate > 2024-01-15T10:00:00').message).toContain(
      "ERROR at Row:1:Column:60\nline 1:59 no viable alternative at character '<EOF>'",
    );
  });

  it('reports rows and columns of multi-line statements', () => {
    const e = fail(f.source, 'SELECT Id,\n  Foo__c\nFROM Account');
    expect(e.message).toMatch(/^\n {2}Foo__c\n {2}\^\nERROR at Row:2:Column:3\nNo such column 'Foo__c'/);
  });

  it('cuts long lines to a window around the error', () => {
    const prefix = `SELECT Id FROM Account WHERE Name = '${'a'.repeat(150)}' AND `;
    const e = fail(f.source, `${prefix}Nope__c = 1 AND Name != null`);
    const [, snippet, caret, where] = e.message.split('\n');
    expect(where).toBe(`ERROR at Row:1:Column:${prefix.length + 1}`);
    expect((snippet ?? '').length).toBeLessThan(100);
    expect((snippet ?? '').slice((caret ?? '').length - 1)).toMatch(/^Nope__c/);
  });

  it('caps nesting instead of overflowing the stack', () => {
    const deep = `SELECT Id FROM Lead WHERE ${'('.repeat(5000)}LastName = 'x'${')'.repeat(5000)}`;
    expect(fail(f.source, deep).message).toContain('nested too deeply');
    expect(fail(f.source, `SELECT Id FROM Lead WHERE ${'NOT '.repeat(5000)}LastName = 'x'`).errorCode).toBe('MALFORMED_QUERY');
    const ok = `SELECT LastName FROM Lead WHERE ${'('.repeat(20)}LastName = 'Zed'${')'.repeat(20)}`;
    expect(column(run(f.source, ok).records, 'LastName')).toEqual(['Zed']);
  });
});

describe('accepted syntax', () => {
  it('keywords in any case', () => {
    const r = run(f.source, "select lastname from lead where lastname like 'z%' and isconverted = False order by lastname desc nulls last limit 5 offset 0");
    expect(column(r.records, 'LastName')).toEqual(['Zed']);
  });

  it('clauses integrations add that change nothing here', () => {
    for (const tail of ['FOR VIEW', 'FOR UPDATE', 'FOR REFERENCE', 'UPDATE TRACKING']) {
      expect(run(f.source, `SELECT Id FROM Lead LIMIT 1 ${tail}`).totalSize).toBe(1);
    }
    expect(run(f.source, "SELECT Id FROM Lead WHERE Status = 'Open' WITH SECURITY_ENFORCED").totalSize).toBe(2);
    expect(run(f.source, 'SELECT Id FROM Lead USING SCOPE Everything').totalSize).toBe(4);
  });

  it('whitespace of every kind between tokens', () => {
    expect(run(f.source, "SELECT\n\tId\r\nFROM\fLead\nWHERE LastName='Zed'").totalSize).toBe(1);
  });
});
