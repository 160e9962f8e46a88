/**
 * `loginWithBrowser`: the authorization-code flow for command-line tools, with a one-shot local
 * callback server.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import {
  AbortError,
  ConnectionError,
  ForcelinkError,
  OAuthError,
  TimeoutError,
  ValidationError,
} from '../core/errors.js';
import type { TokenSet } from '../core/types.js';
import { beginAuthorization, type AuthorizeOptions, type OAuth2Like } from './authorization.js';
import { createCallbackHandler } from './callback-handler.js';
import { MemoryStateStore } from './state-store.js';

/**
 * Options of {@link loginWithBrowser}.
 *
 * @example
 * ```ts
 * const options: LoginWithBrowserOptions = { oauth, open: (url) => console.log(`open ${url}`), timeoutMs: 120_000 };
 * ```
 */
export interface LoginWithBrowserOptions extends AuthorizeOptions {
  /** An `OAuth2` configured with a loopback `redirectUri` such as `http://localhost:1717/connector/callback`. */
  oauth: OAuth2Like;
  /** The port to listen on. Default: the redirect URI's port (1717 in the usual setup). */
  port?: number;
  /** The address to listen on. Default `127.0.0.1`. */
  host?: string;
  /**
   * How the browser gets the URL: a function you provide (it receives the authorize URL), `true` to
   * launch the system browser, `false` to only print it. Default: launch only when stdout is a
   * terminal and `CI` is not set.
   */
  open?: boolean | ((url: string) => void | Promise<void>);
  /** How long to wait for the callback. Default 5 minutes. */
  timeoutMs?: number;
  /** Where progress lines go (the URL among them). Default: stderr. */
  log?: (line: string) => void;
  /** Cancels the login; the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Signs in through the user's browser and resolves with the token: starts a callback server on the
 * redirect URI's port, prints the authorize URL (and opens it, see `open`), waits for Salesforce to
 * call back with a valid state, exchanges the code (PKCE), closes the server. Callbacks with an
 * unknown state are answered 400 and ignored; `access_denied` or a refused exchange rejects with
 * the `OAuthError`; no callback within `timeoutMs` rejects with a `TimeoutError`.
 *
 * @example
 * ```ts
 * import { loginWithBrowser, FileTokenStore } from 'forcelink/node';
 * const oauth = new OAuth2({ clientId, redirectUri: 'http://localhost:1717/connector/callback' });
 * const token = await loginWithBrowser({ oauth, open: true });
 * await new FileTokenStore({ path: '.forcelink/tokens.json' }).set('default', token);
 * ```
 */
export async function loginWithBrowser(options: LoginWithBrowserOptions): Promise<TokenSet> {
  const { oauth, prompt, loginHint, scopes, signal } = options;
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new ValidationError('timeoutMs must be a positive number');
  if (signal?.aborted) throw new AbortError('loginWithBrowser was aborted');

  const stateStore = new MemoryStateStore({ maxEntries: 4 });
  const authorize = { prompt, loginHint, scopes };
  const { url } = await beginAuthorization(oauth, stateStore, { ...authorize, pkce: true, ttlMs: timeoutMs, now: Date.now });
  const redirect = loopbackRedirect(url);
  const port = options.port ?? (redirect.port === '' ? 80 : Number(redirect.port));
  const host = options.host ?? '127.0.0.1';

  let outcome: { token: TokenSet } | { error: Error } | undefined;
  const handler = createCallbackHandler({
    oauth,
    stateStore,
    path: redirect.pathname,
    onSuccess: ({ token }, _req, res) => {
      res.setHeader('Connection', 'close');
      outcome ??= { token };
    },
    onError: (error, _req, res) => {
      if (error instanceof OAuthError && error.error === 'invalid_state') {
        log('Ignored a callback with an unknown or expired state; still waiting for the sign-in.');
        return;
      }
      res.setHeader('Connection', 'close');
      outcome ??= { error };
    },
  });

  const server = createServer();
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  let closing = false;
  const shutDown = (): void => {
    if (closing) return;
    closing = true;
    server.close();
    server.closeAllConnections();
  };
  const afterResponse = async (res: ServerResponse): Promise<void> => {
    if (outcome === undefined) return;
    if (!res.writableFinished) await once(res, 'close');
    shutDown();
  };
  server.on('request', (req, res) => {
    handler
      .handle(req, res)
      .then(() => afterResponse(res))
      .catch(() => undefined);
  });

  try {
    server.listen(port, host);
    await once(server, 'listening');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ConnectionError(
      `loginWithBrowser cannot listen on ${host}:${port} (${String(code ?? 'unknown error')}); ` +
        'close the program using it or configure another redirect URI port',
      { mayHaveBeenApplied: false, cause: error },
    );
  }

  server.on('error', (error) => {
    outcome ??= { error: new ConnectionError('loginWithBrowser: the callback server failed', { mayHaveBeenApplied: false, cause: error }) };
    shutDown();
  });
  const timer = setTimeout(() => {
    outcome ??= {
      error: new TimeoutError(`loginWithBrowser: no sign-in callback reached ${redirect.href} within ${timeoutMs} ms`),
    };
    shutDown();
  }, timeoutMs);
  const onAbort = (): void => {
    outcome ??= { error: new AbortError('loginWithBrowser was aborted') };
    shutDown();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    log(`Sign in to Salesforce in your browser:\n${url}`);
    log(`Waiting for the callback on ${redirect.href} …`);
    await present(url, options.open, log);
    await closed;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    shutDown();
  }
  if (outcome === undefined) throw new ForcelinkError('loginWithBrowser: the callback server closed unexpectedly');
  if ('error' in outcome) throw outcome.error;
  return outcome.token;
}

/** The redirect URI inside the authorize URL; it must be plain http on a loopback host. */
function loopbackRedirect(authorizeUrl: string): URL {
  let redirect: URL;
  try {
    redirect = new URL(new URL(authorizeUrl).searchParams.get('redirect_uri') ?? '');
  } catch {
    throw new ValidationError('loginWithBrowser: the authorize URL has no valid redirect_uri; set OAuth2 redirectUri');
  }
  if (redirect.protocol !== 'http:' || !LOOPBACK_HOSTS.has(redirect.hostname)) {
    throw new ValidationError(
      'loginWithBrowser needs a loopback http redirect URI such as http://localhost:1717/connector/callback',
    );
  }
  return redirect;
}

/** Hands the URL to the user's opener, or launches the system browser when asked to. */
async function present(
  url: string,
  open: LoginWithBrowserOptions['open'],
  log: (line: string) => void,
): Promise<void> {
  if (typeof open === 'function') {
    try {
      await open(url);
    } catch (error) {
      log(`Could not open the browser (${error instanceof Error ? error.message : String(error)}); open the URL above.`);
    }
    return;
  }
  const launch = open ?? (Boolean(process.stdout.isTTY) && !process.env.CI);
  if (launch) openSystemBrowser(url, log);
}

/** Launches the platform's URL opener without a shell (no quoting of `&` in the URL needed). */
function openSystemBrowser(url: string, log: (line: string) => void): void {
  if (!/^https?:\/\//i.test(url)) {
    log('Not opening a browser for a non-http URL; open the URL above.');
    return;
  }
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.once('error', () => log('Could not launch a browser; open the URL above.'));
  child.unref();
}
