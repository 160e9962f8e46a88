/**
 * SOQL over REST: `GET /query?q=…` and `/queryAll?q=…` (deleted rows too), paged by
 * `Sforce-Query-Options: batchSize=N` — clamped to 200..2000, default 2000, as Salesforce treats
 * the size as a hint — with `nextRecordsUrl` `/services/data/vXX.X/query/01g…-<offset>` for the
 * rest, followed with `GET /query/<locator>` (or `/queryAll/<locator>`).
 *
 * @module
 */
import { header, type RestContext } from '../http/context.js';
import { restError } from '../http/errors.js';
import { json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { prepareQuery, SoqlError, type PreparedQuery } from '../soql-engine.js';

const MIN_BATCH = 200;
const MAX_BATCH = 2000;

/** The batch size asked for in `Sforce-Query-Options`, clamped to 200..2000 (default 2000). */
export function batchSize(value: string | undefined): number {
  const match = /batchSize\s*=\s*(\d+)/i.exec(value ?? '');
  if (!match) return MAX_BATCH;
  return Math.min(MAX_BATCH, Math.max(MIN_BATCH, Number(match[1])));
}

function page(ctx: RestContext, query: PreparedQuery, offset: number, size: number, locator?: string): Reply {
  const records = query.page(offset, size);
  const next = offset + records.length;
  const done = next >= query.rowCount;
  const id = done ? undefined : (locator ?? ctx.org.cursors.open(query, size));
  return json(200, {
    totalSize: query.totalSize,
    done,
    ...(id === undefined ? {} : { nextRecordsUrl: `/services/data/v${ctx.version}/query/${id}-${next}` }),
    records,
  });
}

function run(includeDeleted: boolean) {
  return (ctx: RestContext): Reply => {
    const soql = ctx.query.get('q');
    if (soql === null) throw restError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    if (soql.trim() === '') throw restError(400, 'MALFORMED_QUERY', 'SOQL statements cannot be empty or null');
    let query: PreparedQuery;
    try {
      query = prepareQuery(soql, ctx.org.store, { includeDeleted, now: new Date(ctx.org.now()), apiVersion: ctx.version });
    } catch (error) {
      if (error instanceof SoqlError) throw restError(400, error.errorCode, error.message);
      throw error;
    }
    return page(ctx, query, 0, batchSize(header(ctx, 'sforce-query-options')));
  };
}

function more(ctx: RestContext): Reply {
  const match = /^([a-zA-Z0-9]{15,18})-(\d+)$/.exec(ctx.params.locator ?? '');
  const cursor = match ? ctx.org.cursors.get(match[1] as string) : undefined;
  const offset = Number(match?.[2]);
  if (!match || !cursor || offset > cursor.query.rowCount) {
    throw restError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  }
  return page(ctx, cursor.query, offset, cursor.batchSize, match[1]);
}

/** Routes of SOQL queries. */
export const queryRoutes: Route<RestContext>[] = [
  { method: 'GET', path: '/query', handler: run(false), resource: 'query' },
  { method: 'GET', path: '/queryAll', handler: run(true), resource: 'queryAll' },
  { method: 'GET', path: '/query/:locator', handler: more },
  { method: 'GET', path: '/queryAll/:locator', handler: more },
];
