/**
 * The token manager: hands out the current access token, refreshes it exactly once however many
 * callers need it (across processes when the store has `withLock`), and says clearly when a
 * human must authorize again.
 *
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import { ForcelinkError, InvalidGrantError, OAuthError, ReauthorizationRequiredError, ValidationError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import type { TokenSet, TokenStore } from '../core/types.js';
import type { JwtBearerOptions } from './grants/jwt.js';
import type { OAuth2 } from './oauth2.js';
import { MemoryTokenStore } from './stores/memory.js';

/** How to get a new token without a person when refreshing is impossible. */
export type Reauthorize = { jwt: JwtBearerOptions } | 'client_credentials';

/** Options of {@link TokenManager}. */
export interface TokenManagerOptions {
  oauth: OAuth2;
  /** The first token (e.g. from `exchangeCode`); stored under `key`. */
  token?: TokenSet;
  /** Where tokens live. Default: a new {@link MemoryTokenStore}. */
  store?: TokenStore;
  /** The store key of this authorization. Default `'default'`. */
  key?: string;
  /** Re-mint with JWT bearer or client credentials when there is no usable refresh token. */
  reauthorize?: Reauthorize;
  /** The org's session timeout: sets `expiresAt = issuedAt + sessionTimeoutMs` for proactive refresh. */
  sessionTimeoutMs?: number;
  /** Refresh this long before a known expiry. Default 60 s. */
  refreshMarginMs?: number;
  /** Learn `expiresAt` by introspecting every new token. Default false. */
  introspect?: boolean;
}

/** Events of {@link TokenManager}. */
export interface TokenManagerEvents {
  /** A new token replaced `previous` (by refresh or re-mint, in this process). */
  refreshed: (token: TokenSet, previous: TokenSet | undefined) => void;
  /** A refresh failed; `error` is typed and redacted. */
  refreshFailed: (error: ForcelinkError) => void;
  /** A person must authorize again. Emitted once per dead authorization. */
  reauthorizationRequired: (error: ReauthorizationRequiredError) => void;
  /** The authorization was revoked through {@link TokenManager.revoke}. */
  revoked: () => void;
}

/** Where a token could come from (the client needs only this much). */
export interface TokenSource {
  getToken(): Promise<TokenSet>;
  /** Called after Salesforce refused `rejected`: returns a newer token, refreshing at most once. */
  refreshAfterRejection?(rejected: TokenSet): Promise<TokenSet>;
}

/**
 * Keeps one Salesforce authorization alive.
 *
 * @example
 * ```ts
 * const tokens = new TokenManager({ oauth, token: await oauth.exchangeCode(code, { codeVerifier }) });
 * tokens.on('reauthorizationRequired', () => notifyAdmin('reconnect Salesforce'));
 * const sf = new SalesforceClient({ tokens });
 * ```
 */
export class TokenManager extends EventEmitter<TokenManagerEvents> implements TokenSource {
  readonly key: string;
  readonly store: TokenStore;
  readonly #oauth: OAuth2;
  readonly #options: TokenManagerOptions;
  #current: TokenSet | undefined;
  #initial: Promise<void> | undefined;
  #inflight: Promise<TokenSet> | undefined;
  /** Bumped whenever the current token changes; a refresh that started earlier never overwrites a newer token. */
  #generation = 0;
  /** The refresh token Salesforce refused, and why: no second attempt until a new token arrives. */
  #dead: { refreshToken: string | undefined; error: ReauthorizationRequiredError } | undefined;

  constructor(options: TokenManagerOptions) {
    super();
    if (!options.oauth) throw new ValidationError('TokenManager needs an OAuth2 instance');
    this.#oauth = options.oauth;
    this.#options = options;
    this.key = options.key ?? 'default';
    this.store = options.store ?? new MemoryTokenStore();
    if (options.token) {
      const token = this.#withExpiry(options.token);
      this.#adopt(token);
      this.#initial = this.store.set(this.key, token);
    }
  }

