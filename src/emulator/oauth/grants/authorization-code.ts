/**
 * `grant_type=authorization_code`: the web-server flow's code exchange, with PKCE (S256) — a
 * challenge with a wrong verifier fails `invalid_request`, with no verifier `invalid_grant`.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { OAuthFailure } from '../../http/errors.js';
import type { Org } from '../../org.js';
import { verifyClient, type ClientCredentials } from '../client-auth.js';
import { issueTokens, requireActive } from '../issue.js';
import type { WireTokenResponse } from '../token-response.js';

/** Exchanges an authorization code. */
export function authorizationCodeGrant(org: Org, params: URLSearchParams, client: ClientCredentials): WireTokenResponse {
  verifyClient(org, client, org.options.requireSecretForWebServerFlow ? 'required' : 'optional');
  const grant = org.codes.consume(params.get('code') ?? '');
  if (grant === 'expired') throw new OAuthFailure('invalid_grant', 'expired authorization code');
  if (!grant || grant.clientId !== client.clientId) throw new OAuthFailure('invalid_grant', 'invalid authorization code');
  if (params.get('redirect_uri') !== grant.redirectUri) {
    throw new OAuthFailure('redirect_uri_mismatch', 'redirect_uri must match configuration');
  }
  if (grant.codeChallenge !== undefined) {
    const verifier = params.get('code_verifier');
    if (!verifier) throw new OAuthFailure('invalid_grant', 'invalid code verifier');
    if (createHash('sha256').update(verifier).digest('base64url') !== grant.codeChallenge) {
      throw new OAuthFailure('invalid_request', 'invalid code verifier');
    }
  }
  const user = org.users.get(grant.userId);
  if (!user) throw new OAuthFailure('invalid_grant', 'invalid authorization code');
  requireActive(org, user);
  return issueTokens(org, user, grant.scope, true);
}
