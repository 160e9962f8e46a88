/**
 * OAuth 2.0 against Salesforce: authorize URL (PKCE S256 + state), every token grant, revoke,
 * introspect, userinfo and identity. Token requests never run user action hooks; they run the
 * OAuth events instead (`beforeOAuth2Token`, `afterOAuth2Refresh`, …).
 *
 * @module
 */
import axios, { type AxiosInstance } from 'axios';
import { oauthErrorFromResponse, apiErrorFromResponse } from '../core/error-factory.js';
import { InvalidSignatureError, OAuthError, ValidationError } from '../core/errors.js';
import { registerSecret, redactRequest } from '../core/redact.js';
import type { TokenSet } from '../core/types.js';
import { runOAuthEvent, type OAuthEvent } from '../hooks/pipeline.js';
import type { HookEnvironment, Hooks, OAuthContext } from '../hooks/types.js';
import { send, type WireResponse } from '../http/send.js';
import { createJwtAssertion, type JwtBearerOptions } from './grants/jwt.js';
import { createPkcePair, createState } from './pkce.js';
import { verifyTokenSignature } from './signature.js';
import { parseTokenResponse } from './token-response.js';

/** Options of {@link OAuth2}. */
export interface OAuth2Options {
  /** The Connected App's Consumer Key. */
  clientId: string;
  /** The Connected App's Consumer Secret (needed for the web-server flow unless PKCE-only). */
  clientSecret?: string;
  /** The callback URL registered on the Connected App, e.g. `https://app.example.com/connector/callback`. */
  redirectUri?: string;
  /** `https://login.salesforce.com` (default), `https://test.salesforce.com`, or a My Domain URL. */
  loginUrl?: string;
  /** Scopes asked for by {@link OAuth2.authorizeUrl}. */
  scopes?: string[];
  /** OAuth event hooks (`beforeOAuth2Token`, `afterOAuth2Refresh`, …). */
  hooks?: Hooks | Hooks[];
  /** The axios instance to send with. */
  httpClient?: AxiosInstance;
  /** Time limit of one token-endpoint exchange. Default 30 s. */
  timeoutMs?: number;
  /** Reject token responses whose `signature` does not verify (when the secret is known). Default true. */
  verifySignatures?: boolean;
}

/** Options of {@link OAuth2.authorizeUrl}. */
export interface AuthorizeUrlOptions {
  state?: string;
  /** Add a PKCE S256 challenge. Default true. */
  pkce?: boolean;
  prompt?: 'login' | 'consent' | 'select_account' | (string & {});
  loginHint?: string;
  scopes?: string[];
  display?: 'page' | 'popup' | 'touch' | 'mobile';
  nonce?: string;
}

/** What {@link OAuth2.authorizeUrl} returns: keep `state` and `codeVerifier` for the callback. */
export interface AuthorizeUrl {
  url: string;
  state: string;
  codeVerifier?: string;
}

/** An introspection answer (`exp`, `iat`, `nbf` in seconds, as Salesforce sends them). */
export interface IntrospectionResult {
  active: boolean;
  scope?: string;
  client_id?: string;
  username?: string;
  sub?: string;
  token_type?: string;
  exp?: number;
  iat?: number;
  nbf?: number;
  [key: string]: unknown;
}

/** OpenID Connect user info (a subset; Salesforce sends more). */
export interface UserInfo {
  sub: string;
  user_id: string;
  organization_id: string;
  preferred_username?: string;
  name?: string;
  email?: string;
  [key: string]: unknown;
}

/** The identity URL's answer (a subset). */
export interface Identity {
  id: string;
  user_id: string;
  organization_id: string;
  username: string;
  display_name?: string;
  email?: string;
  urls?: Record<string, string>;
  [key: string]: unknown;
}

const DEFAULT_SCOPES = ['full', 'refresh_token', 'offline_access'];

/**
 * The OAuth 2.0 client of a Connected App.
 *
 * @example
 * ```ts
 * const oauth = new OAuth2({ clientId, clientSecret, redirectUri: 'https://app.example.com/connector/callback' });
 * const { url, state, codeVerifier } = await oauth.authorizeUrl();
 * // … the user approves, Salesforce redirects to the callback with ?code=…&state=…
 * const token = await oauth.exchangeCode(code, { codeVerifier });
 * ```
 */
