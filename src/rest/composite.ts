/**
 * Composite (`POST /composite`): up to 25 sub-requests in one call, later ones using earlier
 * answers through `@{referenceId.path}` references; with `allOrNone` they succeed or roll back
 * together.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { SalesforceErrorItem } from '../core/errors.js';
import type { HttpMethod } from '../core/types.js';
import { assertSafeHeaders } from '../headers/index.js';
import type { CallOptions } from '../http/transport.js';
import { COMPOSITE_ANSWER } from './answer-shapes.js';
import { call, dataPath, type ResourceContext } from './context.js';
import { assertReferenceId, subrequestUrl, type CompositeSubrequest, type SubrequestResult } from './subrequest.js';

/**
 * Salesforce's limit of sub-requests per composite request (checked before sending).
 *
 * @example
 * ```ts
 * for (let i = 0; i < calls.length; i += MAX_COMPOSITE_SUBREQUESTS) await sf.composite(calls.slice(i, i + MAX_COMPOSITE_SUBREQUESTS));
 * ```
 */
export const MAX_COMPOSITE_SUBREQUESTS = 25;

const METHODS = new Set<HttpMethod>(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Options of `sf.composite()`.
 *
 * @example
 * ```ts
 * const options: CompositeOptions = { allOrNone: true, timeoutMs: 30_000 };
 * ```
 */
export interface CompositeOptions extends CallOptions {
  /** Roll every sub-request back when one fails (the others answer `PROCESSING_HALTED`). */
  allOrNone?: boolean;
  /** Let Salesforce bulkify unrelated sub-requests (faster; order only kept where references require it). */
  collateSubrequests?: boolean;
}

/**
 * The answer to one sub-request. `ok` (added by forcelink) is true for a status below 400; then
 * `body` has the sub-request's result type, else it is Salesforce's error array (`PROCESSING_HALTED`
 * for sub-requests rolled back or skipped).
 *
 * @example
 * ```ts
 * const [acct] = await sf.composite([subrequest.create('acct', 'Account', { Name: 'Acme' })]);
 * if (acct.ok) console.log(acct.body.id); else console.error(acct.body[0].errorCode);
 * ```
 */
export type CompositeSubresponse<B = unknown> = {
  referenceId: string;
  httpStatusCode: number;
  httpHeaders: Record<string, string>;
} & ({ ok: true; body: B } | { ok: false; body: SalesforceErrorItem[] });

/**
 * One typed answer per sub-request, in order.
 *
 * @example
 * ```ts
 * type Answers = CompositeResponses<[CompositeSubrequest<SaveResult>]>; // [CompositeSubresponse<SaveResult>]
 * ```
 */
export type CompositeResponses<T extends readonly CompositeSubrequest<unknown>[]> = {
  -readonly [K in keyof T]: CompositeSubresponse<SubrequestResult<T[K]>>;
};

interface WireSubresponse {
  body: unknown;
  httpHeaders?: Record<string, string>;
  httpStatusCode: number;
  referenceId: string | null;
}

/** Checks the sub-requests and builds the wire body. */
function compositeBody(ctx: ResourceContext, subrequests: readonly CompositeSubrequest<unknown>[], options: CompositeOptions): unknown {
  if (!Array.isArray(subrequests) || subrequests.length === 0) throw new ValidationError('composite needs at least one sub-request');
  if (subrequests.length > MAX_COMPOSITE_SUBREQUESTS) {
    throw new ValidationError(`composite takes at most ${MAX_COMPOSITE_SUBREQUESTS} sub-requests, got ${subrequests.length}`);
  }
  for (const flag of ['allOrNone', 'collateSubrequests'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') throw new ValidationError(`${flag} must be a boolean`);
  }
  const seen = new Set<string>();
  const compositeRequest = subrequests.map((s) => {
    if (typeof s !== 'object' || s === null) throw new ValidationError('a sub-request must be an object');
    assertReferenceId(s.referenceId);
    if (seen.has(s.referenceId)) throw new ValidationError(`duplicate referenceId ${s.referenceId}`);
    seen.add(s.referenceId);
    if (!METHODS.has(s.method)) throw new ValidationError(`not an HTTP method: ${String(s.method)}`);
    if (s.httpHeaders) assertSafeHeaders(s.httpHeaders);
    return {
      method: s.method,
      url: subrequestUrl(ctx.apiVersion, s.url),
      referenceId: s.referenceId,
      ...(s.body === undefined ? {} : { body: s.body }),
      ...(s.httpHeaders ? { httpHeaders: s.httpHeaders } : {}),
    };
  });
  return {
    allOrNone: options.allOrNone ?? false,
    ...(options.collateSubrequests === undefined ? {} : { collateSubrequests: options.collateSubrequests }),
    compositeRequest,
  };
}

/**
 * Sends a composite request; see `SalesforceClient.composite`.
 *
 * @example
 * ```ts
 * const answers = await composite(ctx, [subrequest.query('q', 'SELECT Id FROM Lead LIMIT 1')], {});
 * ```
 */
export async function composite<const T extends readonly CompositeSubrequest<unknown>[]>(
  ctx: ResourceContext,
  subrequests: T,
  options: CompositeOptions = {},
): Promise<CompositeResponses<T>> {
  const { allOrNone: _a, collateSubrequests: _c, ...callOptions } = options;
  const body = compositeBody(ctx, subrequests, options);
  const readOnly = subrequests.every((s) => s.method === 'GET' || s.method === 'HEAD');
  const answer = await call<{ compositeResponse: WireSubresponse[] }>(
    ctx,
    { operation: 'composite', method: 'POST', path: dataPath(ctx, '/composite'), body, idempotent: readOnly, expect: COMPOSITE_ANSWER },
    callOptions,
  );
  return answer.compositeResponse.map((r, i) => ({
    ...r,
    referenceId: r.referenceId ?? subrequests[i]?.referenceId ?? '',
    httpHeaders: r.httpHeaders ?? {},
    ok: r.httpStatusCode < 400,
  })) as CompositeResponses<T>;
}
