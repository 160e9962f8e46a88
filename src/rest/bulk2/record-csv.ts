/**
 * Records to CSV for an ingest upload. Columns are the union of the records' fields in order of
 * first appearance (a record without a column leaves it empty); nested objects become
 * relationship columns (`{ Account: { External_Id__c: 'A-1' } }` → `Account.External_Id__c`);
 * `attributes` is skipped. Values follow Bulk API 2.0's rules: `null` is `#N/A` (clears the
 * field), a missing value is empty (left unchanged on update), booleans `true`/`false`, dates
 * as ISO-8601 datetimes.
 *
 * @module
 */
import { ValidationError } from '../../core/errors.js';
import type { CsvFormat } from './csv-format.js';
import { csvField, csvLine } from './csv-write.js';

/**
 * Salesforce's CSV value that sets a field to null (an empty value leaves the field unchanged on
 * update). A record's `null` is written as this.
 *
 * @example
 * ```ts
 * sf.bulk2.ingest({ object: 'Contact', operation: 'update', csv: `Id,Phone\n${id},${BULK_NULL}\n` });
 * ```
 */
export const BULK_NULL = '#N/A';

/** `Field`, `Rel.Field`, `Rel.Rel.Field`, or polymorphic `Type:Rel.Field`. */
const COLUMN = /^[A-Za-z][A-Za-z0-9_]*(?::[A-Za-z][A-Za-z0-9_]*)?(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * One field value as Bulk API 2.0 CSV text.
 *
 * @throws ValidationError for values CSV cannot carry (arrays, non-finite numbers, invalid dates, …).
 * @example
 * ```ts
 * cellText(null, 'Phone');              // '#N/A' (clears Phone)
 * cellText(undefined, 'Phone');         // ''     (leaves Phone as it is)
 * cellText(new Date(0), 'CloseDate__c'); // '1970-01-01T00:00:00.000Z'
 * ```
 */
export function cellText(value: unknown, column: string): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'undefined':
      return '';
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'number':
      if (!Number.isFinite(value)) throw new ValidationError(`${column}: ${value} cannot be written to CSV`);
      return String(value);
    default:
      if (value === null) return BULK_NULL;
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new ValidationError(`${column}: an invalid Date`);
        return value.toISOString();
      }
      throw new ValidationError(`${column}: a ${Array.isArray(value) ? 'list' : typeof value} cannot be a CSV value (join a multi-select picklist with ";")`);
  }
}

/**
 * The columns and values of one record, relationship objects flattened to dotted columns.
 *
 * @throws ValidationError for a column name that is not a field or relationship path.
 * @example
 * ```ts
 * flattenRecord({ LastName: 'Ng', Account: { External_Id__c: 'A-1' } });
 * // [['LastName', 'Ng'], ['Account.External_Id__c', 'A-1']]
 * ```
 */
export function flattenRecord(record: Record<string, unknown>, prefix = '', out: Array<[string, string]> = []): Array<[string, string]> {
  for (const key of Object.keys(record)) {
    if (key === 'attributes') continue;
    const column = prefix + key;
    if (!COLUMN.test(column)) throw new ValidationError(`not a field name: ${JSON.stringify(column.slice(0, 90))}`);
    const value = record[key];
    if (isPlainObject(value)) flattenRecord(value, `${column}.`, out);
    else out.push([column, cellText(value, column)]);
  }
  return out;
}

/** UTF-8 size of `text` in bytes (without encoding it). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Builds one upload of records as CSV, refusing a record that would take it past `maxBytes`.
 * Rows written before a new column appeared are padded with empty fields when the CSV is built.
 *
 * @example
 * ```ts
 * const upload = new RecordUpload({ delimiter: ',', lineEnding: '\n' }, 100_000_000);
 * if (!upload.add({ LastName: 'Ng' })) startAnotherUpload();
 * const { csv, records } = upload.build();
 * ```
 */
export class RecordUpload {
  readonly #format: CsvFormat;
  readonly #maxBytes: number;
  readonly #eolBytes: number;
  readonly #columns: string[] = [];
  readonly #index = new Map<string, number>();
  readonly #rows: string[] = [];
  readonly #widths: number[] = [];
  #headerBytes = 0;
  #rowBytes = 0;
  #widthSum = 0;

  constructor(format: CsvFormat, maxBytes: number) {
    this.#format = format;
    this.#maxBytes = maxBytes;
    this.#eolBytes = utf8Length(format.lineEnding);
  }

  /** Records added so far. */
  get records(): number {
    return this.#rows.length;
  }

  /** The size of the CSV {@link RecordUpload.build} would return, in bytes. */
  get bytes(): number {
    return this.#total(this.#headerBytes, this.#columns.length, this.#rowBytes, this.#rows.length, this.#widthSum);
  }

  #total(headerBytes: number, columns: number, rowBytes: number, rows: number, widthSum: number): number {
    return rows === 0 ? 0 : headerBytes + this.#eolBytes + rowBytes + rows * columns - widthSum;
  }

  /**
   * Adds `record` unless that would make the upload larger than `maxBytes` (then returns false
   * and changes nothing).
   *
   * @throws ValidationError for a record that alone is larger than `maxBytes`, has no fields, or
   *   is not an object.
   */
  add(record: Record<string, unknown>): boolean {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new ValidationError('a record must be an object of field values');
    const entries = flattenRecord(record);
    if (entries.length === 0) throw new ValidationError('a record has no fields');
    const { delimiter } = this.#format;
    const known = this.#columns.length;
    const added: string[] = [];
    const slots = entries.map(([column]) => {
      const at = this.#index.get(column);
      if (at !== undefined) return at;
      let k = added.indexOf(column);
      if (k < 0) k = added.push(column) - 1;
      return known + k;
    });
    let headerBytes = this.#headerBytes;
    added.forEach((column, k) => {
      headerBytes += (known + k > 0 ? 1 : 0) + utf8Length(csvField(column, delimiter));
    });
    const width = known + added.length;
    const values = new Array<string>(width).fill('');
    entries.forEach(([, text], i) => {
      values[slots[i] as number] = text;
    });
    const row = csvLine(values, this.#format);
    const rowBytes = utf8Length(row) + this.#eolBytes;
    const total = this.#total(headerBytes, width, this.#rowBytes + rowBytes, this.#rows.length + 1, this.#widthSum + width);
    if (total > this.#maxBytes) {
      if (this.#rows.length > 0) return false;
      throw new ValidationError(`one record makes ${total} bytes of CSV, more than maxUploadBytes (${this.#maxBytes})`);
    }
    for (const column of added) {
      this.#index.set(column, this.#columns.length);
      this.#columns.push(column);
    }
    this.#headerBytes = headerBytes;
    this.#rows.push(row);
    this.#widths.push(width);
    this.#rowBytes += rowBytes;
    this.#widthSum += width;
    return true;
  }

  /** The CSV of the records added: header, then one line per record. */
  build(): { csv: string; records: number; bytes: number } {
    const { delimiter, lineEnding } = this.#format;
    const columns = this.#columns.length;
    const lines = [csvLine(this.#columns, this.#format)];
    for (let i = 0; i < this.#rows.length; i++) {
      const missing = columns - (this.#widths[i] as number);
      lines.push(missing === 0 ? (this.#rows[i] as string) : (this.#rows[i] as string) + delimiter.repeat(missing));
    }
    return { csv: lines.join(lineEnding) + lineEnding, records: this.#rows.length, bytes: this.bytes };
  }
}
