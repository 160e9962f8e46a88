/**
 * The retry policy, as pure functions: what may be retried, when, and after how long. p-retry runs
 * it in the transport; nothing here sleeps, sends or reads the clock unless asked to.
 *
 * The rule that matters most: a request that is not idempotent (a POST create, a PATCH by Id) is
 * never replayed when Salesforce may have received it, because that is how records get
 * duplicated. It is retried only when the failure proves it never arrived (connection refused,
 * DNS failure: `sent: false`), or when the caller opts in with `retryNonIdempotent`.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { parseHttpDate } from '../headers/http-date.js';

/**
 * How the transport retries failed requests. All times are milliseconds.
 *
 * @example
 * ```ts
 * const policy: RetryOptions = resolveRetryOptions({ retries: 5, maxDelayMs: 30_000 });
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 3); 0 turns retrying off. */
  retries: number;
  /** Shortest wait before a retry (default 250). */
  minDelayMs: number;
  /** Longest backoff wait (default 10,000). */
  maxDelayMs: number;
  /** Longest `Retry-After` honoured; a longer one ends the retries instead (default 60,000). */
  maxRetryAfterMs: number;
  /** No retry is scheduled that would end later than this after the first attempt began (default 60,000). */
  totalBudgetMs: number;
  /** Also retry POST and PATCH-by-Id when Salesforce may have received them (default false). */
  retryNonIdempotent: boolean;
  /** Backoff growth per retry (default 2). */
  factor: number;
  /** Full jitter: a random wait between `minDelayMs` and the backoff ceiling (default true). */
  jitter: boolean;
}

/**
 * The default policy: 3 retries, 250 ms to 10 s exponential backoff with full jitter,
 * `Retry-After` up to 60 s, at most 60 s in total, idempotent requests only.
 *
 * @example
 * ```ts
 * new SalesforceClient({ tokens, retry: { ...DEFAULT_RETRY, retries: 5 } });
 * ```
 */
export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({
  retries: 3,
  minDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  totalBudgetMs: 60_000,
  retryNonIdempotent: false,
  factor: 2,
  jitter: true,
});

/**
 * What went wrong with one attempt.
 *
 * @example
 * ```ts
 * const refused: RetryableFailure = { kind: 'network', code: 'ECONNREFUSED', sent: false };
 * const busy: RetryableFailure = { kind: 'response', status: 503, headers: { 'retry-after': '5' } };
 * ```
 */
export type RetryableFailure =
  | {
      kind: 'response';
      status: number;
      /** Response headers (any case); `Retry-After` is read from here. */
      headers: Record<string, string>;
      /** Salesforce's `errorCode`, e.g. `REQUEST_LIMIT_EXCEEDED`. */
      errorCode?: string;
    }
  | {
      kind: 'network';
      /** `ECONNRESET`, `ECONNREFUSED`, `ETIMEDOUT`, `EPIPE`, `ENOTFOUND`, `EAI_AGAIN`, `ECONNABORTED`, `socket hang up`, … */
      code: string;
      /** Whether request bytes may have reached the server; `false` only when that is impossible. */
      sent: boolean;
    };

/**
 * Input of {@link retryDecision}.
 *
 * @example
 * ```ts
 * const input: RetryDecisionInput = { attempt: 1, method: 'GET', idempotent: true, elapsedMs: 0,
 *   options: DEFAULT_RETRY, failure: { kind: 'network', code: 'ECONNRESET', sent: true } };
 * retryDecision(input);
 * ```
 */
export interface RetryDecisionInput {
  /** How many attempts have failed so far, this one included (1 after the first failure). */
  attempt: number;
  /** HTTP method, for the reason text. */
  method: string;
  /** Whether sending the request twice is safe; see {@link isIdempotent}. */
  idempotent: boolean;
  failure: RetryableFailure;
  /** Time since the first attempt began. */
  elapsedMs: number;
  options: RetryOptions;
  /** Source of jitter in [0, 1) (default `Math.random`). */
  random?: () => number;
  /** Clock for HTTP-date `Retry-After` values (default `Date.now()`). */
  now?: number;
}

/**
 * The verdict of {@link retryDecision}.
 *
 * @example
 * ```ts
 * const decision: RetryDecision = retryDecision(input);
 * if (decision.retry) await sleep(decision.delayMs); else log(decision.reason);
 * ```
 */
