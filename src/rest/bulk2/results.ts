/**
 * Result files of Bulk API 2.0 jobs read into objects: ingest results (`sf__Id`, `sf__Created`,
 * `sf__Error` plus the uploaded columns) and query results (one record per row).
 *
 * @module
 */
import { InvalidResponseError } from '../../core/errors.js';
import { COLUMN_DELIMITERS, type ColumnDelimiter } from './csv-format.js';
import { CsvParseError, parseCsv } from './csv-parse.js';

/**
 * A record a job saved.
 *
 * @example
 * ```ts
 * for await (const ok of job.successfulResults()) console.log(ok.id, ok.created, ok.record.LastName);
 * ```
 */
export interface SuccessfulRecord {
  /** The job that processed it. */
  jobId: string;
  /** The saved record's ID (`sf__Id`). */
  id: string;
  /** True when it was inserted, false when updated or deleted (`sf__Created`). */
  created: boolean;
  /** The uploaded columns of the row, as text (`#N/A` for a null sent). */
  record: Record<string, string>;
}

/**
 * One error of a failed record, read from Salesforce's `sf__Error` text
 * (`REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --`).
 *
 * @example
 * ```ts
 * const error: BulkRecordError = parseBulkError('INVALID_EMAIL_ADDRESS:Email: invalid email address: x:Email --');
 * error.statusCode; // 'INVALID_EMAIL_ADDRESS'
 * ```
 */
export interface BulkRecordError {
  statusCode: string;
  message: string;
  fields: string[];
  /** The `sf__Error` text as Salesforce wrote it. */
  text: string;
}

/**
 * A record a job could not save.
 *
 * @example
 * ```ts
 * for await (const bad of job.failedResults()) console.error(bad.error.statusCode, bad.error.message, bad.record);
 * ```
 */
export interface FailedRecord {
  jobId: string;
  /** The record's ID for updates and deletes (`sf__Id`, API 53.0+); undefined for a failed insert. */
  id: string | undefined;
  error: BulkRecordError;
  record: Record<string, string>;
}

/**
 * A record a job never reached (it failed or was aborted first).
 *
 * @example
 * ```ts
 * const retry: Array<Record<string, string>> = [];
 * for await (const rest of job.unprocessedRecords()) retry.push(rest.record);
 * ```
 */
export interface UnprocessedRecord {
  jobId: string;
  record: Record<string, string>;
}

/**
 * A record of a bulk query: every value as the text Salesforce sent, `null` for an empty value
 * (Salesforce stores no empty strings, so an empty value is a null field). Relationship fields
 * keep their dotted column names (`Account.Name`).
 *
 * @example
 * ```ts
 * for await (const row of sf.bulk2.query<Bulk2Record>('SELECT Id, Account.Name FROM Contact')) console.log(row['Account.Name']);
 * ```
 */
export type Bulk2Record = Record<string, string | null>;

const ERROR_TEXT = /^([A-Za-z0-9_]+):([\s\S]*):([^:]*?) ?--\s*$/;

/**
 * Reads an `sf__Error` value: `<statusCode>:<message>:<fields> --`. Text in another form is kept
 * whole as the message.
 *
 * @example
 * ```ts
 * parseBulkError('REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --');
 * // { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'], text: … }
 * ```
 */
export function parseBulkError(text: string): BulkRecordError {
  const match = ERROR_TEXT.exec(text);
  if (!match) {
    const code = /^([A-Z0-9_]+):/.exec(text)?.[1] ?? '';
    return { statusCode: code, message: code ? text.slice(code.length + 1).trim() : text, fields: [], text };
  }
  const fields = (match[3] as string).split(',').map((f) => f.trim()).filter((f) => f !== '');
  return { statusCode: match[1] as string, message: match[2] as string, fields, text };
}

/** The delimiter character of a job's `columnDelimiter` (comma for an unknown name). */
export function delimiterOf(name: ColumnDelimiter | string | undefined): string {
  return (name !== undefined && Object.hasOwn(COLUMN_DELIMITERS, name) ? COLUMN_DELIMITERS[name as ColumnDelimiter] : undefined) ?? ',';
}

/**
 * The rows of a result file as objects keyed by its header, read lazily.
 *
 * @throws InvalidResponseError when the text is not well-formed CSV or a row does not fit the header.
 * @example
 * ```ts
 * [...csvObjects('"Id","Name"\n"001…","Acme"\n', ',')]; // [{ Id: '001…', Name: 'Acme' }]
 * ```
 */
export function* csvObjects(text: string, delimiter: string): Generator<Record<string, string>, void, undefined> {
  try {
    let header: string[] | undefined;
    for (const row of parseCsv(text, { delimiter })) {
      if (header === undefined) {
        header = row;
        continue;
      }
      if (row.length !== header.length) throw new CsvParseError(`a row of ${row.length} fields under a header of ${header.length}`, 0);
      const out: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) out[header[i] as string] = row[i] as string;
      yield out;
    }
  } catch (error) {
    if (!(error instanceof CsvParseError)) throw error;
    throw new InvalidResponseError(`Salesforce answered with malformed CSV: ${error.message}`, { status: 200, errors: [], cause: error });
  }
}

/** Splits the `sf__` columns from the uploaded ones. */
function uploaded(row: Record<string, string>): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of Object.entries(row)) if (!key.startsWith('sf__')) record[key] = value;
  return record;
}

/** A `successfulResults` row. */
export function successfulRecord(jobId: string, row: Record<string, string>): SuccessfulRecord {
  return { jobId, id: row.sf__Id ?? '', created: row.sf__Created === 'true', record: uploaded(row) };
}

/** A `failedResults` row. */
export function failedRecord(jobId: string, row: Record<string, string>): FailedRecord {
  const id = row.sf__Id;
  return { jobId, id: id === undefined || id === '' ? undefined : id, error: parseBulkError(row.sf__Error ?? ''), record: uploaded(row) };
}

/** An `unprocessedrecords` row. */
export function unprocessedRecord(jobId: string, row: Record<string, string>): UnprocessedRecord {
  return { jobId, record: row };
}

/** A query result row: empty values become null. */
export function queryRecord(row: Record<string, string>): Bulk2Record {
  const out: Bulk2Record = {};
  for (const [key, value] of Object.entries(row)) out[key] = value === '' ? null : value;
  return out;
}
