import type { HeaderMap } from '../core/types.js';
import { etagList } from './etag.js';
import { singleHeader } from './safe.js';

/**
 * `If-Match`: Salesforce applies the request only if the record's current `ETag` is one of
 * `etag` (else `412 Precondition Failed`) — optimistic locking for updates. Salesforce sends ETags
 * on Account rows. Bare tags are quoted; `"…"` and weak `W/"…"` tags are kept; `'*'` matches any
 * existing record.
 *
 * @throws ValidationError for an empty list or a tag holding a quote, space or control character.
 * @example
 * ```ts
 * const account = await sf.sobject('Account').retrieve(id);           // remember its ETag
 * await sf.sobject('Account').update(id, changes, { headers: ifMatch(etag) });
 * ifMatch('U5iWijwWbQD18jeiXwsqxeGpZQk=-gzip');
 * // { 'If-Match': '"U5iWijwWbQD18jeiXwsqxeGpZQk=-gzip"' }
 * ```
 */
export function ifMatch(etag: string | readonly string[]): HeaderMap {
  return singleHeader('If-Match', etagList(etag, 'ifMatch'));
}
