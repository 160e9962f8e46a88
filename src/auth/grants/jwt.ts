/**
 * The JWT-bearer assertion: RS256, `iss` = consumer key, `sub` = username, `aud` = login host,
 * `exp` within three minutes.
 *
 * @module
 */
import type { CryptoKey, KeyObject } from 'jose';
import { ValidationError } from '../../core/errors.js';

/** Options of the JWT-bearer grant. */
export interface JwtBearerOptions {
  /** The Salesforce username to act as (`sub`). */
  username: string;
  /** The Connected App certificate's private key: PKCS#8 PEM, or a key object. */
  privateKey: string | CryptoKey | KeyObject;
  /** `https://login.salesforce.com` (default for production), `https://test.salesforce.com`, or an Experience Cloud site URL. */
  audience?: string;
  /** Lifetime of the assertion in seconds, 1..180. Default 180. */
  expiresInSeconds?: number;
}

/**
 * Signs a JWT-bearer assertion for `clientId`.
 *
 * @example
 * ```ts
 * const assertion = await createJwtAssertion(clientId, { username, privateKey: pem, audience: 'https://login.salesforce.com' });
 * ```
 */
export async function createJwtAssertion(clientId: string, options: JwtBearerOptions): Promise<string> {
  const lifetime = options.expiresInSeconds ?? 180;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > 180) {
    throw new ValidationError('expiresInSeconds must be an integer from 1 to 180 (Salesforce allows 3 minutes)');
  }
  if (!options.username) throw new ValidationError('the JWT bearer grant needs a username');
  // jose is loaded on first use: only this grant needs it, and it costs ~30 ms of start-up.
  const { importPKCS8, SignJWT } = await import('jose');
  let key: CryptoKey | KeyObject;
  try {
    key = typeof options.privateKey === 'string' ? await importPKCS8(options.privateKey, 'RS256') : options.privateKey;
  } catch {
    throw new ValidationError('privateKey is not a PKCS#8 PEM RSA private key');
  }
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(clientId)
    .setSubject(options.username)
    .setAudience(options.audience ?? 'https://login.salesforce.com')
    .setExpirationTime(Math.floor(Date.now() / 1000) + lifetime)
    .sign(key);
}
