/**
 * Reads the token endpoint's JSON into a {@link TokenSet}.
 *
 * @module
 */
import { OAuthError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import type { TokenSet } from '../core/types.js';

function optionalString(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Turns a token response (`access_token`, `instance_url`, `issued_at` as a ms string, …) into a
 * TokenSet. Missing `access_token` or `instance_url` is an {@link OAuthError} `invalid_response`.
 * `issued_at` is absent from JWT-bearer answers: then the local clock stands in.
 */
export function parseTokenResponse(body: unknown, now = Date.now()): TokenSet {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OAuthError('invalid_response', 'the token endpoint did not answer with a JSON object');
  }
  const record = body as Record<string, unknown>;
  const accessToken = optionalString(record, 'access_token');
  const instanceUrl = optionalString(record, 'instance_url');
  if (!accessToken || !instanceUrl) {
    throw new OAuthError('invalid_response', 'the token response lacks access_token or instance_url');
  }
  registerSecret(accessToken);
  const issuedAtRaw = record.issued_at;
  const issuedAt = typeof issuedAtRaw === 'string' || typeof issuedAtRaw === 'number' ? Number(issuedAtRaw) : NaN;
  const token: TokenSet = {
    accessToken,
    instanceUrl: instanceUrl.replace(/\/+$/, ''),
    issuedAt: Number.isFinite(issuedAt) ? issuedAt : now,
    tokenType: optionalString(record, 'token_type') ?? 'Bearer',
  };
  const refreshToken = optionalString(record, 'refresh_token');
  if (refreshToken) {
    registerSecret(refreshToken);
    token.refreshToken = refreshToken;
  }
  const id = optionalString(record, 'id');
  if (id) token.id = id;
  const scope = optionalString(record, 'scope');
  if (scope) token.scope = scope;
  const signature = optionalString(record, 'signature');
  if (signature) token.signature = signature;
  return token;
}
