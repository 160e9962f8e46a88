import { describe, expectTypeOf, it } from 'vitest';
import { path } from '../../src/http/path.js';
import { DEFAULT_RETRY, resolveRetryOptions, retryDecision, type RetryOptions } from '../../src/http/retry.js';

describe('path and retry types', () => {
  it('path returns a string and takes strings or numbers', () => {
    expectTypeOf(path`/sobjects/${'Lead'}/${1}`).toEqualTypeOf<string>();
    // @ts-expect-error objects are not path segments
    path`/sobjects/${{}}`;
  });

  it('resolveRetryOptions takes a partial policy or false', () => {
    expectTypeOf(resolveRetryOptions({ retries: 1 })).toEqualTypeOf<RetryOptions>();
    expectTypeOf(resolveRetryOptions(false)).toEqualTypeOf<RetryOptions>();
    // @ts-expect-error true is not an option
    resolveRetryOptions(true);
  });

  it('retryDecision narrows on retry', () => {
    const decision = retryDecision({
      attempt: 1,
      method: 'GET',
      idempotent: true,
      elapsedMs: 0,
      options: DEFAULT_RETRY,
      failure: { kind: 'network', code: 'ECONNRESET', sent: true },
    });
    if (decision.retry) expectTypeOf(decision.delayMs).toEqualTypeOf<number>();
    else expectTypeOf(decision.reason).toEqualTypeOf<string>();
    // @ts-expect-error a network failure needs `sent`
    retryDecision({ attempt: 1, method: 'GET', idempotent: true, elapsedMs: 0, options: DEFAULT_RETRY, failure: { kind: 'network', code: 'X' } });
  });
});
