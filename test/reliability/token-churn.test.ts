/**
 * Token churn under load: sessions expiring, tokens revoked and the sixth approval revoking the
 * first while 200 calls are in flight. Every call succeeds or ends with the right typed error,
 * and the number of token and API requests stays bounded (no refresh loop, no retry storm).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SalesforceClient } from '../../src/client.js';
import { InvalidSessionError, ReauthorizationRequiredError } from '../../src/core/errors.js';
import { authorize, connect, type Org } from '../integration/helpers.js';
import { startReliabilityOrg, until } from './helpers.js';

const CALLS = 200;
let org: Org | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

const apiRequests = (o: Org) => o.requests.filter((r) => r.path.startsWith('/services/data/')).length;

/** Starts `CALLS` calls (limits reads and creates, mixed), slowed at the org so they overlap. */
function load(o: Org, sf: SalesforceClient, label: string) {
  o.faults.inject({ path: '/services/data/', delayMs: 3, times: Infinity });
  return Promise.allSettled(
    Array.from({ length: CALLS }, (_, i) =>
      i % 4 === 0 ? sf.sobject('Soak__c').create({ Name: label, Marker__c: `${label}-${i}` }) : sf.limits(),
    ),
  );
}

function outcomes(results: PromiseSettledResult<unknown>[]) {
  const out = { ok: 0, reauthorize: 0, invalidSession: 0, other: [] as unknown[] };
  for (const r of results) {
    if (r.status === 'fulfilled') out.ok++;
    else if (r.reason instanceof ReauthorizationRequiredError) out.reauthorize++;
    else if (r.reason instanceof InvalidSessionError) out.invalidSession++;
    else out.other.push(r.reason);
  }
  return out;
}

/** Each create that succeeded is stored once; none is stored twice. */
function expectNoDuplicates(o: Org, label: string) {
  const seen = new Map<string, number>();
  for (const r of o.records('Soak__c')) if (r.Name === label) seen.set(String(r.Marker__c), (seen.get(String(r.Marker__c)) ?? 0) + 1);
  expect([...seen.values()].every((n) => n === 1)).toBe(true);
}

