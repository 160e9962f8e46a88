/**
 * Entity tags for `If-Match` / `If-None-Match` (RFC 9110 §8.8.3).
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';

/** `etagc`: any visible character but `"`, plus obs-text. */
const ETAGC = /^[\x21\x23-\x7e\x80-\xff]*$/;
const QUOTED = /^(?:W\/)?"([^"]*)"$/;

/** One entity tag, quoted when given bare; `W/"…"` and `"…"` are kept as they are. */
function formatEtag(etag: unknown, where: string): string {
  if (typeof etag !== 'string') throw new ValidationError(`${where}: an ETag must be a string`);
  const quoted = QUOTED.exec(etag);
  const inner = quoted ? (quoted[1] ?? '') : etag;
  if (!quoted && inner.length === 0) throw new ValidationError(`${where}: an ETag must not be empty`);
  for (const ch of inner) {
    if (!ETAGC.test(ch)) {
      const code = (ch.codePointAt(0) ?? 0).toString(16).padStart(2, '0');
      throw new ValidationError(`${where}: an ETag may not hold a quote, space or control character (code 0x${code})`);
    }
  }
  return quoted ? etag : `"${etag}"`;
}

/**
 * The value of an `If-Match` / `If-None-Match` header: `*` alone, or a comma-separated list of
 * entity tags.
 *
 * @throws ValidationError for an empty list, `*` inside a list, or a malformed tag.
 */
export function etagList(etags: string | readonly string[], where: string): string {
  if (etags === '*') return '*';
  const list: readonly unknown[] = typeof etags === 'string' ? [etags] : etags;
  if (!Array.isArray(list) || list.length === 0) throw new ValidationError(`${where}: give at least one ETag`);
  if (list.includes('*')) throw new ValidationError(`${where}: "*" must stand alone, not inside a list`);
  return list.map((etag) => formatEtag(etag, where)).join(', ');
}
