/**
 * Apex REST (`/services/apexrest/…`): calls to an org's own `@RestResource` classes, through the
 * same hooks, authentication and retries as every other call.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { HttpMethod } from '../core/types.js';
import { encodePathSegment } from '../http/path.js';
import type { CallOptions } from '../http/transport.js';
import { call, type ResourceContext } from './context.js';

/**
 * Options of Apex REST calls: the usual call options plus query parameters.
 *
 * @example
 * ```ts
 * await sf.apex.get('/Cases', { params: { status: 'Open' } });
 * ```
 */
export interface ApexCallOptions extends CallOptions {
  /** Query-string parameters (encoded by the client). */
  params?: Record<string, string>;
}

/**
 * `/services/apexrest` + `path`, each segment validated and encoded: no `..`, `?`, `#`, control
 * characters or empty segments (a trailing `/` is kept).
 *
 * @throws ValidationError
 * @example
 * ```ts
 * apexPath('/ns/Cases/500xx0000001'); // '/services/apexrest/ns/Cases/500xx0000001'
 * apexPath('/Cases/../limits');       // ValidationError
 * ```
 */
export function apexPath(path: string): string {
  if (typeof path !== 'string' || path.replace(/^\/+/, '') === '') throw new ValidationError('an Apex REST path is needed, e.g. /Cases');
  const trimmed = path.replace(/^\//, '');
  const trailing = trimmed.endsWith('/');
  const segments = (trailing ? trimmed.slice(0, -1) : trimmed).split('/');
  if (segments.some((s) => s === '')) throw new ValidationError(`an Apex REST path may not hold empty segments: ${JSON.stringify(path.slice(0, 80))}`);
  return `/services/apexrest/${segments.map(encodePathSegment).join('/')}${trailing ? '/' : ''}`;
}

/**
 * The org's Apex REST classes. `T` is the answer's (parsed JSON) type; text answers are strings.
 * GET, PUT and DELETE are retried on transient faults; POST and PATCH are not.
 *
 * @example
 * ```ts
 * const open = await sf.apex.get<Case[]>('/Cases', { params: { status: 'Open' } });
 * const { id } = await sf.apex.post<{ id: string }>('/Cases', { subject: 'Printer on fire' });
 * ```
 */
export class ApexResource {
  readonly #ctx: ResourceContext;

  constructor(ctx: ResourceContext) {
    this.#ctx = ctx;
  }

  async #send<T>(method: HttpMethod, path: string, body: unknown, options: ApexCallOptions = {}): Promise<T> {
    const { params, ...callOptions } = options;
    if (params !== undefined && (typeof params !== 'object' || params === null || Object.values(params).some((v) => typeof v !== 'string'))) {
      throw new ValidationError('params must map names to strings');
    }
    return call<T>(
      this.#ctx,
      { operation: `apex.${method.toLowerCase()}`, method, path: apexPath(path), ...(params ? { params } : {}), ...(body === undefined ? {} : { body }) },
      callOptions,
    );
  }

  /**
   * `GET /services/apexrest/<path>`.
   *
   * @example
   * ```ts
   * const c = await sf.apex.get<{ Subject: string }>(`/Cases/${id}`);
   * ```
   */
  get<T = unknown>(path: string, options?: ApexCallOptions): Promise<T> {
    return this.#send<T>('GET', path, undefined, options);
  }

  /**
   * `POST /services/apexrest/<path>` with a JSON (or text) body.
   *
   * @example
   * ```ts
   * await sf.apex.post('/Cases', { subject: 'Hi' });
   * ```
   */
  post<T = unknown>(path: string, body?: unknown, options?: ApexCallOptions): Promise<T> {
    return this.#send<T>('POST', path, body, options);
  }

  /**
   * `PUT /services/apexrest/<path>`.
   *
   * @example
   * ```ts
   * await sf.apex.put(`/Cases/${id}`, { status: 'Closed' });
   * ```
   */
  put<T = unknown>(path: string, body?: unknown, options?: ApexCallOptions): Promise<T> {
    return this.#send<T>('PUT', path, body, options);
  }

  /**
   * `PATCH /services/apexrest/<path>`.
   *
   * @example
   * ```ts
   * await sf.apex.patch(`/Cases/${id}`, { priority: 'High' });
   * ```
   */
  patch<T = unknown>(path: string, body?: unknown, options?: ApexCallOptions): Promise<T> {
    return this.#send<T>('PATCH', path, body, options);
  }

  /**
   * `DELETE /services/apexrest/<path>`.
   *
   * @example
   * ```ts
   * await sf.apex.delete(`/Cases/${id}`);
   * ```
   */
  delete<T = unknown>(path: string, options?: ApexCallOptions): Promise<T> {
    return this.#send<T>('DELETE', path, undefined, options);
  }
}
