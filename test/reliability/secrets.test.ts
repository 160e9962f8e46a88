/**
 * Secrets never leak: every error path this suite can reach is driven with known token, secret,
 * password and key values, and none of them may appear in any message, stack, `toJSON()`,
 * `util.inspect` (depth Infinity, hidden properties included), cause, log line or event payload.
 *
 * The one deliberate exception is the token manager's `refreshed` event, whose payload *is* the
 * new token set (that is what it is for: persisting it); it is used here to learn the tokens.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OAuth2 } from '../../src/auth/oauth2.js';
import { TokenManager } from '../../src/auth/token-manager.js';
import { SalesforceClient } from '../../src/client.js';
import { AuthRefreshRequestedError, ForcelinkError, HookError } from '../../src/core/errors.js';
import { registerSecret } from '../../src/core/redact.js';
import type { TokenSet } from '../../src/core/types.js';
import type { Hooks } from '../../src/hooks/types.js';
import { FileTokenStore, generateEncryptionKey } from '../../src/node/index.js';
import { CyclrScript } from '../../src/script/index.js';
import { authorize, oauthFor, type Org } from '../integration/helpers.js';
import { Gate, startReliabilityOrg } from './helpers.js';

const CLIENT_SECRET = '7f3a9c2e5b8d1f4a6c0e9b2d5f8a1c4e7b0d3f6a9c2e5b8d1f4a6c0e9b2d5f8a';
const PASSWORD = 'Pw!known-Password-77';
const USERNAME = 'secrets@forcelink.test';
const ENCRYPTION_KEY = generateEncryptionKey();

/** Every secret value seen during the test; grows as tokens are issued. */
const secrets = new Set<string>([CLIENT_SECRET, PASSWORD, ENCRYPTION_KEY]);
const learn = (token: TokenSet | undefined) => {
  for (const value of [token?.accessToken, token?.refreshToken]) if (value) secrets.add(value);
};

/** Everything forcelink handed back or emitted: errors, event payloads, log lines. */
const samples: Array<{ path: string; value: unknown }> = [];
const logLines: string[] = [];

async function failure(path: string, run: () => Promise<unknown> | unknown): Promise<unknown> {
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  expect(error, `${path} should fail`).toBeDefined();
  samples.push({ path, value: error });
  return error;
}

/** Every way an error (and its causes) can be shown. */
function renderings(value: unknown): string[] {
  const out: string[] = [];
  let current: unknown = value;
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) {
      out.push(current.message, String(current.stack), String(current));
    }
    try {
      out.push(JSON.stringify(current) ?? '');
    } catch {
      // a cyclic cause is still rendered by inspect below
    }
    out.push(inspect(current, { depth: Infinity }), inspect(current, { depth: Infinity, showHidden: true }));
    current = current instanceof Error ? current.cause : undefined;
  }
  return out;
}

let org: Org;
let dir: string;
beforeAll(async () => {
  org = await startReliabilityOrg({ clientSecret: CLIENT_SECRET, users: [{ username: USERNAME, password: PASSWORD, firstName: 'Sec', lastName: 'Rets' }] });
  dir = await mkdtemp(join(tmpdir(), 'forcelink-secrets-'));
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logLines.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: Infinity }))).join(' ')));
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  await org.close();
  await rm(dir, { recursive: true, force: true });
});

