import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import axios from 'axios';
import { InvalidClientError, InvalidGrantError, InvalidRequestError, OAuthError } from '../../../src/core/errors.js';
import { authorize, oauthFor, startOrg, type Org } from '../helpers.js';

let org: Org;
beforeAll(async () => {
  org = await startOrg();
});
afterAll(() => org.close());

describe('web-server flow against the emulator', () => {
  it('authorizes with PKCE and state, and verifies the signature', async () => {
    const oauth = oauthFor(org);
    const token = await authorize(org, oauth);
    expect(token.accessToken).toMatch(/^00D\w{12}!/);
    expect(token.refreshToken).toBeTruthy();
    expect(token.instanceUrl).toBe(org.instanceUrl);
    expect(token.issuedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(token.expiresAt).toBeUndefined();
    expect(await oauth.verifySignature(token)).toBe(true);
    expect(await oauth.verifySignature({ ...token, issuedAt: token.issuedAt + 1 })).toBe(false);
  });

  it('puts state, scopes and the S256 challenge on the authorize URL', async () => {
    const { url, state, codeVerifier } = await oauthFor(org).authorizeUrl({ prompt: 'consent', loginHint: 'x@y.z' });
    const params = new URL(url).searchParams;
    expect(params.get('state')).toBe(state);
    expect(params.get('scope')).toBe('full refresh_token offline_access');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('prompt')).toBe('consent');
    expect(codeVerifier).toBeTruthy();
  });

  it('refuses a wrong PKCE verifier (invalid_request) and a missing one (invalid_grant)', async () => {
    const oauth = oauthFor(org);
    for (const [verifier, ErrorClass] of [['wrong-verifier-wrong-verifier-wrong-verifier', InvalidRequestError], [undefined, InvalidGrantError]] as const) {
      const { url } = await oauth.authorizeUrl();
      const approval = await axios.get(url, { maxRedirects: 0, validateStatus: () => true });
      const code = new URL(String(approval.headers.location)).searchParams.get('code')!;
      await expect(oauth.exchangeCode(code, verifier ? { codeVerifier: verifier } : {})).rejects.toBeInstanceOf(ErrorClass);
    }
  });

  it('types token-endpoint errors by their OAuth error code', async () => {
    await expect(oauthFor(org, { clientSecret: 'not-the-secret' }).refresh('5Aep-whatever')).rejects.toBeInstanceOf(InvalidClientError);
    await expect(oauthFor(org, { clientId: 'unknown-client' }).clientCredentials()).rejects.toBeInstanceOf(InvalidClientError);
    const error = await oauthFor(org).refresh('not-a-refresh-token').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidGrantError);
    expect((error as OAuthError).errorDescription).toBe('expired access/refresh token');
  });

  it('refresh keeps the old refresh token when Salesforce does not rotate', async () => {
    const oauth = oauthFor(org);
    const token = await authorize(org, oauth);
    const fresh = await oauth.refresh(token.refreshToken!);
    expect(fresh.accessToken).not.toBe(token.accessToken);
    expect(fresh.refreshToken).toBe(token.refreshToken);
  });

  it('introspects, reads user info and identity, and revokes', async () => {
    const oauth = oauthFor(org);
    const token = await authorize(org, oauth);
    const info = await oauth.introspect(token);
    expect(info.active).toBe(true);
    const known = await oauth.withExpiry(token);
    expect(known.expiresAt).toBeGreaterThan(Date.now());
    expect((await oauth.userInfo(token)).user_id).toBeTruthy();
    expect((await oauth.identity(token)).username).toBeTruthy();
    await oauth.revoke(token.refreshToken!);
    expect((await oauth.introspect(token)).active).toBe(false);
    await expect(oauth.refresh(token.refreshToken!)).rejects.toBeInstanceOf(InvalidGrantError);
  });
});
