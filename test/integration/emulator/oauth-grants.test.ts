import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { exportSPKI, generateKeyPair, importPKCS8, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../../src/emulator/index.js';
import { postForm, rest, startOrg } from './helpers.js';

const TOKEN = '/services/oauth2/token';
const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Runs the authorize step; returns the redirect's query parameters. */
async function authorize(org: SalesforceEmulator, params: Record<string, string> = {}) {
  const query = new URLSearchParams({ response_type: 'code', client_id: org.clientId, redirect_uri: org.redirectUri, ...params });
  const res = await fetch(`${org.loginUrl}/services/oauth2/authorize?${query}`, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location') ?? '', text: await res.text() };
}

function redirectParams(location: string): URLSearchParams {
  return new URL(location).searchParams;
}

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('authorization-code grant', () => {
  let org: SalesforceEmulator;
  beforeAll(async () => {
    org = await startOrg();
  });
  afterAll(() => org.close());

  it('redirects with code and state, then exchanges the code for a full token response', async () => {
    const { status, location } = await authorize(org, { state: 'xyz 1/2' });
    expect(status).toBe(302);
    expect(location.startsWith(`${org.redirectUri}?`)).toBe(true);
    const params = redirectParams(location);
    expect(params.get('state')).toBe('xyz 1/2');
    const code = params.get('code') as string;
    expect(code).toMatch(/==$/);

    const res = await postForm(org, TOKEN, {
      grant_type: 'authorization_code', code, client_id: org.clientId, client_secret: org.clientSecret, redirect_uri: org.redirectUri,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = res.body;
    expect(Object.keys(body)).toEqual(['access_token', 'refresh_token', 'signature', 'scope', 'instance_url', 'id', 'token_type', 'issued_at']);
    expect(body.access_token.startsWith(`${org.orgId.slice(0, 15)}!`)).toBe(true);
    expect(body.token_type).toBe('Bearer');
    expect(body.instance_url).toBe(org.instanceUrl);
    expect(body.id).toBe(`${org.loginUrl}/id/${org.orgId}/${org.userId}`);
    expect(body.issued_at).toMatch(/^\d{13}$/);
    expect(body).not.toHaveProperty('expires_in');
    const expected = createHmac('sha256', org.clientSecret).update(body.id + body.issued_at).digest('base64');
    expect(body.signature).toBe(expected);
  });

  it('codes are single use', async () => {
    const code = redirectParams((await authorize(org)).location).get('code') as string;
    const fields = { grant_type: 'authorization_code', code, client_id: org.clientId, client_secret: org.clientSecret, redirect_uri: org.redirectUri };
    expect((await postForm(org, TOKEN, fields)).status).toBe(200);
    const again = await postForm(org, TOKEN, fields);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'invalid_grant', error_description: 'invalid authorization code' });
  });

  it('PKCE: right verifier works, wrong one is invalid_request, missing one is invalid_grant', async () => {
    const exchange = async (extra: Record<string, string>) => {
      const { verifier, challenge } = pkcePair();
      const code = redirectParams((await authorize(org, { code_challenge: challenge, code_challenge_method: 'S256' })).location).get('code') as string;
      const fields = { grant_type: 'authorization_code', code, client_id: org.clientId, client_secret: org.clientSecret, redirect_uri: org.redirectUri };
      return postForm(org, TOKEN, { ...fields, ...(extra.code_verifier === 'RIGHT' ? { code_verifier: verifier } : extra) });
    };
    expect((await exchange({ code_verifier: 'RIGHT' })).status).toBe(200);
    const wrong = await exchange({ code_verifier: randomBytes(32).toString('base64url') });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ error: 'invalid_request', error_description: 'invalid code verifier' });
    const missing = await exchange({});
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: 'invalid_grant', error_description: 'invalid code verifier' });
  });

  it('authorize refuses an unknown client or a different redirect URI, and plain PKCE', async () => {
    const unknown = await authorize(org, { client_id: 'nope' });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text)).toEqual({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
    const mismatch = await authorize(org, { redirect_uri: `${org.redirectUri}/` });
    expect(mismatch.status).toBe(400);
    expect(JSON.parse(mismatch.text)).toEqual({ error: 'redirect_uri_mismatch', error_description: 'redirect_uri must match configuration' });
    const plain = await authorize(org, { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain', state: 's' });
    expect(plain.status).toBe(302);
    expect(Object.fromEntries(redirectParams(plain.location))).toEqual({ error: 'invalid_request', error_description: 'invalid code challenge', state: 's' });
    const denied = await authorize(org, { login_hint: 'nobody@example.com' });
    expect(redirectParams(denied.location).get('error')).toBe('access_denied');
  });

  it('the token request must repeat the redirect URI and carry the secret', async () => {
    const code = redirectParams((await authorize(org)).location).get('code') as string;
    const res = await postForm(org, TOKEN, {
      grant_type: 'authorization_code', code, client_id: org.clientId, client_secret: org.clientSecret, redirect_uri: 'http://evil.example/cb',
    });
    expect(res.body).toEqual({ error: 'redirect_uri_mismatch', error_description: 'redirect_uri must match configuration' });
    const noSecret = await postForm(org, TOKEN, { grant_type: 'authorization_code', code: 'x', client_id: org.clientId, redirect_uri: org.redirectUri });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
  });

  it('grants the scopes asked for (offline_access as refresh_token); unknown scopes are invalid_scope', async () => {
    const code = redirectParams((await authorize(org, { scope: 'full offline_access' })).location).get('code') as string;
    const res = await postForm(org, TOKEN, {
      grant_type: 'authorization_code', code, client_id: org.clientId, client_secret: org.clientSecret, redirect_uri: org.redirectUri,
    });
    expect(res.body.scope).toBe('full refresh_token');
    expect(res.body).toHaveProperty('refresh_token');
    const apiOnly = redirectParams((await authorize(org, { scope: 'api' })).location).get('code') as string;
    const noRefresh = await postForm(org, TOKEN, {
      grant_type: 'authorization_code', code: apiOnly, client_id: org.clientId, client_secret: org.clientSecret, redirect_uri: org.redirectUri,
    });
    expect(noRefresh.body.scope).toBe('api');
    expect(noRefresh.body).not.toHaveProperty('refresh_token');
    const unknown = redirectParams((await authorize(org, { scope: 'api chatter_api', state: 'q' })).location);
    expect(Object.fromEntries(unknown)).toEqual({ error: 'invalid_scope', error_description: 'the requested scope is not allowed', state: 'q' });
  });

  it('login_hint picks the user', async () => {
    const two = await startOrg({ users: [{ username: 'a@x.test' }, { username: 'b@x.test', firstName: 'Bea', lastName: 'Bee' }] });
    try {
      const code = redirectParams((await authorize(two, { login_hint: 'B@x.test' })).location).get('code') as string;
      const res = await postForm(two, TOKEN, {
        grant_type: 'authorization_code', code, client_id: two.clientId, client_secret: two.clientSecret, redirect_uri: two.redirectUri,
      });
      const info = await fetch(`${two.loginUrl}/services/oauth2/userinfo`, { headers: { authorization: `Bearer ${res.body.access_token}` } });
      expect(((await info.json()) as Record<string, unknown>).preferred_username).toBe('b@x.test');
    } finally {
      await two.close();
    }
  });
});

