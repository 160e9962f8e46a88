/**
 * `grant_type=password`: username and password (optionally followed by the security token). No
 * refresh token, as in Salesforce.
 *
 * @module
 */
import { OAuthFailure } from '../../http/errors.js';
import type { Org } from '../../org.js';
import { grantScopes, withoutScopes } from '../scopes.js';
import { verifyClient, type ClientCredentials } from '../client-auth.js';
import { issueTokens, requireActive } from '../issue.js';
import type { WireTokenResponse } from '../token-response.js';

/** Logs a user in with a password. */
export function passwordGrant(org: Org, params: URLSearchParams, client: ClientCredentials): WireTokenResponse {
  verifyClient(org, client, 'required');
  const user = org.users.find(params.get('username') ?? '');
  if (!user || !org.users.checkPassword(user, params.get('password') ?? '')) {
    throw new OAuthFailure('invalid_grant', 'authentication failure');
  }
  requireActive(org, user);
  return issueTokens(org, user, withoutScopes(grantScopes(org, params.get('scope')), ['refresh_token', 'offline_access']), false);
}
