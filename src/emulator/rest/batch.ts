/**
 * Composite batch, `POST /composite/batch`: up to 25 independent sub-requests (`url` as
 * `vXX.X/…` or `/services/data/vXX.X/…`, body in `richInput`), each its own transaction, counted
 * as one call. Answers `200 {hasErrors, results: [{statusCode, result}]}`; with `haltOnError`, the
 * sub-requests after the first failure answer `412 BATCH_PROCESSING_HALTED`.
 *
 * @module
 */
import { jsonBody, type RestContext } from '../http/context.js';
import { restError } from '../http/errors.js';
import { json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { optionalBoolean, requireObject, runSubrequest } from './subrequests.js';

const MAX_SUBREQUESTS = 25;
const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD']);

interface BatchItem {
  method: string;
  url: string;
  richInput?: unknown;
}

function validate(raw: unknown[]): BatchItem[] {
  return raw.map((entry) => {
    const item = requireObject(entry, 'BatchSubrequest');
    const { method, url, richInput } = item;
    if (typeof method !== 'string' || !METHODS.has(method.toUpperCase())) {
      throw restError(400, 'JSON_PARSER_ERROR', `Invalid HTTP method in a batch subrequest: ${String(method)}`);
    }
    if (typeof url !== 'string' || url === '') throw restError(400, 'JSON_PARSER_ERROR', 'A batch subrequest needs a url');
    return { method: method.toUpperCase(), url, ...(richInput === undefined ? {} : { richInput }) };
  });
}

/** `v62.0/sobjects/…` (batch's own form) or an absolute `/services/data/…` path. */
function absolute(url: string): string {
  if (url.startsWith('/services/')) return url;
  return `/services/data/${url.replace(/^\/+/, '')}`;
}

async function batch(ctx: RestContext): Promise<Reply> {
  const body = requireObject(jsonBody(ctx), 'BatchRequest');
  const haltOnError = optionalBoolean(body.haltOnError, 'haltOnError');
  if (!Array.isArray(body.batchRequests)) {
    throw restError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of List<BatchSubrequest>: batchRequests is required');
  }
  if (body.batchRequests.length > MAX_SUBREQUESTS) {
    throw restError(400, 'LIMIT_EXCEEDED', `The request can’t contain more than ${MAX_SUBREQUESTS} operations.`);
  }
  const items = validate(body.batchRequests);
  const results: Array<{ statusCode: number; result: unknown }> = [];
  let halted = false;
  for (const item of items) {
    if (halted) {
      results.push({ statusCode: 412, result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }] });
      continue;
    }
    const answer = await runSubrequest(ctx, {
      method: item.method, url: absolute(item.url), ...(item.richInput === undefined ? {} : { body: item.richInput }),
    });
    results.push({ statusCode: answer.status, result: answer.body });
    if (answer.status >= 400 && haltOnError) halted = true;
  }
  return json(200, { hasErrors: results.some((r) => r.statusCode >= 400), results });
}

/** `POST /composite/batch`. */
export const batchRoutes: Route<RestContext>[] = [{ method: 'POST', path: '/composite/batch', handler: batch }];