export type RetryDecision = { retry: false; reason: string } | { retry: true; delayMs: number };

/** Network failures worth another attempt (connection-level and timeouts; lower-cased). */
const TRANSIENT_NETWORK = new Set(
  [
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'ETIMEDOUT',
    'ESOCKETTIMEDOUT',
    'EPIPE',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ENETUNREACH',
    'ENETDOWN',
    'ENETRESET',
    'EHOSTUNREACH',
    'EHOSTDOWN',
    'ERR_NETWORK',
    'ERR_SOCKET_CONNECTION_TIMEOUT',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'UND_ERR_SOCKET',
    'socket hang up',
  ].map((code) => code.toLowerCase()),
);

/** Statuses worth another attempt: rate limited, or the edge / instance briefly unavailable. */
const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * Whether a request may be sent twice without changing the outcome: GET, HEAD, OPTIONS, PUT and
 * DELETE, and a PATCH that upserts by external ID. POST (create, composite, and the
 * `POST /sobjects/X/Id` insert) and PATCH by record Id are not.
 *
 * @example
 * ```ts
 * isIdempotent('GET');                                   // true
 * isIdempotent('PATCH', { upsertByExternalId: true });   // true
 * isIdempotent('POST');                                  // false
 * ```
 */
export function isIdempotent(method: string, opts: { upsertByExternalId?: boolean } = {}): boolean {
  const upper = method.toUpperCase();
  return IDEMPOTENT_METHODS.has(upper) || (upper === 'PATCH' && opts.upsertByExternalId === true);
}

function resolveNumber(
  partial: Partial<RetryOptions>,
  key: 'retries' | 'minDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'totalBudgetMs' | 'factor',
  check: (value: number) => boolean,
  rule: string,
): number {
  const value = partial[key] ?? DEFAULT_RETRY[key];
  if (typeof value !== 'number' || !check(value)) throw new ValidationError(`retry.${key} must be ${rule}, got ${String(value)}`);
  return value;
}

function resolveBoolean(partial: Partial<RetryOptions>, key: 'retryNonIdempotent' | 'jitter'): boolean {
  const value = partial[key] ?? DEFAULT_RETRY[key];
  if (typeof value !== 'boolean') throw new ValidationError(`retry.${key} must be a boolean`);
  return value;
}

const isDuration = (n: number) => Number.isFinite(n) && n >= 0;

/**
 * Completes a partial policy with {@link DEFAULT_RETRY} and checks it. `false` means no retries;
 * `undefined` keys keep their defaults.
 *
 * @throws ValidationError for a negative, non-finite or inconsistent value (e.g. `minDelayMs > maxDelayMs`).
 * @example
 * ```ts
 * resolveRetryOptions({ retries: 5 });   // defaults with 5 retries
 * resolveRetryOptions(false).retries;    // 0
 * ```
 */
export function resolveRetryOptions(partial?: Partial<RetryOptions> | false): RetryOptions {
  if (partial === false) return { ...DEFAULT_RETRY, retries: 0 };
  const given = partial ?? {};
  const options: RetryOptions = {
    retries: resolveNumber(given, 'retries', (n) => Number.isInteger(n) && n >= 0 && n <= 100, 'an integer from 0 to 100'),
    minDelayMs: resolveNumber(given, 'minDelayMs', isDuration, 'a finite number ≥ 0'),
    maxDelayMs: resolveNumber(given, 'maxDelayMs', isDuration, 'a finite number ≥ 0'),
    maxRetryAfterMs: resolveNumber(given, 'maxRetryAfterMs', isDuration, 'a finite number ≥ 0'),
    totalBudgetMs: resolveNumber(given, 'totalBudgetMs', isDuration, 'a finite number ≥ 0'),
    retryNonIdempotent: resolveBoolean(given, 'retryNonIdempotent'),
    factor: resolveNumber(given, 'factor', (n) => Number.isFinite(n) && n >= 1, 'a finite number ≥ 1'),
    jitter: resolveBoolean(given, 'jitter'),
  };
  if (options.minDelayMs > options.maxDelayMs) {
    throw new ValidationError(`retry.minDelayMs (${options.minDelayMs}) exceeds retry.maxDelayMs (${options.maxDelayMs})`);
  }
  return options;
}

