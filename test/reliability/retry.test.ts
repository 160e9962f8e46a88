/**
 * The retry policy end to end: the client against the emulator with injected faults. Counts and
 * decisions are asserted (requests the org saw, attempts axios sent, the error that surfaced),
 * never times.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SalesforceClient } from '../../src/client.js';
import { AbortError, ApiError, ConnectionError, InvalidResponseError, NotFoundError, RequestLimitError, TimeoutError } from '../../src/core/errors.js';
import type { TokenSet } from '../../src/core/types.js';
import { connect, startOrg, type Org } from '../integration/helpers.js';
import { countingHttp, Gate, settle, startReliabilityOrg, tagged, tagHook, until } from './helpers.js';

let org: Org;
let sf: SalesforceClient;
let seq = 0;
const V = '/services/data/v62.0';

beforeAll(async () => {
  org = await startReliabilityOrg();
  ({ sf } = await connect(org, { client: { retry: { retries: 3, minDelayMs: 1, maxDelayMs: 4 } } }));
});
afterEach(() => org.faults.clear());
afterAll(() => org.close());

/** A unique tag: faults armed with `tagged(tag)` hit only the call made with `tagHook(tag)`. */
const nextTag = () => `t${++seq}`;
const hits = (tag: string) => org.requests.filter((r) => r.query.rtag === tag);
const markers = (marker: string) => org.records('Soak__c').filter((r) => r.Marker__c === marker);
const newRecord = async () => (await sf.sobject('Soak__c').create({ Name: 'seed', Marker__c: `seed-${++seq}` })).id;

/** A static token for `instanceUrl` that the org accepts. */
function tokenAt(instanceUrl: string): TokenSet {
  const wire = org.issueTokens({ refreshToken: false });
  return { accessToken: wire.access_token, instanceUrl, issuedAt: Date.now(), tokenType: 'Bearer' };
}

describe('transient failures of idempotent requests are retried', () => {
  it.each([
    ['connection reset before processing', { reset: true }],
    ['connection reset after processing', { resetAfterProcessing: true }],
    ['reset halfway through the body', { resetMidBody: true }],
    ['502 from a proxy (HTML)', { status: 502, body: '<html><h1>502 Bad Gateway</h1></html>', contentType: 'text/html' }],
    ['503 SERVER_UNAVAILABLE', { status: 503 }],
    ['504 gateway timeout', { status: 504, body: '' }],
    ['429 with Retry-After: 0', { status: 429, headers: { 'Retry-After': '0' } }],
  ])('GET after %s ×2 succeeds on the third attempt', async (_label, fault) => {
    const id = await newRecord();
    const tag = nextTag();
    org.faults.inject({ path: tagged(tag), times: 2, ...fault });
    const record = await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag) });
    expect(record.Id).toBe(id);
    expect(hits(tag)).toHaveLength(3);
  });

  it('a timeout on a GET is retried; the TimeoutError surfaces only when every attempt times out', async () => {
    const id = await newRecord();
    const once = nextTag();
    org.faults.inject({ path: tagged(once), delayMs: 400 });
    expect((await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(once), timeoutMs: 100 })).Id).toBe(id);
    const always = nextTag();
    org.faults.inject({ path: tagged(always), delayMs: 400, times: Infinity });
    const error = await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(always), timeoutMs: 50, retry: { retries: 2 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    await until(() => hits(always).length === 3);
  });

  it('DELETE is idempotent: retried after a reset, and the record is gone', async () => {
    const id = await newRecord();
    const tag = nextTag();
    org.faults.inject({ path: tagged(tag), method: 'DELETE', reset: true });
    await sf.sobject('Soak__c').delete(id, { hooks: tagHook(tag) });
    expect(hits(tag)).toHaveLength(2);
    expect(org.records('Soak__c').some((r) => r.Id === id)).toBe(false);
  });

  it('DELETE applied before the connection broke: the retry finds it deleted, and that is success', async () => {
    const id = await newRecord();
    const tag = nextTag();
    org.faults.inject({ path: tagged(tag), method: 'DELETE', resetAfterProcessing: true });
    await sf.sobject('Soak__c').delete(id, { hooks: tagHook(tag) });
    expect(hits(tag)).toHaveLength(2);
    expect(hits(tag).map((r) => r.status)).toEqual([0, 404]);
    // Without an earlier attempt that may have been applied, deleting a deleted record is an error.
    await expect(sf.sobject('Soak__c').delete(id)).rejects.toBeInstanceOf(NotFoundError);
    // And a 503 refusal (not applied) before the 404 does not count as done either.
    const gone = nextTag();
    org.faults.inject({ path: tagged(gone), method: 'DELETE', status: 503 });
    await expect(sf.sobject('Soak__c').delete(id, { hooks: tagHook(gone) })).rejects.toBeInstanceOf(NotFoundError);
    expect(hits(gone)).toHaveLength(2);
  });

  it('upsert by external ID is idempotent: a reset after storing is retried and leaves exactly one record', async () => {
    const tag = nextTag();
    org.faults.inject({ path: tagged(tag), method: 'PATCH', resetAfterProcessing: true });
    const result = await sf.sobject('Soak__c').upsert('Marker__c', 'upsert-once', { Name: 'u' }, { hooks: tagHook(tag) });
    expect(result.success).toBe(true);
    expect(hits(tag)).toHaveLength(2);
    expect(markers('upsert-once')).toHaveLength(1);
    expect(markers('upsert-once')[0]!.Id).toBe(result.id);
  });
});

