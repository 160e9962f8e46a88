import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenManager } from '../../../src/auth/token-manager.js';
import { MemoryTokenStore } from '../../../src/auth/stores/memory.js';
import { SalesforceClient } from '../../../src/client.js';
import { InvalidSignatureError } from '../../../src/core/errors.js';
import type { Hooks, OAuthContext } from '../../../src/hooks/types.js';
import { createCallbackHandler } from '../../../src/node/index.js';
import { authorize, connect, oauthFor, startOrg, tokenCalls, type Org } from '../helpers.js';

let org: Org;
beforeAll(async () => {
  org = await startOrg();
});
afterAll(() => org.close());

describe('token lifecycle', () => {
  it('rejects a token response whose signature does not verify', async () => {
    const oauth = oauthFor(org);
    const good = org.issueTokens();
    org.faults.inject({ path: '/services/oauth2/token', status: 200, body: { ...good, signature: 'AAAA' + String(good.signature).slice(4) } });
    await expect(oauth.refresh(good.refresh_token!)).rejects.toBeInstanceOf(InvalidSignatureError);
  });

  it('runs the OAuth events around token requests, never the action hooks', async () => {
    const seen: string[] = [];
    const oauthHooks: Hooks = {
      beforeOAuth2Token: (ctx: OAuthContext) => void seen.push(`beforeToken:${ctx.parameters.grant_type}`),
      afterOAuth2Token: (ctx: OAuthContext) => void seen.push(`afterToken:${ctx.response?.instanceUrl === org.instanceUrl}`),
      beforeOAuth2Refresh: (ctx: OAuthContext) => {
        ctx.parameters.format = 'json';
        ctx.requestHeaders['X-Refresh-Hook'] = 'yes';
        seen.push('beforeRefresh');
      },
      afterOAuth2Refresh: () => void seen.push('afterRefresh'),
      beforeAction: () => void seen.push('beforeAction'),
    };
    const oauth = oauthFor(org, { hooks: oauthHooks });
    const token = await authorize(org, oauth);
    await oauth.refresh(token.refreshToken!);
    expect(seen).toEqual(['beforeToken:authorization_code', 'afterToken:true', 'beforeRefresh', 'afterRefresh']);
    const sent = org.requests.filter((r) => r.path === '/services/oauth2/token').at(-1)!;
    expect(sent.headers['x-refresh-hook']).toBe('yes');
    expect(new URLSearchParams(sent.body).get('format')).toBe('json');
  });

  it('a 401 for an older token just replays with the newer one (no token request)', async () => {
    const { tokens, token } = await connect(org);
    const fresh = await tokens.refresh();
    const before = tokenCalls(org);
    expect((await tokens.refreshAfterRejection(token)).accessToken).toBe(fresh.accessToken);
    expect(tokenCalls(org)).toBe(before);
  });

  it('replays go to the new instance when instance_url changes on refresh', async () => {
    const moved = org.instanceUrl.replace('127.0.0.1', 'localhost');
    const oauth = oauthFor(org, { hooks: { afterOAuth2Refresh: (ctx) => void (ctx.response = { ...ctx.response!, instanceUrl: moved }) } });
    const tokens = new TokenManager({ oauth, token: await authorize(org, oauth) });
    const sf = new SalesforceClient({ tokens });
    org.expireSessions();
    await sf.limits();
    const [dead, replay] = org.requests.filter((r) => r.path.endsWith('/limits/')).slice(-2);
    expect(dead?.headers.host).toBe(new URL(org.instanceUrl).host);
    expect(replay?.headers.host).toBe(new URL(moved).host);
    expect(replay?.status).toBe(200);
  });

  it('revoke ends the authorization at Salesforce and emits revoked', async () => {
    const { tokens, oauth, token } = await connect(org);
    let revoked = 0;
    tokens.on('revoked', () => revoked++);
    await tokens.revoke();
    expect(revoked).toBe(1);
    expect((await oauth.introspect(token)).active).toBe(false);
    expect(await tokens.store.get(tokens.key)).toBeUndefined();
  });

  it('invalidate makes the next getToken refresh', async () => {
    const { tokens, token } = await connect(org);
    tokens.invalidate(token.accessToken);
    const next = await tokens.getToken();
    expect(next.accessToken).not.toBe(token.accessToken);
    expect(next.refreshToken).toBe(token.refreshToken);
  });
});

describe('Connected App callback with the real OAuth2 against the emulator', () => {
  let server: Server;
  let callbackOrg: Org;
  const store = new MemoryTokenStore();

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/connector/callback`;
    callbackOrg = await startOrg({ redirectUri });
    const handler = createCallbackHandler({ oauth: oauthFor(callbackOrg), store, key: 'acme' });
    server.on('request', (req, res) => {
      if (req.url === '/login') void handler.start(res);
      else void handler.handle(req, res);
    });
  });
  afterAll(async () => {
    await callbackOrg.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('login → Salesforce authorize → /connector/callback → token stored', async () => {
    const base = callbackOrg.redirectUri.replace('/connector/callback', '');
    const login = await axios.get(`${base}/login`, { maxRedirects: 0, validateStatus: () => true });
    expect(login.status).toBe(302);
    const approval = await axios.get(String(login.headers.location), { maxRedirects: 0, validateStatus: () => true });
    const callback = await axios.get(String(approval.headers.location), { validateStatus: () => true });
    expect(callback.status).toBe(200);
    const stored = await store.get('acme');
    expect(stored?.instanceUrl).toBe(callbackOrg.instanceUrl);
    expect(String(callback.data)).not.toContain(stored!.accessToken);
    const replay = await axios.get(String(approval.headers.location), { validateStatus: () => true });
    expect(replay.status).toBe(400);
  });
});
