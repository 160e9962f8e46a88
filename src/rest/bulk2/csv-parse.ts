/**
 * A strict RFC 4180 CSV reader. Records end at LF or CRLF; a field wrapped in double quotes may
 * hold the delimiter, line breaks and doubled quotes (`""` → `"`). Anything else is refused with
 * the line it is on: a quote inside an unquoted field, text after a closing quote, a quoted field
 * that never closes. A leading byte-order mark is skipped; a blank line is a record of one empty
 * field. Rows are produced lazily, so a large text is never turned into one big array.
 *
 * @module
 */
import { ValidationError } from '../../core/errors.js';
import { assertDelimiter } from './csv-format.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const BOM = 0xfeff;

/**
 * Text that is not well-formed CSV.
 *
 * @example
 * ```ts
 * try { [...parseCsv('"open')]; } catch (e) { if (e instanceof CsvParseError) console.error(e.line); }
 * ```
 */
export class CsvParseError extends ValidationError {
  /** The 1-based line the problem is on. */
  readonly line: number;
  constructor(message: string, line: number) {
    super(`CSV line ${line}: ${message}`);
    this.line = line;
  }
}

/**
 * Options of {@link parseCsv}.
 *
 * @example
 * ```ts
 * const options: CsvParseOptions = { delimiter: '\t' };
 * ```
 */
export interface CsvParseOptions {
  /** One character; default `,`. */
  delimiter?: string;
}

function countLineBreaks(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/**
 * The rows of `text`, one array of fields each, read as they are asked for.
 *
 * @throws CsvParseError for malformed CSV (when the bad row is reached).
 * @example
 * ```ts
 * [...parseCsv('Name,Note\r\n"Acme, Inc.","say ""hi"""\n')];
 * // [['Name', 'Note'], ['Acme, Inc.', 'say "hi"']]
 * ```
 */
export function* parseCsv(text: string, options: CsvParseOptions = {}): Generator<string[], void, undefined> {
  const delimiter = assertDelimiter(options.delimiter ?? ',').charCodeAt(0);
  const n = text.length;
  let i = n > 0 && text.charCodeAt(0) === BOM ? 1 : 0;
  let line = 1;
  while (i < n) {
    const row: string[] = [];
    for (;;) {
      if (i < n && text.charCodeAt(i) === QUOTE) {
        const opened = line;
        let value = '';
        let from = i + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0) throw new CsvParseError('a quoted field is never closed', opened);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += text.slice(from, close + 1);
            from = close + 2;
            continue;
          }
          value += text.slice(from, close);
          i = close + 1;
          break;
        }
        line += countLineBreaks(value);
        const next = i < n ? text.charCodeAt(i) : -1;
        if (next !== -1 && next !== delimiter && next !== LF && !(next === CR && text.charCodeAt(i + 1) === LF)) {
          throw new CsvParseError('text follows a closing quote (a field with quotes must be wholly quoted)', line);
        }
        row.push(value);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === delimiter || c === LF || (c === CR && text.charCodeAt(j + 1) === LF)) break;
          if (c === QUOTE) throw new CsvParseError('a double quote inside an unquoted field (quote the whole field and double the quote)', line);
          j++;
        }
        row.push(text.slice(i, j));
        i = j;
      }
      const c = i < n ? text.charCodeAt(i) : -1;
      if (c === delimiter) {
        i++;
        continue;
      }
      if (c === CR) i += 2;
      else if (c === LF) i += 1;
      line++;
      break;
    }
    yield row;
  }
}
