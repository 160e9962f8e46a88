/**
 * Sub-requests for `sf.composite()` and `sf.batch()`: the {@link subrequest} builders (validated
 * names and IDs, URLs relative to the API version, a result type per sub-request) and
 * {@link ref} for `@{referenceId.path}` references to an earlier sub-request's answer.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { HeaderMap, HttpMethod, QueryResult, SalesforceRecord, SaveResult } from '../core/types.js';
import { assertFieldName, assertRecordId, assertSObjectName, encodePathSegment } from '../http/path.js';

declare const RESULT: unique symbol;

/**
 * One sub-request of a composite request. `url` is `/services/data/vXX.X/…` or a path relative
 * to it (`/sobjects/Account/`), which the client completes with its API version. `B` is the body
 * a successful answer carries (type only; the {@link subrequest} builders set it).
 *
 * @example
 * ```ts
 * const get: CompositeSubrequest<{ Name: string }> = {
 *   method: 'GET', url: `/sobjects/Account/${id}?fields=Name`, referenceId: 'acct',
 * };
 * ```
 */
export interface CompositeSubrequest<B = unknown> {
  method: HttpMethod;
  url: string;
  referenceId: string;
  body?: unknown;
  /** Headers for this sub-request (not `Authorization`, `Accept` or `Content-Type`). */
  httpHeaders?: HeaderMap;
  /** Type only: never set. */
  readonly [RESULT]?: B;
}

/**
 * The success body type of a sub-request.
 *
 * @example
 * ```ts
 * type R = SubrequestResult<ReturnType<typeof subrequest.create>>; // SaveResult
 * ```
 */
export type SubrequestResult<S> = S extends { readonly [RESULT]?: infer B } ? B : unknown;

const REFERENCE = /^@\{[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+|\[\d+\])+\}$/;
const REFERENCE_ID = /^[A-Za-z0-9][A-Za-z0-9_]*$/;

/**
 * A reference to an earlier sub-request's answer: `ref('acct', 'id')` is `'@{acct.id}'`;
 * paths may step into arrays: `ref('found', 'records[0].Id')`.
 *
 * @throws ValidationError for a malformed reference ID or path.
 * @example
 * ```ts
 * subrequest.create('person', 'Contact', { LastName: 'Ng', AccountId: ref('acct', 'id') });
 * ```
 */
export function ref(referenceId: string, path: string): string {
  assertReferenceId(referenceId);
  const text = `@{${referenceId}.${path}}`;
  if (!REFERENCE.test(text)) throw new ValidationError(`not a reference path: ${JSON.stringify(String(path).slice(0, 60))}`);
  return text;
}

/**
 * Throws unless `referenceId` is letters, digits and underscores (starting with a letter or digit).
 *
 * @example
 * ```ts
 * assertReferenceId('newAccount'); // ok
 * ```
 */
export function assertReferenceId(referenceId: string): void {
  if (typeof referenceId !== 'string' || !REFERENCE_ID.test(referenceId)) {
    throw new ValidationError(`a referenceId is letters, digits and underscores: ${JSON.stringify(String(referenceId).slice(0, 40))}`);
  }
}

/** A record ID, or a `@{ref.path}` reference to one, as a path segment. */
function idSegment(id: string): string {
  if (typeof id === 'string' && REFERENCE.test(id)) return id;
  return assertRecordId(id);
}

function fieldsParam(fields: readonly string[] | undefined): string {
  if (!fields?.length) return '';
  for (const field of fields) assertFieldName(field, { relationship: true });
  return `?fields=${fields.join(',')}`;
}

/** `encodeURIComponent`, leaving `@{ref.path}` references readable for Salesforce to resolve. */
function encodeKeepingReferences(text: string): string {
  return encodeURIComponent(text).replace(/%40%7B([A-Za-z0-9_.]|%5B|%5D)+?%7D/g, (m) => decodeURIComponent(m));
}

function plainObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValidationError(`${what} must be a plain object`);
  return value as Record<string, unknown>;
}

