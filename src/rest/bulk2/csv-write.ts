/**
 * The CSV writer matching {@link parseCsv}: a field is quoted when it holds the delimiter, a
 * double quote or a line break (or always, with `quoteAll`, as Salesforce writes its result
 * files), and quotes inside are doubled. A row of one empty field is written `""` so that it
 * cannot be mistaken for a blank line.
 *
 * @module
 */
import { ValidationError } from '../../core/errors.js';
import { assertDelimiter } from './csv-format.js';

/**
 * Options of {@link writeCsv} and {@link csvLine}.
 *
 * @example
 * ```ts
 * const options: CsvWriteOptions = { delimiter: ';', lineEnding: '\r\n', quoteAll: true };
 * ```
 */
export interface CsvWriteOptions {
  /** One character; default `,`. */
  delimiter?: string;
  /** Written after every row; default `\n`. */
  lineEnding?: string;
  /** Quote every field, needed or not. */
  quoteAll?: boolean;
}

/**
 * One field, quoted when it has to be (or always with `quoteAll`).
 *
 * @example
 * ```ts
 * csvField('Acme, Inc.');  // '"Acme, Inc."'
 * csvField('say "hi"');    // '"say ""hi"""'
 * csvField('plain');       // 'plain'
 * ```
 */
export function csvField(value: string, delimiter = ',', quoteAll = false): string {
  if (quoteAll || value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}

/**
 * One row without its line ending.
 *
 * @throws ValidationError for a row without fields.
 * @example
 * ```ts
 * csvLine(['Id', 'Name']); // 'Id,Name'
 * csvLine(['']);           // '""'
 * ```
 */
export function csvLine(fields: readonly string[], options: CsvWriteOptions = {}): string {
  if (fields.length === 0) throw new ValidationError('a CSV row needs at least one field');
  const delimiter = assertDelimiter(options.delimiter ?? ',');
  if (fields.length === 1 && fields[0] === '') return '""';
  let out = '';
  for (let i = 0; i < fields.length; i++) out += (i === 0 ? '' : delimiter) + csvField(fields[i] as string, delimiter, options.quoteAll);
  return out;
}

/**
 * Rows as CSV text, each row followed by the line ending.
 *
 * @example
 * ```ts
 * writeCsv([['Name'], ['Acme, Inc.']]); // 'Name\n"Acme, Inc."\n'
 * ```
 */
export function writeCsv(rows: Iterable<readonly string[]>, options: CsvWriteOptions = {}): string {
  const lineEnding = options.lineEnding ?? '\n';
  let out = '';
  for (const row of rows) out += csvLine(row, options) + lineEnding;
  return out;
}
