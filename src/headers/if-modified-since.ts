import type { HeaderMap } from '../core/types.js';
import { toHttpDate } from './http-date.js';
import { singleHeader } from './safe.js';

/**
 * `If-Modified-Since`: Salesforce answers `304 Not Modified` (no body) when the resource has not
 * changed since `date` (sObject rows, describe, describe global). Accepts a `Date`, epoch ms, an
 * ISO 8601 string with an offset (Salesforce's own `2024-01-15T10:00:00.000+0000` included) or an
 * HTTP date such as a previous `Last-Modified`; milliseconds are dropped.
 *
 * @throws ValidationError for an invalid or unrecognised date.
 * @example
 * ```ts
 * await sf.sobject('Account').retrieve(id, { headers: ifModifiedSince(lastSync) });
 * ifModifiedSince(Date.UTC(1994, 10, 6, 8, 49, 37));
 * // { 'If-Modified-Since': 'Sun, 06 Nov 1994 08:49:37 GMT' }
 * ```
 */
export function ifModifiedSince(date: Date | number | string): HeaderMap {
  return singleHeader('If-Modified-Since', toHttpDate(date, 'ifModifiedSince'));
}
