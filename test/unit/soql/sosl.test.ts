import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { SearchSyntaxError } from '../../../src/emulator/sosl/expression.js';
import { parseSosl } from '../../../src/emulator/sosl/statement.js';
import { soql } from '../../../src/soql/index.js';
import { escapeSosl, sosl } from '../../../src/soql/sosl.js';

const RESERVED = ['?', '&', '|', '!', '{', '}', '[', ']', '(', ')', '^', '~', '*', ':', '\\', '"', "'", '+', '-'];

/** Any UTF-16 string, lone surrogates included, with SOSL's reserved characters and operator words made likely. */
const anyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...RESERVED, ' ', 'AND', 'OR', 'NOT', 'FIND', 'RETURNING', 'LIMIT', '\n', '\t'),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 60,
});

const letters = (text: string) => [...text].filter((c) => /[\p{L}\p{N}]/u.test(c)).length;

/** Reads back escaped text: a backslash makes the next character literal. */
function unescape(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      expect(i + 1).toBeLessThan(text.length);
      i++;
    }
    out += text[i];
  }
  return out;
}

describe('escapeSosl', () => {
  it('escapes each reserved character with a backslash', () => {
    expect(escapeSosl('C++ (beta) {x} "q" it\'s a-b*?')).toBe('C\\+\\+ \\(beta\\) \\{x\\} \\"q\\" it\\\'s a\\-b\\*\\?');
    expect(escapeSosl('plain words')).toBe('plain words');
    expect(() => escapeSosl(42 as never)).toThrow(ValidationError);
  });

  it('property: round-trips, and no reserved character is left unescaped', () => {
    fc.assert(fc.property(anyText, (value) => {
      const escaped = escapeSosl(value);
      expect(unescape(escaped)).toBe(value);
      for (let i = 0; i < escaped.length; i++) {
        if (escaped[i] === '\\') i++;
        else expect(RESERVED).not.toContain(escaped[i]);
      }
    }), { numRuns: 500 });
  });
});

describe('sosl tagged template', () => {
  it('quotes strings inside FIND {…}, writes SOQL literals elsewhere', () => {
    const q = sosl`FIND {${'Acme* (Labs)'}} IN NAME FIELDS RETURNING Account(Name WHERE Industry = ${"O'Brien"} LIMIT ${5})`;
    expect(q.text).toBe("FIND {\"Acme\\* \\(Labs\\)\"} IN NAME FIELDS RETURNING Account(Name WHERE Industry = 'O\\'Brien' LIMIT 5)");
    expect(String(q)).toBe(q.text);
    expect(JSON.stringify({ q })).toBe(JSON.stringify({ q: q.text }));
    expect(sosl`FIND {${sosl.term('ac-me')}*}`.text).toBe('FIND {ac\\-me*}');
    expect(sosl`FIND {${sosl.raw('a OR b')}}`.text).toBe('FIND {a OR b}');
    expect(sosl`FIND {x} RETURNING Lead(Id WHERE CreatedDate > ${new Date(Date.UTC(2024, 0, 2))})`.text).toContain('2024-01-02T00:00:00.000Z');
    expect(sosl`FIND {ab} RETURNING Lead(Id WHERE Id IN ${['a', 'b']})`.text).toContain("IN ('a','b')");
    expect(sosl`FIND {ab} RETURNING Lead(Id WHERE ${soql`Name = ${'x'}`})`.text).toContain("WHERE Name = 'x'");
  });

  it('refuses what it cannot make safe', () => {
    expect(() => sosl`FIND {${42 as never}}`).toThrow(ValidationError);
    expect(() => sosl`FIND {ab} RETURNING Lead(Id WHERE Name = ${{} as never})`).toThrow(ValidationError);
    expect(() => sosl`FIND {ab} RETURNING Lead(Id WHERE Name = ${undefined as never})`).toThrow(ValidationError);
    expect(() => sosl.raw(1 as never)).toThrow(ValidationError);
  });

  it('property: no value can break out of its phrase — the search is exactly one term equal to the value', () => {
    fc.assert(fc.property(anyText.filter((v) => letters(v) >= 2), (value) => {
      const statement = parseSosl(sosl`FIND {${value}} IN ALL FIELDS RETURNING Account(Name) LIMIT 5`.text);
      expect(statement.search).toMatchObject({ kind: 'term', text: value });
      expect(statement.scope).toBe('ALL');
      expect(statement.returning).toEqual([{ object: 'Account', fields: 'Name' }]);
      expect(statement.limit).toBe(5);
    }), { numRuns: 500 });
  });

  it('property: a value with fewer than two letters or digits is refused by the server as INVALID_SEARCH, never misparsed', () => {
    fc.assert(fc.property(anyText.filter((v) => letters(v) < 2), (value) => {
      let error: unknown;
      try {
        parseSosl(sosl`FIND {${value}} RETURNING Account(Name)`.text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SearchSyntaxError);
      expect((error as SearchSyntaxError).errorCode).toBe('INVALID_SEARCH');
    }), { numRuns: 300 });
  });

  it('property: a value in RETURNING … WHERE stays inside its SOQL literal', () => {
    fc.assert(fc.property(anyText, (value) => {
      const statement = parseSosl(sosl`FIND {acme} RETURNING Account(Name WHERE Name = ${value} ORDER BY Name LIMIT 3), Contact(Id)`.text);
      expect(statement.returning).toHaveLength(2);
      const [account, contact] = statement.returning ?? [];
      expect(account).toMatchObject({ object: 'Account', fields: 'Name', orderBy: 'Name', limit: 3 });
      expect(account?.where).toBe(`Name = ${soql`${value}`.text}`);
      expect(contact).toEqual({ object: 'Contact', fields: 'Id' });
    }), { numRuns: 300 });
  });

  it('property: several values outside the braces each stay SOQL literals', () => {
    fc.assert(fc.property(anyText, anyText, (a, b) => {
      const text = sosl`FIND {acme} RETURNING Account(Name WHERE Name = ${a} AND Industry = ${b})`.text;
      expect(parseSosl(text).returning?.[0]?.where).toBe(`Name = ${soql`${a}`.text} AND Industry = ${soql`${b}`.text}`);
    }), { numRuns: 300 });
  });
});
