import type { HeaderMap } from '../core/types.js';
import { etagList } from './etag.js';
import { singleHeader } from './safe.js';

/**
 * `If-None-Match`: a GET or HEAD answers `304 Not Modified` when the record's `ETag` is one of
 * `etag`; a PATCH answers `412`. `'*'` means "any version". Tags are formatted as for
 * {@link ifMatch}.
 *
 * @throws ValidationError for an empty list or a tag holding a quote, space or control character.
 * @example
 * ```ts
 * await sf.sobject('Account').retrieve(id, { headers: ifNoneMatch(cachedEtag) });
 * ifNoneMatch(['"a"', 'W/"b"', 'c']); // { 'If-None-Match': '"a", W/"b", "c"' }
 * ifNoneMatch('*');                   // { 'If-None-Match': '*' }
 * ```
 */
export function ifNoneMatch(etag: string | readonly string[]): HeaderMap {
  return singleHeader('If-None-Match', etagList(etag, 'ifNoneMatch'));
}
