/**
 * Composite, `POST /composite`: up to 25 sub-requests run in order within one call (counted
 * once), later ones using earlier answers through `@{referenceId.path}` references in their URL
 * and body. Always `200 {compositeResponse: [...]}` once the request is well formed.
 *
 * With `allOrNone: true` the whole request is one transaction: the first failure rolls back every
 * write (the emulator undoes them), and every other sub-request answers `400 PROCESSING_HALTED`.
 * Without it, sub-requests that refer to a failed one fail with `PROCESSING_HALTED` ("Invalid
 * reference specified…") and the rest go on. More than 25 sub-requests answer one `LIMIT_EXCEEDED`
 * item.
 *
 * @module
 */
import { jsonBody, type RestContext } from '../http/context.js';
import { restError } from '../http/errors.js';
import { json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { optionalBoolean, requireObject, responseHeaders, runSubrequest, type SubrequestResult } from './subrequests.js';
import { Transaction } from './transaction.js';

const MAX_SUBREQUESTS = 25;
const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD']);
const REFERENCE_ID = /^[A-Za-z0-9_]+$/;
const REFERENCE = /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])+)\}/g;
const ROLLED_BACK = 'The transaction was rolled back since another operation in the same transaction failed.';

interface Subrequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders?: Record<string, string>;
}

/** One item of `compositeResponse`. */
interface Subresponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string | null;
}

/** A reference that names no answer: the sub-request fails with this message. */
class UnresolvedReference extends Error {}

function parse(ctx: RestContext): { allOrNone: boolean; requests: unknown[] } {
  const body = requireObject(jsonBody(ctx), 'CompositeRequest');
  optionalBoolean(body.collateSubrequests, 'collateSubrequests');
  const allOrNone = optionalBoolean(body.allOrNone, 'allOrNone');
  if (!Array.isArray(body.compositeRequest)) {
    throw restError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of List<CompositeSubrequest>: compositeRequest is required');
  }
  return { allOrNone, requests: body.compositeRequest };
}

function validate(requests: unknown[]): Subrequest[] {
  const seen = new Set<string>();
  return requests.map((raw) => {
    const item = requireObject(raw, 'CompositeSubrequest');
    const { method, url, referenceId, body, httpHeaders } = item;
    if (typeof method !== 'string' || !METHODS.has(method.toUpperCase())) {
      throw restError(400, 'JSON_PARSER_ERROR', `Invalid HTTP method in a composite subrequest: ${String(method)}`);
    }
    if (typeof url !== 'string' || url === '') throw restError(400, 'JSON_PARSER_ERROR', 'A composite subrequest needs a url');
    if (typeof referenceId !== 'string' || !REFERENCE_ID.test(referenceId)) {
      throw restError(400, 'JSON_PARSER_ERROR', `A composite subrequest needs a referenceId of letters, digits and underscores: ${String(referenceId)}`);
    }
    if (seen.has(referenceId)) throw restError(400, 'INVALID_INPUT', `Duplicate referenceId provided in the request: ${referenceId}`);
    seen.add(referenceId);
    const headers = httpHeaders === undefined ? undefined : requireObject(httpHeaders, 'Map<String,String>');
    if (headers && Object.values(headers).some((v) => typeof v !== 'string')) {
      throw restError(400, 'JSON_PARSER_ERROR', 'httpHeaders values must be strings');
    }
    return {
      method: method.toUpperCase(),
      url,
      referenceId,
      ...(body === undefined ? {} : { body }),
      ...(headers ? { httpHeaders: headers as Record<string, string> } : {}),
    };
  });
}

