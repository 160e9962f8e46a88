/**
 * What a route handler receives: the org, the request, and (for REST routes) the session and API
 * version. Plus the small readers every handler needs.
 *
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Org } from '../org.js';
import type { Session } from '../tokens.js';
import type { UserAccount } from '../users.js';
import { parseJson } from './body.js';
import type { Reply } from './reply.js';

/** A request as the app sees it (also usable for internal sub-requests). */
export interface InternalRequest {
  method: string;
  /** Path without the query string, e.g. `/services/data/v62.0/sobjects/Lead`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Context of every route. */
export interface RequestContext extends InternalRequest {
  readonly org: Org;
  /** Values of the route's `:param` segments. */
  readonly params: Record<string, string>;
}

/** Runs a composite or batch sub-request (a path under `/services/data/vXX.X/`) within `parent`. */
export type SubrequestRunner = (parent: RestContext, request: InternalRequest) => Promise<Reply>;

/** Context of routes under `/services/data/vXX.X/`: an authenticated, counted call. */
export interface RestContext extends RequestContext {
  readonly session: Session;
  readonly user: UserAccount;
  /** e.g. `62.0` */
  readonly version: string;
  /** Runs a sub-request in this call's session, without counting it again (composite, batch). */
  readonly subrequest: SubrequestRunner;
}

/** A header's value (the first one when repeated). */
export function header(ctx: InternalRequest, name: string): string | undefined {
  const value = ctx.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The token of an `Authorization: Bearer …` (or `OAuth …`) header; null for another scheme, undefined without one. */
export function bearerToken(ctx: InternalRequest): string | null | undefined {
  const value = header(ctx, 'authorization');
  if (value === undefined) return undefined;
  return /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(value)?.[1] ?? null;
}

/** The body parsed as JSON (`400 JSON_PARSER_ERROR` if it is not). */
export function jsonBody(ctx: InternalRequest): unknown {
  return parseJson(ctx.body.toString('utf8'));
}

/** Form fields from the query string and an `application/x-www-form-urlencoded` body (body wins). */
export function formParams(ctx: InternalRequest): URLSearchParams {
  const params = new URLSearchParams(ctx.query);
  for (const [key, value] of new URLSearchParams(ctx.body.toString('utf8'))) params.set(key, value);
  return params;
}
