/**
 * Cyclr's `cyclr_csv_parse(csv, delimiter, hasHeader)`: RFC 4180 CSV into records.
 *
 * Records end at CRLF, LF or CR; a field wrapped in double quotes may hold the delimiter, line
 * breaks and doubled quotes (`""` → `"`). Blank lines and a leading byte-order mark are skipped.
 * A quote inside an unquoted field is kept as text; text after a closing quote is appended to the
 * field (lenient, as most CSV readers are). An unterminated quoted field is an error.
 *
 * @module
 */

/** Splits `text` into rows of raw fields. */
export function parseCsvRows(text: string, delimiter = ','): string[][] {
  if (delimiter === '' || /["\r\n]/.test(delimiter)) {
    throw new RangeError('cyclr_csv_parse: the delimiter must be non-empty and hold no quote or line break');
  }
  const rows: string[][] = [];
  const length = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row: string[] = [];
  let field = '';
  let quoted = false;

  const endRecord = (): void => {
    row.push(field);
    if (row.length > 1 || field !== '' || quoted) rows.push(row);
    row = [];
    field = '';
    quoted = false;
  };

  while (i < length) {
    const char = text[i];
    if (char === '"' && field === '' && !quoted) {
      const start = i + 1;
      let j = start;
      const parts: string[] = [];
      for (;;) {
        const close = text.indexOf('"', j);
        if (close === -1) {
          const line = text.slice(0, start).split(/\r\n|\r|\n/).length;
          throw new SyntaxError(`cyclr_csv_parse: unterminated quoted field starting on line ${line}`);
        }
        parts.push(text.slice(j, close));
        if (text[close + 1] === '"') {
          parts.push('"');
          j = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      field = parts.join('');
      quoted = true;
    } else if (text.startsWith(delimiter, i)) {
      row.push(field);
      field = '';
      quoted = false;
      i += delimiter.length;
    } else if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      let end = i + 1;
      while (end < length) {
        const c = text[end];
        if (c === '\r' || c === '\n' || text.startsWith(delimiter, end)) break;
        end += 1;
      }
      field += text.slice(i, end);
      i = end;
    }
  }
  if (row.length > 0 || field !== '' || quoted) endRecord();
  return rows;
}

/** Header names made unique: empty names become `FieldN`, repeats get `_2`, `_3`, … */
function headerKeys(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, index) => {
    const name = raw === '' ? `Field${index + 1}` : raw;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
}

/**
 * Parses CSV into records. With `hasHeader`, the first row names the keys (a row longer than the
 * header keys its extra fields `FieldN`, a shorter one gets `''` for the missing ones); without
 * it every record is keyed `Field1` … `FieldN`.
 *
 * @example
 * ```ts
 * parseCsv('1,2,3\na,b,c', ',', false);
 * // [{ Field1: '1', Field2: '2', Field3: '3' }, { Field1: 'a', Field2: 'b', Field3: 'c' }]
 * ```
 */
export function parseCsv(text: string, delimiter = ',', hasHeader = false): Record<string, string>[] {
  const rows = parseCsvRows(text, delimiter);
  const header = hasHeader ? headerKeys(rows.shift() ?? []) : [];
  return rows.map((row) => {
    const record: Record<string, string> = {};
    const width = Math.max(row.length, header.length);
    for (let index = 0; index < width; index += 1) {
      const key = header[index] ?? `Field${index + 1}`;
      // defineProperty, so a column named `__proto__` stays an ordinary key.
      Object.defineProperty(record, key, { value: row[index] ?? '', enumerable: true, writable: true, configurable: true });
    }
    return record;
  });
}