describe('backoff, Retry-After and the budget decide the number of attempts', () => {
  it.each([
    ['jitter on', true],
    ['jitter off', false],
  ])('a persistent 503 is tried 1 + retries times (%s)', async (_label, jitter) => {
    const id = await newRecord();
    const tag = nextTag();
    org.faults.inject({ path: tagged(tag), status: 503, times: Infinity });
    const error = await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag), retry: { retries: 4, jitter } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).errorCode).toBe('SERVER_UNAVAILABLE');
    expect(hits(tag)).toHaveLength(5);
  });

  it('retries are off with retry: false or retries: 0', async () => {
    const id = await newRecord();
    for (const retry of [false as const, { retries: 0 }]) {
      const tag = nextTag();
      org.faults.inject({ path: tagged(tag), status: 502, times: Infinity });
      await expect(sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag), retry })).rejects.toBeInstanceOf(InvalidResponseError);
      expect(hits(tag)).toHaveLength(1);
    }
  });

  it('a Retry-After longer than maxRetryAfterMs ends the retries at once (capped, not waited)', async () => {
    const id = await newRecord();
    const tag = nextTag();
    org.faults.inject({ path: tagged(tag), status: 429, headers: { 'Retry-After': '3600' }, times: Infinity });
    const error = await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag), retry: { maxRetryAfterMs: 1000 } }).catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(429);
    expect(hits(tag)).toHaveLength(1);
  });

  it('a Retry-After as an HTTP date in the past is retried at once', async () => {
    const id = await newRecord();
    const tag = nextTag();
    org.faults.inject({ path: tagged(tag), status: 503, headers: { 'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT' } });
    expect((await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag) })).Id).toBe(id);
    expect(hits(tag)).toHaveLength(2);
  });

  it('no retry is scheduled past the total budget: a wait longer than the budget ends the retries', async () => {
    const id = await newRecord();
    const waitTooLong = nextTag();
    org.faults.inject({ path: tagged(waitTooLong), status: 503, headers: { 'Retry-After': '1' }, times: Infinity });
    const first = await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(waitTooLong), retry: { totalBudgetMs: 500 } }).catch((e: unknown) => e);
    expect((first as ApiError).status).toBe(503);
    expect(hits(waitTooLong)).toHaveLength(1);
    const backoffTooLong = nextTag();
    org.faults.inject({ path: tagged(backoffTooLong), reset: true, times: Infinity });
    const second = await sf.sobject('Soak__c')
      .retrieve(id, { hooks: tagHook(backoffTooLong), retry: { minDelayMs: 1000, maxDelayMs: 2000, totalBudgetMs: 500 } })
      .catch((e: unknown) => e);
    expect(second).toBeInstanceOf(ConnectionError);
    expect(hits(backoffTooLong)).toHaveLength(1);
  });

  it('an abort during a long Retry-After wait ends the call with AbortError, and nothing more is sent', async () => {
    const id = await newRecord();
    const tag = nextTag();
    org.faults.inject({ path: tagged(tag), status: 503, headers: { 'Retry-After': '30' }, times: Infinity });
    const controller = new AbortController();
    const call = settle(sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag), signal: controller.signal }));
    await until(() => hits(tag).length === 1);
    controller.abort();
    const outcome = await call;
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toBeInstanceOf(AbortError);
    expect(!outcome.ok && (outcome.error as AbortError).code).toBe('ERR_ABORTED');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hits(tag)).toHaveLength(1);
  });

  it('an abort during an exponential backoff is AbortError too; an already-aborted signal sends nothing', async () => {
    const id = await newRecord();
    const tag = nextTag();
    org.faults.inject({ path: tagged(tag), reset: true, times: Infinity });
    const controller = new AbortController();
    const call = settle(sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag), signal: controller.signal, retry: { minDelayMs: 20_000, maxDelayMs: 30_000 } }));
    await until(() => hits(tag).length === 1);
    controller.abort(new Error('user left'));
    const outcome = await call;
    expect(!outcome.ok && outcome.error).toBeInstanceOf(AbortError);
    expect(hits(tag)).toHaveLength(1);

    const early = nextTag();
    const aborted = AbortSignal.abort();
    await expect(sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(early), signal: aborted })).rejects.toBeInstanceOf(AbortError);
    expect(hits(early)).toHaveLength(0);
  });
});

