/**
 * `createCallbackHandler`: the web-server half of the OAuth authorization-code flow, for node:http
 * and Express-style servers.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ForcelinkError, OAuthError, ValidationError } from '../core/errors.js';
import type { TokenSet, TokenStore } from '../core/types.js';
import { beginAuthorization, type AuthorizationStart, type AuthorizeOptions, type OAuth2Like } from './authorization.js';
import { sendPage } from './html-page.js';
import { MemoryStateStore, type OAuthStateStore, type PendingAuthorization } from './state-store.js';

/**
 * A request as node:http or Express hands it over (Express adds `originalUrl`).
 *
 * @example
 * ```ts
 * const key = (req: CallbackRequest) => String(req.headers['x-tenant'] ?? 'default');
 * ```
 */
export type CallbackRequest = IncomingMessage & { originalUrl?: string };

/**
 * What a successful callback produced.
 *
 * @example
 * ```ts
 * const onSuccess = ({ key, token }: CallbackSuccess) => console.log(`connected ${key} to ${token.instanceUrl}`);
 * ```
 */
export interface CallbackSuccess {
  token: TokenSet;
  /** The store key the token was saved under. */
  key: string;
  state: string;
}

/**
 * Options of {@link createCallbackHandler}.
 *
 * @example
 * ```ts
 * const options: CallbackHandlerOptions = { oauth, store, path: '/oauth/callback', key: (req) => sessionUserId(req) };
 * ```
 */
export interface CallbackHandlerOptions {
  /** An `OAuth2` instance (or anything with `authorizeUrl` and `exchangeCode`). */
  oauth: OAuth2Like;
  /** Where the token is saved. Without a store the token only reaches `onSuccess`. */
  store?: TokenStore;
  /** The store key: a fixed string (default `default`) or chosen per callback. A key given to `start()` wins. */
  key?: string | ((req: CallbackRequest, token: TokenSet) => string | Promise<string>);
  /** The callback path, as the browser requests it (your redirect URI's path). Default `/connector/callback`. */
  path?: string;
  /** Pending states. Default: a {@link MemoryStateStore} (one process). */
  stateStore?: OAuthStateStore;
  /** How long a started authorization may take. Default 10 minutes. */
  stateTtlMs?: number;
  /** Use PKCE (S256). Default true. */
  pkce?: boolean;
  /** Called after the token is stored. Answer `res` yourself (e.g. redirect into your app) or let the default page show. */
  onSuccess?: (result: CallbackSuccess, req: CallbackRequest, res: ServerResponse) => void | Promise<void>;
  /**
   * Called for every refused or failed callback, with an `OAuthError` (`error` is Salesforce's code,
   * `invalid_state` for an unknown, replayed or expired state) or the store's error. Answer `res`
   * yourself or let the default page show. `req` is undefined when `start(res)` itself failed.
   */
  onError?: (error: Error, req: CallbackRequest | undefined, res: ServerResponse) => void | Promise<void>;
}

/**
 * Options of {@link CallbackHandler.start}.
 *
 * @example
 * ```ts
 * await handler.start(res, { key: user.id, prompt: 'login', loginHint: user.email });
 * ```
 */
export interface StartOptions extends AuthorizeOptions {
  /** Save this authorization's token under this key (e.g. the signed-in user's id). */
  key?: string;
}

/**
 * The handler: `start` sends the browser to Salesforce, `handle` serves the callback.
 *
 * @example
 * ```ts
 * const handler: CallbackHandler = createCallbackHandler({ oauth, store });
 * http.createServer((req, res) => (req.url === '/login' ? handler.start(res) : handler.handle(req, res))).listen(1717);
 * ```
 */
export interface CallbackHandler {
  /**
   * Starts an authorization: a fresh state and PKCE pair, remembered one-time until `stateTtlMs`.
   * With `res`, answers 302 to the authorize URL; if starting fails, answers 500, reports to
   * `onError` and resolves to undefined. Without `res`, resolves to the URL (and rejects on failure).
   */
  start(res?: undefined, opts?: StartOptions): Promise<AuthorizationStart>;
  start(res: ServerResponse, opts?: StartOptions): Promise<AuthorizationStart | undefined>;
  /**
   * Serves `GET <path>`; passes other paths to `next` (or answers 404 without it). Never rejects.
   * Usable as a node:http listener or Express middleware.
   */
  handle(req: CallbackRequest, res: ServerResponse, next?: (error?: unknown) => void): Promise<void>;
  /** The callback path this handler serves. */
  readonly path: string;
}

