/**
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`: an RS256 assertion verified with the
 * configured public key or certificate. `iss` must be the client ID, `sub` a user, `aud` the
 * emulator's login URL or login/test.salesforce.com, and `exp` not past (seconds, or milliseconds
 * as sfdx sends). No refresh token, and — as Salesforce documents — no `signature`/`issued_at`.
 *
 * @module
 */
import { compactVerify, decodeJwt, importSPKI, importX509, type CryptoKey, type JWTPayload } from 'jose';
import { ValidationError } from '../../../core/errors.js';
import { OAuthFailure } from '../../http/errors.js';
import type { Org } from '../../org.js';
import { unknownClient } from '../client-auth.js';
import { requireActive } from '../issue.js';
import { grantScopes, withoutScopes } from '../scopes.js';
import { tokenResponse, type WireTokenResponse } from '../token-response.js';

const SALESFORCE_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];

/** Imports the PEM public key (SPKI) or X.509 certificate that verifies assertions. */
export async function importJwtKey(pem: string): Promise<CryptoKey> {
  try {
    return pem.includes('BEGIN CERTIFICATE') ? await importX509(pem, 'RS256') : await importSPKI(pem, 'RS256');
  } catch (error) {
    throw new ValidationError('jwtPublicKey must be a PEM RSA public key (SPKI) or certificate', { cause: error });
  }
}

/** Exchanges a signed assertion for a session. */
export async function jwtBearerGrant(org: Org, params: URLSearchParams): Promise<WireTokenResponse> {
  const assertion = params.get('assertion') ?? '';
  let claims: JWTPayload;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw invalidAssertion();
  }
  if (claims.iss !== org.clientId) throw unknownClient();
  if (!org.jwtKey) throw invalidAssertion();
  try {
    await compactVerify(assertion, org.jwtKey, { algorithms: ['RS256'] });
  } catch {
    throw invalidAssertion();
  }
  const audiences = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).map((a) => String(a).replace(/\/+$/, ''));
  if (!audiences.some((a) => a === org.baseUrl || SALESFORCE_AUDIENCES.includes(a))) {
    throw new OAuthFailure('invalid_grant', 'Audience validation failed');
  }
  const exp = Number(claims.exp);
  if (!Number.isFinite(exp)) throw invalidAssertion();
  if ((exp > 1e11 ? exp : exp * 1000) <= org.now()) throw new OAuthFailure('invalid_grant', 'expired authorization code');
  const user = typeof claims.sub === 'string' ? org.users.find(claims.sub) : undefined;
  if (!user) throw new OAuthFailure('invalid_grant', "user hasn't approved this consumer");
  requireActive(org, user);
  const scope = withoutScopes(grantScopes(org, undefined), ['refresh_token', 'offline_access']);
  return tokenResponse(org, org.tokens.createSession(user.id, org.clientId, scope), { signed: false });
}

function invalidAssertion(): OAuthFailure {
  return new OAuthFailure('invalid_grant', 'invalid assertion');
}
