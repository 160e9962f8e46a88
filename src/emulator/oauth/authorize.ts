/**
 * `GET /services/oauth2/authorize` (web-server flow): approves at once for the default user, or
 * the user named by `login_hint`, and redirects to `redirect_uri?code=…&state=…`. The client ID
 * and redirect URI must be the connected app's (else a 400 page, as Salesforce shows an error page
 * rather than redirecting to an unverified URI); later problems redirect with `error=…`.
 * PKCE: `code_challenge` is kept with the code, method S256 only.
 *
 * @module
 */
import type { RequestContext } from '../http/context.js';
import { OAuthFailure } from '../http/errors.js';
import { redirect, type Reply } from '../http/reply.js';
import { unknownClient } from './client-auth.js';
import { grantScopes } from './scopes.js';

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** The authorize endpoint. */
export function authorizeEndpoint(ctx: RequestContext): Reply {
  const { org, query } = ctx;
  if (query.get('client_id') !== org.clientId) throw unknownClient();
  const redirectUri = query.get('redirect_uri');
  if (!redirectUri) throw new OAuthFailure('redirect_uri_missing', 'redirect_uri must be provided');
  if (redirectUri !== org.options.redirectUri) throw new OAuthFailure('redirect_uri_mismatch', 'redirect_uri must match configuration');
  const state = query.get('state');
  const back = (params: Record<string, string>) => redirectTo(redirectUri, { ...params, ...(state === null ? {} : { state }) });

  if (query.get('response_type') !== 'code') {
    return back({ error: 'unsupported_response_type', error_description: 'response type not supported' });
  }
  const challenge = query.get('code_challenge') ?? undefined;
  const method = query.get('code_challenge_method');
  if ((method !== null && method !== 'S256') || (challenge !== undefined && !CHALLENGE.test(challenge))) {
    return back({ error: 'invalid_request', error_description: 'invalid code challenge' });
  }
  const hint = query.get('login_hint');
  const user = hint ? org.users.find(hint) : org.users.defaultUser;
  if (!user) return back({ error: 'access_denied', error_description: 'end-user denied authorization' });
  if (!org.users.isActive(user)) return back({ error: 'inactive_user', error_description: 'user is inactive' });
  let scope: string;
  try {
    scope = grantScopes(org, query.get('scope'));
  } catch (error) {
    if (!(error instanceof OAuthFailure)) throw error;
    return back({ error: error.error, error_description: error.description });
  }
  const code = org.codes.issue({
    clientId: org.clientId, userId: user.id, redirectUri, scope, ...(challenge === undefined ? {} : { codeChallenge: challenge }),
  });
  return back({ code });
}

function redirectTo(uri: string, params: Record<string, string>): Reply {
  const separator = uri.includes('?') ? '&' : '?';
  return redirect(`${uri}${separator}${new URLSearchParams(params).toString()}`);
}

