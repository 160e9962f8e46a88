/**
 * The shapes successful answers must have, for the transport to check before `afterAction`
 * hooks: an empty body, a stray array or a proxy's page never reaches the caller as a wrong
 * result, it becomes `InvalidResponseError` (which says the request may have been applied).
 *
 * @module
 */
import type { ResponseExpectation } from '../http/transport.js';

function isJsonObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function isSaveResult(body: unknown): boolean {
  return isJsonObject(body) && typeof body.id === 'string' && typeof body.success === 'boolean';
}

/**
 * `{ id, success, errors }`, as a create answers.
 *
 * @example
 * ```ts
 * call(ctx, { operation: 'sobject.create', method: 'POST', path, body, expect: SAVE_RESULT });
 * ```
 */
export const SAVE_RESULT: ResponseExpectation = { what: 'a save result', check: isSaveResult };

/**
 * A save result, or no body at all with 204 (API versions before 46.0 answer an upsert update so).
 *
 * @example
 * ```ts
 * callFull(ctx, { operation: 'sobject.upsert', method: 'PATCH', path, body, expect: UPSERT_RESULT });
 * ```
 */
export const UPSERT_RESULT: ResponseExpectation = {
  what: 'a save result',
  check: (body, status) => (status === 204 && body === undefined) || isSaveResult(body),
};

/**
 * One record: a JSON object with Salesforce's `attributes` (`{ type, url }`).
 *
 * @example
 * ```ts
 * call(ctx, { operation: 'sobject.retrieve', method: 'GET', path, expect: RECORD });
 * ```
 */
export const RECORD: ResponseExpectation = {
  what: 'a record',
  check: (body) => isJsonObject(body) && isJsonObject(body.attributes),
};

/**
 * `{ totalSize, done, records: [] }`, one page of a query.
 *
 * @example
 * ```ts
 * call(ctx, { operation: 'query', method: 'GET', path, params: { q }, expect: QUERY_PAGE });
 * ```
 */
export const QUERY_PAGE: ResponseExpectation = {
  what: 'a query result page',
  check: (body) => isJsonObject(body) && typeof body.totalSize === 'number' && typeof body.done === 'boolean' && Array.isArray(body.records),
};