describe('no secret in any error, event or log line', () => {
  it('drives every reachable error path with known secrets', async () => {
    const oauth = oauthFor(org, { clientSecret: CLIENT_SECRET });
    const token = await authorize(org, oauth, { loginHint: USERNAME });
    learn(token);
    const tokens = new TokenManager({ oauth, token });
    tokens.on('refreshed', (fresh) => learn(fresh));
    for (const event of ['refreshFailed', 'reauthorizationRequired', 'revoked'] as const) {
      tokens.on(event, (...payload: unknown[]) => samples.push({ path: `tokens event ${event}`, value: payload }));
    }
    const sf = new SalesforceClient({ tokens, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 }, timeoutMs: 2_000 });
    sf.on('limitInfo', (info) => samples.push({ path: 'client event limitInfo', value: info }));
    sf.on('apiUsageThreshold', (info) => samples.push({ path: 'client event apiUsageThreshold', value: info }));
    await sf.limits();
    // What a careless server or hook might echo: every credential forcelink itself handled (the
    // store's encryption key never leaves the store, so nothing could echo it).
    const echo = () => `session ${[...secrets].filter((s) => s !== ENCRYPTION_KEY).join(' ')} Authorization: Bearer ${token.accessToken} password=${PASSWORD}`;

    // OAuth: wrong password, wrong secret, bad code, an endpoint that echoes everything, a proxy page.
    await failure('password grant, wrong password', () => oauth.password({ username: USERNAME, password: `${PASSWORD}-wrong` }));
    secrets.add(`${PASSWORD}-wrong`);
    const wrongSecret = `${CLIENT_SECRET.slice(0, -4)}beef`;
    secrets.add(wrongSecret);
    await failure('password grant, wrong client secret', () => oauthFor(org, { clientSecret: wrongSecret }).password({ username: USERNAME, password: PASSWORD }));
    await failure('code exchange, bad code and verifier', () => oauth.exchangeCode('aPrx-not-a-real-code-123456', { codeVerifier: 'v'.repeat(50) }));
    org.faults.inject({ path: '/services/oauth2/token', status: 400, body: { error: 'invalid_grant', error_description: echo() } });
    await failure('refresh, token endpoint echoing secrets', () => oauth.refresh(token.refreshToken!));
    org.faults.inject({ path: '/services/oauth2/token', status: 502, body: `<html>${echo()}</html>`, contentType: 'text/html' });
    await failure('refresh, proxy page echoing secrets', () => oauth.refresh(token.refreshToken!));
    org.faults.inject({ path: '/services/oauth2/token', reset: true });
    await failure('refresh, connection reset', () => oauth.refresh(token.refreshToken!));
    org.faults.inject({ path: '/services/oauth2/token', delayMs: 500 });
    await failure('refresh, timeout', () => oauthFor(org, { clientSecret: CLIENT_SECRET, timeoutMs: 50 }).refresh(token.refreshToken!));
    const closed = await Gate.closed(org);
    await failure('refresh, connection refused', () => oauthFor(org, { clientSecret: CLIENT_SECRET, loginUrl: closed.url }).refresh(token.refreshToken!));
    org.faults.inject({ path: '/services/oauth2/introspect', status: 401, body: { error: 'invalid_client', error_description: echo() } });
    await failure('introspect, echoing secrets', () => oauth.introspect(token));
    org.faults.inject({ path: '/services/oauth2/revoke', status: 400, body: { error: 'unsupported_token_type', error_description: echo() } });
    await failure('revoke, echoing secrets', () => oauth.revoke(token));
    await failure('OAuth hook throwing with the refresh parameters', () =>
      new OAuth2({
        clientId: org.clientId,
        clientSecret: CLIENT_SECRET,
        loginUrl: org.loginUrl,
        hooks: { beforeOAuth2Refresh: (ctx) => { throw new Error(`refusing ${JSON.stringify(ctx.parameters)}`); } },
      }).refresh(token.refreshToken!),
    );

    // REST: errors echoing the token, a proxy page reflecting the request, every network failure.
    org.faults.inject({ path: '/limits', status: 500, body: [{ message: echo(), errorCode: 'UNKNOWN_EXCEPTION' }] });
    await failure('API error echoing secrets', () => sf.limits({ retry: false }));
    org.faults.inject({ path: '/limits', status: 400, body: [{ message: 'bad', errorCode: 'INVALID_HEADER', fields: [echo()] }] });
    await failure('API error with secrets in fields', () => sf.limits());
    org.faults.inject({ path: '/limits', status: 502, body: `<pre>${echo()}</pre>`, contentType: 'text/html', times: 2 });
    await failure('proxy page reflecting the request', () => sf.limits());
    org.faults.inject({ path: '/limits', status: 200, body: `<pre>${echo()}</pre>`, contentType: 'text/html' });
    await failure('200 HTML reflecting the request', () => sf.limits());
    org.faults.inject({ path: '/limits', status: 403, body: [{ message: echo(), errorCode: 'REQUEST_LIMIT_EXCEEDED' }] });
    await failure('request limit', () => sf.limits());
    org.faults.inject({ path: '/limits', reset: true, times: 2 });
    await failure('connection reset', () => sf.limits());
    org.faults.inject({ path: '/limits', resetMidBody: true, times: 2 });
    await failure('connection reset mid-body', () => sf.limits());
    org.faults.inject({ path: '/limits', delayMs: 500, times: 2 });
    await failure('timeout', () => sf.limits({ timeoutMs: 30 }));
    org.faults.inject({ path: '/limits', status: 503, headers: { 'Retry-After': '30' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await failure('abort during Retry-After', () => sf.limits({ signal: controller.signal, retry: { maxRetryAfterMs: 60_000 } }));
    const sfClosed = new SalesforceClient({ token: { ...token, instanceUrl: closed.url }, retry: false });
    await failure('connection refused', () => sfClosed.limits());
    await failure('header injection refused', () => sf.limits({ headers: { 'X-Token': `${token.accessToken}\r\nX-Evil: 1` } }));
    await failure('create with a secret in an invalid field', () => sf.sobject('Soak__c').create({ Name: 'x', [`No_${'Such'}__c`]: echo() }));

    // Hooks: throwing with secrets they were given or found, and asking for refreshes.
    const leaky: Hooks = { beforeAction: () => { throw new Error(`hook saw ${echo()}`); } };
    await failure('beforeAction hook throwing with secrets', () => sf.limits({ hooks: leaky }));
    const leakyAfter: Hooks = { afterError: (ctx) => { throw new TypeError(`afterError saw ${JSON.stringify(ctx)} ${echo()}`); } };
    org.faults.inject({ path: '/limits', status: 400, body: [{ message: echo(), errorCode: 'INVALID_QUERY_FILTER_OPERATOR' }] });
    await failure('afterError hook throwing with secrets', () => sf.limits({ hooks: leakyAfter }));
    let asks = 0;
    const refreshing: Hooks = { afterAction: () => { asks++; throw new AuthRefreshRequestedError(`refresh please ${echo()}`); } };
    await failure('hook asking for a refresh twice', () => sf.limits({ hooks: refreshing }));
    expect(asks).toBe(2);

    // Scripts: errors, console output (to the logger) and OAuth parameters seen by a script.
    const scriptLog = (line: string) => logLines.push(line);
    const script = await CyclrScript.compile(
      `function before_action() { console.log('headers', JSON.stringify(method_request_headers), '${token.accessToken}'); throw new Error('script saw ' + JSON.stringify(method_request_headers) + ' ${PASSWORD}'); }
       function before_oauth2_refresh() { throw new Error('params ' + JSON.stringify(method_request_parameters) + ' ' + JSON.stringify(method_request)); }`,
      { logger: scriptLog },
    );
    await failure('script throwing with secrets', () => sf.limits({ hooks: script }));
    await failure('script OAuth event throwing with the refresh parameters', () =>
      new OAuth2({ clientId: org.clientId, clientSecret: CLIENT_SECRET, loginUrl: org.loginUrl, hooks: script }).refresh(token.refreshToken!),
    );
    const looping = await CyclrScript.compile('function before_action() { for (;;) {} }', { timeoutMs: 100, logger: scriptLog });
    await failure('script timeout', () => sf.limits({ hooks: looping }));
    await failure('script syntax error', () => CyclrScript.compile(`function action_before( { '${PASSWORD}' }`));

    // Token stores: a wrong key, a tampered file, an unwritable place.
    const path = join(dir, 'tokens.json');
    await new FileTokenStore({ path, encryptionKey: ENCRYPTION_KEY }).set('default', token);
    await failure('file store, wrong key', () => new FileTokenStore({ path, encryptionKey: generateEncryptionKey() }).get('default'));
    await writeFile(path, '{"version":1,"tokens":{"default":"garbage' + token.accessToken + '"}}');
    await failure('file store, tampered file', () => new FileTokenStore({ path, encryptionKey: ENCRYPTION_KEY }).get('default'));
    await failure('file store, invalid key', () => new FileTokenStore({ path, encryptionKey: `${ENCRYPTION_KEY}x` }));
    const readOnly = join(dir, 'read-only');
    await writeFile(readOnly, '');
    await chmod(dir, 0o500);
    try {
      if (process.getuid?.() !== 0) await failure('file store, unwritable directory', () => new FileTokenStore({ path: join(dir, 'sub', 'tokens.json') }).set('default', token));
    } finally {
      await chmod(dir, 0o700);
    }

    // The authorization dies: every token revoked, the token manager reports it.
    org.revokeAll();
    await failure('refresh after revocation (through the client)', () => sf.limits());
    await failure('fail-fast afterwards', () => sf.limits());
    await failure('static token revoked', () => new SalesforceClient({ token }).limits());

    // Now look at everything.
    expect(samples.length).toBeGreaterThan(35);
    const leaks: string[] = [];
    const all = [...samples, ...logLines.map((line, i) => ({ path: `log line ${i}`, value: line }))];
    for (const { path: where, value } of all) {
      const texts = typeof value === 'string' ? [value] : renderings(value);
      for (const secret of secrets) {
        if (texts.some((text) => text.includes(secret))) leaks.push(`${where}: ${secret.slice(0, 6)}…`);
      }
    }
    expect(leaks).toEqual([]);
    // And they were real failures of forcelink's own types (no raw axios or DOM errors).
    for (const { path: where, value } of samples) {
      if (value instanceof Error) expect(ForcelinkError.is(value), where).toBe(true);
    }
  });
});

describe('causes kept on errors', () => {
  beforeAll(() => {
    registerSecret(PASSWORD);
    registerSecret(CLIENT_SECRET);
  });

  it('a clean cause is kept as it is; one quoting a secret becomes a redacted copy of the same class', () => {
    class VendorError extends Error {
      detail = 'ok';
    }
    const clean = new VendorError('nothing to hide');
    expect(new HookError('beforeAction', clean).cause).toBe(clean);

    const dirty = new VendorError(`saw ${PASSWORD}`);
    dirty.detail = `token ${CLIENT_SECRET}`;
    const error = new HookError('beforeAction', dirty);
    const kept = error.cause as VendorError;
    expect(kept).not.toBe(dirty);
    expect(kept).toBeInstanceOf(VendorError);
    expect(kept.message).toBe('saw [REDACTED]');
    expect(kept.detail).toBe('token [REDACTED]');
    expect(dirty.message).toBe(`saw ${PASSWORD}`);
    expect(inspect(error, { depth: Infinity })).not.toContain(PASSWORD);
  });

  it('a cyclic or very deep cause chain is cut, not followed forever', () => {
    const loop = new Error(`loop ${PASSWORD}`);
    (loop as { cause?: unknown }).cause = loop;
    const error = new HookError('afterAction', loop);
    expect(inspect(error, { depth: Infinity })).not.toContain(PASSWORD);
    expect(new HookError('afterAction', { password: PASSWORD, note: `is ${PASSWORD}` }).cause).toEqual({ password: '[REDACTED]', note: 'is [REDACTED]' });
  });
});
