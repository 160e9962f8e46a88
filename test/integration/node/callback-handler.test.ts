/** createCallbackHandler over a real node:http server on loopback, driven with fetch. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OAuthError, TokenStoreError } from '../../../src/core/errors.js';
import type { TokenSet, TokenStore } from '../../../src/core/types.js';
import { MemoryTokenStore } from '../../../src/auth/stores/memory.js';
import {
  createCallbackHandler,
  MemoryStateStore,
  type CallbackHandler,
  type CallbackHandlerOptions,
} from '../../../src/node/index.js';
import { FakeOAuth, ISSUED_TOKEN } from './fake-oauth.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

interface Setup {
  base: string;
  oauth: FakeOAuth;
  store: MemoryTokenStore;
  handler: CallbackHandler;
  errors: Error[];
  /** GET /login and follow nothing: returns the authorize URL from Location. */
  login(): Promise<string>;
}

async function setup(options: Partial<CallbackHandlerOptions> = {}): Promise<Setup> {
  const oauth = new FakeOAuth('');
  const store = new MemoryTokenStore();
  const errors: Error[] = [];
  const handler = createCallbackHandler({
    oauth,
    store,
    onError: (error) => void errors.push(error),
    ...options,
  });
  server = createServer((req, res) => {
    if (req.url === '/login') void handler.start(res);
    else void handler.handle(req, res);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  oauth.redirectUri = `${base}/connector/callback`;
  const login = async (): Promise<string> => {
    const res = await fetch(`${base}/login`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
    return res.headers.get('location') as string;
  };
  return { base, oauth, store, handler, errors, login };
}

async function get(url: string): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

function expectNoSecrets(body: string, callbackUrl?: string): void {
  expect(body).not.toContain(ISSUED_TOKEN.accessToken);
  expect(body).not.toContain(ISSUED_TOKEN.refreshToken as string);
  if (callbackUrl) {
    const code = new URL(callbackUrl).searchParams.get('code');
    if (code) expect(body).not.toContain(code);
  }
}

describe('createCallbackHandler', () => {
  it('happy path: redirect with state and PKCE, exchange with the verifier, store the token', async () => {
    const { oauth, store, login, errors } = await setup();
    const authorizeUrl = await login();
    const params = new URL(authorizeUrl).searchParams;
    expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(oauth.authorizeCalls[0]).toMatchObject({ pkce: true, state: params.get('state') });

    const callback = oauth.approve(authorizeUrl);
    const res = await get(callback);
    expect(res.status).toBe(200);
    expect(res.body).toContain('Connected to Salesforce');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expectNoSecrets(res.body, callback);
    expect(oauth.exchanges).toHaveLength(1);
    expect(oauth.exchanges[0]?.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await store.get('default')).toEqual(ISSUED_TOKEN);
    expect(errors).toEqual([]);
  });

  it('refuses an unknown state (CSRF) with 400 and stores nothing', async () => {
    const { oauth, store, login, base, errors } = await setup();
    const callback = new URL(oauth.approve(await login()));
    callback.searchParams.set('state', 'attacker-chosen-state-value-0000000000');
    const res = await get(callback.href);
    expect(res.status).toBe(400);
    expect(res.body).toContain('unknown, expired or was already used');
    expect(oauth.exchanges).toHaveLength(0);
    expect(await store.get('default')).toBeUndefined();
    expect(errors[0]).toBeInstanceOf(OAuthError);
    expect((errors[0] as OAuthError).error).toBe('invalid_state');
    const noState = await get(`${base}/connector/callback?code=abc`);
    expect(noState.status).toBe(400);
  });

  it('refuses a replayed state: the second use of a callback URL stores nothing more', async () => {
    const { oauth, store, login } = await setup();
    const callback = oauth.approve(await login());
    expect((await get(callback)).status).toBe(200);
    await store.delete('default');
    const replay = await get(callback);
    expect(replay.status).toBe(400);
    expect(oauth.exchanges).toHaveLength(1);
    expect(await store.get('default')).toBeUndefined();
  });

  it('refuses an expired state', async () => {
    let skew = 0;
    const stateStore = new MemoryStateStore({ now: () => Date.now() + skew });
    const oauth = new FakeOAuth('http://127.0.0.1:1/connector/callback');
    const store = new MemoryTokenStore();
    const handler = createCallbackHandler({ oauth, store, stateStore, stateTtlMs: 60_000 });
    const { url } = await handler.start();
    skew = 60_001; // the store's clock jumps past the state's 60 s lifetime
    const { status } = await serveOnce(handler, oauth.approve(url));
    expect(status).toBe(400);
    expect(oauth.exchanges).toHaveLength(0);
    expect(await store.get('default')).toBeUndefined();
  });

  it('refuses a state whose PKCE verifier is missing, without exchanging the code', async () => {
    const stateStore = new MemoryStateStore();
    const { oauth, store, base, errors } = await setup({ stateStore });
    stateStore.put('state-without-verifier-0000000000', { pkce: true, expiresAt: Date.now() + 60_000 });
    const res = await get(`${base}/connector/callback?code=aPrxSomething&state=state-without-verifier-0000000000`);
    expect(res.status).toBe(400);
    expect(res.body).toContain('PKCE verifier is missing');
    expect(oauth.exchanges).toHaveLength(0);
    expect(await store.get('default')).toBeUndefined();
    expect((errors[0] as OAuthError).errorDescription).toBe('no PKCE verifier was stored for this state');
  });

  it('does not start a flow when authorizeUrl returns no verifier although PKCE was asked', async () => {
    const { oauth, base, errors } = await setup();
    oauth.dropVerifier = true;
    const res = await get(`${base}/login`);
    expect(res.status).toBe(500);
    expect(errors[0]?.message).toMatch(/no PKCE codeVerifier/);
  });

  it('shows access_denied as a readable, escaped page and burns the state', async () => {
    const { oauth, store, login, errors } = await setup();
    const authorizeUrl = await login();
    const denied = oauth.deny(authorizeUrl, 'end-user denied <script>alert("x")</script> & left');
    const res = await get(denied);
    expect(res.status).toBe(400);
    expect(res.body).toContain('Access to Salesforce was denied');
    expect(res.body).toContain('access_denied — end-user denied &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; left');
    expect(res.body).not.toContain('<script>');
    expect(oauth.exchanges).toHaveLength(0);
    expect(await store.get('default')).toBeUndefined();
    expect(errors[0]).toMatchObject({ error: 'access_denied' });
    const late = await get(oauth.approve(authorizeUrl));
    expect(late.status).toBe(400);
  });

  it('answers 414 to a query string over 4 KiB', async () => {
    const { oauth, login, store } = await setup();
    const callback = new URL(oauth.approve(await login()));
    callback.searchParams.set('padding', 'x'.repeat(4_100));
    const res = await get(callback.href);
    expect(res.status).toBe(414);
    expect(oauth.exchanges).toHaveLength(0);
    expect(await store.get('default')).toBeUndefined();
  });

  it('shows a refused code exchange without echoing the code', async () => {
    const { oauth, login, store, errors } = await setup();
    const callback = new URL(oauth.approve(await login()));
    callback.searchParams.set('code', 'aPrxForgedCode123456');
    const res = await get(callback.href);
    expect(res.status).toBe(400);
    expect(res.body).toContain('invalid_grant');
    expect(res.body).not.toContain('aPrxForgedCode123456');
    expect(await store.get('default')).toBeUndefined();
    expect(errors[0]).toMatchObject({ code: 'ERR_INVALID_GRANT' });
  });

  it('refuses a callback without a code, or with repeated parameters', async () => {
    const { oauth, login, base } = await setup();
    const authorizeUrl = await login();
    const state = new URL(authorizeUrl).searchParams.get('state') as string;
    expect((await get(`${base}/connector/callback?state=${state}`)).status).toBe(400);
    const callback = oauth.approve(await login());
    expect((await get(`${callback}&state=second`)).status).toBe(400);
    expect(oauth.exchanges).toHaveLength(0);
  });

  it('answers 500 when the store fails, and reports the store error', async () => {
    const failing: TokenStore = {
      get: async () => undefined,
      set: async () => Promise.reject(new TokenStoreError('disk full')),
      delete: async () => undefined,
    };
    const { oauth, login, errors } = await setup({ store: failing });
    const callback = oauth.approve(await login());
    const res = await get(callback);
    expect(res.status).toBe(500);
    expect(res.body).toContain('could not save it');
    expectNoSecrets(res.body, callback);
    expect(errors[0]).toBeInstanceOf(TokenStoreError);
  });

  it('stores under a key chosen per callback, or per start()', async () => {
    const { oauth, store, login, handler } = await setup({
      key: (_req, token: TokenSet) => new URL(token.id as string).pathname.split('/')[3] as string, // the user id
    });
    expect((await get(oauth.approve(await login()))).status).toBe(200);
    expect(await store.get('0055g00000A1b2cAAB')).toEqual(ISSUED_TOKEN);
    const { url } = await handler.start(undefined, { key: 'user-42', prompt: 'consent' });
    expect(new URL(url).searchParams.get('prompt')).toBe('consent');
    expect((await get(oauth.approve(url))).status).toBe(200);
    expect(await store.get('user-42')).toEqual(ISSUED_TOKEN);
  });

  it('lets onSuccess answer (e.g. redirect into the app)', async () => {
    const seen: string[] = [];
    const { oauth, login } = await setup({
      onSuccess: ({ key }, _req, res) => {
        seen.push(key);
        res.writeHead(302, { Location: '/app' }).end();
      },
    });
    const res = await get(oauth.approve(await login()));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/app');
    expect(seen).toEqual(['default']);
  });

  it('serves only GET on its path: 404 elsewhere, 405 for other methods', async () => {
    const { base } = await setup();
    expect((await get(`${base}/elsewhere`)).status).toBe(404);
    expect((await get(`${base}/connector%2Fcallback?code=x&state=y`)).status).toBe(404);
    const post = await fetch(`${base}/connector/callback`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('works as Express-style middleware: next() for other paths, originalUrl for mounted routers', async () => {
    const oauth = new FakeOAuth('');
    const store = new MemoryTokenStore();
    const handler = createCallbackHandler({ oauth, store, path: '/auth/callback' });
    const passed: string[] = [];
    server = createServer((req, res) => {
      if (req.url === '/auth/login') return void handler.start(res);
      // A router mounted at /auth strips its prefix from req.url and keeps originalUrl.
      const mounted = Object.assign(req, { originalUrl: req.url, url: (req.url ?? '').replace(/^\/auth/, '') });
      void handler.handle(mounted, res, () => {
        passed.push(mounted.originalUrl as string);
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    oauth.redirectUri = `${base}/auth/callback`;
    expect((await get(`${base}/auth/other`)).status).toBe(204);
    expect(passed).toEqual(['/auth/other']);
    const login = await fetch(`${base}/auth/login`, { redirect: 'manual' });
    const res = await get(oauth.approve(login.headers.get('location') as string));
    expect(res.status).toBe(200);
    expect(await store.get('default')).toEqual(ISSUED_TOKEN);
  });
});

/** Serves one request on a throwaway server (for handlers made outside `setup`). */
async function serveOnce(handler: CallbackHandler, callbackUrl: string): Promise<{ status: number; body: string }> {
  server = createServer((req, res) => void handler.handle(req, res));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const url = new URL(callbackUrl);
  url.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return get(url.href);
}