/** Longest accepted query string (bytes as sent); longer gets 414. */
const MAX_QUERY_LENGTH = 4096;

/** A refused callback: the status to answer and the error to report. */
class Refusal {
  constructor(
    readonly status: number,
    readonly error: Error,
    readonly title: string,
    readonly paragraphs: string[],
  ) {}
}

/**
 * Creates the OAuth callback handler for a web app: `start` redirects to Salesforce with a fresh
 * state and PKCE; `handle` checks the state (unknown, replayed or expired → 400, nothing stored),
 * exchanges the code with the remembered verifier, and stores the token. Salesforce's
 * `error=access_denied` gets a readable page; a query string over 4 KiB gets 414. Pages are
 * HTML-escaped, uncacheable, script-free, and never show a token or a code.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createCallbackHandler, FileTokenStore } from 'forcelink/node';
 * const callback = createCallbackHandler({ oauth, store: new FileTokenStore({ path: 'tokens.json' }),
 *   onSuccess: (_result, _req, res) => { res.writeHead(302, { Location: '/' }).end(); } });
 * app.get('/login', (req, res) => callback.start(res));
 * app.get('/connector/callback', callback.handle);
 * // or with node:http: http.createServer((req, res) => req.url?.startsWith('/login') ? callback.start(res) : callback.handle(req, res))
 * ```
 */
