/**
 * The emulator's request handling, independent of the socket: method override, routing, REST
 * session checks and API usage (with `Sforce-Limit-Info` on every counted answer), and failures
 * turned into Salesforce's wire bodies.
 *
 * @module
 */
import type { Org } from './org.js';
import { OAuthFailure, RestFailure, invalidSession, notFound, restError } from './http/errors.js';
import { bearerToken, type InternalRequest, type RequestContext, type RestContext } from './http/context.js';
import { json, type Reply } from './http/reply.js';
import { Router, type Route } from './http/router.js';

const REST_PATH = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/;

/** A reply plus, when a handler crashed, the error (for the request log; never sent). */
export interface HandledReply extends Reply {
  error?: unknown;
}

/** The routes of an emulator: public ones (absolute paths) and REST ones (relative to `/services/data/vXX.X`). */
export interface RouteTable {
  public: readonly Route<RequestContext>[];
  rest: readonly Route<RestContext>[];
}

/** Answers requests for one org. */
export class EmulatorApp {
  private readonly publicRouter: Router<RequestContext>;
  private readonly restRouter: Router<RestContext>;

  constructor(
    readonly org: Org,
    routes: RouteTable,
  ) {
    this.publicRouter = new Router(routes.public);
    this.restRouter = new Router(routes.rest);
  }

  /** The answer to `request`. Never throws. */
  async handle(request: InternalRequest): Promise<HandledReply> {
    const override = request.query.get('_HttpMethod');
    const method = request.method === 'POST' && override ? override : request.method === 'HEAD' ? 'GET' : request.method;
    const ctx: RequestContext = { ...request, method, org: this.org, params: {} };
    try {
      const rest = REST_PATH.exec(request.path);
      if (rest) return await this.handleRest(ctx, rest[1] as string, rest[2] ?? '/');
      return await dispatch(this.publicRouter, ctx, request.path);
    } catch (error) {
      return failureReply(error);
    }
  }

  private async handleRest(ctx: RequestContext, version: string, path: string): Promise<HandledReply> {
    if (!this.org.options.apiVersions.includes(version)) throw notFound();
    const { session, user } = this.authenticate(ctx);
    const usage = this.org.usage;
    let reply: HandledReply;
    if (!usage.consume()) {
      reply = json(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    } else {
      const restCtx: RestContext = { ...ctx, session, user, version };
      try {
        reply = await dispatch(this.restRouter, restCtx, path);
      } catch (error) {
        reply = failureReply(error);
      }
    }
    reply.headers['sforce-limit-info'] = usage.header();
    return reply;
  }

  /** The session and user of the request's token, or a 401. */
  private authenticate(ctx: RequestContext): Pick<RestContext, 'session' | 'user'> {
    const token = bearerToken(ctx);
    if (token === undefined) throw invalidSession();
    if (token === null) throw restError(401, 'INVALID_AUTH_HEADER', 'INVALID_HEADER_TYPE');
    const session = this.org.tokens.useSession(token);
    const user = session && this.org.users.get(session.userId);
    if (!session || !user) throw invalidSession();
    return { session, user };
  }
}

async function dispatch<C extends RequestContext>(router: Router<C>, ctx: C, path: string): Promise<Reply> {
  const match = router.match(ctx.method, path);
  if (match.kind === 'found') return match.route.handler({ ...ctx, params: match.params });
  if (match.kind === 'not-found') throw notFound();
  const message = `HTTP Method '${ctx.method}' not allowed. Allowed are ${match.allowed.join(',')}`;
  throw new RestFailure(405, [{ message, errorCode: 'METHOD_NOT_ALLOWED' }], { allow: match.allowed.join(', ') });
}

/** The wire answer for anything a handler threw. */
export function failureReply(error: unknown): HandledReply {
  if (error instanceof RestFailure) return json(error.status, error.errors, { ...error.headers });
  if (error instanceof OAuthFailure) {
    return json(error.status, { error: error.error, error_description: error.description }, {
      'cache-control': 'no-store', pragma: 'no-cache',
    });
  }
  const reply: HandledReply = json(500, [{
    message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 0000000000-00000 (0)',
    errorCode: 'UNKNOWN_EXCEPTION',
  }]);
  reply.error = error;
  return reply;
}
