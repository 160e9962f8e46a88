/**
 * Splits CSV text arriving in chunks into whole records without parsing their fields: a record
 * ends at a line feed outside double quotes. Each record keeps its exact text (line ending
 * included), so CSV given by the caller is uploaded byte for byte, only cut between records.
 *
 * @module
 */

/**
 * Cuts a stream of CSV text into raw records.
 *
 * @example
 * ```ts
 * const splitter = new CsvRecordSplitter();
 * splitter.push('Name\n"multi\nline"\nAc'); // ['Name\n', '"multi\nline"\n']
 * splitter.push('me\n');                     // ['Acme\n']
 * splitter.end();                            // undefined (nothing left over)
 * ```
 */
export class CsvRecordSplitter {
  #buffer = '';
  #scanned = 0;
  #quoted = false;

  /** Adds a chunk; returns the records it completed, each with its line ending. */
  push(chunk: string): string[] {
    this.#buffer += chunk;
    const records: string[] = [];
    const text = this.#buffer;
    let start = 0;
    for (let i = this.#scanned; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) this.#quoted = !this.#quoted;
      else if (c === 10 && !this.#quoted) {
        records.push(text.slice(start, i + 1));
        start = i + 1;
      }
    }
    this.#buffer = text.slice(start);
    this.#scanned = this.#buffer.length;
    return records;
  }

  /** The last record when the text did not end with a line break (else undefined). */
  end(): string | undefined {
    const rest = this.#buffer;
    this.#buffer = '';
    this.#scanned = 0;
    this.#quoted = false;
    return rest === '' ? undefined : rest;
  }
}
