import { base64Url, randomBytes, sha256 } from './crypto.js';

/** A PKCE verifier and its S256 challenge. */
export interface PkcePair {
  codeVerifier: string;
  codeChallenge: string;
}

/**
 * Makes a PKCE pair: a 43-character random verifier and `base64url(SHA-256(verifier))`, the only
 * method Salesforce documents (S256).
 *
 * @example
 * ```ts
 * const { codeVerifier, codeChallenge } = await createPkcePair();
 * ```
 */
export async function createPkcePair(): Promise<PkcePair> {
  const codeVerifier = base64Url(randomBytes(32));
  return { codeVerifier, codeChallenge: base64Url(await sha256(codeVerifier)) };
}

/** A random `state` value for CSRF protection. */
export function createState(): string {
  return base64Url(randomBytes(24));
}
