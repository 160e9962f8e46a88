/**
 * `POST /services/oauth2/revoke` (and `GET ?token=`): revokes an access or refresh token —
 * revoking a refresh token also ends the sessions it created. `200` with an empty body;
 * an unknown token is `400 invalid_token`.
 *
 * @module
 */
import { formParams, type RequestContext } from '../http/context.js';
import { OAuthFailure } from '../http/errors.js';
import { empty, type Reply } from '../http/reply.js';

/** The revoke endpoint. */
export function revokeEndpoint(ctx: RequestContext): Reply {
  const token = formParams(ctx).get('token');
  if (!token || !ctx.org.tokens.revoke(token)) throw new OAuthFailure('invalid_token', 'invalid token');
  return empty(200, { 'content-length': '0' });
}
