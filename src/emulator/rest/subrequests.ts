/**
 * What composite and batch share: turning a sub-request's URL into an internal request, reading
 * the reply back as JSON, and refusing resources that cannot be nested (composite, batch, tree,
 * graph).
 *
 * @module
 */
import type { RestContext } from '../http/context.js';
import { restError } from '../http/errors.js';
import type { Reply } from '../http/reply.js';

/** Request headers a sub-request inherits from its parent call. */
const INHERITED = ['sforce-auto-assign', 'sforce-call-options', 'sforce-duplicate-rule-header', 'sforce-mru'];
const NESTED = /^\/services\/data\/v\d+\.\d\/composite(?:\/(?:batch|tree(?:\/[^/]*)?|graph))?\/?$/;

/** A sub-request as composite and batch describe it (already validated). */
export interface SubrequestSpec {
  method: string;
  /** `/services/data/vXX.X/…` with an optional query string. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A sub-request's answer: status, headers and the parsed JSON body (`null` when empty). */
export interface SubrequestResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Runs one sub-request within `parent` (its session, transaction and headers). */
export async function runSubrequest(parent: RestContext, spec: SubrequestSpec): Promise<SubrequestResult> {
  const at = spec.url.indexOf('?');
  const path = at < 0 ? spec.url : spec.url.slice(0, at);
  if (NESTED.test(path)) {
    return { status: 400, headers: {}, body: [{ errorCode: 'INVALID_API_INPUT', message: `${path} is not supported in a composite or batch sub-request` }] };
  }
  const headers: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = parent.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  for (const [name, value] of Object.entries(spec.headers ?? {})) headers[name.toLowerCase()] = value;
  if (spec.body !== undefined) headers['content-type'] = 'application/json';
  const reply = await parent.subrequest(parent, {
    method: spec.method,
    path,
    query: new URLSearchParams(at < 0 ? '' : spec.url.slice(at + 1)),
    headers,
    body: spec.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(spec.body)),
  });
  return { status: reply.status, headers: reply.headers, body: replyBody(reply) };
}

function replyBody(reply: Reply): unknown {
  const text = reply.body === undefined ? '' : reply.body.toString();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `400 JSON_PARSER_ERROR` unless `value` is a plain object. */
export function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw restError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of ${what} from ${Array.isArray(value) ? 'START_ARRAY' : 'VALUE_STRING'} token`);
  }
  return value as Record<string, unknown>;
}

/** `400 JSON_PARSER_ERROR` unless `value` is absent or a boolean. */
export function optionalBoolean(value: unknown, name: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw restError(400, 'JSON_PARSER_ERROR', `Cannot deserialize value of type boolean from String value (${name})`);
  return value;
}

/** Header names as Salesforce shows them in composite answers. */
export function responseHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers.location) out.Location = headers.location;
  if (headers.etag) out.ETag = headers.etag;
  if (headers['last-modified']) out['Last-Modified'] = headers['last-modified'];
  return out;
}
