import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRows } from '../../../src/script/csv.js';

/** RFC 4180 writer used to check the parser. */
function writeCsv(rows: string[][], delimiter: string, newline: string): string {
  const quote = (field: string) =>
    field === '' || field.includes('"') || field.includes(delimiter) || /[\r\n]/.test(field) || field.startsWith('\uFEFF')
      ? `"${field.replace(/"/g, '""')}"`
      : field;
  return rows.map((row) => row.map(quote).join(delimiter)).join(newline);
}

describe('cyclr_csv_parse', () => {
  it('keys records Field1..N without a header (Cyclr documentation example)', () => {
    expect(parseCsv('1,2,3\na,b,c', ',', false)).toEqual([
      { Field1: '1', Field2: '2', Field3: '3' },
      { Field1: 'a', Field2: 'b', Field3: 'c' },
    ]);
  });

  it('uses the first row as keys with a header', () => {
    expect(parseCsv('Id,Name\r\n001,Acme\r\n002,"Doe, Jane"\r\n', ',', true)).toEqual([
      { Id: '001', Name: 'Acme' },
      { Id: '002', Name: 'Doe, Jane' },
    ]);
  });

  it('handles quotes, doubled quotes, delimiters and line breaks inside quotes', () => {
    expect(parseCsvRows('"a ""quoted"" word","line\nbreak","x,y"\n')).toEqual([['a "quoted" word', 'line\nbreak', 'x,y']]);
    expect(parseCsvRows('"",x\n')).toEqual([['', 'x']]);
    expect(parseCsvRows('""')).toEqual([['']]);
  });

  it('skips blank lines and a byte-order mark; keeps empty fields', () => {
    expect(parseCsvRows('\uFEFFa,b\n\n\r\nc,\n,d')).toEqual([
      ['a', 'b'],
      ['c', ''],
      ['', 'd'],
    ]);
    expect(parseCsvRows('')).toEqual([]);
    expect(parseCsvRows('\n\n')).toEqual([]);
  });

  it('supports other delimiters, including multi-character ones', () => {
    expect(parseCsvRows('a;b;"c;d"', ';')).toEqual([['a', 'b', 'c;d']]);
    expect(parseCsvRows('a\tb', '\t')).toEqual([['a', 'b']]);
    expect(parseCsvRows('a||b||"c||"', '||')).toEqual([['a', 'b', 'c||']]);
    expect(() => parseCsvRows('a', '')).toThrow(RangeError);
    expect(() => parseCsvRows('a', '"')).toThrow(RangeError);
  });

  it('is lenient with stray quotes and text after a closing quote', () => {
    expect(parseCsvRows('ab"c,"d"e')).toEqual([['ab"c', 'de']]);
  });

  it('reports an unterminated quoted field with its line', () => {
    expect(() => parseCsvRows('a,b\n"open,c')).toThrow(/unterminated quoted field starting on line 2/);
  });

  it('pads short rows, names extra fields, de-duplicates and fills empty header names', () => {
    expect(parseCsv('a,a,,b\n1,2,3\n1,2,3,4,5', ',', true)).toEqual([
      { a: '1', a_2: '2', Field3: '3', b: '' },
      { a: '1', a_2: '2', Field3: '3', b: '4', Field5: '5' },
    ]);
    expect(parseCsv('only,header', ',', true)).toEqual([]);
  });

  it('keeps a column named __proto__ as an ordinary key', () => {
    const [record] = parseCsv('__proto__\nx', ',', true);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record ?? {})).toEqual(['__proto__']);
  });

  it('parses whatever an RFC 4180 writer produced', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', ';', '"', '\n', '\r', 'é', '\uFEFF') });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(',', ';', '\t', '::'),
        fc.constantFrom('\n', '\r\n', '\r'),
        (rows, delimiter, newline) => {
          // The writer quotes empty fields, so no row is written as a blank line.
          expect(parseCsvRows(writeCsv(rows, delimiter, newline), delimiter)).toEqual(rows);
        },
      ),
    );
  });
});
