/**
 * Issuing tokens to a user: a session, plus a refresh token (an approval, subject to the pair
 * limit) when asked for and the scopes allow it.
 *
 * @module
 */
import { OAuthFailure } from '../http/errors.js';
import type { Org } from '../org.js';
import type { UserAccount } from '../users.js';
import { allowsRefresh } from './scopes.js';
import { tokenResponse, type WireTokenResponse } from './token-response.js';

/** Tokens for `user` with `scope`; a refresh token only if `withRefreshToken` and the scope allow it. */
export function issueTokens(org: Org, user: UserAccount, scope: string, withRefreshToken: boolean): WireTokenResponse {
  const approval = withRefreshToken && allowsRefresh(scope) ? org.tokens.createApproval(user.id, org.clientId, scope) : undefined;
  const session = org.tokens.createSession(user.id, org.clientId, scope, approval);
  return tokenResponse(org, session, approval ? { refreshToken: approval.token } : {});
}

/** `invalid_grant` "inactive user" unless the user is active. */
export function requireActive(org: Org, user: UserAccount): void {
  if (!org.users.isActive(user)) throw new OAuthFailure('invalid_grant', 'inactive user');
}
