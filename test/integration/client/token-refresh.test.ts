import { afterEach, describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { TokenManager } from '../../../src/auth/token-manager.js';
import { SalesforceClient } from '../../../src/client.js';
import { InvalidSessionError, ReauthorizationRequiredError } from '../../../src/core/errors.js';
import { authorize, connect, oauthFor, startOrg, tokenCalls, type Org } from '../helpers.js';

let org: Org | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

describe('token refresh under concurrency', () => {
  it('500 concurrent calls on an expired session cause exactly one token request', async () => {
    org = await startOrg();
    const { sf, tokens } = await connect(org);
    await sf.limits();
    let refreshed = 0;
    tokens.on('refreshed', () => refreshed++);
    org.expireSessions();
    const before = tokenCalls(org);
    const results = await Promise.allSettled(Array.from({ length: 500 }, () => sf.limits()));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(tokenCalls(org) - before).toBe(1);
    expect(refreshed).toBe(1);
  });

  it('keeps working through many rotations when refresh tokens rotate', async () => {
    org = await startOrg({ refreshTokenRotation: true });
    const { sf, tokens, token } = await connect(org);
    const seen = new Set([token.refreshToken]);
    for (let i = 0; i < 8; i++) {
      org.expireSessions();
      await Promise.all(Array.from({ length: 10 }, () => sf.limits()));
      seen.add((await tokens.getToken()).refreshToken);
    }
    expect(seen.size).toBe(9);
  });

  it('a sixth approval revokes the oldest: ReauthorizationRequiredError with exactly one token call, event once', async () => {
    org = await startOrg({ tokenPairLimit: 5 });
    const { sf, tokens } = await connect(org);
    for (let i = 0; i < 5; i++) await authorize(org);
    let events = 0;
    tokens.on('reauthorizationRequired', () => events++);
    org.expireSessions();
    const before = tokenCalls(org);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => sf.limits()));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof ReauthorizationRequiredError)).toBe(true);
    await expect(sf.limits()).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(tokenCalls(org) - before).toBe(1);
    expect(events).toBe(1);
    const error = (results[0] as PromiseRejectedResult).reason as ReauthorizationRequiredError;
    expect(error.errorDescription).toBe('expired access/refresh token');
  });

  it('a persistent 401 ends after one refresh and one replay', async () => {
    org = await startOrg();
    const { sf } = await connect(org);
    org.faults.inject({ path: '/limits', status: 401, body: [{ message: 'This session is not valid for use with the REST API', errorCode: 'INVALID_SESSION_ID' }], times: 10 });
    const before = tokenCalls(org);
    const error = await sf.limits().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidSessionError);
    expect((error as InvalidSessionError).message).toContain('not valid for use with the REST API');
    expect(tokenCalls(org) - before).toBe(1);
    expect(org.requests.filter((r) => r.path.includes('/limits')).length).toBe(2);
  });

  it('a static token never refreshes: 401 is final', async () => {
    org = await startOrg();
    const token = await authorize(org);
    const sf = new SalesforceClient({ token });
    org.expireSessions();
    await expect(sf.limits()).rejects.toBeInstanceOf(InvalidSessionError);
  });

  it('proactively refreshes when the session timeout is known (no request with a dead token)', async () => {
    org = await startOrg({ sessionTimeoutMs: 120_000 });
    const oauth = oauthFor(org);
    const token = await authorize(org, oauth);
    const tokens = new TokenManager({ oauth, token: { ...token, issuedAt: Date.now() - 119_000 }, sessionTimeoutMs: 120_000 });
    const sf = new SalesforceClient({ tokens });
    await Promise.all(Array.from({ length: 20 }, () => sf.limits()));
    expect(org.requests.filter((r) => r.status === 401)).toHaveLength(0);
    expect(tokenCalls(org)).toBe(1);
  });

  it('never shows tokens or secrets in errors', async () => {
    org = await startOrg();
    const { sf, token } = await connect(org);
    org.faults.inject({ path: '/limits', status: 500, body: [{ message: `boom ${token.accessToken}`, errorCode: 'UNKNOWN_EXCEPTION' }], times: 10 });
    const error = await sf.limits({ retry: false }).catch((e: unknown) => e);
    for (const text of [String((error as Error).message), JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(text).not.toContain(token.accessToken);
      expect(text).not.toContain(token.refreshToken!);
      expect(text).not.toContain(org.clientSecret);
    }
  });
});
