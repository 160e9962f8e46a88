import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { parseCsv } from '../../../src/rest/bulk2/csv-parse.js';
import { BULK_NULL, cellText, flattenRecord, RecordUpload, utf8Length } from '../../../src/rest/bulk2/record-csv.js';
import { csvParts, recordParts, type UploadPart } from '../../../src/rest/bulk2/upload-parts.js';

const COMMA_LF = { delimiter: ',', lineEnding: '\n' };
const parse = (text: string, delimiter = ',') => [...parseCsv(text, { delimiter })];

async function all(parts: AsyncIterable<UploadPart>): Promise<UploadPart[]> {
  const out: UploadPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

const text = fc.string({ unit: fc.constantFrom('a', 'B', ',', '"', '\n', '\r', ' ', 'é', '東', '🚀', '|') });
const records = fc.array(fc.dictionary(fc.constantFrom('Name', 'Description', 'Phone', 'Title__c', 'Site'), text, { minKeys: 1 }), { maxLength: 40 });

describe('records to CSV', () => {
  it('writes Bulk API values: null is #N/A, undefined empty, dates ISO, relationships dotted', () => {
    expect(cellText(null, 'Phone')).toBe(BULK_NULL);
    expect(cellText(undefined, 'Phone')).toBe('');
    expect(cellText(true, 'IsX__c')).toBe('true');
    expect(cellText(12.5, 'Amount')).toBe('12.5');
    expect(cellText(12n, 'Amount')).toBe('12');
    expect(cellText(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), 'When__c')).toBe('2024-01-02T03:04:05.000Z');
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, new Date(Number.NaN), ['a'], () => 1, Symbol('x')]) {
      expect(() => cellText(bad, 'Field')).toThrow(ValidationError);
    }
    expect(flattenRecord({ attributes: { type: 'Contact' }, LastName: 'Ng', Account: { External_Id__c: 'A-1', attributes: {} }, 'Owner:User.Email': 'a@b.c' }))
      .toEqual([['LastName', 'Ng'], ['Account.External_Id__c', 'A-1'], ['Owner:User.Email', 'a@b.c']]);
    expect(() => flattenRecord({ 'Bad Name': 1 })).toThrow(ValidationError);
    expect(() => flattenRecord({ 'x,y': 1 })).toThrow(ValidationError);
  });

  it('takes the union of columns in order of appearance and pads earlier rows', () => {
    const upload = new RecordUpload(COMMA_LF, 1e6);
    upload.add({ LastName: 'A' });
    upload.add({ Email: 'b@x.com', LastName: 'B' });
    upload.add({ Phone: null });
    const { csv, records, bytes } = upload.build();
    expect(csv).toBe('LastName,Email,Phone\nA,,\nB,b@x.com,\n,,#N/A\n');
    expect(records).toBe(3);
    expect(bytes).toBe(utf8Length(csv));
  });

  it('predicts its exact size and never passes maxBytes (property)', () => {
    fc.assert(fc.property(records, fc.integer({ min: 60, max: 400 }), (list, maxBytes) => {
      const upload = new RecordUpload(COMMA_LF, maxBytes);
      const taken: Array<Record<string, string>> = [];
      for (const record of list) {
        try {
          if (!upload.add(record)) break;
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect(taken).toHaveLength(0);
          return;
        }
        taken.push(record);
      }
      if (taken.length === 0) return;
      const { csv, bytes } = upload.build();
      expect(bytes).toBe(utf8Length(csv));
      expect(bytes).toBeLessThanOrEqual(maxBytes);
      const [header, ...rows] = parse(csv);
      expect(rows).toHaveLength(taken.length);
      rows.forEach((row, i) => {
        const back = Object.fromEntries((header as string[]).flatMap((column, c) => (row[c] === '' ? [] : [[column, row[c]]])));
        expect(back).toEqual(Object.fromEntries(Object.entries(taken[i] as object).filter(([, v]) => v !== '')));
      });
    }), { numRuns: 300 });
  });

  it('counts UTF-8 bytes like TextEncoder (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
    }));
  });
});

describe('uploads', () => {
  it('cuts records into uploads of at most maxBytes, each with its own header (property)', async () => {
    await fc.assert(fc.asyncProperty(records, fc.integer({ min: 200, max: 2000 }), async (list, maxBytes) => {
      const parts = await all(recordParts(list, COMMA_LF, maxBytes)).catch((error: unknown) => {
        expect(error).toBeInstanceOf(ValidationError);
        return undefined;
      });
      if (!parts) return;
      expect(parts.reduce((n, p) => n + p.records, 0)).toBe(list.length);
      for (const part of parts) {
        expect(part.bytes).toBeLessThanOrEqual(maxBytes);
        expect(parse(part.csv)).toHaveLength(part.records + 1);
      }
    }), { numRuns: 150 });
  });

  it('reads records from async iterables lazily, one upload at a time', async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield { Name: `Record ${i}` };
      }
    }
    const parts = recordParts(source(), COMMA_LF, 200);
    const first = await parts.next();
    expect(first.value?.records).toBeGreaterThan(0);
    expect(pulled).toBeLessThan(100);
    await expect(recordParts(42 as never, COMMA_LF, 100).next()).rejects.toThrow(ValidationError);
  });

  it('cuts given CSV between records, repeating the header, keeping bytes and line endings', async () => {
    const body = Array.from({ length: 30 }, (_, i) => `r${i},"two\r\nlines"\r\n`).join('');
    const csv = `Name,Description\r\n${body}`;
    const parts = await all(csvParts(csv, 120));
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.every((p) => p.csv.startsWith('Name,Description\r\n') && p.lineEnding === 'CRLF' && p.bytes <= 120)).toBe(true);
    expect(parts.map((p) => p.csv.slice('Name,Description\r\n'.length)).join('')).toBe(body);
    expect(parts.reduce((n, p) => n + p.records, 0)).toBe(30);
    expect(await all(csvParts('Name\n', 100))).toEqual([]);
    expect(await all(csvParts(['Name\nA\n', '\n', 'B'], 100))).toEqual([{ csv: 'Name\nA\nB', records: 2, bytes: 8, lineEnding: 'LF' }]);
    await expect(all(csvParts(`Name\n${'x'.repeat(200)}\n`, 100))).rejects.toThrow(/maxUploadBytes/);
    await expect(all(csvParts([1 as unknown as string], 100))).rejects.toThrow(ValidationError);
  });
});
