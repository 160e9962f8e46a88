/**
 * Waiting for Bulk API 2.0 jobs: poll with a growing interval (×1.5 per round, capped) until
 * every job is `JobComplete`, `Failed` or `Aborted`, within an optional overall time limit.
 *
 * @module
 */
import { AbortError, BulkJobError, ValidationError } from '../../core/errors.js';
import { FINAL_STATES, type JobInfoBase } from './job-info.js';

/**
 * How to poll a job.
 *
 * @example
 * ```ts
 * const polling: PollingOptions = { pollIntervalMs: 2000, maxPollIntervalMs: 30_000, pollTimeoutMs: 3_600_000 };
 * ```
 */
export interface PollingOptions {
  /** First wait between job checks. Default 1,000 ms. */
  pollIntervalMs?: number;
  /** Longest wait between job checks (the wait grows ×1.5 per check). Default 10,000 ms. */
  maxPollIntervalMs?: number;
  /**
   * Give up waiting after this long ({@link BulkJobError} with `reason: 'timeout'`). The job keeps
   * running in Salesforce. Default: no limit.
   */
  pollTimeoutMs?: number;
}

/** Polling options with defaults applied. */
export interface Polling {
  initialMs: number;
  maxMs: number;
  timeoutMs: number;
}

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) throw new ValidationError(`${name} must be a positive number of milliseconds`);
  return value;
}

/**
 * Polling options checked, with defaults.
 *
 * @throws ValidationError for a non-positive value.
 * @example
 * ```ts
 * resolvePolling({ pollIntervalMs: 50 }); // { initialMs: 50, maxMs: 10000, timeoutMs: Infinity }
 * ```
 */
export function resolvePolling(options: PollingOptions): Polling {
  const initialMs = positive(options.pollIntervalMs, 'pollIntervalMs', 1000);
  const maxMs = Math.max(initialMs, positive(options.maxPollIntervalMs, 'maxPollIntervalMs', 10_000));
  return { initialMs, maxMs, timeoutMs: positive(options.pollTimeoutMs, 'pollTimeoutMs', Number.POSITIVE_INFINITY) };
}

/**
 * The wait before check number `attempt` (0-based): `initialMs × 1.5^attempt`, at most `maxMs`.
 *
 * @example
 * ```ts
 * pollDelay(0, { initialMs: 1000, maxMs: 10_000, timeoutMs: Infinity }); // 1000
 * pollDelay(2, { initialMs: 1000, maxMs: 10_000, timeoutMs: Infinity }); // 2250
 * ```
 */
export function pollDelay(attempt: number, polling: Polling): number {
  return Math.min(polling.maxMs, polling.initialMs * 1.5 ** Math.max(0, attempt));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError('the wait for the bulk job was aborted', { cause: signal.reason }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError('the wait for the bulk job was aborted', { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls `jobs` until each is final; returns their final descriptions in the same order.
 * `onInfo` sees every description fetched.
 *
 * @throws BulkJobError (`reason: 'timeout'`) when `polling.timeoutMs` runs out; AbortError when
 *   `signal` fires.
 * @example
 * ```ts
 * const [final] = await pollUntilFinal([created], (id) => fetchInfo(id), resolvePolling({}), undefined, console.log);
 * ```
 */
export async function pollUntilFinal<T extends JobInfoBase>(
  jobs: readonly T[],
  fetch: (id: string) => Promise<T>,
  polling: Polling,
  signal: AbortSignal | undefined,
  onInfo: (info: T) => void,
): Promise<T[]> {
  const current = [...jobs];
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const pending = current.flatMap((info, i) => (FINAL_STATES.has(info.state) ? [] : [i]));
    if (pending.length === 0) return current;
    const left = polling.timeoutMs - (Date.now() - started);
    if (left <= 0) {
      const stuck = current[pending[0] as number] as T;
      throw new BulkJobError(`bulk job ${stuck.id} is still ${stuck.state} after ${polling.timeoutMs} ms (it keeps running; abort it to stop it)`, {
        jobId: stuck.id,
        state: stuck.state,
        reason: 'timeout',
      });
    }
    await sleep(Math.min(pollDelay(attempt, polling), left), signal);
    for (const i of pending) {
      const info = await fetch((current[i] as T).id);
      current[i] = info;
      onInfo(info);
    }
  }
}