describe('token endpoint errors', () => {
  let org: SalesforceEmulator;
  beforeAll(async () => {
    org = await startOrg();
  });
  afterAll(() => org.close());

  it('answers Salesforce\'s exact bodies with 400 and no-store', async () => {
    const cases: Array<[Record<string, string>, Record<string, string>]> = [
      [{ grant_type: 'magic' }, { error: 'unsupported_grant_type', error_description: 'grant type not supported' }],
      [{ grant_type: 'password', client_id: 'unknown', client_secret: 'x', username: 'u', password: 'p' },
        { error: 'invalid_client_id', error_description: 'client identifier invalid' }],
      [{ grant_type: 'password', client_id: '', client_secret: 'wrong', username: 'u', password: 'p' },
        { error: 'invalid_client_id', error_description: 'client identifier invalid' }],
      [{ grant_type: 'refresh_token', refresh_token: 'nope', client_id: 'CLIENT', client_secret: 'SECRET' },
        { error: 'invalid_grant', error_description: 'expired access/refresh token' }],
      [{ grant_type: 'refresh_token', refresh_token: 'nope', client_id: 'CLIENT', client_secret: 'wrong' },
        { error: 'invalid_client', error_description: 'invalid client credentials' }],
      [{ grant_type: 'password', client_id: 'CLIENT', client_secret: 'SECRET', username: 'admin@forcelink.test', password: 'bad' },
        { error: 'invalid_grant', error_description: 'authentication failure' }],
    ];
    for (const [fields, expected] of cases) {
      const filled = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === 'CLIENT' ? org.clientId : v === 'SECRET' ? org.clientSecret : v]));
      const res = await postForm(org, TOKEN, filled);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body).toEqual(expected);
    }
  });
});