describe('POST and PATCH-by-Id are retried only when Salesforce never received them', () => {
  it.each([
    ['reset before processing', { reset: true }, 0],
    ['reset after processing', { resetAfterProcessing: true }, 1],
    ['reset halfway through the answer', { resetMidBody: true }, 1],
  ])('a create with a %s is not replayed: ConnectionError, mayHaveBeenApplied', async (_label, fault, expectStored) => {
    const tag = nextTag();
    const marker = `create-${tag}`;
    org.faults.inject({ path: tagged(tag), method: 'POST', ...fault });
    const error = await sf.sobject('Soak__c').create({ Name: marker, Marker__c: marker }, { hooks: tagHook(tag) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).mayHaveBeenApplied).toBe(true);
    expect(hits(tag)).toHaveLength(1);
    expect(markers(marker)).toHaveLength(expectStored);
  });

  it.each([
    ['503 SERVER_UNAVAILABLE', { status: 503 }, false],
    ['502 from a proxy', { status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' }, true],
    ['429 Retry-After 0', { status: 429, headers: { 'Retry-After': '0' } }, false],
  ])('a create answered %s is not replayed; the error says whether it may have been applied', async (_label, fault, mayHaveBeenApplied) => {
    const tag = nextTag();
    const marker = `create-${tag}`;
    org.faults.inject({ path: tagged(tag), method: 'POST', times: Infinity, ...fault });
    const error = await sf.sobject('Soak__c').create({ Name: marker, Marker__c: marker }, { hooks: tagHook(tag) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).mayHaveBeenApplied).toBe(mayHaveBeenApplied);
    expect(hits(tag)).toHaveLength(1);
    expect(markers(marker)).toHaveLength(0);
  });

  it('a create timing out is not replayed: TimeoutError, mayHaveBeenApplied, stored once by the slow server', async () => {
    const tag = nextTag();
    const marker = `create-${tag}`;
    org.faults.inject({ path: tagged(tag), method: 'POST', delayMs: 300 });
    const error = await sf.sobject('Soak__c').create({ Name: marker, Marker__c: marker }, { hooks: tagHook(tag), timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).mayHaveBeenApplied).toBe(true);
    await until(() => hits(tag).length === 1);
    expect(markers(marker)).toHaveLength(1);
  });

  it('an update by Id reset mid-flight is not replayed', async () => {
    const id = await newRecord();
    const tag = nextTag();
    org.faults.inject({ path: tagged(tag), method: 'PATCH', reset: true });
    const error = await sf.sobject('Soak__c').update(id, { Name: 'changed' }, { hooks: tagHook(tag) }).catch((e: unknown) => e);
    expect((error as ConnectionError).mayHaveBeenApplied).toBe(true);
    expect(hits(tag)).toHaveLength(1);
  });

  it('retryNonIdempotent opts in: a create answered 503 is sent again', async () => {
    const tag = nextTag();
    const marker = `optin-${tag}`;
    org.faults.inject({ path: tagged(tag), method: 'POST', status: 503 });
    await sf.sobject('Soak__c').create({ Name: marker, Marker__c: marker }, { hooks: tagHook(tag), retry: { retryNonIdempotent: true } });
    expect(hits(tag)).toHaveLength(2);
    expect(markers(marker)).toHaveLength(1);
  });

  it('a create refused at connect (ECONNREFUSED) is retried, and stored exactly once when the port opens', async () => {
    const gate = await Gate.closed(org);
    try {
      const { http, attempts } = countingHttp(async (attempt) => {
        if (attempt === 3) await gate.open();
      });
      const client = new SalesforceClient({ token: tokenAt(gate.url), httpClient: http, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 } });
      const result = await client.sobject('Soak__c').create({ Name: 'refused', Marker__c: 'refused-then-open' });
      expect(result.success).toBe(true);
      expect(attempts()).toBe(3);
      expect(markers('refused-then-open').map((r) => r.Id)).toEqual([result.id]);
    } finally {
      await gate.close();
    }
  });

  it('an update by Id to a closed port: every attempt refused, ConnectionError that was never applied', async () => {
    const id = await newRecord();
    const gate = await Gate.closed(org);
    const { http, attempts } = countingHttp();
    const client = new SalesforceClient({ token: tokenAt(gate.url), httpClient: http, retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 } });
    const error = await client.sobject('Soak__c').update(id, { Name: 'never' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).mayHaveBeenApplied).toBe(false);
    expect((error as ConnectionError).networkCode).toBe('ECONNREFUSED');
    expect(attempts()).toBe(3);
    expect(org.records('Soak__c').find((r) => r.Id === id)?.Name).toBe('seed');
  });
});

