import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import {
  DEFAULT_RETRY,
  isIdempotent,
  parseRetryAfter,
  resolveRetryOptions,
  retryDecision,
  type RetryableFailure,
  type RetryDecisionInput,
} from '../../../src/http/retry.js';

const NOW = Date.UTC(2024, 0, 15, 10, 0, 0);
const noJitter = resolveRetryOptions({ jitter: false });

function decide(overrides: Partial<RetryDecisionInput> & { failure: RetryableFailure }) {
  return retryDecision({ attempt: 1, method: 'GET', idempotent: true, elapsedMs: 0, options: DEFAULT_RETRY, random: () => 0.5, now: NOW, ...overrides });
}

const response = (status: number, headers: Record<string, string> = {}, errorCode?: string): RetryableFailure =>
  errorCode === undefined ? { kind: 'response', status, headers } : { kind: 'response', status, headers, errorCode };
const network = (code: string, sent: boolean): RetryableFailure => ({ kind: 'network', code, sent });

describe('resolveRetryOptions', () => {
  it('fills defaults and turns retries off for false', () => {
    expect(resolveRetryOptions()).toEqual(DEFAULT_RETRY);
    expect(resolveRetryOptions({ retries: 5, minDelayMs: undefined })).toEqual({ ...DEFAULT_RETRY, retries: 5 });
    expect(resolveRetryOptions(false)).toEqual({ ...DEFAULT_RETRY, retries: 0 });
    expect(DEFAULT_RETRY).toEqual({
      retries: 3,
      minDelayMs: 250,
      maxDelayMs: 10_000,
      maxRetryAfterMs: 60_000,
      totalBudgetMs: 60_000,
      retryNonIdempotent: false,
      factor: 2,
      jitter: true,
    });
    expect(Object.isFrozen(DEFAULT_RETRY)).toBe(true);
  });

  it.each([
    { retries: -1 },
    { retries: 1.5 },
    { retries: 101 },
    { minDelayMs: -1 },
    { maxDelayMs: Number.POSITIVE_INFINITY },
    { totalBudgetMs: Number.NaN },
    { minDelayMs: 500, maxDelayMs: 100 },
    { factor: 0.5 },
    { jitter: 'yes' },
    { retryNonIdempotent: 1 },
  ])('refuses %j', (partial) => {
    expect(() => resolveRetryOptions(partial as never)).toThrow(ValidationError);
  });
});

