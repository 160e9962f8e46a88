/**
 * `grant_type=refresh_token`: a new access token for a live refresh token; with rotation on, a
 * new refresh token too (the old one stops working).
 *
 * @module
 */
import { OAuthFailure } from '../../http/errors.js';
import type { Org } from '../../org.js';
import { verifyClient, type ClientCredentials } from '../client-auth.js';
import { requireActive } from '../issue.js';
import { tokenResponse, type WireTokenResponse } from '../token-response.js';

/** Refreshes a session. */
export function refreshTokenGrant(org: Org, params: URLSearchParams, client: ClientCredentials): WireTokenResponse {
  verifyClient(org, client, org.options.requireSecretForRefresh ? 'required' : 'optional');
  const approval = org.tokens.findApproval(params.get('refresh_token') ?? '');
  if (!approval || approval.clientId !== client.clientId) throw new OAuthFailure('invalid_grant', 'expired access/refresh token');
  const user = org.users.get(approval.userId);
  if (!user) throw new OAuthFailure('invalid_grant', 'expired access/refresh token');
  requireActive(org, user);
  if (org.options.refreshTokenRotation) org.tokens.rotate(approval);
  const session = org.tokens.createSession(user.id, approval.clientId, approval.scope, approval);
  return tokenResponse(org, session, org.options.refreshTokenRotation ? { refreshToken: approval.token } : {});
}
