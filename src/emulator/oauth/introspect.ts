/**
 * `POST /services/oauth2/introspect`: RFC 7662 introspection for the connected app (client
 * credentials required). Active access tokens report `exp` from the inactivity timeout; refresh
 * tokens have none. Times are epoch seconds; `token_type` is `access_token` or `refresh_token`.
 *
 * @module
 */
import { formParams, type RequestContext } from '../http/context.js';
import { json, type Reply } from '../http/reply.js';
import type { Org } from '../org.js';
import { clientCredentials, verifyClient } from './client-auth.js';
import { NO_STORE } from './token.js';

/** The introspection endpoint. */
export function introspectEndpoint(ctx: RequestContext): Reply {
  const params = formParams(ctx);
  verifyClient(ctx.org, clientCredentials(ctx, params), 'required');
  return json(200, introspect(ctx.org, params.get('token') ?? ''), NO_STORE);
}

function introspect(org: Org, token: string): Record<string, unknown> {
  const session = org.tokens.findSession(token);
  const approval = session ? undefined : org.tokens.findApproval(token);
  const grant = session ?? approval;
  const user = grant ? org.users.get(grant.userId) : undefined;
  if (!grant || !user) return { active: false };
  const iat = Math.floor(grant.issuedAt / 1000);
  return {
    active: true,
    scope: grant.scope,
    client_id: grant.clientId,
    username: user.username,
    sub: org.identityUrl(user.id),
    token_type: session ? 'access_token' : 'refresh_token',
    ...(session ? { exp: Math.floor(org.tokens.expiresAt(session) / 1000) } : {}),
    iat,
    nbf: iat,
  };
}
