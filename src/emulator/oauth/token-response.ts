/**
 * The token endpoint's success body, field for field as Salesforce sends it: `issued_at` as a
 * string of milliseconds, no `expires_in`, and `signature` = Base64(HMAC-SHA256(client secret,
 * id + issued_at)).
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import type { Org } from '../org.js';
import type { Session } from '../tokens.js';

/**
 * A token response on the wire (snake_case, as Salesforce sends it).
 *
 * @example
 * ```ts
 * const { access_token, instance_url }: WireTokenResponse = org.issueTokens();
 * ```
 */
export interface WireTokenResponse {
  access_token: string;
  refresh_token?: string;
  signature?: string;
  scope: string;
  instance_url: string;
  id: string;
  token_type: 'Bearer';
  issued_at?: string;
}

/** Base64 HMAC-SHA256 of `id + issuedAt`, keyed with the client secret. */
export function tokenSignature(clientSecret: string, id: string, issuedAt: string): string {
  return createHmac('sha256', clientSecret).update(id + issuedAt).digest('base64');
}

/**
 * The response for a new session. `signed: false` leaves out `signature` and `issued_at`, as the
 * JWT bearer flow does.
 */
export function tokenResponse(org: Org, session: Session, options: { refreshToken?: string; signed?: boolean } = {}): WireTokenResponse {
  const id = org.identityUrl(session.userId);
  const issuedAt = String(session.issuedAt);
  const signed = options.signed ?? true;
  return {
    access_token: session.token,
    ...(options.refreshToken === undefined ? {} : { refresh_token: options.refreshToken }),
    ...(signed ? { signature: tokenSignature(org.clientSecret, id, issuedAt) } : {}),
    scope: session.scope,
    instance_url: org.baseUrl,
    id,
    token_type: 'Bearer',
    ...(signed ? { issued_at: issuedAt } : {}),
  };
}
