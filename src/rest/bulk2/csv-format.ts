/**
 * The CSV dialects Bulk API 2.0 accepts: a column delimiter named by the job
 * (`COMMA`, `TAB`, `PIPE`, `SEMICOLON`, `CARET`, `BACKQUOTE`) and a line ending (`LF`, `CRLF`).
 *
 * @module
 */
import { ValidationError } from '../../core/errors.js';

/**
 * A job's `columnDelimiter`.
 *
 * @example
 * ```ts
 * const delimiter: ColumnDelimiter = 'SEMICOLON';
 * ```
 */
export type ColumnDelimiter = 'COMMA' | 'TAB' | 'PIPE' | 'SEMICOLON' | 'CARET' | 'BACKQUOTE';

/**
 * A job's `lineEnding`.
 *
 * @example
 * ```ts
 * const ending: LineEnding = 'CRLF';
 * ```
 */
export type LineEnding = 'LF' | 'CRLF';

/**
 * The character of each column delimiter.
 *
 * @example
 * ```ts
 * COLUMN_DELIMITERS.PIPE; // '|'
 * ```
 */
export const COLUMN_DELIMITERS: Readonly<Record<ColumnDelimiter, string>> = {
  COMMA: ',',
  TAB: '\t',
  PIPE: '|',
  SEMICOLON: ';',
  CARET: '^',
  BACKQUOTE: '`',
};

/**
 * The characters of each line ending.
 *
 * @example
 * ```ts
 * LINE_ENDINGS.CRLF; // '\r\n'
 * ```
 */
export const LINE_ENDINGS: Readonly<Record<LineEnding, string>> = { LF: '\n', CRLF: '\r\n' };

/**
 * A concrete dialect: the delimiter and line-ending characters.
 *
 * @example
 * ```ts
 * const format: CsvFormat = { delimiter: ',', lineEnding: '\n' };
 * ```
 */
export interface CsvFormat {
  delimiter: string;
  lineEnding: string;
}

/**
 * The dialect of a job's `columnDelimiter` and `lineEnding` (defaults `COMMA`, `LF`).
 *
 * @throws ValidationError for a name Bulk API 2.0 does not know.
 * @example
 * ```ts
 * csvFormat('TAB', 'CRLF'); // { delimiter: '\t', lineEnding: '\r\n' }
 * ```
 */
export function csvFormat(columnDelimiter: ColumnDelimiter = 'COMMA', lineEnding: LineEnding = 'LF'): CsvFormat {
  const delimiter = Object.hasOwn(COLUMN_DELIMITERS, columnDelimiter) ? COLUMN_DELIMITERS[columnDelimiter] : undefined;
  if (delimiter === undefined) {
    throw new ValidationError(`columnDelimiter must be one of ${Object.keys(COLUMN_DELIMITERS).join(', ')}`);
  }
  const ending = Object.hasOwn(LINE_ENDINGS, lineEnding) ? LINE_ENDINGS[lineEnding] : undefined;
  if (ending === undefined) throw new ValidationError('lineEnding must be LF or CRLF');
  return { delimiter, lineEnding: ending };
}

/**
 * Checks a delimiter for the CSV reader and writer: one character, not a quote or line break.
 *
 * @throws ValidationError otherwise.
 * @example
 * ```ts
 * assertDelimiter(';'); // ';'
 * ```
 */
export function assertDelimiter(delimiter: string): string {
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new ValidationError('a CSV delimiter is one character other than a double quote or a line break');
  }
  return delimiter;
}
