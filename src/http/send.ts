/**
 * One HTTP exchange through axios, with forcelink's rules: every status is an answer (the caller
 * classifies it), the body is read as text and parsed here (so HTML from a proxy or truncated JSON
 * becomes a typed error, not a crash), `timeoutMs` bounds the whole exchange (slow-loris bodies
 * included), and network failures become {@link ConnectionError} saying whether Salesforce may have
 * applied the request.
 *
 * @module
 */
import { isAxiosError, type AxiosInstance } from 'axios';
import { AbortError, ConnectionError, TimeoutError } from '../core/errors.js';
import { redactRequest, redactText } from '../core/redact.js';

/** A request as it goes on the wire. */
export interface WireRequest {
  method: string;
  /** Absolute URL, query string included. */
  url: string;
  headers: Record<string, string>;
  data?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** An answer, whatever its status. */
export interface WireResponse {
  status: number;
  statusText: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON when the body was JSON, the text otherwise, `undefined` when empty. */
  body: unknown;
  /** Set when the body claimed to be JSON but could not be parsed. */
  parseError?: Error;
}

/** Network codes that prove the request never reached the server. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'ENETUNREACH', 'EHOSTUNREACH']);

function parseBody(text: string, contentType: string): Pick<WireResponse, 'body' | 'parseError'> {
  if (text === '') return { body: undefined };
  const first = text.trimStart()[0];
  if (contentType.includes('json') || ((first === '{' || first === '[') && !contentType.includes('html'))) {
    try {
      return { body: JSON.parse(text) };
    } catch (error) {
      return { body: text, parseError: error as Error };
    }
  }
  return { body: text };
}

/**
 * The failure's network code. An answer that broke off after its headers arrived (axios says
 * `ERR_BAD_RESPONSE` and keeps the response) is a connection reset mid-body: `ECONNRESET`.
 */
function networkCode(error: unknown): string {
  if (isAxiosError(error)) {
    if (error.code === 'ERR_BAD_RESPONSE' && error.response !== undefined) return 'ECONNRESET';
    if (error.code) return error.code;
  }
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code !== '' ? code : 'ERR_NETWORK';
}

function plainHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
      if (value !== undefined && value !== null) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
  }
  return out;
}

/**
 * Sends one request and returns the answer, or throws {@link ConnectionError} /
 * {@link TimeoutError} / {@link AbortError}.
 */
export async function send(http: AxiosInstance, request: WireRequest): Promise<WireResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    request.timeoutMs && request.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, request.timeoutMs)
      : undefined;
  const onAbort = () => controller.abort();
  if (request.signal?.aborted) onAbort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await http.request<string>({
      method: request.method,
      url: request.url,
      headers: request.headers,
      data: request.data,
      signal: controller.signal,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
    });
    const headers = plainHeaders(response.headers);
    const text = typeof response.data === 'string' ? response.data : response.data == null ? '' : String(response.data);
    return { status: response.status, statusText: response.statusText ?? '', headers, ...parseBody(text, headers['content-type'] ?? '') };
  } catch (error) {
    // axios errors hold the request config, Authorization header included: keep only a clean copy.
    const cause = new Error(redactText(error instanceof Error ? error.message : String(error)));
    const wire = () => redactRequest({ method: request.method, url: request.url, headers: request.headers });
    if (timedOut) throw new TimeoutError(`no complete answer within ${request.timeoutMs} ms`, { request: wire(), cause });
    if (request.signal?.aborted) throw new AbortError('the request was aborted', { request: wire(), cause: request.signal.reason });
    const code = networkCode(error);
    const neverSent = NEVER_SENT.has(code);
    throw new ConnectionError(`${request.method} ${new URL(request.url).pathname} failed: ${code}`, {
      mayHaveBeenApplied: !neverSent,
      networkCode: code,
      request: wire(),
      cause,
    });
  } finally {
    if (timer) clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}