describe('REQUEST_LIMIT_EXCEEDED', () => {
  it('is not retried, even for a GET, and surfaces as RequestLimitError with the last Sforce-Limit-Info', async () => {
    const limited = await startOrg({ apiLimit: 3 });
    try {
      const { sf: client } = await connect(limited, { client: { retry: { retries: 5, minDelayMs: 1, maxDelayMs: 2 } } });
      for (let i = 0; i < 3; i++) await client.limits();
      const before = limited.requests.length;
      const error = await client.limits().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestLimitError);
      expect((error as RequestLimitError).status).toBe(403);
      expect((error as RequestLimitError).errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
      expect((error as RequestLimitError).mayHaveBeenApplied).toBe(false);
      expect((error as RequestLimitError).headers?.['sforce-limit-info']).toBe('api-usage=3/3');
      expect(client.limitInfo?.apiUsage).toEqual({ used: 3, max: 3 });
      expect(limited.requests.length - before).toBe(1);
    } finally {
      await limited.close();
    }
  });

  it('an injected 403 REQUEST_LIMIT_EXCEEDED with a Retry-After is still not retried', async () => {
    const tag = nextTag();
    org.faults.inject({ path: tagged(tag), status: 403, headers: { 'Retry-After': '0', 'Sforce-Limit-Info': 'api-usage=15000/15000' }, times: Infinity });
    const error = await sf.request({ url: `${V}/limits/` }, { hooks: tagHook(tag) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestLimitError);
    expect(sf.limitInfo?.apiUsage).toEqual({ used: 15000, max: 15000 });
    expect(hits(tag)).toHaveLength(1);
  });
});