/** The value at `path` (`.field` and `[n]` steps) of an earlier answer. */
function lookup(answers: ReadonlyMap<string, unknown>, referenceId: string, path: string): unknown {
  let value: unknown = answers.get(referenceId);
  const steps = path.match(/\.[A-Za-z0-9_]+|\[\d+\]/g) ?? [];
  for (const step of steps) {
    if (typeof value !== 'object' || value === null) return undefined;
    const key = step.startsWith('[') ? Number(step.slice(1, -1)) : step.slice(1);
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function resolveText(text: string, answers: ReadonlyMap<string, unknown>): unknown {
  const whole = /^@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])+)\}$/.exec(text);
  const value = (referenceId: string, path: string): unknown => {
    const found = answers.has(referenceId) ? lookup(answers, referenceId, path) : undefined;
    if (found === undefined || found === null) {
      throw new UnresolvedReference(`Invalid reference specified. No value for ${referenceId}${path} found in ${referenceId}`);
    }
    return found;
  };
  if (whole) return value(whole[1] as string, whole[2] as string);
  return text.replace(REFERENCE, (_all, referenceId: string, path: string) => {
    const found = value(referenceId, path);
    return typeof found === 'object' ? JSON.stringify(found) : String(found);
  });
}

/** `value` with every `@{…}` reference replaced by the earlier answer it names. */
function resolve(value: unknown, answers: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') return resolveText(value, answers);
  if (Array.isArray(value)) return value.map((item) => resolve(item, answers));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, answers)]));
  }
  return value;
}

function halted(referenceId: string, message: string): Subresponse {
  return { body: [{ errorCode: 'PROCESSING_HALTED', message }], httpHeaders: {}, httpStatusCode: 400, referenceId };
}

/** Whether an answer counts as failed: an error status, or a collections result with a failed record. */
function failed(result: SubrequestResult, allOrNone: boolean): boolean {
  if (result.status >= 400) return true;
  return allOrNone && Array.isArray(result.body) && result.body.some((r) => typeof r === 'object' && r !== null && (r as { success?: unknown }).success === false);
}

function headersOf(request: Subrequest, result: SubrequestResult): Record<string, string> {
  const headers = responseHeaders(result.headers);
  const id = (result.body as { id?: unknown } | null)?.id;
  if (request.method === 'POST' && result.status === 201 && typeof id === 'string' && !headers.Location) {
    headers.Location = `${request.url.split('?')[0]?.replace(/\/+$/, '')}/${id}`;
  }
  return headers;
}

async function composite(ctx: RestContext): Promise<Reply> {
  const { allOrNone, requests: raw } = parse(ctx);
  if (raw.length > MAX_SUBREQUESTS) {
    return json(200, { compositeResponse: [{
      body: [{ errorCode: 'LIMIT_EXCEEDED', message: `The request can’t contain more than ${MAX_SUBREQUESTS} operations.` }],
      httpHeaders: {},
      httpStatusCode: 400,
      referenceId: null,
    }] });
  }
  const requests = validate(raw);
  const tx = new Transaction(ctx.org);
  const scope = tx.bind(ctx, { allOrNone });
  const answers = new Map<string, unknown>();
  const responses: Subresponse[] = [];
  let failure = -1;
  for (const request of requests) {
    if (allOrNone && failure >= 0) {
      responses.push(halted(request.referenceId, ROLLED_BACK));
      continue;
    }
    let url: string;
    let body: unknown;
    try {
      url = String(resolve(request.url, answers));
      body = resolve(request.body, answers);
    } catch (error) {
      if (!(error instanceof UnresolvedReference)) throw error;
      if (failure < 0) failure = responses.length;
      responses.push(halted(request.referenceId, error.message));
      continue;
    }
    const result = await runSubrequest(scope, {
      method: request.method, url, ...(body === undefined ? {} : { body }), ...(request.httpHeaders ? { headers: request.httpHeaders } : {}),
    });
    if (failed(result, allOrNone)) {
      if (failure < 0) failure = responses.length;
    } else {
      answers.set(request.referenceId, result.body);
    }
    responses.push({ body: result.body, httpHeaders: headersOf(request, result), httpStatusCode: result.status, referenceId: request.referenceId });
  }
  if (allOrNone && failure >= 0) {
    tx.rollback();
    for (let i = 0; i < failure; i++) responses[i] = halted(requests[i]?.referenceId as string, ROLLED_BACK);
  }
  return json(200, { compositeResponse: responses });
}

/** `POST /composite`. */
export const compositeRoutes: Route<RestContext>[] = [{ method: 'POST', path: '/composite', handler: composite, resource: 'composite' }];