function build<B>(referenceId: string, method: HttpMethod, url: string, body?: unknown): CompositeSubrequest<B> {
  assertReferenceId(referenceId);
  return body === undefined ? { method, url, referenceId } : { method, url, referenceId, body };
}

/**
 * Builders of typed sub-requests (for `sf.composite()`, and `sf.batch()`, which ignores the
 * reference IDs). IDs may be references made with {@link ref}.
 *
 * @example
 * ```ts
 * const [acct, person] = await sf.composite([
 *   subrequest.create('acct', 'Account', { Name: 'Acme' }),
 *   subrequest.create('person', 'Contact', { LastName: 'Ng', AccountId: ref('acct', 'id') }),
 * ], { allOrNone: true });
 * if (acct.ok) console.log(acct.body.id);
 * ```
 */
export const subrequest = {
  /** `POST /sobjects/X/` → {@link SaveResult}. */
  create(referenceId: string, type: string, record: Record<string, unknown>): CompositeSubrequest<SaveResult> {
    return build(referenceId, 'POST', `/sobjects/${assertSObjectName(type)}/`, plainObject(record, 'a record'));
  },
  /** `GET /sobjects/X/id[?fields=…]` → the record. */
  retrieve<R = SalesforceRecord>(referenceId: string, type: string, id: string, options: { fields?: readonly string[] } = {}): CompositeSubrequest<R> {
    return build(referenceId, 'GET', `/sobjects/${assertSObjectName(type)}/${idSegment(id)}${fieldsParam(options.fields)}`);
  },
  /** `PATCH /sobjects/X/id` → 204, no body. */
  update(referenceId: string, type: string, id: string, changes: Record<string, unknown>): CompositeSubrequest<null> {
    return build(referenceId, 'PATCH', `/sobjects/${assertSObjectName(type)}/${idSegment(id)}`, plainObject(changes, 'changes'));
  },
  /** `PATCH /sobjects/X/Field/value` → {@link SaveResult} with `created`. */
  upsert(referenceId: string, type: string, externalIdField: string, externalId: string, record: Record<string, unknown>): CompositeSubrequest<SaveResult> {
    const url = `/sobjects/${assertSObjectName(type)}/${assertFieldName(externalIdField)}/${encodePathSegment(externalId)}`;
    return build(referenceId, 'PATCH', url, plainObject(record, 'a record'));
  },
  /** `DELETE /sobjects/X/id` → 204, no body. */
  delete(referenceId: string, type: string, id: string): CompositeSubrequest<null> {
    return build(referenceId, 'DELETE', `/sobjects/${assertSObjectName(type)}/${idSegment(id)}`);
  },
  /** `GET /query/?q=…` → the first page of a SOQL query (references in the text are resolved). */
  query<R = SalesforceRecord>(referenceId: string, soql: string | { toString(): string }): CompositeSubrequest<QueryResult<R>> {
    const text = String(soql);
    if (text.trim() === '') throw new ValidationError('a SOQL query must be a non-empty string');
    return build(referenceId, 'GET', `/query/?q=${encodeKeepingReferences(text)}`);
  },
  /** Any resource: `url` relative to the API version or absolute under `/services/data/`. */
  request<B = unknown>(referenceId: string, request: { method: HttpMethod; url: string; body?: unknown; httpHeaders?: HeaderMap }): CompositeSubrequest<B> {
    const built = build<B>(referenceId, request.method, request.url, request.body);
    return request.httpHeaders ? { ...built, httpHeaders: request.httpHeaders } : built;
  },
};

/** The `/services/data/vXX.X/…` URL of a sub-request, checked for what must never reach a path. */
export function subrequestUrl(apiVersion: string, url: string): string {
  if (typeof url !== 'string' || !url.startsWith('/')) throw new ValidationError('a sub-request url starts with "/"');
  const path = url.split('?')[0] as string;
  if (/[\s#\\]/.test(url) || /[\u0000-\u001f\u007f]/.test(url) || path.split('/').some((s) => s === '..' || s === '.')) {
    throw new ValidationError(`unsafe sub-request url: ${JSON.stringify(url.slice(0, 80))}`);
  }
  return url.startsWith('/services/') ? url : `/services/data/v${apiVersion}${url}`;
}
