/**
 * Starting an authorization-code flow: a fresh random state, PKCE, and the pending entry the
 * callback will redeem.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { ValidationError } from '../core/errors.js';
import type { TokenSet } from '../core/types.js';
import type { OAuthStateStore } from './state-store.js';

/**
 * Options of `authorizeUrl` that a caller of `start()` may set.
 *
 * @example
 * ```ts
 * const authorize: AuthorizeOptions = { prompt: 'login consent', scopes: ['api', 'refresh_token'] };
 * ```
 */
export interface AuthorizeOptions {
  /** Salesforce's `prompt`, e.g. `login` or `consent`. */
  prompt?: string;
  /** Pre-fills the username on the login page. */
  loginHint?: string;
  /** Overrides the client's default scopes. */
  scopes?: string[];
}

/**
 * What `OAuth2.authorizeUrl` returns.
 *
 * @example
 * ```ts
 * const { url, state, codeVerifier }: AuthorizeUrlResult = await oauth.authorizeUrl({ pkce: true });
 * ```
 */
export interface AuthorizeUrlResult {
  url: string;
  state: string;
  codeVerifier?: string;
}

/**
 * The part of `OAuth2` the callback handler and `loginWithBrowser` use. An `OAuth2` instance fits;
 * so does anything with the same two methods.
 *
 * @example
 * ```ts
 * const oauth: OAuth2Like = new OAuth2({ clientId, clientSecret, redirectUri: 'http://localhost:1717/connector/callback' });
 * ```
 */
export interface OAuth2Like {
  authorizeUrl(
    opts?: AuthorizeOptions & { state?: string; pkce?: boolean },
  ): AuthorizeUrlResult | Promise<AuthorizeUrlResult>;
  exchangeCode(code: string, opts?: { codeVerifier?: string }): Promise<TokenSet>;
}

/**
 * A started authorization: where to send the browser.
 *
 * @example
 * ```ts
 * const { url }: AuthorizationStart = await handler.start();
 * console.log(`Open ${url}`);
 * ```
 */
export interface AuthorizationStart {
  /** The Salesforce authorize URL (it carries no secret). */
  url: string;
  /** The state the callback must bring back. */
  state: string;
}

/** Options of {@link beginAuthorization}. */
export interface BeginOptions extends AuthorizeOptions {
  /** Use PKCE (S256). */
  pkce: boolean;
  /** How long the state stays valid. */
  ttlMs: number;
  /** The store key to save the token under, decided now. */
  key?: string;
  /** The clock (epoch ms). */
  now: () => number;
}

/** Asks `oauth` for an authorize URL with a fresh 256-bit state and remembers it in `stateStore`. */
export async function beginAuthorization(
  oauth: OAuth2Like,
  stateStore: OAuthStateStore,
  options: BeginOptions,
): Promise<AuthorizationStart> {
  const { pkce, ttlMs, key, now, ...authorize } = options;
  const requested = randomBytes(32).toString('base64url');
  const result = await oauth.authorizeUrl({ ...authorize, state: requested, pkce });
  if (typeof result?.url !== 'string' || typeof result.state !== 'string' || result.state.length < 16) {
    throw new ValidationError('authorizeUrl must return a url and a random state of at least 16 characters');
  }
  if (pkce && !result.codeVerifier) {
    throw new ValidationError('authorizeUrl returned no PKCE codeVerifier although pkce was requested');
  }
  await stateStore.put(result.state, {
    ...(result.codeVerifier ? { codeVerifier: result.codeVerifier } : {}),
    pkce,
    ...(key === undefined ? {} : { key }),
    expiresAt: now() + ttlMs,
  });
  return { url: result.url, state: result.state };
}