export function createCallbackHandler(options: CallbackHandlerOptions): CallbackHandler {
  const { oauth, store, onSuccess, onError } = options;
  if (typeof oauth?.authorizeUrl !== 'function' || typeof oauth.exchangeCode !== 'function') {
    throw new ValidationError('createCallbackHandler needs an oauth object with authorizeUrl and exchangeCode');
  }
  const path = options.path ?? '/connector/callback';
  if (!path.startsWith('/') || path.includes('?') || path.includes('#')) {
    throw new ValidationError('the callback path must start with "/" and contain no "?" or "#"');
  }
  const stateStore = options.stateStore ?? new MemoryStateStore();
  const stateTtlMs = options.stateTtlMs ?? 10 * 60_000;
  const pkce = options.pkce ?? true;

  async function start(res?: ServerResponse, opts: StartOptions = {}): Promise<AuthorizationStart | undefined> {
    const { key, ...authorize } = opts;
    if (!res) return beginAuthorization(oauth, stateStore, { ...authorize, key, pkce, ttlMs: stateTtlMs, now: Date.now });
    let started: AuthorizationStart;
    try {
      started = await beginAuthorization(oauth, stateStore, { ...authorize, key, pkce, ttlMs: stateTtlMs, now: Date.now });
    } catch (error) {
      const failure = asError(error);
      await report(failure, undefined, res);
      sendPage(res, 500, 'Sign-in could not start', ['Something went wrong before reaching Salesforce. Please try again.']);
      return undefined;
    }
    if (!res.headersSent) {
      res.statusCode = 302;
      res.setHeader('Location', started.url);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.end();
    }
    return started;
  }

  async function handle(req: CallbackRequest, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> {
    const target = req.originalUrl ?? req.url ?? '/';
    const mark = target.indexOf('?');
    const pathname = pathOf(mark === -1 ? target : target.slice(0, mark));
    if (pathname !== path) {
      if (next) next();
      else sendPage(res, 404, 'Not found', ['There is nothing here.']);
      return;
    }
    if (req.method !== 'GET') {
      sendPage(res, 405, 'Method not allowed', ['This address only answers GET requests.'], { Allow: 'GET' });
      return;
    }
    const query = mark === -1 ? '' : target.slice(mark + 1);
    try {
      if (query.length > MAX_QUERY_LENGTH) {
        throw refusal(414, 'invalid_request', 'the callback query string is longer than 4 KiB', 'Request too long', [
          'The sign-in response was too long to accept. Please start again.',
        ]);
      }
      const result = await complete(req, new URLSearchParams(query));
      await onSuccess?.(result, req, res);
      sendPage(res, 200, 'Connected to Salesforce', ['Sign-in is complete. You can close this window.']);
    } catch (thrown) {
      const refused = thrown instanceof Refusal ? thrown : unexpected(thrown);
      await report(refused.error, req, res);
      sendPage(res, refused.status, refused.title, refused.paragraphs);
    }
  }

  /** Checks the callback, redeems the state, exchanges the code, stores the token. */
  async function complete(req: CallbackRequest, params: URLSearchParams): Promise<CallbackSuccess> {
    for (const name of ['state', 'code', 'error', 'error_description']) {
      if (params.getAll(name).length > 1) {
        throw refusal(400, 'invalid_request', `the callback repeats the ${name} parameter`, 'Sign-in failed', [
          'The sign-in response was malformed. Please start again.',
        ]);
      }
    }
    const state = params.get('state') ?? '';
    const pending = state ? await stateStore.take(state) : undefined;
    const providerError = params.get('error');
    if (providerError !== null) throw providerRefusal(providerError, params.get('error_description') ?? undefined);
    if (!pending) {
      throw refusal(400, 'invalid_state', 'unknown, expired or already used state', 'Sign-in link expired', [
        'This sign-in response is unknown, expired or was already used, so it was ignored.',
        'Please start the sign-in again from the application.',
      ]);
    }
    const code = params.get('code');
    if (!code) {
      throw refusal(400, 'invalid_request', 'the callback has no authorization code', 'Sign-in failed', [
        'Salesforce sent no authorization code. Please start again.',
      ]);
    }
    const codeVerifier = verifierOf(pending);
    let token: TokenSet;
    try {
      token = await oauth.exchangeCode(code, codeVerifier ? { codeVerifier } : {});
    } catch (error) {
      throw exchangeRefusal(error);
    }
    const key = await resolveKey(req, token, pending);
    if (store) {
      try {
        await store.set(key, token);
      } catch (error) {
        throw new Refusal(500, asError(error), 'Sign-in could not be saved', [
          'Salesforce accepted the sign-in, but the application could not save it. Please try again.',
        ]);
      }
    }
    return { token, key, state };
  }

  async function resolveKey(req: CallbackRequest, token: TokenSet, pending: PendingAuthorization): Promise<string> {
    if (pending.key !== undefined) return pending.key;
    const key = options.key ?? 'default';
    const chosen = typeof key === 'function' ? await key(req, token) : key;
    if (typeof chosen !== 'string' || chosen === '') throw unexpected(new ValidationError('the key option gave no key'));
    return chosen;
  }

  async function report(error: Error, req: CallbackRequest | undefined, res: ServerResponse): Promise<void> {
    if (!onError) return;
    try {
      await onError(error, req, res);
    } catch {
      // A failing onError must not hide the page: the default one is sent.
    }
  }

  return { start: start as CallbackHandler['start'], handle, path };
}

function verifierOf(pending: PendingAuthorization): string | undefined {
  if (pending.pkce && !pending.codeVerifier) {
    throw refusal(400, 'invalid_request', 'no PKCE verifier was stored for this state', 'Sign-in failed', [
      'This sign-in cannot be completed safely (its PKCE verifier is missing). Please start again.',
    ]);
  }
  return pending.codeVerifier;
}

function refusal(status: number, code: string, description: string, title: string, paragraphs: string[]): Refusal {
  return new Refusal(status, new OAuthError(code, description, { status }), title, paragraphs);
}

function providerRefusal(code: string, description: string | undefined): Refusal {
  const error = new OAuthError(code, description, { status: 400 });
  const paragraphs =
    code === 'access_denied'
      ? ['Access to Salesforce was denied, so the application was not connected.']
      : ['Salesforce did not complete the sign-in.'];
  paragraphs.push(`Salesforce said: ${code}${error.errorDescription ? ` — ${error.errorDescription}` : ''}`);
  return new Refusal(400, error, 'Sign-in was not completed', paragraphs);
}

function exchangeRefusal(error: unknown): Refusal {
  if (error instanceof OAuthError) {
    return new Refusal(400, error, 'Sign-in failed', [
      'Salesforce refused the sign-in. Please start again.',
      `Salesforce said: ${error.error}${error.errorDescription ? ` — ${error.errorDescription}` : ''}`,
    ]);
  }
  return new Refusal(502, asError(error), 'Sign-in failed', [
    'Salesforce could not be reached to complete the sign-in. Please try again.',
  ]);
}

function unexpected(error: unknown): Refusal {
  return new Refusal(500, asError(error), 'Sign-in failed', ['Something went wrong. Please try again.']);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new ForcelinkError(`non-error thrown: ${String(error)}`);
}

/** The normalized path (dot segments resolved; `%2F` stays encoded and does not match), or '' if malformed. */
function pathOf(raw: string): string {
  try {
    return new URL(raw, 'http://localhost').pathname;
  } catch {
    return '';
  }
}
