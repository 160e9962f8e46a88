/**
 * What SOQL answers beyond plain rows: child-relationship subqueries (nested `QueryResult`s that
 * may page on with their own `nextRecordsUrl`) and aggregate rows.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { QueryResult, SalesforceRecord } from '../core/types.js';
import type { CallOptions } from '../http/transport.js';
import { call, type ResourceContext } from './context.js';
import { QUERY_PAGE } from './response-shape.js';

/**
 * A child-relationship subquery's value on a parent row: `null` when the parent has no children.
 *
 * @example
 * ```ts
 * interface AccountRow { Name: string; Contacts: ChildRecords<{ LastName: string }> }
 * const rows = await sf.query<AccountRow>('SELECT Name, (SELECT LastName FROM Contacts) FROM Account').toArray();
 * ```
 */
export type ChildRecords<R = SalesforceRecord> = QueryResult<R> | null;

/**
 * A row of an aggregate query (`GROUP BY`, `COUNT(Id)`, …): unnamed aggregates are `expr0`,
 * `expr1`, …; grouped fields keep their names.
 *
 * @example
 * ```ts
 * type ByStatus = AggregateResult<{ Status: string; expr0: number }>;
 * const rows = await sf.query<ByStatus>('SELECT Status, COUNT(Id) FROM Lead GROUP BY Status').toArray();
 * ```
 */
export type AggregateResult<F extends Record<string, unknown> = Record<string, unknown>> = F & {
  attributes: { type: 'AggregateResult' };
};

/**
 * Every child record of a subquery value, following its `nextRecordsUrl` when Salesforce cut it
 * into pages; see `SalesforceClient.childRecords`.
 *
 * @example
 * ```ts
 * for await (const contact of childRecords(ctx, account.Contacts, {})) console.log(contact.LastName);
 * ```
 */
export async function* childRecords<R>(ctx: ResourceContext, result: ChildRecords<R> | undefined, options: CallOptions = {}): AsyncGenerator<R, void, undefined> {
  if (result === null || result === undefined) return;
  if (!Array.isArray(result.records)) throw new ValidationError('childRecords takes a subquery value ({ totalSize, done, records })');
  let page: QueryResult<R> = result;
  for (;;) {
    yield* page.records;
    const next = page.done ? undefined : page.nextRecordsUrl;
    if (!next) return;
    if (!next.startsWith('/services/data/v')) throw new ValidationError('a nextRecordsUrl must be a path under /services/data/');
    page = await call<QueryResult<R>>(ctx, { operation: 'query', method: 'GET', path: next, expect: QUERY_PAGE }, options);
  }
}