describe('refresh, password and client-credentials grants', () => {
  let org: SalesforceEmulator;
  beforeAll(async () => {
    org = await startOrg({ users: [{ username: 'ada@x.test', password: 'pw', securityToken: 'TOK' }, { username: 'old@x.test', active: false }] });
  });
  afterAll(() => org.close());

  it('refresh gives a new access token and no refresh token (rotation off)', async () => {
    const first = org.issueTokens();
    const res = await postForm(org, TOKEN, {
      grant_type: 'refresh_token', refresh_token: first.refresh_token as string, client_id: org.clientId, client_secret: org.clientSecret,
    });
    expect(res.status).toBe(200);
    const body = res.body;
    expect(Object.keys(body)).toEqual(['access_token', 'signature', 'scope', 'instance_url', 'id', 'token_type', 'issued_at']);
    expect(body.access_token).not.toBe(first.access_token);
    expect((await rest(org, body.access_token, 'GET', '/limits')).status).toBe(200);
    expect((await rest(org, first.access_token, 'GET', '/limits')).status).toBe(200);
  });

  it('refresh needs the secret unless the app says otherwise', async () => {
    const { refresh_token } = org.issueTokens();
    const res = await postForm(org, TOKEN, { grant_type: 'refresh_token', refresh_token: refresh_token as string, client_id: org.clientId });
    expect(res.body).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
    const lax = await startOrg({ requireSecretForRefresh: false });
    try {
      const token = lax.issueTokens();
      const ok = await postForm(lax, TOKEN, { grant_type: 'refresh_token', refresh_token: token.refresh_token as string, client_id: lax.clientId });
      expect(ok.status).toBe(200);
    } finally {
      await lax.close();
    }
  });

  it('password grant: password or password + security token; no refresh token; inactive users refused', async () => {
    for (const password of ['pw', 'pwTOK']) {
      const res = await postForm(org, TOKEN, { grant_type: 'password', client_id: org.clientId, client_secret: org.clientSecret, username: 'ADA@x.test', password });
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('refresh_token');
      expect(res.body.scope).not.toContain('refresh_token');
    }
    const inactive = await postForm(org, TOKEN, { grant_type: 'password', client_id: org.clientId, client_secret: org.clientSecret, username: 'old@x.test', password: 'password' });
    expect(inactive.body).toEqual({ error: 'invalid_grant', error_description: 'inactive user' });
  });

  it('client credentials (form or HTTP Basic) filter full/web/refresh_token from the scope', async () => {
    const viaForm = await postForm(org, TOKEN, { grant_type: 'client_credentials', client_id: org.clientId, client_secret: org.clientSecret });
    expect(viaForm.status).toBe(200);
    const body = viaForm.body;
    expect(body.scope.split(' ').sort()).toEqual(['api', 'id']);
    expect(body).not.toHaveProperty('refresh_token');
    const basic = Buffer.from(`${org.clientId}:${org.clientSecret}`).toString('base64');
    const viaBasic = await postForm(org, TOKEN, { grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` });
    expect(viaBasic.status).toBe(200);
    const wrong = await postForm(org, TOKEN, { grant_type: 'client_credentials', client_id: org.clientId, client_secret: 'x' });
    expect(wrong.body).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
  });
});

describe('JWT bearer grant', () => {
  let org: SalesforceEmulator;
  let privateKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    org = await startOrg({ jwtPublicKey: await exportSPKI(pair.publicKey) });
  });
  afterAll(() => org.close());

  const assertion = (claims: Record<string, unknown>, key: CryptoKey = privateKey) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(key);
  const exchange = async (jwt: string) => postForm(org, TOKEN, { grant_type: JWT_GRANT, assertion: jwt });
  const valid = () => ({ iss: org.clientId, sub: 'admin@forcelink.test', aud: 'https://login.salesforce.com', exp: Math.floor(Date.now() / 1000) + 180 });

  it('issues a session without refresh token, signature or issued_at', async () => {
    const res = await exchange(await assertion(valid()));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body as object)).toEqual(['access_token', 'scope', 'instance_url', 'id', 'token_type']);
    expect(org.tokenRequests.byGrantType[JWT_GRANT]).toBeGreaterThan(0);
  });

  it('accepts the emulator URL and test.salesforce.com as audience, and exp in milliseconds (as sfdx sends)', async () => {
    for (const aud of [org.loginUrl, 'https://test.salesforce.com/', [org.loginUrl]]) {
      expect((await exchange(await assertion({ ...valid(), aud }))).status).toBe(200);
    }
    expect((await exchange(await assertion({ ...valid(), exp: Date.now() + 300_000 }))).status).toBe(200);
    expect((await exchange(await assertion({ ...valid(), exp: String(Math.floor(Date.now() / 1000) + 60) }))).status).toBe(200);
  });

  it('refuses a bad audience, a past exp, an unknown issuer or user, and a foreign signature', async () => {
    expect((await exchange(await assertion({ ...valid(), aud: 'https://example.com' }))).body)
      .toEqual({ error: 'invalid_grant', error_description: 'Audience validation failed' });
    expect((await exchange(await assertion({ ...valid(), exp: Math.floor(Date.now() / 1000) - 10 }))).body)
      .toEqual({ error: 'invalid_grant', error_description: 'expired authorization code' });
    expect((await exchange(await assertion({ ...valid(), iss: 'someone' }))).body)
      .toEqual({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
    expect((await exchange(await assertion({ ...valid(), sub: 'ghost@x.test' }))).body)
      .toEqual({ error: 'invalid_grant', error_description: "user hasn't approved this consumer" });
    const other = await generateKeyPair('RS256');
    const forged = await exchange(await assertion(valid(), other.privateKey));
    expect(forged.status).toBe(400);
    expect(forged.body).toEqual({ error: 'invalid_grant', error_description: 'invalid assertion' });
    expect((await exchange('not-a-jwt')).body).toEqual({ error: 'invalid_grant', error_description: 'invalid assertion' });
  });

  it('verifies against a configured X.509 certificate too', async () => {
    const dir = new URL('./fixtures/', import.meta.url);
    const certOrg = await startOrg({ jwtPublicKey: readFileSync(new URL('test-only-jwt-cert.pem', dir), 'utf8') });
    try {
      const key = await importPKCS8(readFileSync(new URL('test-only-jwt-key.pem', dir), 'utf8'), 'RS256');
      const jwt = await new SignJWT({ iss: certOrg.clientId, sub: 'admin@forcelink.test', aud: certOrg.loginUrl, exp: Math.floor(Date.now() / 1000) + 60 })
        .setProtectedHeader({ alg: 'RS256' }).sign(key);
      const res = await postForm(certOrg, TOKEN, { grant_type: JWT_GRANT, assertion: jwt });
      expect(res.status).toBe(200);
    } finally {
      await certOrg.close();
    }
  });

  it('start() rejects a key that is not PEM', async () => {
    await expect(startOrg({ jwtPublicKey: 'garbage' })).rejects.toThrow(/jwtPublicKey/);
  });
});
