/**
 * Results of a bulk query as CSV pages. Columns are the SELECT fields in order, relationship
 * fields dotted (`Account.Name`), canonical casing; every value quoted, nulls empty, booleans
 * `true`/`false`, datetimes in UTC with `Z` (`2024-05-01T10:00:00.000Z`). Pages are cut by
 * `maxRecords`; the locator of the next page is its offset, base64-encoded (`MTAwMDA` = 10000),
 * and `null` after the last. Bulk queries take plain field lists only: a subquery, aggregate or
 * `FIELDS()` makes the job fail when it runs.
 *
 * @module
 */
import { COLUMN_DELIMITERS, LINE_ENDINGS } from '../../rest/bulk2/csv-format.js';
import { csvLine } from '../../rest/bulk2/csv-write.js';
import type { Org } from '../org.js';
import { objectSchema, type QueryContext } from '../soql/context.js';
import { resolvePath } from '../soql/fields.js';
import { parseSoql } from '../soql/parser.js';
import type { QueryJob } from './jobs.js';

/** Records per page when the request gives no `maxRecords`. */
export const DEFAULT_PAGE_RECORDS = 50_000;

/** One result column. */
export interface QueryColumn {
  /** Canonical dotted path, the column's header. */
  header: string;
  segments: string[];
  datetime: boolean;
}

/**
 * The result columns of a SOQL statement that `prepareQuery` accepted, or why Bulk API 2.0 will
 * not run it (the job's future `errorMessage`).
 *
 * @example
 * ```ts
 * const shape = queryColumns(org, 'SELECT Id, Account.Name FROM Contact', false);
 * ```
 */
export function queryColumns(org: Org, soql: string, includeDeleted: boolean): { columns: QueryColumn[] } | { unsupported: string } {
  const ast = parseSoql(soql);
  const ctx: QueryContext = { source: org.store, query: soql, options: { includeDeleted, now: new Date(org.now()) }, sobjectsUrl: '' };
  const schema = objectSchema(ctx, ast.from.name, ast.from.pos);
  if (ast.groupBy) return { unsupported: 'FeatureNotEnabled : Aggregate queries are not supported by Bulk API 2.0' };
  const columns: QueryColumn[] = [];
  for (const item of ast.select) {
    switch (item.kind) {
      case 'field': {
        const path = resolvePath(ctx, schema, item);
        columns.push({ header: path.display, segments: path.display.split('.'), datetime: path.category === 'datetime' });
        break;
      }
      case 'subquery':
        return { unsupported: 'FeatureNotEnabled : Aggregate Relationships not supported in Bulk Query' };
      case 'fields':
        return { unsupported: 'FeatureNotEnabled : FIELDS() is not supported by Bulk API 2.0' };
      default:
        return { unsupported: 'FeatureNotEnabled : Aggregate queries are not supported by Bulk API 2.0' };
    }
  }
  return { columns };
}

function cell(record: unknown, column: QueryColumn): string {
  let value = record;
  for (const segment of column.segments) {
    if (typeof value !== 'object' || value === null) return '';
    value = (value as Record<string, unknown>)[segment];
  }
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return column.datetime ? value.replace(/\+0000$/, 'Z') : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The locator of the page starting at `offset`. */
export function encodeLocator(offset: number): string {
  return Buffer.from(String(offset)).toString('base64').replace(/=+$/, '');
}

/** The offset a locator names, or undefined for text that is not one. */
export function decodeLocator(locator: string): number | undefined {
  if (!/^[A-Za-z0-9+/]+$/.test(locator)) return undefined;
  const text = Buffer.from(locator, 'base64').toString('utf8');
  return /^\d{1,12}$/.test(text) ? Number(text) : undefined;
}

/**
 * The page of `job`'s result starting at `offset`: CSV with its header, the records in it, and
 * the locator of the next page (`null` after the last).
 *
 * @example
 * ```ts
 * const { csv, count, next } = resultPage(job, 0, 10_000);
 * ```
 */
export function resultPage(job: QueryJob, offset: number, size: number): { csv: string; count: number; next: string } {
  const format = { delimiter: COLUMN_DELIMITERS[job.columnDelimiter], quoteAll: true };
  const eol = LINE_ENDINGS[job.lineEnding];
  const records = job.prepared.page(offset, size);
  let csv = csvLine(job.columns.map((c) => c.header), format) + eol;
  for (const record of records) csv += csvLine(job.columns.map((c) => cell(record, c)), format) + eol;
  const end = offset + records.length;
  return { csv, count: records.length, next: end < job.prepared.rowCount ? encodeLocator(end) : 'null' };
}
