/**
 * Composite batch (`POST /composite/batch`): up to 25 independent sub-requests in one round trip,
 * each in its own transaction (no references, no rollback). With `haltOnError` the ones after a
 * failure answer `412 BATCH_PROCESSING_HALTED`.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { SalesforceErrorItem } from '../core/errors.js';
import type { HttpMethod } from '../core/types.js';
import type { CallOptions } from '../http/transport.js';
import { RESULTS_ANSWER } from './answer-shapes.js';
import { call, dataPath, type ResourceContext } from './context.js';
import { subrequestUrl, type CompositeSubrequest, type SubrequestResult } from './subrequest.js';

/**
 * Salesforce's limit of sub-requests per batch (checked before sending).
 *
 * @example
 * ```ts
 * const room = MAX_BATCH_SUBREQUESTS - pending.length;
 * ```
 */
export const MAX_BATCH_SUBREQUESTS = 25;

const METHODS = new Set<HttpMethod>(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * One batch sub-request: `{ method, url, richInput? }` as on the wire (the `url` relative to the
 * API version or absolute), or a {@link CompositeSubrequest} from the `subrequest` builders (its
 * `body` is sent as `richInput`, its reference ID ignored).
 *
 * @example
 * ```ts
 * const limits: BatchSubrequest = { method: 'GET', url: '/limits/' };
 * ```
 */
export type BatchSubrequest<B = unknown> =
  | CompositeSubrequest<B>
  | { method: HttpMethod; url: string; richInput?: unknown };

/**
 * Options of `sf.batch()`.
 *
 * @example
 * ```ts
 * const options: BatchOptions = { haltOnError: true };
 * ```
 */
export interface BatchOptions extends CallOptions {
  /** Stop at the first failure: later sub-requests answer `412 BATCH_PROCESSING_HALTED`. */
  haltOnError?: boolean;
}

/**
 * The answer to one batch sub-request; `ok` (added by forcelink) is true below status 400.
 *
 * @example
 * ```ts
 * const { results: [first] } = await sf.batch([{ method: 'GET', url: '/limits/' }]);
 * if (!first.ok) console.error(first.statusCode, first.result[0]?.errorCode);
 * ```
 */
export type BatchSubresponse<B = unknown> = { statusCode: number } & (
  | { ok: true; result: B }
  | { ok: false; result: SalesforceErrorItem[] }
);

/**
 * The answer to `sf.batch()`: `hasErrors` and one typed result per sub-request, in order.
 *
 * @example
 * ```ts
 * const { hasErrors, results } = await sf.batch(requests, { haltOnError: true });
 * ```
 */
export interface BatchResponse<T extends readonly BatchSubrequest<unknown>[]> {
  hasErrors: boolean;
  results: { -readonly [K in keyof T]: BatchSubresponse<SubrequestResult<T[K]>> };
}

/**
 * Sends a composite batch; see `SalesforceClient.batch`.
 *
 * @example
 * ```ts
 * const { results } = await batch(ctx, [{ method: 'GET', url: '/limits/' }], {});
 * ```
 */
export async function batch<const T extends readonly BatchSubrequest<unknown>[]>(
  ctx: ResourceContext,
  requests: T,
  options: BatchOptions = {},
): Promise<BatchResponse<T>> {
  const { haltOnError, ...callOptions } = options;
  if (!Array.isArray(requests) || requests.length === 0) throw new ValidationError('batch needs at least one sub-request');
  if (requests.length > MAX_BATCH_SUBREQUESTS) {
    throw new ValidationError(`batch takes at most ${MAX_BATCH_SUBREQUESTS} sub-requests, got ${requests.length}`);
  }
  if (haltOnError !== undefined && typeof haltOnError !== 'boolean') throw new ValidationError('haltOnError must be a boolean');
  const batchRequests = requests.map((r: BatchSubrequest<unknown>) => {
    if (typeof r !== 'object' || r === null || !METHODS.has(r.method)) throw new ValidationError('a batch sub-request needs an HTTP method');
    // Batch URLs start at the version: `v62.0/sobjects/…`.
    const url = subrequestUrl(ctx.apiVersion, r.url).replace(/^\/services\/data\//, '');
    const input = 'body' in r ? r.body : 'richInput' in r ? r.richInput : undefined;
    return input === undefined ? { method: r.method, url } : { method: r.method, url, richInput: input };
  });
  const readOnly = requests.every((r) => r.method === 'GET' || r.method === 'HEAD');
  const answer = await call<{ hasErrors: boolean; results: Array<{ statusCode: number; result: unknown }> }>(
    ctx,
    {
      operation: 'batch',
      method: 'POST',
      path: dataPath(ctx, '/composite/batch'),
      body: { haltOnError: haltOnError ?? false, batchRequests },
      idempotent: readOnly,
      expect: RESULTS_ANSWER,
    },
    callOptions,
  );
  return {
    hasErrors: answer.hasErrors,
    results: answer.results.map((r) => ({ ...r, ok: r.statusCode < 400 })) as BatchResponse<T>['results'],
  };
}
