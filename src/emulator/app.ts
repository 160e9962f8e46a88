/**
 * The emulator's request handling, independent of the socket: method override, routing, REST
 * session checks and API usage (with `Sforce-Limit-Info` on every counted answer), and failures
 * turned into Salesforce's wire bodies.
 *
 * @module
 */
import type { Org } from './org.js';
import { OAuthFailure, RestFailure, invalidSession, notFound, restError } from './http/errors.js';
import { bearerToken, type InternalRequest, type RequestContext, type RestContext, type SubrequestRunner } from './http/context.js';
import { json, type Reply } from './http/reply.js';
import { Router, type Route } from './http/router.js';

const REST_PATH = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/;
const APEX_PATH = /^\/services\/apexrest(\/.*)?$/;

/** A reply plus, when a handler crashed, the error (for the request log; never sent). */
export interface HandledReply extends Reply {
  error?: unknown;
}

/**
 * The routes of an emulator: public ones (absolute paths), REST ones (relative to
 * `/services/data/vXX.X`) and Apex REST ones (relative to `/services/apexrest`).
 */
export interface RouteTable {
  public: readonly Route<RequestContext>[];
  rest: readonly Route<RestContext>[];
  apex?: readonly Route<RestContext>[];
}

/** Answers requests for one org. */
export class EmulatorApp {
  private readonly publicRouter: Router<RequestContext>;
  private readonly restRouter: Router<RestContext>;
  private readonly apexRouter: Router<RestContext>;

  constructor(
    readonly org: Org,
    routes: RouteTable,
  ) {
    this.publicRouter = new Router(routes.public);
    this.restRouter = new Router(routes.rest);
    this.apexRouter = new Router(routes.apex ?? []);
  }

  /** The answer to `request`. Never throws. */
  async handle(request: InternalRequest): Promise<HandledReply> {
    const override = request.query.get('_HttpMethod');
    const method = request.method === 'POST' && override ? override : request.method === 'HEAD' ? 'GET' : request.method;
    const ctx: RequestContext = { ...request, method, org: this.org, params: {} };
    try {
      const rest = REST_PATH.exec(request.path);
      if (rest) return await this.handleRest(ctx, rest[1] as string, rest[2] ?? '/');
      const apex = APEX_PATH.exec(request.path);
      if (apex) return await this.counted(ctx, this.org.options.apiVersions.at(-1) as string, this.apexRouter, apex[1] ?? '/');
      return await dispatch(this.publicRouter, ctx, request.path);
    } catch (error) {
      return failureReply(error);
    }
  }

  private async handleRest(ctx: RequestContext, version: string, path: string): Promise<HandledReply> {
    if (!this.org.options.apiVersions.includes(version)) throw notFound();
    return this.counted(ctx, version, this.restRouter, path);
  }

  /** An authenticated call that counts toward the API limit, answered by `router`. */
  private async counted(ctx: RequestContext, version: string, router: Router<RestContext>, path: string): Promise<HandledReply> {
    const { session, user } = this.authenticate(ctx);
    const usage = this.org.usage;
    let reply: HandledReply;
    if (!usage.consume()) {
      reply = json(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    } else {
      const restCtx: RestContext = { ...ctx, session, user, version, subrequest: this.subrequest };
      try {
        reply = await dispatch(router, restCtx, path);
      } catch (error) {
        reply = failureReply(error);
      }
    }
    reply.headers['sforce-limit-info'] = usage.header();
    return reply;
  }

  /**
   * A composite or batch sub-request: routed in its parent's session and org view (so a
   * transaction's journal sees its writes), not authenticated or counted again. Never throws.
   */
  private readonly subrequest: SubrequestRunner = async (parent, request) => {
    try {
      const rest = REST_PATH.exec(request.path);
      const version = rest?.[1];
      if (!rest || version === undefined || !this.org.options.apiVersions.includes(version)) throw notFound();
      const ctx: RestContext = { ...parent, ...request, params: {}, version };
      return await dispatch(this.restRouter, ctx, rest[2] ?? '/');
    } catch (error) {
      return failureReply(error);
    }
  };

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