describe('token churn with 200 calls in flight', () => {
  it('sessions expiring mid-load: every call succeeds with exactly one refresh', async () => {
    org = await startReliabilityOrg();
    const o = org;
    const { sf, tokens } = await connect(o, { client: { maxConcurrentRequests: 20 } });
    let refreshed = 0;
    tokens.on('refreshed', () => refreshed++);
    const tokenBefore = o.tokenRequests.total;
    const apiBefore = apiRequests(o);
    const running = load(o, sf, 'expire');
    await until(() => apiRequests(o) - apiBefore >= 60);
    o.expireSessions();
    expect(outcomes(await running)).toEqual({ ok: CALLS, reauthorize: 0, invalidSession: 0, other: [] });
    expect(o.tokenRequests.total - tokenBefore).toBe(1);
    expect(refreshed).toBe(1);
    expect(apiRequests(o) - apiBefore).toBeLessThanOrEqual(2 * CALLS);
    expect(o.records('Soak__c').filter((r) => r.Name === 'expire')).toHaveLength(CALLS / 4);
    expectNoDuplicates(o, 'expire');
  });

  it.each([
    ['fixed refresh tokens', false],
    ['rotating refresh tokens', true],
  ])('sessions expiring four times mid-load (%s): success, or InvalidSessionError for a call whose one replay met the next expiry', async (_label, refreshTokenRotation) => {
    org = await startReliabilityOrg({ refreshTokenRotation });
    const o = org;
    const { sf, tokens } = await connect(o, { client: { maxConcurrentRequests: 20 } });
    let refreshed = 0;
    tokens.on('refreshed', () => refreshed++);
    const tokenBefore = o.tokenRequests.total;
    const apiBefore = apiRequests(o);
    const running = load(o, sf, `expire4-${refreshTokenRotation}`);
    for (const at of [30, 70, 110, 150]) {
      await until(() => apiRequests(o) - apiBefore >= at);
      o.expireSessions();
    }
    const result = outcomes(await running);
    expect(result.other).toEqual([]);
    expect(result.reauthorize).toBe(0);
    expect(result.ok + result.invalidSession).toBe(CALLS);
    const tokenRequests = o.tokenRequests.total - tokenBefore;
    expect(tokenRequests).toBeGreaterThanOrEqual(1);
    expect(tokenRequests).toBeLessThanOrEqual(4);
    expect(refreshed).toBe(tokenRequests);
    expect(apiRequests(o) - apiBefore).toBeLessThanOrEqual(2 * CALLS);
    expectNoDuplicates(o, `expire4-${refreshTokenRotation}`);
    // And the authorization is still good afterwards.
    await expect(sf.limits()).resolves.toBeDefined();
  });

  it('every token revoked mid-load: successes, then ReauthorizationRequiredError; one token request, one event', async () => {
    org = await startReliabilityOrg();
    const o = org;
    const { sf, tokens } = await connect(o, { client: { maxConcurrentRequests: 20 } });
    let events = 0;
    tokens.on('reauthorizationRequired', () => events++);
    const tokenBefore = o.tokenRequests.total;
    const apiBefore = apiRequests(o);
    const running = load(o, sf, 'revoke');
    await until(() => apiRequests(o) - apiBefore >= 60);
    o.revokeAll();
    const result = outcomes(await running);
    expect(result.other).toEqual([]);
    expect(result.invalidSession).toBe(0);
    expect(result.ok).toBeGreaterThanOrEqual(60 - 20);
    expect(result.reauthorize).toBeGreaterThan(0);
    expect(result.ok + result.reauthorize).toBe(CALLS);
    expect(o.tokenRequests.total - tokenBefore).toBe(1);
    expect(events).toBe(1);
    expect(apiRequests(o) - apiBefore).toBeLessThanOrEqual(CALLS);
    expectNoDuplicates(o, 'revoke');

    // Afterwards calls fail fast: no token request, no API request.
    const apiAfter = apiRequests(o);
    await expect(sf.limits()).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(o.tokenRequests.total - tokenBefore).toBe(1);
    expect(apiRequests(o)).toBe(apiAfter);
    expect(events).toBe(1);
  });

  it('the sixth approval revokes this one mid-load: the same bounded outcome', async () => {
    // issueTokens is the approval without the browser round trip, so it lands while calls are in flight.
    org = await startReliabilityOrg({ tokenPairLimit: 5 });
    const o = org;
    const { sf, tokens } = await connect(o, { client: { maxConcurrentRequests: 20 } });
    let events = 0;
    tokens.on('reauthorizationRequired', () => events++);
    const refreshBefore = o.tokenRequests.byGrantType.refresh_token ?? 0;
    const apiBefore = apiRequests(o);
    const running = load(o, sf, 'sixth');
    await until(() => apiRequests(o) - apiBefore >= 60);
    for (let i = 0; i < 5; i++) o.issueTokens();
    const result = outcomes(await running);
    expect(result.other).toEqual([]);
    expect(result.invalidSession).toBe(0);
    expect(result.reauthorize).toBeGreaterThan(0);
    expect(result.ok + result.reauthorize).toBe(CALLS);
    expect((o.tokenRequests.byGrantType.refresh_token ?? 0) - refreshBefore).toBe(1);
    expect(events).toBe(1);
    expect(apiRequests(o) - apiBefore).toBeLessThanOrEqual(CALLS);
    const error = (await sf.limits().catch((e: unknown) => e)) as ReauthorizationRequiredError;
    expect(error).toBeInstanceOf(ReauthorizationRequiredError);
    expect(error.errorDescription).toBe('expired access/refresh token');
  });

  it('a static token revoked mid-load: InvalidSessionError, never a refresh, never a replay', async () => {
    org = await startReliabilityOrg();
    const o = org;
    const token = await authorize(o);
    const sf = new SalesforceClient({ token, maxConcurrentRequests: 20, retry: { minDelayMs: 1, maxDelayMs: 2 } });
    const tokenBefore = o.tokenRequests.total;
    const apiBefore = apiRequests(o);
    const running = load(o, sf, 'static');
    await until(() => apiRequests(o) - apiBefore >= 60);
    o.revokeAll();
    const result = outcomes(await running);
    expect(result.other).toEqual([]);
    expect(result.reauthorize).toBe(0);
    expect(result.invalidSession).toBeGreaterThan(0);
    expect(result.ok + result.invalidSession).toBe(CALLS);
    expect(o.tokenRequests.total).toBe(tokenBefore);
    expect(apiRequests(o) - apiBefore).toBe(CALLS);
  });

  it('a refreshed token that is refused too: InvalidSessionError after one refresh and one replay per call', async () => {
    org = await startReliabilityOrg();
    const o = org;
    const { sf } = await connect(o, { client: { maxConcurrentRequests: CALLS } });
    o.faults.inject({ path: '/limits', status: 401, times: Infinity });
    let tokenBefore = o.tokenRequests.total;
    let apiBefore = apiRequests(o);
    const result = outcomes(await Promise.allSettled(Array.from({ length: CALLS }, () => sf.limits())));
    expect(result).toEqual({ ok: 0, reauthorize: 0, invalidSession: CALLS, other: [] });
    expect(o.tokenRequests.total - tokenBefore).toBe(1);
    expect(apiRequests(o) - apiBefore).toBe(2 * CALLS);

    // One after another, each call gets its own single refresh and replay, and no more.
    tokenBefore = o.tokenRequests.total;
    apiBefore = apiRequests(o);
    for (let i = 0; i < 5; i++) await expect(sf.limits()).rejects.toBeInstanceOf(InvalidSessionError);
    expect(o.tokenRequests.total - tokenBefore).toBe(5);
    expect(apiRequests(o) - apiBefore).toBe(10);
  });
});
