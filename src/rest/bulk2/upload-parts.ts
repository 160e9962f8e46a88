/**
 * An ingest's data cut into uploads of at most `maxBytes` each. Bulk API 2.0 takes one upload per
 * job, so each part becomes its own job. Input is read only as fast as parts are sent: memory
 * holds one upload, not the data set. CSV given by the caller is cut between records, each part
 * starting with the original header line.
 *
 * @module
 */
import { ValidationError } from '../../core/errors.js';
import type { CsvFormat, LineEnding } from './csv-format.js';
import { CsvRecordSplitter } from './csv-split.js';
import { RecordUpload, utf8Length } from './record-csv.js';

/**
 * One upload: CSV text with its header, the number of records in it and its size.
 *
 * @example
 * ```ts
 * for await (const part of recordParts(records, format, 100_000_000)) await upload(part.csv);
 * ```
 */
export interface UploadPart {
  csv: string;
  records: number;
  bytes: number;
  /** The line ending of CSV given by the caller, as its header line shows it. */
  lineEnding?: LineEnding;
}

/**
 * Records as a sync or async iterable (an array, a generator, a database cursor, …).
 *
 * @example
 * ```ts
 * async function* fromDb(): AsyncGenerator<Record<string, unknown>> { for await (const row of cursor) yield { LastName: row.name }; }
 * const records: RecordSource = fromDb();
 * ```
 */
export type RecordSource = Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>;

/**
 * CSV text whole or in chunks (any iterable or async iterable of strings, e.g. a file stream
 * read as UTF-8).
 *
 * @example
 * ```ts
 * const csv: CsvSource = createReadStream('leads.csv', { encoding: 'utf8' });
 * ```
 */
export type CsvSource = string | AsyncIterable<string> | Iterable<string>;

/**
 * Uploads built from records (see `RecordUpload` for the CSV rules).
 *
 * @example
 * ```ts
 * const parts = recordParts([{ LastName: 'Ng' }], { delimiter: ',', lineEnding: '\n' }, 1e8);
 * ```
 */
export async function* recordParts(records: RecordSource, format: CsvFormat, maxBytes: number): AsyncGenerator<UploadPart, void, undefined> {
  if (records === null || typeof records !== 'object' || !(Symbol.iterator in records || Symbol.asyncIterator in records)) {
    throw new ValidationError('records must be an iterable or async iterable of objects');
  }
  let upload = new RecordUpload(format, maxBytes);
  for await (const record of records) {
    if (!upload.add(record)) {
      yield upload.build();
      upload = new RecordUpload(format, maxBytes);
      upload.add(record);
    }
  }
  if (upload.records > 0) yield upload.build();
}

function lineEndingOf(header: string): LineEnding | undefined {
  if (header.endsWith('\r\n')) return 'CRLF';
  return header.endsWith('\n') ? 'LF' : undefined;
}

async function* chunksOf(csv: CsvSource): AsyncGenerator<string, void, undefined> {
  if (typeof csv === 'string') {
    yield csv;
    return;
  }
  if (csv === null || typeof csv !== 'object' || !(Symbol.iterator in csv || Symbol.asyncIterator in csv)) {
    throw new ValidationError('csv must be a string or an iterable of strings');
  }
  for await (const chunk of csv) {
    if (typeof chunk !== 'string') throw new ValidationError('csv chunks must be strings');
    yield chunk;
  }
}

/**
 * Uploads cut from CSV text between records (quoted line breaks are respected), each starting
 * with the header line. Blank lines are dropped; CSV with a header and no records gives no upload.
 *
 * @example
 * ```ts
 * const parts = csvParts(fs.createReadStream('leads.csv', 'utf8'), 100_000_000);
 * ```
 */
export async function* csvParts(csv: CsvSource, maxBytes: number): AsyncGenerator<UploadPart, void, undefined> {
  const splitter = new CsvRecordSplitter();
  let header: string | undefined;
  let headerBytes = 0;
  let lineEnding: LineEnding | undefined;
  let lines: string[] = [];
  let bytes = 0;
  const part = (): UploadPart => {
    const out: UploadPart = { csv: header + lines.join(''), records: lines.length, bytes };
    if (lineEnding) out.lineEnding = lineEnding;
    return out;
  };
  const take = function* (records: string[]): Generator<UploadPart, void, undefined> {
    for (const record of records) {
      if (header === undefined) {
        header = record;
        headerBytes = utf8Length(record);
        lineEnding = lineEndingOf(record);
        continue;
      }
      if (record.trim() === '') continue;
      const size = utf8Length(record);
      if (lines.length > 0 && bytes + size > maxBytes) {
        yield part();
        lines = [];
      }
      if (lines.length === 0) {
        bytes = headerBytes;
        if (bytes + size > maxBytes) throw new ValidationError(`one CSV record makes ${bytes + size} bytes with the header, more than maxUploadBytes (${maxBytes})`);
      }
      lines.push(record);
      bytes += size;
    }
  };
  for await (const chunk of chunksOf(csv)) yield* take(splitter.push(chunk));
  const last = splitter.end();
  if (last !== undefined) yield* take([last]);
  if (lines.length > 0) yield part();
}
