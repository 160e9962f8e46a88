import type { HeaderMap } from '../core/types.js';
import { toHttpDate } from './http-date.js';
import { singleHeader } from './safe.js';

/**
 * `If-Unmodified-Since`: Salesforce refuses the request with `412 Precondition Failed` when the
 * record changed after `date`, so an update cannot overwrite someone else's newer edit. Accepts the
 * same inputs as {@link ifModifiedSince}.
 *
 * @throws ValidationError for an invalid or unrecognised date.
 * @example
 * ```ts
 * await sf.sobject('Account').update(id, changes, { headers: ifUnmodifiedSince(record.LastModifiedDate) });
 * ifUnmodifiedSince('2024-01-15T10:00:00.000+0000');
 * // { 'If-Unmodified-Since': 'Mon, 15 Jan 2024 10:00:00 GMT' }
 * ```
 */
export function ifUnmodifiedSince(date: Date | number | string): HeaderMap {
  return singleHeader('If-Unmodified-Since', toHttpDate(date, 'ifUnmodifiedSince'));
}