describe('isIdempotent', () => {
  it('knows the idempotent methods, in any case', () => {
    for (const method of ['GET', 'head', 'PUT', 'delete', 'OPTIONS']) expect(isIdempotent(method)).toBe(true);
    for (const method of ['POST', 'PATCH', 'post']) expect(isIdempotent(method)).toBe(false);
    expect(isIdempotent('PATCH', { upsertByExternalId: true })).toBe(true);
    expect(isIdempotent('POST', { upsertByExternalId: true })).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
    expect(parseRetryAfter('9'.repeat(400), NOW)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reads HTTP dates relative to now, never negative', () => {
    expect(parseRetryAfter('Mon, 15 Jan 2024 10:01:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('Monday, 15-Jan-24 10:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Mon Jan 15 10:00:05 2024', NOW)).toBe(5_000);
    expect(parseRetryAfter('Mon, 15 Jan 2024 09:00:00 GMT', NOW)).toBe(0);
  });

  it.each([undefined, '', 'soon', '-5', '1e3', 'Mon, 15 Jan 2024 10:01:00 PST', '2024-01-15T10:01:00Z'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('retryDecision', () => {
  it.each([429, 502, 503, 504])('retries an idempotent request after HTTP %i', (status) => {
    expect(decide({ failure: response(status) }).retry).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 412, 500, 501])('never retries HTTP %i', (status) => {
    const decision = decide({ failure: response(status) });
    expect(decision).toEqual({ retry: false, reason: `HTTP ${status} is not retryable` });
  });

  it('never retries REQUEST_LIMIT_EXCEEDED', () => {
    const decision = decide({ failure: response(403, {}, 'REQUEST_LIMIT_EXCEEDED'), options: { ...DEFAULT_RETRY, retryNonIdempotent: true } });
    expect(decision.retry).toBe(false);
    expect(decision.retry === false && decision.reason).toContain('REQUEST_LIMIT_EXCEEDED');
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'socket hang up', 'Socket Hang Up', 'ERR_NETWORK'])(
    'retries an idempotent request after %s',
    (code) => {
      expect(decide({ failure: network(code, true) }).retry).toBe(true);
    },
  );

  it('does not retry unknown network errors or aborts', () => {
    expect(decide({ failure: network('ERR_CANCELED', false) }).retry).toBe(false);
    expect(decide({ failure: network('ERR_BAD_OPTION', false) }).retry).toBe(false);
  });

  it('never replays a POST that may have reached Salesforce', () => {
    for (const failure of [response(503), response(429), response(502), network('ECONNRESET', true), network('ETIMEDOUT', true)]) {
      const decision = decide({ method: 'post', idempotent: false, failure });
      expect(decision.retry).toBe(false);
      expect(decision.retry === false && decision.reason).toContain('POST is not idempotent');
    }
  });

  it('retries a POST whose failure proves it was never sent', () => {
    expect(decide({ method: 'POST', idempotent: false, failure: network('ECONNREFUSED', false) }).retry).toBe(true);
    expect(decide({ method: 'POST', idempotent: false, failure: network('ENOTFOUND', false) }).retry).toBe(true);
  });

  it('retries non-idempotent requests when the caller opts in', () => {
    const options = { ...DEFAULT_RETRY, retryNonIdempotent: true };
    expect(decide({ method: 'POST', idempotent: false, failure: response(503), options }).retry).toBe(true);
    expect(decide({ method: 'PATCH', idempotent: false, failure: network('ECONNRESET', true), options }).retry).toBe(true);
  });

  it('stops after options.retries', () => {
    expect(decide({ attempt: 3, failure: response(503) }).retry).toBe(true);
    expect(decide({ attempt: 4, failure: response(503) })).toEqual({ retry: false, reason: 'gave up after 3 retries' });
    expect(decide({ attempt: 1, failure: response(503), options: resolveRetryOptions(false) })).toEqual({
      retry: false,
      reason: 'retries are off',
    });
  });

  it('backs off exponentially up to maxDelayMs without jitter', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => {
      const d = decide({ attempt, failure: response(503), options: { ...noJitter, retries: 10, totalBudgetMs: 1e9 } });
      return d.retry ? d.delayMs : -1;
    });
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('draws full jitter between minDelayMs and the ceiling', () => {
    const at = (random: number) => {
      const d = decide({ attempt: 2, failure: response(503), random: () => random });
      return d.retry ? d.delayMs : -1;
    };
    expect(at(0)).toBe(250);
    expect(at(0.5)).toBe(625);
    expect(at(0.999999)).toBe(1000);
    expect(at(Number.NaN)).toBe(250);
    expect(at(7)).toBe(1000);
  });

  it('honours Retry-After (seconds or date), at least minDelayMs, header name in any case', () => {
    expect(decide({ failure: response(429, { 'Retry-After': '7' }) })).toEqual({ retry: true, delayMs: 7000 });
    expect(decide({ failure: response(503, { 'retry-after': 'Mon, 15 Jan 2024 10:00:20 GMT' }) })).toEqual({ retry: true, delayMs: 20_000 });
    expect(decide({ failure: response(503, { 'retry-after': '0' }) })).toEqual({ retry: true, delayMs: 250 });
    expect(decide({ failure: response(503, { 'retry-after': 'garbage' }), options: noJitter })).toEqual({ retry: true, delayMs: 500 });
  });

  it('does not retry when Retry-After exceeds maxRetryAfterMs', () => {
    const decision = decide({ failure: response(429, { 'retry-after': '61' }) });
    expect(decision.retry).toBe(false);
    expect(decision.retry === false && decision.reason).toContain('maxRetryAfterMs');
  });

  it('does not retry when the wait would pass the total budget', () => {
    expect(decide({ elapsedMs: 59_000, failure: response(503, { 'retry-after': '1' }) })).toEqual({ retry: true, delayMs: 1000 });
    const decision = decide({ elapsedMs: 59_001, failure: response(503, { 'retry-after': '1' }) });
    expect(decision.retry).toBe(false);
    expect(decision.retry === false && decision.reason).toContain('budget');
  });

  it('properties: bounded delays, no replay of sent non-idempotent requests, budget kept', () => {
    const options = fc
      .record({
        retries: fc.integer({ min: 0, max: 10 }),
        minDelayMs: fc.integer({ min: 0, max: 5_000 }),
        spread: fc.integer({ min: 0, max: 60_000 }),
        maxRetryAfterMs: fc.integer({ min: 0, max: 120_000 }),
        totalBudgetMs: fc.integer({ min: 0, max: 200_000 }),
        retryNonIdempotent: fc.boolean(),
        factor: fc.double({ min: 1, max: 5, noNaN: true }),
        jitter: fc.boolean(),
      })
      .map(({ spread, ...rest }) => resolveRetryOptions({ ...rest, maxDelayMs: rest.minDelayMs + spread }));
    const failure: fc.Arbitrary<RetryableFailure> = fc.oneof(
      fc.record({
        kind: fc.constant('response' as const),
        status: fc.oneof(fc.constantFrom(429, 502, 503, 504, 403, 500), fc.integer({ min: 100, max: 599 })),
        headers: fc.oneof(
          fc.constant({}),
          fc.record({ 'retry-after': fc.oneof(fc.integer({ min: 0, max: 200 }).map(String), fc.string({ maxLength: 8 })) }),
          fc.integer({ min: -100_000, max: 200_000 }).map((ms) => ({ 'Retry-After': new Date(NOW + ms).toUTCString() })),
        ),
        errorCode: fc.option(fc.constantFrom('REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE'), { nil: undefined }),
      }),
      fc.record({
        kind: fc.constant('network' as const),
        code: fc.constantFrom('ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'ERR_CANCELED', 'socket hang up'),
        sent: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(
        options,
        failure,
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('GET', 'PUT', 'DELETE', 'POST', 'PATCH'),
        fc.integer({ min: 0, max: 250_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (opts, fail, attempt, method, elapsedMs, r) => {
          const idempotent = isIdempotent(method);
          const decision = retryDecision({ attempt, method, idempotent, failure: fail, elapsedMs, options: opts, random: () => r, now: NOW });
          if (!decision.retry) {
            expect(decision.reason.length).toBeGreaterThan(0);
            return;
          }
          expect(attempt).toBeLessThanOrEqual(opts.retries);
          expect(Number.isInteger(decision.delayMs)).toBe(true);
          expect(decision.delayMs).toBeGreaterThanOrEqual(opts.minDelayMs);
          const hasRetryAfter = fail.kind === 'response' && parseRetryAfter(Object.values(fail.headers)[0], NOW) !== undefined;
          expect(decision.delayMs).toBeLessThanOrEqual(hasRetryAfter ? Math.max(opts.minDelayMs, opts.maxRetryAfterMs) : opts.maxDelayMs);
          expect(elapsedMs + decision.delayMs).toBeLessThanOrEqual(opts.totalBudgetMs);
          if (!idempotent && !opts.retryNonIdempotent) {
            expect(fail.kind === 'network' && !fail.sent).toBe(true);
          }
          if (fail.kind === 'response') {
            expect([429, 502, 503, 504]).toContain(fail.status);
            expect(fail.errorCode).not.toBe('REQUEST_LIMIT_EXCEEDED');
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
