/**
 * The emulator's SOQL engine: parses a statement, checks it against the schema, matches and
 * sorts stored records, and projects pages of results the way Salesforce's `/query` answers.
 * Any input string yields either a prepared query or a {@link SoqlError}.
 *
 * @module
 */
import type { SalesforceRecord } from '../core/types.js';
import type { SoqlDataSource } from './schema.js';
import { compileAggregateQuery, isAggregateQuery } from './soql/aggregate-query.js';
import { objectSchema, type QueryContext, type QueryOptions } from './soql/context.js';
import { SoqlError } from './soql/errors.js';
import { parseSoql } from './soql/parser.js';
import { checkOffset, compileRecordQuery } from './soql/record-query.js';

export { SoqlError } from './soql/errors.js';
export type { SoqlErrorCode } from './soql/errors.js';
export type { QueryOptions } from './soql/context.js';

/**
 * A query ready to be paged through.
 *
 * @example
 * ```ts
 * const q = prepareQuery('SELECT Id FROM Lead', store, { includeDeleted: false, now: new Date() });
 * for (let offset = 0; offset < q.rowCount; offset += 2000) send(q.page(offset, 2000));
 * ```
 */
export interface PreparedQuery {
  /** The queried object's canonical name (`Lead` for `FROM lead`). */
  objectName: string;
  /** What the response's `totalSize` says: rows after LIMIT/OFFSET, groups, or the `COUNT()` answer. */
  totalSize: number;
  /**
   * How many rows `page` can return. Equals `totalSize`, except for `SELECT COUNT() …`, where
   * Salesforce answers `totalSize: n` with no records, so this is 0.
   */
  rowCount: number;
  /** Projected records for rows `[offset, offset + limit)`. */
  page(offset: number, limit: number): SalesforceRecord[];
}

const DEFAULT_API_VERSION = '62.0';

/**
 * Prepares a SOQL query against the emulator's data: matching (and sorting) happens now, keeping
 * only references to stored records; projection happens per `page` call.
 *
 * @throws SoqlError with Salesforce's `errorCode` (`MALFORMED_QUERY`, `INVALID_FIELD`,
 *   `INVALID_TYPE`, `INVALID_QUERY_FILTER_OPERATOR`, `NUMBER_OUTSIDE_VALID_RANGE`) and message.
 * @example
 * ```ts
 * const q = prepareQuery('SELECT Id, Owner.Name FROM Lead ORDER BY CreatedDate DESC', store, {
 *   includeDeleted: false,
 *   now: new Date(),
 * });
 * const body = { totalSize: q.totalSize, done: q.rowCount <= 2000, records: q.page(0, 2000) };
 * ```
 */
export function prepareQuery(soql: string, source: SoqlDataSource, options: QueryOptions): PreparedQuery {
  try {
    const ast = parseSoql(typeof soql === 'string' ? soql : '');
    const version = (options.apiVersion ?? DEFAULT_API_VERSION).replace(/^v/i, '');
    const ctx: QueryContext = { source, query: soql, options, sobjectsUrl: `/services/data/v${version}/sobjects/` };
    const schema = objectSchema(ctx, ast.from.name, ast.from.pos);
    checkOffset(ast);
    const compiled = isAggregateQuery(ast) ? compileAggregateQuery(ctx, schema, ast) : compileRecordQuery(ctx, schema, ast);
    return compiled;
  } catch (error) {
    if (error instanceof SoqlError) throw error;
    if (error instanceof RangeError) {
      throw new SoqlError('MALFORMED_QUERY', 'SOQL statement is too complex to evaluate');
    }
    throw error;
  }
}
