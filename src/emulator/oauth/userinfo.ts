/**
 * `GET|POST /services/oauth2/userinfo`: the OpenID Connect profile of the token's user.
 *
 * @module
 */
import type { RequestContext } from '../http/context.js';
import { json, text, type Reply } from '../http/reply.js';
import { bearerSession, userInfoDocument } from '../rest/identity.js';

/** The userinfo endpoint. */
export function userInfoEndpoint(ctx: RequestContext): Reply {
  const session = bearerSession(ctx);
  if (!('userId' in session)) return session;
  const user = ctx.org.users.get(session.userId);
  return user ? json(200, userInfoDocument(ctx.org, user)) : text(403, 'Bad_OAuth_Token');
}