  /**
   * The current token, refreshed first when its expiry is known and near.
   *
   * @example
   * ```ts
   * const { accessToken, instanceUrl } = await tokens.getToken();
   * ```
   */
  async getToken(): Promise<TokenSet> {
    await this.#initial;
    const token = this.#current ?? (await this.#loadFromStore());
    if (!token) return this.refresh();
    if (this.#isExpiring(token)) return this.#refreshFrom(token);
    return token;
  }

  /**
   * Refreshes now (single-flight: concurrent callers share one token request).
   *
   * @example
   * ```ts
   * const fresh = await tokens.refresh();
   * ```
   */
  async refresh(): Promise<TokenSet> {
    await this.#initial;
    return this.#refreshFrom(this.#current);
  }

  /**
   * Called when Salesforce refused `rejected`. If a newer token already exists (another caller
   * refreshed meanwhile), returns it without a token request; otherwise refreshes once.
   */
  async refreshAfterRejection(rejected: TokenSet): Promise<TokenSet> {
    this.invalidate(rejected.accessToken);
    return this.#refreshFrom(rejected);
  }

  /**
   * Marks `accessToken` as dead so the next {@link TokenManager.getToken} refreshes. A token other
   * than the current one is ignored.
   *
   * @example
   * ```ts
   * tokens.invalidate(staleAccessToken);
   * ```
   */
  invalidate(accessToken: string): void {
    if (this.#current?.accessToken === accessToken) this.#current = { ...this.#current, expiresAt: 0 };
  }

  /**
   * Revokes the authorization at Salesforce (the refresh token, so every access token with it)
   * and forgets it locally.
   *
   * @example
   * ```ts
   * await tokens.revoke(); // the user disconnected Salesforce
   * ```
   */
  async revoke(): Promise<void> {
    await this.#initial;
    const token = this.#current ?? (await this.store.get(this.key));
    if (token) await this.#oauth.revoke(token);
    await this.store.delete(this.key);
    this.#current = undefined;
    this.#generation++;
    this.emit('revoked');
  }

  /**
   * Replaces the token (e.g. after the user authorized again) and clears any re-authorization
   * state.
   *
   * @example
   * ```ts
   * await tokens.setToken(await oauth.exchangeCode(code, { codeVerifier }));
   * ```
   */
  async setToken(token: TokenSet): Promise<void> {
    const next = this.#withExpiry(token);
    this.#adopt(next);
    this.#dead = undefined;
    await this.store.set(this.key, next);
  }

  #adopt(token: TokenSet): void {
    registerSecret(token.accessToken);
    registerSecret(token.refreshToken);
    this.#current = token;
    this.#generation++;
  }

  async #loadFromStore(): Promise<TokenSet | undefined> {
    const stored = await this.store.get(this.key);
    if (stored) this.#adopt(stored);
    return stored;
  }

  #isExpiring(token: TokenSet): boolean {
    return token.expiresAt !== undefined && Date.now() >= token.expiresAt - (this.#options.refreshMarginMs ?? 60_000);
  }

  #withExpiry(token: TokenSet): TokenSet {
    const timeout = this.#options.sessionTimeoutMs;
    return timeout !== undefined && token.expiresAt === undefined ? { ...token, expiresAt: token.issuedAt + timeout } : token;
  }

  /** Single-flight: one refresh per manager at a time; callers arriving meanwhile share it. */
  #refreshFrom(stale: TokenSet | undefined): Promise<TokenSet> {
    if (stale && this.#current && this.#current.accessToken !== stale.accessToken && !this.#isExpiring(this.#current)) {
      return Promise.resolve(this.#current);
    }
    if (!this.#inflight) {
      this.#inflight = this.#refreshOnce(stale).finally(() => {
        this.#inflight = undefined;
      });
    }
    return this.#inflight;
  }

  async #refreshOnce(stale: TokenSet | undefined): Promise<TokenSet> {
    const generation = this.#generation;
    const run = async (): Promise<TokenSet> => {
      // Another process (or setToken) may have stored a newer token while we waited for the lock.
      const stored = await this.store.get(this.key);
      if (stored && stored.accessToken !== stale?.accessToken && !this.#isExpiring(stored)) return stored;
      const base = stored ?? stale;
      const fresh = this.#withExpiry(await this.#obtain(base));
      const known = this.#options.introspect ? await this.#oauth.withExpiry(fresh) : fresh;
      await this.store.set(this.key, known);
      return known;
    };
    try {
      const token = this.store.withLock ? await this.store.withLock(this.key, run) : await run();
      const previous = this.#current;
      if (this.#generation === generation) {
        this.#adopt(token);
        if (token.accessToken !== previous?.accessToken) this.emit('refreshed', token, previous);
      }
      return this.#current ?? token;
    } catch (error) {
      throw this.#fail(error);
    }
  }

  /** Gets a new token by refresh, or by re-minting where the grant needs no person. */
  async #obtain(base: TokenSet | undefined): Promise<TokenSet> {
    const refreshToken = base?.refreshToken;
    if (this.#dead && this.#dead.refreshToken === refreshToken && !this.#options.reauthorize) throw this.#dead.error;
    if (refreshToken) {
      try {
        return await this.#oauth.refresh(refreshToken);
      } catch (error) {
        if (!(error instanceof InvalidGrantError) || !this.#options.reauthorize) throw error;
      }
    }
    const reauthorize = this.#options.reauthorize;
    if (reauthorize === 'client_credentials') return this.#oauth.clientCredentials();
    if (reauthorize) return this.#oauth.jwtBearer(reauthorize.jwt);
    throw new ReauthorizationRequiredError(
      base ? 'there is no refresh token to renew this session' : 'there is no token: authorize the Connected App first',
      { error: 'no_refresh_token' },
    );
  }

  #fail(error: unknown): ForcelinkError {
    let failure: ForcelinkError;
    if (error instanceof ReauthorizationRequiredError) failure = error;
    else if (error instanceof InvalidGrantError && !this.#options.reauthorize) {
      failure = new ReauthorizationRequiredError(error.errorDescription, { status: error.status, cause: error });
    } else failure = ForcelinkError.is(error) ? error : new OAuthError('refresh_failed', String(error), { cause: error });

    this.emit('refreshFailed', failure);
    if (failure instanceof ReauthorizationRequiredError) {
      const refreshToken = this.#current?.refreshToken;
      const alreadyDead = this.#dead !== undefined && this.#dead.refreshToken === refreshToken;
      this.#dead = { refreshToken, error: failure };
      if (!alreadyDead) this.emit('reauthorizationRequired', failure);
    }
    return failure;
  }
}
