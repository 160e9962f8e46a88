/**
 * Authorization codes of the web-server flow: single use, valid for 15 minutes, remembering the
 * redirect URI, scope and PKCE challenge they were issued with.
 *
 * @module
 */
import { BASE62, type Prng } from './prng.js';

const CODE_LIFETIME_MS = 15 * 60 * 1000;

/** What an authorization code stands for. */
export interface AuthorizationGrant {
  clientId: string;
  userId: string;
  redirectUri: string;
  scope: string;
  /** base64url(SHA-256(code_verifier)), when the authorize request carried one. */
  codeChallenge?: string;
  expiresAt: number;
}

/** Outstanding authorization codes. */
export class AuthorizationCodes {
  private readonly codes = new Map<string, AuthorizationGrant>();

  constructor(
    private readonly prng: Prng,
    private readonly now: () => number,
  ) {}

  /** A new code for `grant` (its `expiresAt` is set here). */
  issue(grant: Omit<AuthorizationGrant, 'expiresAt'>): string {
    for (const [code, old] of this.codes) if (old.expiresAt <= this.now()) this.codes.delete(code);
    // Real codes end in "==" too, which clients must URL-decode correctly.
    const code = `aPrx${this.prng.string(72, `${BASE62}._`)}==`;
    this.codes.set(code, { ...grant, expiresAt: this.now() + CODE_LIFETIME_MS });
    return code;
  }

  /** Takes a code out (codes are single use): its grant, `'expired'`, or undefined if unknown. */
  consume(code: string): AuthorizationGrant | 'expired' | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (!grant) return undefined;
    return grant.expiresAt <= this.now() ? 'expired' : grant;
  }
}
