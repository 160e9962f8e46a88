/**
 * The shapes of the answers of composite, batch, tree, collections, search and replication
 * calls, checked by the transport before hooks (see `response-shape.ts`): a wrong-shaped success
 * becomes `InvalidResponseError` instead of a wrong result.
 *
 * @module
 */
import type { ResponseExpectation } from '../http/transport.js';

function isObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function objectWithArray(key: string, what: string): ResponseExpectation {
  return { what, check: (body) => isObject(body) && Array.isArray(body[key]) };
}

/** `{ compositeResponse: [...] }`. */
export const COMPOSITE_ANSWER = objectWithArray('compositeResponse', 'a composite response');
/** `{ hasErrors, results: [...] }` (batch and tree). */
export const RESULTS_ANSWER: ResponseExpectation = {
  what: 'a results list',
  check: (body) => isObject(body) && typeof body.hasErrors === 'boolean' && Array.isArray(body.results),
};
/** `{ searchRecords: [...] }`. */
export const SEARCH_ANSWER = objectWithArray('searchRecords', 'search results');
/** `{ ids: [...] }`. */
export const UPDATED_ANSWER = objectWithArray('ids', 'updated record IDs');
/** `{ deletedRecords: [...] }`. */
export const DELETED_ANSWER = objectWithArray('deletedRecords', 'deleted records');

/** An array of `count` items (one per record sent). */
export function arrayOf(count: number, what: string): ResponseExpectation {
  return { what: `${what} for ${count} records`, check: (body) => Array.isArray(body) && body.length === count };
}
