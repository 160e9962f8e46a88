import type { HeaderMap } from '../core/types.js';
import { assertSafeHeaderValue } from './safe.js';

/**
 * A set of headers for {@link mergeHeaders}; an `undefined` value removes that header.
 *
 * @example
 * ```ts
 * const overrides: HeaderSet = { 'X-Trace': undefined, 'Sforce-Mru': 'updateMru=false' };
 * mergeHeaders(defaults, overrides);
 * ```
 */
export type HeaderSet = Readonly<Record<string, string | undefined>>;

/**
 * Merges header sets, left to right. Names compare case-insensitively; a later set wins and its
 * spelling of the name is kept. An `undefined` value removes the header; `undefined` or `null`
 * sets are skipped. Every name and value is checked with {@link assertSafeHeaderValue}.
 *
 * @throws ValidationError for an unsafe header name or value.
 * @example
 * ```ts
 * const headers = mergeHeaders(
 *   { 'sforce-auto-assign': 'TRUE', 'X-Trace': 'a' },
 *   autoAssign(false),
 *   condition ? queryOptions({ batchSize: 500 }) : undefined,
 *   { 'X-Trace': undefined },
 * );
 * // { 'Sforce-Auto-Assign': 'FALSE', … } — X-Trace removed
 * ```
 */
export function mergeHeaders(...sets: ReadonlyArray<HeaderSet | undefined | null>): HeaderMap {
  const merged = new Map<string, [name: string, value: string]>();
  for (const set of sets) {
    if (set === undefined || set === null) continue;
    for (const [name, value] of Object.entries(set)) {
      const key = name.toLowerCase();
      if (value === undefined) {
        merged.delete(key);
        continue;
      }
      assertSafeHeaderValue(name, value);
      merged.delete(key);
      merged.set(key, [name, value]);
    }
  }
  return Object.fromEntries(merged.values());
}
