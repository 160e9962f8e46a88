/**
 * Header safety: no header forcelink sends may smuggle a second header or a second request.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { HeaderMap } from '../core/types.js';

/** RFC 9110 `token`: the characters a header name may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function hex(code: number): string {
  return `0x${code.toString(16).padStart(2, '0')}`;
}

/** The first character of `value` that may not appear in a header value, or -1. */
function forbiddenIndex(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f || code > 0xff) return i;
  }
  return -1;
}

function assertHeaderName(name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new ValidationError('a header name must be a string');
  if (TOKEN.test(name)) return;
  const bad = [...name].find((ch) => !TOKEN.test(ch));
  const detail = bad === undefined ? 'it is empty' : `character code ${hex(bad.codePointAt(0) ?? 0)}`;
  throw new ValidationError(`invalid header name ${JSON.stringify(name.slice(0, 40))}: ${detail}`);
}

/**
 * Throws unless `name` is a valid header name and `value` a safe header value: no CR, LF, NUL or
 * other control character (tab is allowed), and nothing above U+00FF (HTTP/1.1 cannot carry it).
 * The error names the header and the offending character code, never the value itself, which may
 * be a secret.
 *
 * @throws ValidationError
 * @example
 * ```ts
 * assertSafeHeaderValue('X-Trace', 'abc');          // fine
 * assertSafeHeaderValue('X-Trace', 'a\r\nX-Evil: 1'); // ValidationError: … code 0x0d …
 * ```
 */
export function assertSafeHeaderValue(name: string, value: string): void {
  assertHeaderName(name);
  if (typeof value !== 'string') {
    throw new ValidationError(`header "${name}" must be a string, got ${value === null ? 'null' : typeof value}`);
  }
  const at = forbiddenIndex(value);
  if (at >= 0) {
    throw new ValidationError(
      `header "${name}" holds a forbidden character (code ${hex(value.charCodeAt(at))}) at index ${at}`,
    );
  }
}

/**
 * Checks every entry of a header object with {@link assertSafeHeaderValue}.
 *
 * @throws ValidationError on the first unsafe name or value.
 * @example
 * ```ts
 * assertSafeHeaders({ 'Sforce-Call-Options': 'client=etl' }); // fine
 * assertSafeHeaders({ 'X-Id': 'a\nb' });                     // ValidationError
 * ```
 */
export function assertSafeHeaders(headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) assertSafeHeaderValue(name, value);
}

/** One checked header as a plain object (internal helper of the header builders). */
export function singleHeader(name: string, value: string): HeaderMap {
  assertSafeHeaderValue(name, value);
  return Object.fromEntries([[name, value]]) as HeaderMap;
}
