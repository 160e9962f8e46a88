/**
 * The org's request log (`org.requests`): the last N requests with what was answered, in a ring
 * buffer so that logging stays O(1) per request. Bodies are kept up to 64 KiB each.
 *
 * @module
 */

const MAX_BODY_CHARS = 64 * 1024;

/**
 * One logged request.
 *
 * @example
 * ```ts
 * const last = org.requests.at(-1);
 * console.log(last?.method, last?.path, last?.status);
 * ```
 */
export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The request body as text (cut at 64 KiB). */
  body: string;
  /** Status sent; 0 when the connection was reset instead. */
  status: number;
  /** When the request arrived (epoch ms). */
  time: number;
  durationMs: number;
  /** What a crashed handler threw (the client saw a 500 UNKNOWN_EXCEPTION). */
  error?: unknown;
}

/** A bounded log of requests, oldest first. */
export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];
  private next = 0;

  constructor(private readonly limit: number) {}

  add(entry: RequestLogEntry): void {
    if (this.entries.length < this.limit) this.entries.push(entry);
    else this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.limit;
  }

  /** The logged requests, oldest first. */
  list(): RequestLogEntry[] {
    if (this.entries.length < this.limit) return [...this.entries];
    return [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
  }

  clear(): void {
    this.entries.length = 0;
    this.next = 0;
  }
}

/** The body as logged text. */
export function logBody(body: Buffer): string {
  const text = body.subarray(0, MAX_BODY_CHARS * 4).toString('utf8');
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…` : text;
}
