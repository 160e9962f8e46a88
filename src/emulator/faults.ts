/**
 * Fault injection: the next matching requests get a chosen status and body (instead of, or after,
 * the org's processing), a reset connection (before or after the org processed them, or halfway
 * through the answer's body), a delay, a body cut short, or a body that trickles in slowly.
 *
 * @module
 */

/**
 * What to inject, and into which requests.
 *
 * @example
 * ```ts
 * org.faults.inject({ path: '/sobjects/Lead', method: 'POST', resetAfterProcessing: true });
 * org.faults.inject({ path: /\/query/, status: 503, times: 2 });
 * // A gateway timeout after the record was stored, as a proxy's HTML page:
 * org.faults.inject({ path: '/sobjects/Lead', method: 'POST', afterProcessing: true, status: 504,
 *   body: '<html><body>Gateway Timeout</body></html>', contentType: 'text/html' });
 * ```
 */
export interface FaultSpec {
  /** Matches the request path and query: a substring, or a regular expression. Default: every request. */
  path?: string | RegExp;
  /** Matches the HTTP method (any case). Default: every method. */
  method?: string;
  /** Answer with this status instead of processing the request. */
  status?: number;
  /** Body of that answer: a string as is, anything else as JSON. Default: Salesforce's body for the status, if any. */
  body?: unknown;
  /** Extra response headers (also on processed answers). */
  headers?: Record<string, string>;
  /** Overrides the response `Content-Type`. */
  contentType?: string;
  /** How many requests this fault applies to; default 1 (`Infinity` for all). */
  times?: number;
  /** Destroy the connection without processing the request. */
  reset?: boolean;
  /** Process the request (the record is stored), then destroy the connection instead of answering. */
  resetAfterProcessing?: boolean;
  /** Wait this long before answering; with `slowBody`, the time the body takes to arrive. */
  delayMs?: number;
  /** Send the headers at once, then the body in small pieces over `delayMs` (default 1 s). */
  slowBody?: boolean;
  /**
   * With `status`: process the request first (a record is stored), then answer with `status` and
   * `body` instead of the org's answer — a gateway timeout or error page after the commit.
   */
  afterProcessing?: boolean;
  /** Cut the answer's body to its first N bytes, with a matching `Content-Length` (truncated JSON). */
  truncateBody?: number;
  /** Send the status, the headers (full `Content-Length`) and half the body, then destroy the connection. */
  resetMidBody?: boolean;
}

/**
 * A fault waiting to fire.
 *
 * @example
 * ```ts
 * const fault = org.faults.inject({ status: 500, times: Infinity });
 * fault.remove();
 * ```
 */
export interface InjectedFault {
  readonly spec: Readonly<FaultSpec>;
  /** How many requests it has hit so far. */
  readonly hits: number;
  /** Withdraws it. */
  remove(): void;
}

/**
 * The bytes of an answer's body after `truncateBody` (the whole body when the fault has none).
 *
 * @example
 * ```ts
 * faultBodyBytes(Buffer.from('{"id":"001"}'), { truncateBody: 4 }).toString(); // '{"id'
 * ```
 */
export function faultBodyBytes(bytes: Buffer, fault: Readonly<FaultSpec> | undefined): Buffer {
  return fault?.truncateBody === undefined ? bytes : bytes.subarray(0, fault.truncateBody);
}

/** Salesforce's body for an injected status, when it has a typical one. */
export function defaultFaultBody(status: number): unknown {
  switch (status) {
    case 401: return [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
    case 403: return [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }];
    case 404: return [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }];
    case 500: return [{ message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 0000000000-00000 (0)', errorCode: 'UNKNOWN_EXCEPTION' }];
    case 503: return [{ message: 'Server is unavailable, please try again later', errorCode: 'SERVER_UNAVAILABLE' }];
    default: return undefined;
  }
}

class Fault implements InjectedFault {
  hits = 0;
  remaining: number;

  constructor(
    readonly spec: Readonly<FaultSpec>,
    private readonly owner: FaultInjector,
  ) {
    this.remaining = spec.times ?? 1;
  }

  matches(method: string, target: string): boolean {
    const { path, method: wanted } = this.spec;
    if (wanted !== undefined && wanted.toUpperCase() !== method) return false;
    if (path === undefined) return true;
    if (typeof path === 'string') return target.includes(path);
    path.lastIndex = 0;
    return path.test(target);
  }

  remove(): void {
    this.owner.remove(this);
  }
}

/**
 * The faults armed on one emulator (`org.faults`).
 *
 * @example
 * ```ts
 * org.faults.inject({ path: '/services/oauth2/token', delayMs: 200 });
 * org.faults.clear();
 * ```
 */
export class FaultInjector {
  private faults: Fault[] = [];

  /** Arms a fault for the next matching request(s). */
  inject(spec: FaultSpec): InjectedFault {
    if (spec.times !== undefined && !(spec.times > 0)) throw new RangeError('times must be positive');
    if (spec.truncateBody !== undefined && !(Number.isInteger(spec.truncateBody) && spec.truncateBody >= 0)) {
      throw new RangeError('truncateBody must be a non-negative integer');
    }
    if (spec.afterProcessing && spec.status === undefined) throw new RangeError('afterProcessing needs a status to answer with');
    const fault = new Fault({ ...spec }, this);
    this.faults.push(fault);
    return fault;
  }

  /** Withdraws every fault. */
  clear(): void {
    this.faults = [];
  }

  /** Faults still armed. */
  get pending(): number {
    return this.faults.length;
  }

  /** The first fault matching this request, counted as used; undefined if none. */
  take(method: string, target: string): Readonly<FaultSpec> | undefined {
    const fault = this.faults.find((f) => f.matches(method, target));
    if (!fault) return undefined;
    fault.hits++;
    if (--fault.remaining <= 0) this.remove(fault);
    return fault.spec;
  }

  /** Withdraws one fault. */
  remove(fault: InjectedFault): void {
    this.faults = this.faults.filter((f) => f !== fault);
  }
}