export class OAuth2 {
  readonly clientId: string;
  readonly redirectUri: string | undefined;
  readonly loginUrl: string;
  readonly scopes: readonly string[];
  readonly #clientSecret: string | undefined;
  readonly #hooks: Hooks[];
  readonly #http: AxiosInstance;
  readonly #timeoutMs: number;
  readonly #verifySignatures: boolean;

  constructor(options: OAuth2Options) {
    if (!options.clientId) throw new ValidationError('OAuth2 needs a clientId (the Connected App consumer key)');
    this.clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    registerSecret(options.clientSecret);
    this.redirectUri = options.redirectUri;
    this.loginUrl = (options.loginUrl ?? 'https://login.salesforce.com').replace(/\/+$/, '');
    this.scopes = options.scopes ?? DEFAULT_SCOPES;
    this.#hooks = options.hooks === undefined ? [] : Array.isArray(options.hooks) ? options.hooks : [options.hooks];
    this.#http = options.httpClient ?? axios.create();
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#verifySignatures = options.verifySignatures ?? true;
  }

  /** Whether a client secret was configured (the secret itself is never exposed). */
  get hasClientSecret(): boolean {
    return this.#clientSecret !== undefined;
  }

  /** Adds OAuth event hooks after construction (a `CyclrScript` works too). */
  use(hooks: Hooks): this {
    this.#hooks.push(hooks);
    return this;
  }

  /**
   * The URL to send the user to for the web-server flow, with a fresh `state` and (by default) a
   * PKCE S256 challenge. Async because the challenge is a SHA-256 digest and hooks may be async.
   *
   * @example
   * ```ts
   * const { url, state, codeVerifier } = await oauth.authorizeUrl({ prompt: 'consent' });
   * ```
   */
  async authorizeUrl(options: AuthorizeUrlOptions = {}): Promise<AuthorizeUrl> {
    if (!this.redirectUri) throw new ValidationError('authorizeUrl needs the redirectUri of the Connected App');
    const state = options.state ?? createState();
    const parameters: Record<string, string> = {
      response_type: 'code',
      client_id: this.clientId,
      redirect_uri: this.redirectUri,
      state,
      scope: (options.scopes ?? this.scopes).join(' '),
    };
    let codeVerifier: string | undefined;
    if (options.pkce ?? true) {
      const pair = await createPkcePair();
      codeVerifier = pair.codeVerifier;
      parameters.code_challenge = pair.codeChallenge;
    }
    if (options.prompt) parameters.prompt = options.prompt;
    if (options.loginHint) parameters.login_hint = options.loginHint;
    if (options.display) parameters.display = options.display;
    if (options.nonce) parameters.nonce = options.nonce;
    const endpoint = `${this.loginUrl}/services/oauth2/authorize`;
    const ctx: OAuthContext = { kind: 'authorize', endpoint, parameters, requestHeaders: {} };
    await this.#runHooks('beforeOAuth2Authorise', ctx);
    const url = `${ctx.endpoint}?${new URLSearchParams(ctx.parameters).toString()}`;
    return codeVerifier === undefined ? { url, state } : { url, state, codeVerifier };
  }

  /**
   * Exchanges an authorization code from the callback for tokens.
   *
   * @example
   * ```ts
   * const token = await oauth.exchangeCode(code, { codeVerifier });
   * ```
   */
  async exchangeCode(code: string, options: { codeVerifier?: string; redirectUri?: string } = {}): Promise<TokenSet> {
    const redirectUri = options.redirectUri ?? this.redirectUri;
    if (!code) throw new ValidationError('exchangeCode needs the authorization code');
    if (!redirectUri) throw new ValidationError('exchangeCode needs the redirectUri of the Connected App');
    const parameters: Record<string, string> = { grant_type: 'authorization_code', code, client_id: this.clientId, redirect_uri: redirectUri };
    if (options.codeVerifier) parameters.code_verifier = options.codeVerifier;
    this.#addSecret(parameters);
    return this.#grant('token', parameters);
  }

  /**
   * Refresh-token grant. Keeps a rotated `refresh_token` when Salesforce sends one, and carries
   * the old one over otherwise.
   *
   * @example
   * ```ts
   * const fresh = await oauth.refresh(token.refreshToken!);
   * ```
   */
  async refresh(refreshToken: string): Promise<TokenSet> {
    if (!refreshToken) throw new ValidationError('refresh needs a refresh token');
    registerSecret(refreshToken);
    const parameters: Record<string, string> = { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: this.clientId };
    this.#addSecret(parameters);
    const token = await this.#grant('refresh', parameters);
    return token.refreshToken ? token : { ...token, refreshToken };
  }

