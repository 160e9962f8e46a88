/**
 * `grant_type=client_credentials`: a session for the app's run-as user (the default user). The
 * scopes `full`, `web`, `refresh_token` and `offline_access` are filtered out, as Salesforce does.
 *
 * @module
 */
import type { Org } from '../../org.js';
import { verifyClient, type ClientCredentials } from '../client-auth.js';
import { issueTokens, requireActive } from '../issue.js';
import { grantScopes, withoutScopes } from '../scopes.js';
import type { WireTokenResponse } from '../token-response.js';

const FILTERED = ['full', 'web', 'refresh_token', 'offline_access'];

/** A session for the run-as user. */
export function clientCredentialsGrant(org: Org, params: URLSearchParams, client: ClientCredentials): WireTokenResponse {
  verifyClient(org, client, 'required');
  const user = org.users.defaultUser;
  requireActive(org, user);
  return issueTokens(org, user, withoutScopes(grantScopes(org, params.get('scope')), FILTERED), false);
}
