import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { COLUMN_DELIMITERS, csvFormat } from '../../../src/rest/bulk2/csv-format.js';
import { CsvParseError, parseCsv } from '../../../src/rest/bulk2/csv-parse.js';
import { CsvRecordSplitter } from '../../../src/rest/bulk2/csv-split.js';
import { csvField, csvLine, writeCsv } from '../../../src/rest/bulk2/csv-write.js';

const DELIMITERS = Object.values(COLUMN_DELIMITERS);
/** Field text biased towards the characters CSV must escape. */
const fieldText = fc.oneof(
  fc.string({ unit: fc.constantFrom(',', '"', '\n', '\r', '\t', '|', ';', '^', '`', ' ', 'a', 'Z', '#', 'é', '東', '🚀') }),
  fc.string({ unit: 'binary' }),
);
const rows = fc.array(fc.array(fieldText, { minLength: 1, maxLength: 6 }), { maxLength: 12 });
const parse = (text: string, delimiter = ',') => [...parseCsv(text, { delimiter })];

describe('CSV writer and reader', () => {
  it('round-trips any rows through any delimiter and line ending (property)', () => {
    fc.assert(fc.property(rows, fc.constantFrom(...DELIMITERS), fc.constantFrom('\n', '\r\n'), fc.boolean(), (data, delimiter, lineEnding, quoteAll) => {
      const text = writeCsv(data, { delimiter, lineEnding, quoteAll });
      expect(parse(text, delimiter)).toEqual(data);
    }), { numRuns: 500 });
  });

  it('splits written CSV into exactly its records, however it is chunked (property)', () => {
    fc.assert(fc.property(rows, fc.array(fc.nat(40), { maxLength: 30 }), (data, cuts) => {
      const text = writeCsv(data);
      const splitter = new CsvRecordSplitter();
      const records: string[] = [];
      let at = 0;
      for (const cut of cuts) {
        records.push(...splitter.push(text.slice(at, at + cut)));
        at += cut;
      }
      records.push(...splitter.push(text.slice(at)));
      const rest = splitter.end();
      if (rest !== undefined) records.push(rest);
      expect(records.join('')).toBe(text);
      expect(records).toHaveLength(data.length);
      records.forEach((record, i) => expect(parse(record)).toEqual([data[i]]));
    }), { numRuns: 300 });
  });

  it('quotes only when needed, doubling quotes; a lone empty field is ""', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a|b', '|')).toBe('"a|b"');
    expect(csvField('a,b', '|')).toBe('a,b');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('x', ',', true)).toBe('"x"');
    expect(csvLine([''])).toBe('""');
    expect(csvLine(['', ''])).toBe(',');
    expect(writeCsv([['a', 'b'], ['c', 'line\nbreak']], { lineEnding: '\r\n' })).toBe('a,b\r\nc,"line\nbreak"\r\n');
    expect(() => csvLine([])).toThrow(ValidationError);
  });

  it('reads RFC 4180 details: CRLF and LF, blank lines, a BOM, quoted breaks, no trailing newline', () => {
    expect(parse('\uFEFFa,b\r\n1,"x\r\ny"\n\n2,')).toEqual([['a', 'b'], ['1', 'x\r\ny'], [''], ['2', '']]);
    expect(parse('')).toEqual([]);
    expect(parse('a\rb,c')).toEqual([['a\rb', 'c']]);
    expect(parse('"",""')).toEqual([['', '']]);
  });

  it('refuses malformed CSV with the line of the problem', () => {
    const failure = (text: string) => {
      try {
        parse(text);
      } catch (error) {
        return error as CsvParseError;
      }
      throw new Error('parsed');
    };
    expect(failure('a\n"open')).toMatchObject({ line: 2, message: 'CSV line 2: a quoted field is never closed' });
    expect(failure('a\n"multi\nline"x')).toMatchObject({ line: 3 });
    expect(failure('a\nb"c')).toMatchObject({ line: 2 });
    expect(failure('"x" ,y')).toBeInstanceOf(CsvParseError);
    expect(failure('"x" ,y')).toBeInstanceOf(ValidationError);
  });

  it('reads lazily: rows before a malformed one come out first', () => {
    const rowsRead: string[][] = [];
    expect(() => {
      for (const row of parseCsv('a\nb\n"c')) rowsRead.push(row);
    }).toThrow(CsvParseError);
    expect(rowsRead).toEqual([['a'], ['b']]);
  });

  it('knows the Bulk API 2.0 dialects and refuses others', () => {
    expect(csvFormat()).toEqual({ delimiter: ',', lineEnding: '\n' });
    expect(csvFormat('BACKQUOTE', 'CRLF')).toEqual({ delimiter: '`', lineEnding: '\r\n' });
    expect(() => csvFormat('COLON' as 'COMMA')).toThrow(ValidationError);
    expect(() => csvFormat('COMMA', 'CR' as 'LF')).toThrow(ValidationError);
    expect(() => parse('a', '"')).toThrow(ValidationError);
    expect(() => parse('a', ',,')).toThrow(ValidationError);
  });
});