/**
 * Milliseconds to wait according to a `Retry-After` value: delay-seconds (`120`) or an HTTP date
 * (a date in the past gives 0).
 *
 * @returns `undefined` when the value is missing or unreadable (never throws).
 * @example
 * ```ts
 * parseRetryAfter('120', Date.now());                                   // 120000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.UTC(2015, 9, 21, 7, 27, 0)); // 60000
 * parseRetryAfter('soon', Date.now());                                  // undefined
 * ```
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.min(Math.ceil(Number(text) * 1000), Number.MAX_SAFE_INTEGER);
  const date = parseHttpDate(text);
  return date === undefined ? undefined : Math.max(0, date - now);
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** Full-jitter exponential backoff for the `attempt`-th retry, within [minDelayMs, maxDelayMs]. */
function backoff(attempt: number, options: RetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.minDelayMs * options.factor ** attempt);
  if (!options.jitter) return Math.round(ceiling);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.round(options.minDelayMs + unit * (ceiling - options.minDelayMs));
}

function no(reason: string): RetryDecision {
  return { retry: false, reason };
}

/**
 * Decides whether a failed attempt is retried, and after how long.
 *
 * - Retried failures: connection resets, refusals, DNS and socket timeouts, and HTTP 429, 502,
 *   503, 504. Never: other 4xx (403 `REQUEST_LIMIT_EXCEEDED` included) and other 5xx.
 * - A non-idempotent request is retried only if the failure is a network failure with
 *   `sent: false`, unless `options.retryNonIdempotent`.
 * - Wait: `Retry-After` when the response has one (at least `minDelayMs`; above
 *   `maxRetryAfterMs` the retries end), else exponential backoff: the n-th retry waits a random
 *   time between `minDelayMs` and `min(maxDelayMs, minDelayMs × factor^n)` (full jitter), or that
 *   ceiling without jitter.
 * - No retry past `options.retries`, nor one whose wait would end after `totalBudgetMs`.
 *
 * @example
 * ```ts
 * const decision = retryDecision({
 *   attempt: 1, method: 'GET', idempotent: true, elapsedMs: 120, options: DEFAULT_RETRY,
 *   failure: { kind: 'response', status: 503, headers: { 'retry-after': '2' } },
 * });
 * // { retry: true, delayMs: 2000 }
 * if (!decision.retry) console.log(decision.reason);
 * ```
 */
export function retryDecision(input: RetryDecisionInput): RetryDecision {
  const { attempt, method, idempotent, failure, elapsedMs, options } = input;
  if (attempt > options.retries) {
    return no(options.retries === 0 ? 'retries are off' : `gave up after ${options.retries} retries`);
  }

  let neverSent = false;
  if (failure.kind === 'response') {
    if (failure.errorCode === 'REQUEST_LIMIT_EXCEEDED') {
      return no("REQUEST_LIMIT_EXCEEDED: the org's API request limit is used up; retrying cannot help");
    }
    if (!TRANSIENT_STATUS.has(failure.status)) return no(`HTTP ${failure.status} is not retryable`);
  } else {
    if (!TRANSIENT_NETWORK.has(failure.code.toLowerCase())) return no(`network error ${failure.code} is not retryable`);
    neverSent = !failure.sent;
  }
  if (!idempotent && !neverSent && !options.retryNonIdempotent) {
    return no(`${method.toUpperCase()} is not idempotent and Salesforce may have received it; not replayed`);
  }

  let delayMs: number;
  const retryAfter =
    failure.kind === 'response' ? parseRetryAfter(header(failure.headers, 'retry-after'), input.now ?? Date.now()) : undefined;
  if (retryAfter !== undefined) {
    if (retryAfter > options.maxRetryAfterMs) {
      return no(`Retry-After asks for ${retryAfter} ms, more than maxRetryAfterMs (${options.maxRetryAfterMs})`);
    }
    delayMs = Math.max(retryAfter, options.minDelayMs);
  } else {
    delayMs = backoff(attempt, options, input.random ?? Math.random);
  }
  if (elapsedMs + delayMs > options.totalBudgetMs) {
    return no(`waiting ${delayMs} ms more would pass the retry budget of ${options.totalBudgetMs} ms`);
  }
  return { retry: true, delayMs };
}
