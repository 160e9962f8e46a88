/**
 * `POST /services/oauth2/token`: counts the request by grant type and hands it to the grant.
 * Answers carry `Cache-Control: no-store`, errors `{error, error_description}` with status 400.
 *
 * @module
 */
import { formParams, type RequestContext } from '../http/context.js';
import { OAuthFailure } from '../http/errors.js';
import { json, type Reply } from '../http/reply.js';
import type { Org } from '../org.js';
import { clientCredentials, type ClientCredentials } from './client-auth.js';
import { authorizationCodeGrant } from './grants/authorization-code.js';
import { clientCredentialsGrant } from './grants/client-credentials.js';
import { jwtBearerGrant } from './grants/jwt-bearer.js';
import { passwordGrant } from './grants/password.js';
import { refreshTokenGrant } from './grants/refresh-token.js';
import type { WireTokenResponse } from './token-response.js';

type Grant = (org: Org, params: URLSearchParams, client: ClientCredentials) => WireTokenResponse | Promise<WireTokenResponse>;

const GRANTS: Record<string, Grant> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  password: passwordGrant,
  client_credentials: clientCredentialsGrant,
  'urn:ietf:params:oauth:grant-type:jwt-bearer': jwtBearerGrant,
};

/** Headers of every token-endpoint answer. */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** The token endpoint. */
export async function tokenEndpoint(ctx: RequestContext): Promise<Reply> {
  const params = formParams(ctx);
  const grantType = params.get('grant_type') ?? '';
  ctx.org.tokenRequests.set(grantType, (ctx.org.tokenRequests.get(grantType) ?? 0) + 1);
  const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
  if (!grant) throw new OAuthFailure('unsupported_grant_type', 'grant type not supported');
  return json(200, await grant(ctx.org, params, clientCredentials(ctx, params)), NO_STORE);
}
