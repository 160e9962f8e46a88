/** loginWithBrowser with a scripted "browser" (the open callback) over real loopback HTTP. */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, ConnectionError, OAuthError, TimeoutError, ValidationError } from '../../../src/core/errors.js';
import { loginWithBrowser } from '../../../src/node/index.js';
import { FakeOAuth, ISSUED_TOKEN } from './fake-oauth.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether something accepts connections on the port (the login server should be gone). */
async function listening(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
}

const pages: Array<{ status: number; body: string }> = [];
async function browse(url: string): Promise<void> {
  const res = await fetch(url, { redirect: 'manual' });
  pages.push({ status: res.status, body: await res.text() });
}
afterEach(() => {
  pages.length = 0;
});

describe('loginWithBrowser', () => {
  it('serves the callback on the redirect URI port, resolves with the token, closes the server', async () => {
    const port = await freePort();
    const oauth = new FakeOAuth(`http://localhost:${port}/connector/callback`);
    const lines: string[] = [];
    let opened = '';
    const token = await loginWithBrowser({
      oauth,
      log: (line) => lines.push(line),
      loginHint: 'ada@example.com',
      open: async (url) => {
        opened = url;
        await browse(oauth.approve(url));
      },
    });
    expect(token).toEqual(ISSUED_TOKEN);
    expect(pages[0]?.status).toBe(200);
    expect(pages[0]?.body).toContain('Connected to Salesforce');
    expect(pages[0]?.body).not.toContain(ISSUED_TOKEN.accessToken);
    expect(lines.join('\n')).toContain(opened);
    expect(lines.join('\n')).not.toContain(ISSUED_TOKEN.accessToken);
    expect(oauth.authorizeCalls[0]).toMatchObject({ pkce: true, loginHint: 'ada@example.com' });
    expect(oauth.exchanges[0]?.codeVerifier).toBeTruthy();
    expect(await listening(port)).toBe(false);
  });

  it('prints the URL and does not launch anything when open is false', async () => {
    const port = await freePort();
    const oauth = new FakeOAuth(`http://127.0.0.1:${port}/cb`);
    const lines: string[] = [];
    const login = loginWithBrowser({ oauth, open: false, log: (line) => lines.push(line) });
    await vitestWaitFor(() => lines.length >= 2);
    const url = lines[0]?.split('\n')[1] as string;
    expect(url).toMatch(/^https:\/\/login\.example\.test\/services\/oauth2\/authorize\?/);
    await browse(oauth.approve(url));
    await expect(login).resolves.toEqual(ISSUED_TOKEN);
  });

  it('ignores a callback with a foreign state and keeps waiting for the real one', async () => {
    const port = await freePort();
    const oauth = new FakeOAuth(`http://127.0.0.1:${port}/connector/callback`);
    const lines: string[] = [];
    const token = await loginWithBrowser({
      oauth,
      log: (line) => lines.push(line),
      open: async (url) => {
        const forged = new URL(oauth.approve(url));
        forged.searchParams.set('state', 'forged-state-000000000000000000');
        await browse(forged.href);
        await browse(`http://127.0.0.1:${port}/favicon.ico`);
        await browse(oauth.approve(url));
      },
    });
    expect(token).toEqual(ISSUED_TOKEN);
    expect(pages.map((page) => page.status)).toEqual([400, 404, 200]);
    expect(lines.some((line) => line.includes('unknown or expired state'))).toBe(true);
  });

  it('rejects with the OAuthError when the user denies access, and closes the server', async () => {
    const port = await freePort();
    const oauth = new FakeOAuth(`http://127.0.0.1:${port}/connector/callback`);
    const error = await loginWithBrowser({
      oauth,
      log: () => undefined,
      open: (url) => browse(oauth.deny(url)),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'access_denied', errorDescription: 'end-user denied authorization' });
    expect(pages[0]?.status).toBe(400);
    expect(await listening(port)).toBe(false);
  });

  it('times out with a clear TimeoutError and frees the port', async () => {
    const port = await freePort();
    const oauth = new FakeOAuth(`http://127.0.0.1:${port}/connector/callback`);
    const error = await loginWithBrowser({ oauth, timeoutMs: 100, open: () => undefined, log: () => undefined }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(
      `loginWithBrowser: no sign-in callback reached http://127.0.0.1:${port}/connector/callback within 100 ms`,
    );
    expect(await listening(port)).toBe(false);
  });

  it('can be aborted', async () => {
    const port = await freePort();
    const oauth = new FakeOAuth(`http://127.0.0.1:${port}/connector/callback`);
    const controller = new AbortController();
    const login = loginWithBrowser({ oauth, signal: controller.signal, open: () => controller.abort(), log: () => undefined });
    await expect(login).rejects.toBeInstanceOf(AbortError);
    expect(await listening(port)).toBe(false);
  });

  it('reports a busy port as a ConnectionError', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const oauth = new FakeOAuth(`http://127.0.0.1:${port}/connector/callback`);
      const error = await loginWithBrowser({ oauth, open: false, log: () => undefined }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('needs a loopback http redirect URI', async () => {
    const remote = new FakeOAuth('https://app.example.com/connector/callback');
    await expect(loginWithBrowser({ oauth: remote, open: false, log: () => undefined })).rejects.toBeInstanceOf(
      ValidationError,
    );
    const none = new FakeOAuth('not a url');
    await expect(loginWithBrowser({ oauth: none, open: false, log: () => undefined })).rejects.toThrow(/redirect_uri/);
  });
});

async function vitestWaitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
