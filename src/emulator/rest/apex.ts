/**
 * Apex REST, `/services/apexrest/…`: tests register handlers for URL mappings (as
 * `@RestResource(urlMapping='/Cases/*')` does), the emulator authenticates and counts the call
 * like any REST call and answers with what the handler returns. No mapping → `404 NOT_FOUND`
 * "Could not find a match for URL …"; a mapping without that method → `405`; a handler that
 * throws → `500 APEX_ERROR`, as an unhandled Apex exception does.
 *
 * @module
 */
import { ValidationError } from '../../core/errors.js';
import { header, type RestContext } from '../http/context.js';
import { RestFailure, restError } from '../http/errors.js';
import { empty, json, text, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';

/**
 * HTTP methods an Apex REST class can expose.
 *
 * @example
 * ```ts
 * const method: ApexMethod = 'POST';
 * ```
 */
export type ApexMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What an Apex REST handler receives (Apex's `RestContext.request`).
 *
 * @example
 * ```ts
 * org.apex.register('GET', '/Cases/*', (req: ApexRequest) => ({ body: { id: req.path.split('/').at(-1) } }));
 * ```
 */
export interface ApexRequest {
  method: ApexMethod;
  /** The path after `/services/apexrest`, e.g. `/Cases/500…`. */
  path: string;
  /** Query-string parameters. */
  params: Record<string, string>;
  /** Request headers, lower-case names (the Authorization header is not passed on). */
  headers: Record<string, string>;
  /** The body parsed as JSON when it is JSON, else its text; undefined when empty. */
  body: unknown;
  /** The ID of the user whose session made the call. */
  userId: string;
}

/**
 * What an Apex REST handler answers (Apex's `RestContext.response`). A string body is sent as
 * text; anything else as JSON; no body → an empty answer.
 *
 * @example
 * ```ts
 * const created: ApexResponse = { status: 201, body: { ok: true } };
 * ```
 */
export interface ApexResponse {
  /** Default 200. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * An Apex REST method: may be async; a throw becomes `500 APEX_ERROR`.
 *
 * @example
 * ```ts
 * const echo: ApexHandler = async (req) => ({ body: req.body });
 * ```
 */
export type ApexHandler = (request: ApexRequest) => ApexResponse | Promise<ApexResponse>;

interface Mapping {
  method: ApexMethod;
  urlMapping: string;
  pattern: RegExp;
  handler: ApexHandler;
}

const METHODS: readonly ApexMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The org's Apex REST classes, registered by tests: `org.apex.register(method, urlMapping, handler)`.
 * A mapping is a path starting with `/` where `*` matches anything (case-sensitive, as in Apex);
 * an exact mapping beats a wildcard one, and a longer one a shorter one.
 *
 * @example
 * ```ts
 * const off = org.apex.register('POST', '/Leads/convert', (req) => ({ status: 201, body: { converted: req.body } }));
 * off(); // unregisters it
 * ```
 */
export class ApexRegistry {
  private readonly mappings: Mapping[] = [];

  /** Registers `handler` for `method` on `urlMapping`; returns a function that unregisters it. */
  register(method: ApexMethod, urlMapping: string, handler: ApexHandler): () => void {
    if (!METHODS.includes(method)) throw new ValidationError(`Apex REST method must be one of ${METHODS.join(', ')}`);
    if (typeof urlMapping !== 'string' || !urlMapping.startsWith('/')) throw new ValidationError('an Apex urlMapping starts with "/"');
    if (typeof handler !== 'function') throw new ValidationError('an Apex REST handler must be a function');
    const source = urlMapping.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    const mapping: Mapping = { method, urlMapping, pattern: new RegExp(`^${source}$`), handler };
    this.mappings.push(mapping);
    return () => {
      const at = this.mappings.indexOf(mapping);
      if (at >= 0) this.mappings.splice(at, 1);
    };
  }

  /** Removes every handler. */
  clear(): void {
    this.mappings.length = 0;
  }

  /** The best mapping of `path` for `method`, or the methods the path does answer. */
  match(method: string, path: string): { handler: ApexHandler } | { allowed: ApexMethod[] } | undefined {
    const candidates = this.mappings.filter((m) => m.pattern.test(path));
    if (candidates.length === 0) return undefined;
    const rank = (m: Mapping) => (m.urlMapping.includes('*') ? 0 : 1_000_000) + m.urlMapping.length;
    const best = candidates.filter((m) => m.method === method).sort((a, b) => rank(b) - rank(a))[0];
    if (best) return { handler: best.handler };
    return { allowed: [...new Set(candidates.map((m) => m.method))] };
  }
}

function requestBody(ctx: RestContext): unknown {
  if (ctx.body.length === 0) return undefined;
  const raw = ctx.body.toString('utf8');
  if (!/json/i.test(header(ctx, 'content-type') ?? '')) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw restError(400, 'JSON_PARSER_ERROR', 'Unexpected character in the request body');
  }
}

function flatHeaders(ctx: RestContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.headers)) {
    if (value === undefined || name === 'authorization') continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function toReply(response: ApexResponse): Reply {
  const status = response.status ?? 200;
  const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  if (response.body === undefined) return empty(status, headers);
  if (typeof response.body === 'string') {
    const reply = text(status, response.body, headers['content-type'] ?? 'text/plain;charset=UTF-8');
    return { ...reply, headers: { ...reply.headers, ...headers } };
  }
  return json(status, response.body, headers);
}

async function apex(ctx: RestContext): Promise<Reply> {
  const path = `/${ctx.params.path ?? ''}`;
  const found = ctx.org.apex.match(ctx.method, path);
  if (!found) throw restError(404, 'NOT_FOUND', `Could not find a match for URL ${path}`);
  if ('allowed' in found) {
    throw new RestFailure(405, [{ message: `HTTP Method '${ctx.method}' not allowed. Allowed are ${found.allowed.join(',')}`, errorCode: 'METHOD_NOT_ALLOWED' }]);
  }
  const request: ApexRequest = {
    method: ctx.method as ApexMethod,
    path,
    params: Object.fromEntries(ctx.query),
    headers: flatHeaders(ctx),
    body: requestBody(ctx),
    userId: ctx.user.id,
  };
  let response: ApexResponse;
  try {
    response = await found.handler(request);
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Exception';
    const message = error instanceof Error ? error.message : String(error);
    throw restError(500, 'APEX_ERROR', `System.${name}: ${message}\n\nClass.${path.split('/')[1] ?? 'Apex'}: line 1, column 1`);
  }
  return toReply(response ?? {});
}

/** Apex REST routes (relative to `/services/apexrest`), one per method. */
export const apexRoutes: Route<RestContext>[] = METHODS.map((method) => ({ method, path: '/:path*', handler: apex }));
