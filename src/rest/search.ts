/**
 * Search: SOSL (`GET /search/?q=FIND {…} …`) and parameterized search
 * (`POST /parameterizedSearch/`).
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { SalesforceRecord } from '../core/types.js';
import { assertFieldName, assertSObjectName } from '../http/path.js';
import type { CallOptions } from '../http/transport.js';
import { SEARCH_ANSWER } from './answer-shapes.js';
import { call, dataPath, type ResourceContext } from './context.js';

/**
 * A search's answer: the matching records, each with `attributes`.
 *
 * @example
 * ```ts
 * const { searchRecords } = await sf.search('FIND {Acme} RETURNING Account(Name)');
 * ```
 */
export interface SearchResult<R = SalesforceRecord> {
  searchRecords: R[];
}

/**
 * Which fields a search looks in (`IN … FIELDS`).
 *
 * @example
 * ```ts
 * const scope: SearchScope = 'EMAIL';
 * ```
 */
export type SearchScope = 'ALL' | 'NAME' | 'EMAIL' | 'PHONE' | 'SIDEBAR';

/**
 * A parameterized search: the search text and what to return, without writing SOSL. `q` uses
 * SOSL's search syntax (words, `"phrases"`, `*`, `AND`/`OR`); escape user input with
 * `sosl.escape()`.
 *
 * @example
 * ```ts
 * const params: ParameterizedSearch = {
 *   q: sosl.escape(userInput),
 *   in: 'NAME',
 *   sobjects: [{ name: 'Account', fields: ['Id', 'Name'], where: "Industry = 'Energy'", limit: 10 }],
 *   overallLimit: 50,
 * };
 * ```
 */
export interface ParameterizedSearch {
  q: string;
  in?: SearchScope;
  /** Fields for every object without its own `fields`. */
  fields?: string[];
  sobjects?: Array<{ name: string; fields?: string[]; where?: string; limit?: number }>;
  /** At most this many records in all (≤ 2000). */
  overallLimit?: number;
  /** Per-object limit for objects without their own. */
  defaultLimit?: number;
}

const SCOPES: readonly SearchScope[] = ['ALL', 'NAME', 'EMAIL', 'PHONE', 'SIDEBAR'];
const MAX_RESULTS = 2000;

function assertLimit(value: number | undefined, name: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > MAX_RESULTS)) {
    throw new ValidationError(`${name} must be a whole number from 0 to ${MAX_RESULTS}`);
  }
}

/**
 * Runs a SOSL search; see `SalesforceClient.search`.
 *
 * @example
 * ```ts
 * const { searchRecords } = await search(ctx, 'FIND {Acme}', {});
 * ```
 */
export async function search<R = SalesforceRecord>(ctx: ResourceContext, sosl: string | { toString(): string }, options: CallOptions = {}): Promise<SearchResult<R>> {
  const text = String(sosl);
  if (!/^\s*FIND\s*\{/i.test(text)) throw new ValidationError('a SOSL search starts with FIND {…}');
  return call<SearchResult<R>>(ctx, { operation: 'search', method: 'GET', path: dataPath(ctx, '/search/'), params: { q: text }, expect: SEARCH_ANSWER }, options);
}

/**
 * Runs a parameterized search; see `SalesforceClient.parameterizedSearch`.
 *
 * @example
 * ```ts
 * const { searchRecords } = await parameterizedSearch(ctx, { q: 'Acme', sobjects: [{ name: 'Account' }] }, {});
 * ```
 */
export async function parameterizedSearch<R = SalesforceRecord>(
  ctx: ResourceContext,
  params: ParameterizedSearch,
  options: CallOptions = {},
): Promise<SearchResult<R>> {
  if (typeof params !== 'object' || params === null) throw new ValidationError('parameterizedSearch needs { q, … }');
  if (typeof params.q !== 'string' || params.q.trim().length < 2) throw new ValidationError('q must hold at least two characters');
  if (params.in !== undefined && !SCOPES.includes(params.in)) throw new ValidationError(`in must be one of ${SCOPES.join(', ')}`);
  for (const field of params.fields ?? []) assertFieldName(field, { relationship: true });
  for (const spec of params.sobjects ?? []) {
    assertSObjectName(spec.name);
    for (const field of spec.fields ?? []) assertFieldName(field, { relationship: true });
    if (spec.where !== undefined && typeof spec.where !== 'string') throw new ValidationError('where must be a string');
    assertLimit(spec.limit, 'limit');
  }
  assertLimit(params.overallLimit, 'overallLimit');
  assertLimit(params.defaultLimit, 'defaultLimit');
  return call<SearchResult<R>>(
    ctx,
    { operation: 'parameterizedSearch', method: 'POST', path: dataPath(ctx, '/parameterizedSearch/'), body: params, idempotent: true, expect: SEARCH_ANSWER },
    options,
  );
}
