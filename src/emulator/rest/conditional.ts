/**
 * Conditional requests on sObject rows: `ETag` (Account records, as in Salesforce) with
 * `If-Match` / `If-None-Match`, and `If-Modified-Since` / `If-Unmodified-Since` against
 * `LastModifiedDate` (whole seconds, as HTTP dates are). A GET whose copy is current gets
 * `304`; a failed precondition `412 PRECONDITION_FAILED`; an unreadable date on a write `400`.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { ObjectModel } from '../catalog.js';
import { header, type RestContext } from '../http/context.js';
import { restError } from '../http/errors.js';
import { empty, type Reply } from '../http/reply.js';
import type { StoredRecord } from '../schema.js';

/** The `ETag` of a record (a hash of its content), for objects that have one (Account). */
export function etagOf(model: ObjectModel, record: StoredRecord): string | undefined {
  if (model.name !== 'Account') return undefined;
  return `"${createHash('sha1').update(JSON.stringify(record)).digest('base64')}-gzip"`;
}

/** Response headers carrying the record's ETag, if it has one. */
export function etagHeaders(model: ObjectModel, record: StoredRecord): Record<string, string> {
  const etag = etagOf(model, record);
  return etag === undefined ? {} : { etag };
}

function tagsMatch(list: string, etag: string | undefined): boolean {
  if (etag === undefined) return false;
  return list.split(',').map((t) => t.trim()).some((t) => t === '*' || t === etag || t.replace(/^W\//, '') === etag);
}

function headerDate(ctx: RestContext, name: string): number | undefined {
  const value = header(ctx, name);
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    if (ctx.method === 'GET') return undefined;
    throw restError(400, 'INVALID_HEADER_VALUE', `Invalid ${name} header value: ${value}`);
  }
  return ms;
}

/**
 * Checks the request's preconditions against `record`: the `304` reply to send, undefined to go
 * on, or throws `412 PRECONDITION_FAILED`.
 */
export function checkPreconditions(ctx: RestContext, model: ObjectModel, record: StoredRecord): Reply | undefined {
  const etag = etagOf(model, record);
  const modified = Math.floor(Date.parse(String(record.LastModifiedDate).replace('+0000', 'Z')) / 1000) * 1000;
  const read = ctx.method === 'GET';
  const ifMatch = header(ctx, 'if-match');
  if (ifMatch !== undefined && !tagsMatch(ifMatch, etag)) throw preconditionFailed();
  const unmodifiedSince = headerDate(ctx, 'if-unmodified-since');
  if (unmodifiedSince !== undefined && modified > unmodifiedSince) throw preconditionFailed();
  const ifNoneMatch = header(ctx, 'if-none-match');
  if (ifNoneMatch !== undefined && tagsMatch(ifNoneMatch, etag)) {
    if (read) return empty(304, etagHeaders(model, record));
    throw preconditionFailed();
  }
  const modifiedSince = read ? headerDate(ctx, 'if-modified-since') : undefined;
  if (modifiedSince !== undefined && modified <= modifiedSince) return empty(304, etagHeaders(model, record));
  return undefined;
}

function preconditionFailed() {
  return restError(412, 'PRECONDITION_FAILED', 'The requested operation could not be performed because a precondition failed');
}
