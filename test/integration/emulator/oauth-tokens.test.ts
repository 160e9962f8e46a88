import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../../src/emulator/index.js';
import { postForm, rest, startOrg } from './helpers.js';

const TOKEN = '/services/oauth2/token';
const EXPIRED = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

function refresh(org: SalesforceEmulator, refreshToken: string) {
  return postForm(org, TOKEN, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: org.clientId, client_secret: org.clientSecret });
}

describe('token lifetimes', () => {
  it('the sixth approval revokes the oldest refresh token and its access tokens', async () => {
    const org = await startOrg();
    try {
      const pairs = Array.from({ length: 5 }, () => org.issueTokens());
      const oldestAccess = pairs[0]!.access_token;
      expect((await rest(org, oldestAccess, 'GET', '/limits')).status).toBe(200);
      const sixth = org.issueTokens();
      const gone = await refresh(org, pairs[0]!.refresh_token as string);
      expect(gone.status).toBe(400);
      expect(gone.body).toEqual({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
      const dead = await rest(org, oldestAccess, 'GET', '/limits');
      expect(dead.status).toBe(401);
      expect(dead.body).toEqual(EXPIRED);
      for (const pair of [...pairs.slice(1), sixth]) expect((await refresh(org, pair.refresh_token as string)).status).toBe(200);
    } finally {
      await org.close();
    }
  });

  it('tokenPairLimit is configurable and counts per user', async () => {
    const org = await startOrg({ tokenPairLimit: 2, users: [{ username: 'a@x.test' }, { username: 'b@x.test' }] });
    try {
      const a1 = org.issueTokens({ username: 'a@x.test' });
      org.issueTokens({ username: 'b@x.test' });
      org.issueTokens({ username: 'b@x.test' });
      org.issueTokens({ username: 'a@x.test' });
      expect((await refresh(org, a1.refresh_token as string)).status).toBe(200);
      org.issueTokens({ username: 'a@x.test' });
      expect((await refresh(org, a1.refresh_token as string)).status).toBe(400);
    } finally {
      await org.close();
    }
  });

  it('sessions time out after inactivity and are extended by use', async () => {
    let now = Date.UTC(2025, 0, 1);
    const org = await startOrg({ sessionTimeoutMs: 60_000, now: () => now });
    try {
      const { access_token, refresh_token } = org.issueTokens();
      now += 50_000;
      expect((await rest(org, access_token, 'GET', '/limits')).status).toBe(200);
      now += 50_000;
      expect((await rest(org, access_token, 'GET', '/limits')).status).toBe(200);
      now += 60_001;
      const expired = await rest(org, access_token, 'GET', '/limits');
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual(EXPIRED);
      expect(expired.headers.get('sforce-limit-info')).toBeNull();
      expect((await refresh(org, refresh_token as string)).status).toBe(200);
    } finally {
      await org.close();
    }
  });

  it('expireSessions ends access tokens but keeps refresh tokens; revokeAll ends both', async () => {
    const org = await startOrg();
    try {
      const { access_token, refresh_token } = org.issueTokens();
      org.expireSessions();
      expect((await rest(org, access_token, 'GET', '/limits')).body).toEqual(EXPIRED);
      const renewed = await refresh(org, refresh_token as string);
      expect(renewed.status).toBe(200);
      org.revokeAll();
      expect((await rest(org, renewed.body.access_token, 'GET', '/limits')).status).toBe(401);
      expect((await refresh(org, refresh_token as string)).status).toBe(400);
    } finally {
      await org.close();
    }
  });

  it('rotation issues a new refresh token and invalidates the old one', async () => {
    const org = await startOrg({ refreshTokenRotation: true });
    try {
      const first = org.issueTokens();
      const res = await refresh(org, first.refresh_token as string);
      const body = res.body;
      expect(Object.keys(body)).toContain('refresh_token');
      expect(body.refresh_token).not.toBe(first.refresh_token);
      expect((await refresh(org, first.refresh_token as string)).body)
        .toEqual({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
      expect((await refresh(org, body.refresh_token)).status).toBe(200);
      // Rotation keeps the approval: access tokens of the old value still work.
      expect((await rest(org, first.access_token, 'GET', '/limits')).status).toBe(200);
    } finally {
      await org.close();
    }
  });

  it('counts token requests by grant type', async () => {
    const org = await startOrg();
    try {
      const { refresh_token } = org.issueTokens();
      await refresh(org, refresh_token as string);
      await refresh(org, refresh_token as string);
      await postForm(org, TOKEN, { grant_type: 'client_credentials', client_id: org.clientId, client_secret: org.clientSecret });
      expect(org.tokenRequests).toEqual({ total: 3, byGrantType: { refresh_token: 2, client_credentials: 1 } });
    } finally {
      await org.close();
    }
  });
});

describe('revoke, introspect, userinfo, identity', () => {
  let org: SalesforceEmulator;
  beforeAll(async () => {
    org = await startOrg();
  });
  afterAll(() => org.close());

  it('revoking a refresh token ends its access tokens', async () => {
    const { access_token, refresh_token } = org.issueTokens();
    const res = await postForm(org, '/services/oauth2/revoke', { token: refresh_token as string });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect((await rest(org, access_token, 'GET', '/limits')).status).toBe(401);
    expect((await refresh(org, refresh_token as string)).status).toBe(400);
  });

  it('revoking an access token (also by GET) leaves the refresh token', async () => {
    const { access_token, refresh_token } = org.issueTokens();
    const res = await fetch(`${org.loginUrl}/services/oauth2/revoke?token=${encodeURIComponent(access_token)}`);
    expect(res.status).toBe(200);
    expect((await rest(org, access_token, 'GET', '/limits')).status).toBe(401);
    expect((await refresh(org, refresh_token as string)).status).toBe(200);
    const again = await postForm(org, '/services/oauth2/revoke', { token: access_token });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'invalid_token', error_description: 'invalid token' });
  });

  it('introspects access and refresh tokens for the app', async () => {
    const { access_token, refresh_token } = org.issueTokens();
    const creds = { client_id: org.clientId, client_secret: org.clientSecret };
    const access = (await postForm(org, '/services/oauth2/introspect', { ...creds, token: access_token, token_type_hint: 'access_token' })).body as Record<string, unknown>;
    expect(access).toMatchObject({
      active: true, client_id: org.clientId, username: 'admin@forcelink.test', token_type: 'access_token',
      sub: `${org.loginUrl}/id/${org.orgId}/${org.userId}`, scope: 'api id web full refresh_token',
    });
    expect(access.exp).toBe((access.iat as number) + 7200);
    expect(access.nbf).toBe(access.iat);
    const rt = (await postForm(org, '/services/oauth2/introspect', { ...creds, token: refresh_token as string })).body;
    expect(rt).toMatchObject({ active: true, token_type: 'refresh_token' });
    expect(rt).not.toHaveProperty('exp');
    expect((await postForm(org, '/services/oauth2/introspect', { ...creds, token: 'nope' })).body).toEqual({ active: false });
    const anonymous = await postForm(org, '/services/oauth2/introspect', { token: access_token });
    expect(anonymous.status).toBe(400);
    expect(anonymous.body).toEqual({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
  });

  it('userinfo and the identity URL describe the token\'s user', async () => {
    const token = org.issueTokens();
    const auth = { authorization: `Bearer ${token.access_token}` };
    const info = (await (await fetch(`${org.loginUrl}/services/oauth2/userinfo`, { headers: auth })).json()) as Record<string, unknown>;
    expect(info).toMatchObject({
      sub: token.id, user_id: org.userId, organization_id: org.orgId, preferred_username: 'admin@forcelink.test',
      given_name: 'Ada', family_name: 'Admin', name: 'Ada Admin', email: 'admin@forcelink.test',
    });
    const identityRes = await fetch(`${token.id}?version=62.0`, { headers: auth });
    expect(identityRes.status).toBe(200);
    const identity = (await identityRes.json()) as Record<string, Record<string, string>>;
    expect(identity).toMatchObject({ id: token.id, user_id: org.userId, organization_id: org.orgId, username: 'admin@forcelink.test' });
    expect(identity.urls!.rest).toBe(`${org.instanceUrl}/services/data/v62.0/`);
    const dead = await fetch(token.id, { headers: { authorization: 'Bearer nope' } });
    expect(dead.status).toBe(403);
    expect(await dead.text()).toBe('Bad_OAuth_Token');
    const missing = await fetch(token.id);
    expect(await missing.text()).toBe('Missing_OAuth_Token');
    const other = await fetch(`${org.loginUrl}/id/${org.orgId}/005000000000000AAA`, { headers: auth });
    expect(other.status).toBe(404);
  });
});
