import type { TokenSet } from '../core/types.js';
import { base64, constantTimeEqual, hmacSha256 } from './crypto.js';

/**
 * Salesforce's token `signature`: Base64(HMAC-SHA256(key = client secret, id + issued_at)), with
 * `issued_at` as the millisecond string Salesforce sent.
 *
 * @example
 * ```ts
 * const signature = await tokenSignature(token.id!, String(token.issuedAt), clientSecret);
 * ```
 */
export async function tokenSignature(id: string, issuedAt: string, clientSecret: string): Promise<string> {
  return base64(await hmacSha256(clientSecret, id + issuedAt));
}

/**
 * True when `token.signature` matches its `id` and `issuedAt`, compared in constant time. A token
 * without `id`, `signature` or a known secret cannot be verified and gives `false`.
 *
 * @example
 * ```ts
 * if (!(await verifyTokenSignature(token, clientSecret))) throw new Error('tampered token');
 * ```
 */
export async function verifyTokenSignature(token: TokenSet, clientSecret: string | undefined): Promise<boolean> {
  if (!clientSecret || !token.id || !token.signature) return false;
  const expected = await tokenSignature(token.id, String(token.issuedAt), clientSecret);
  return constantTimeEqual(expected, token.signature);
}