  /**
   * JWT bearer grant: signs an assertion (RS256, `exp` within 3 minutes) with the Connected App
   * certificate's private key. No refresh token: re-run it to re-mint.
   *
   * @example
   * ```ts
   * const token = await oauth.jwtBearer({ username: 'integration@acme.com', privateKey: pem });
   * ```
   */
  async jwtBearer(options: JwtBearerOptions): Promise<TokenSet> {
    const assertion = await createJwtAssertion(this.clientId, { audience: this.#defaultAudience(), ...options });
    registerSecret(assertion);
    return this.#grant('token', { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
  }

  /**
   * Client-credentials grant (needs `loginUrl` to be the org's My Domain and a Run-As user).
   *
   * @example
   * ```ts
   * const oauth = new OAuth2({ clientId, clientSecret, loginUrl: 'https://acme.my.salesforce.com' });
   * const token = await oauth.clientCredentials();
   * ```
   */
  async clientCredentials(): Promise<TokenSet> {
    if (!this.#clientSecret) throw new ValidationError('clientCredentials needs the clientSecret');
    const parameters: Record<string, string> = { grant_type: 'client_credentials', client_id: this.clientId };
    this.#addSecret(parameters);
    return this.#grant('token', parameters);
  }

  /**
   * Username-password grant. Legacy: blocked by default in orgs created since Summer '23 and to be
   * retired; prefer the web-server flow or JWT bearer. `password` includes the security token
   * when the caller's IP is not trusted.
   *
   * @example
   * ```ts
   * const token = await oauth.password({ username, password: password + securityToken });
   * ```
   */
  async password(options: { username: string; password: string }): Promise<TokenSet> {
    registerSecret(options.password);
    const parameters: Record<string, string> = {
      grant_type: 'password',
      client_id: this.clientId,
      username: options.username,
      password: options.password,
    };
    this.#addSecret(parameters);
    return this.#grant('token', parameters);
  }

  /**
   * Revokes an access or refresh token (revoking a refresh token also ends its access tokens).
   *
   * @example
   * ```ts
   * await oauth.revoke(token.refreshToken!);
   * ```
   */
  async revoke(token: string | TokenSet): Promise<void> {
    const value = typeof token === 'string' ? token : (token.refreshToken ?? token.accessToken);
    const response = await this.#post('/services/oauth2/revoke', { token: value });
    if (response.status !== 200) throw oauthErrorFromResponse(response.status, response.body);
  }

  /**
   * Asks Salesforce whether a token is active and when it expires.
   *
   * @example
   * ```ts
   * const { active, exp } = await oauth.introspect(token);
   * ```
   */
  async introspect(token: string | TokenSet, tokenTypeHint: 'access_token' | 'refresh_token' = 'access_token'): Promise<IntrospectionResult> {
    const value = typeof token === 'string' ? token : token.accessToken;
    const parameters: Record<string, string> = { token: value, token_type_hint: tokenTypeHint, client_id: this.clientId };
    this.#addSecret(parameters);
    const response = await this.#post('/services/oauth2/introspect', parameters);
    if (response.status !== 200 || typeof response.body !== 'object' || response.body === null) {
      throw oauthErrorFromResponse(response.status, response.body);
    }
    return response.body as IntrospectionResult;
  }

  /**
   * A copy of `token` with `expiresAt` filled in from introspection (unchanged when Salesforce
   * does not say).
   *
   * @example
   * ```ts
   * const known = await oauth.withExpiry(token); // known.expiresAt is a ms timestamp
   * ```
   */
  async withExpiry(token: TokenSet): Promise<TokenSet> {
    const result = await this.introspect(token);
    return result.active && typeof result.exp === 'number' ? { ...token, expiresAt: result.exp * 1000 } : token;
  }

  /**
   * OpenID Connect user info of the token's user.
   *
   * @example
   * ```ts
   * const me = await oauth.userInfo(token); // me.preferred_username
   * ```
   */
  async userInfo(token: TokenSet): Promise<UserInfo> {
    return (await this.#getWithToken(`${token.instanceUrl}/services/oauth2/userinfo`, token)) as UserInfo;
  }

  /**
   * The identity URL's answer for the token's user.
   *
   * @example
   * ```ts
   * const id = await oauth.identity(token); // id.username, id.urls.rest
   * ```
   */
  async identity(token: TokenSet): Promise<Identity> {
    if (!token.id) throw new ValidationError('identity needs a token with an id (identity URL)');
    return (await this.#getWithToken(token.id, token)) as Identity;
  }

  /**
   * Checks a token's HMAC-SHA256 `signature` against `id + issued_at` with the client secret, in
   * constant time. False when it cannot be checked (no secret, id or signature).
   *
   * @example
   * ```ts
   * if (!(await oauth.verifySignature(token))) throw new Error('bad signature');
   * ```
   */
  async verifySignature(token: TokenSet): Promise<boolean> {
    return verifyTokenSignature(token, this.#clientSecret);
  }

  #addSecret(parameters: Record<string, string>): void {
    if (this.#clientSecret) parameters.client_secret = this.#clientSecret;
  }

  #defaultAudience(): string {
    return /^https:\/\/(login|test)\.salesforce\.com$/.test(this.loginUrl) || !this.loginUrl.startsWith('https://')
      ? this.loginUrl
      : 'https://login.salesforce.com';
  }

  async #grant(kind: 'token' | 'refresh', parameters: Record<string, string>): Promise<TokenSet> {
    const endpoint = `${this.loginUrl}/services/oauth2/token`;
    const ctx: OAuthContext = { kind, endpoint, parameters, requestHeaders: {} };
    const [before, after]: [OAuthEvent, OAuthEvent] =
      kind === 'refresh' ? ['beforeOAuth2Refresh', 'afterOAuth2Refresh'] : ['beforeOAuth2Token', 'afterOAuth2Token'];
    await this.#runHooks(before, ctx);
    const response = await this.#post('/services/oauth2/token', ctx.parameters, ctx.requestHeaders, ctx.endpoint);
    if (response.status !== 200) throw oauthErrorFromResponse(response.status, response.body);
    const token = parseTokenResponse(response.body);
    if (this.#verifySignatures && this.#clientSecret && token.signature && token.id) {
      if (!(await verifyTokenSignature(token, this.#clientSecret))) throw new InvalidSignatureError();
    }
    ctx.response = token;
    await this.#runHooks(after, ctx);
    return ctx.response;
  }

  async #post(path: string, form: Record<string, string>, headers: Record<string, string> = {}, url = `${this.loginUrl}${path}`): Promise<WireResponse> {
    return send(this.#http, {
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...headers },
      data: new URLSearchParams(form).toString(),
      timeoutMs: this.#timeoutMs,
    });
  }

  async #getWithToken(url: string, token: TokenSet): Promise<unknown> {
    const headers = { Authorization: `Bearer ${token.accessToken}`, Accept: 'application/json' };
    const response = await send(this.#http, { method: 'GET', url, headers, timeoutMs: this.#timeoutMs });
    if (response.status !== 200) {
      throw apiErrorFromResponse({ ...response, request: redactRequest({ method: 'GET', url, headers }) });
    }
    if (typeof response.body !== 'object' || response.body === null) {
      throw new OAuthError('invalid_response', `${new URL(url).pathname} did not answer with JSON`);
    }
    return response.body;
  }

  async #runHooks(event: OAuthEvent, ctx: OAuthContext): Promise<void> {
    if (this.#hooks.length === 0) return;
    await runOAuthEvent(event, this.#hooks, ctx, this.#hookEnvironment());
  }

  #hookEnvironment(): HookEnvironment {
    return {
      httpRequest: async (request) => {
        const url = new URL(request.url, this.loginUrl);
        for (const [name, value] of Object.entries(request.parameters ?? {})) url.searchParams.set(name, value);
        const data = request.data === undefined || typeof request.data === 'string' ? request.data : JSON.stringify(request.data);
        const response = await send(this.#http, {
          method: (request.method ?? 'GET').toUpperCase(),
          url: url.toString(),
          headers: request.headers ?? {},
          ...(data === undefined ? {} : { data }),
          timeoutMs: this.#timeoutMs,
        });
        return { status_code: response.status, headers: response.headers, content: response.body };
      },
    };
  }
}
