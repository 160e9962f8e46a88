/**
 * SOQL errors worded the way Salesforce words them, including the caret block
 * (`\n<snippet>\n<spaces>^\nERROR at Row:r:Column:c\n<text>`) Salesforce puts in front of errors
 * that point at a place in the query.
 *
 * @module
 */

/** The `errorCode` values the SOQL engine answers with. */
export type SoqlErrorCode =
  | 'MALFORMED_QUERY'
  | 'INVALID_FIELD'
  | 'INVALID_TYPE'
  | 'INVALID_QUERY_FILTER_OPERATOR'
  | 'NUMBER_OUTSIDE_VALID_RANGE';

/**
 * A query Salesforce would refuse. `errorCode` and `message` are what goes into the REST error
 * body `[{ message, errorCode }]` (status 400).
 *
 * @example
 * ```ts
 * try { prepareQuery('SELECT Id FORM Account', source, { includeDeleted: false, now: new Date() }); }
 * catch (e) { if (e instanceof SoqlError) res.status(400).json([{ message: e.message, errorCode: e.errorCode }]); }
 * ```
 */
export class SoqlError extends Error {
  /** Salesforce's error code, e.g. `MALFORMED_QUERY`, `INVALID_FIELD`, `INVALID_TYPE`. */
  readonly errorCode: SoqlErrorCode;

  constructor(errorCode: SoqlErrorCode, message: string) {
    super(message);
    this.name = 'SoqlError';
    this.errorCode = errorCode;
  }
}

/** Lines up to this length are shown whole in the caret block; longer ones are cut to a window. */
const WHOLE_LINE_MAX = 100;
/** Characters of context kept on each side of the error position in a cut line. */
const WINDOW_BEFORE = 40;
const WINDOW_AFTER = 40;

/** 1-based row and column of `offset` in `text`. */
function rowColumn(text: string, offset: number): { row: number; column: number; lineStart: number } {
  let row = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      row++;
      lineStart = i + 1;
    }
  }
  return { row, column: end - lineStart + 1, lineStart };
}

/** Cuts a long line to whole words around `col0` (0-based), returning the snippet and the caret offset. */
function window(line: string, col0: number): { snippet: string; caret: number } {
  if (line.length <= WHOLE_LINE_MAX) return { snippet: line, caret: col0 };
  let start = Math.max(0, col0 - WINDOW_BEFORE);
  while (start > 0 && start < col0 && line[start - 1] !== ' ' && line[start - 1] !== ',') start++;
  let end = Math.min(line.length, col0 + WINDOW_AFTER);
  while (end < line.length && line[end] !== ' ' && line[end] !== ',') end++;
  return { snippet: line.slice(start, end), caret: col0 - start };
}

/**
 * An error that points at `offset` in `query`, with Salesforce's caret block in front of `text`.
 *
 * @example
 * ```ts
 * throw positionedError('INVALID_FIELD', 'SELECT Foo FROM Account', 7, "No such column 'Foo' …");
 * ```
 */
export function positionedError(code: SoqlErrorCode, query: string, offset: number, text: string): SoqlError {
  const { row, column, lineStart } = rowColumn(query, offset);
  let lineEnd = query.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = query.length;
  const line = query.slice(lineStart, lineEnd).replace(/\r$/, '');
  const { snippet, caret } = window(line, column - 1);
  const message = `\n${snippet}\n${' '.repeat(Math.max(0, caret))}^\nERROR at Row:${row}:Column:${column}\n${text}`;
  return new SoqlError(code, message);
}

/**
 * Shortens user text quoted inside an error message.
 *
 * @example
 * ```ts
 * quoteSafe('x'.repeat(100)).length; // 81
 * ```
 */
export function quoteSafe(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * `No such column 'X' on entity 'Y'. …` (INVALID_FIELD).
 *
 * @example
 * ```ts
 * noSuchColumnText('Foo__c', 'Account');
 * ```
 */
export function noSuchColumnText(field: string, entity: string): string {
  return (
    `No such column '${quoteSafe(field)}' on entity '${entity}'. If you are attempting to use a custom field, ` +
    `be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe ` +
    `call for the appropriate names.`
  );
}

/**
 * `Didn't understand relationship 'X' in field path. …` (INVALID_FIELD).
 *
 * @example
 * ```ts
 * unknownRelationshipText('Boss');
 * ```
 */
export function unknownRelationshipText(name: string): string {
  return (
    `Didn't understand relationship '${quoteSafe(name)}' in field path. If you are attempting to use a custom ` +
    `relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL ` +
    `or the describe call for the appropriate names.`
  );
}

/**
 * `sObject type 'X' is not supported. …` (INVALID_TYPE).
 *
 * @example
 * ```ts
 * unsupportedTypeText('Foo');
 * ```
 */
export function unsupportedTypeText(name: string): string {
  return (
    `sObject type '${quoteSafe(name)}' is not supported. If you are attempting to use a custom object, be sure ` +
    `to append the '__c' after the entity name. Please reference your WSDL or the describe call for the ` +
    `appropriate names.`
  );
}

/**
 * `Didn't understand relationship 'X' in FROM part of query call. …` (INVALID_TYPE).
 *
 * @example
 * ```ts
 * unknownChildRelationshipText('Foos');
 * ```
 */
export function unknownChildRelationshipText(name: string): string {
  return (
    `Didn't understand relationship '${quoteSafe(name)}' in FROM part of query call. If you are attempting to ` +
    `use a custom relationship, be sure to append the '__r' after the custom relationship name. Please ` +
    `reference your WSDL or the describe call for the appropriate names.`
  );
}
