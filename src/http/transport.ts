/**
 * The transport: runs one action through hooks, authentication, retries and the wire.
 *
 * Per attempt: fresh context from the action → `beforeAction` hooks → header check → send with
 * the current token. Then:
 * - 401 `INVALID_SESSION_ID` → one refresh (shared with every concurrent caller) and one replay;
 *   a second 401 is {@link InvalidSessionError}, never a loop;
 * - network failure, 429, 502–504 → the retry policy decides (idempotent requests only, unless
 *   the failure proves Salesforce never received the request), p-retry runs it;
 * - other errors → `afterError` hooks, which may reclassify the error as a warning or success;
 * - success → `afterAction` hooks, which may replace the response; a success status whose body is
 *   unreadable, Salesforce's error array, an HTML page where JSON was asked for, or not the shape
 *   the resource expects is an error instead;
 * - an abort, mid-request or between attempts → {@link AbortError}.
 * A hook that throws `AuthRefreshRequestedError` gets the same single refresh and replay.
 *
 * @module
 */
import pRetry from 'p-retry';
import type { AxiosInstance } from 'axios';
import { apiErrorFromResponse, parseErrorItems } from '../core/error-factory.js';
import {
  AbortError,
  AuthRefreshRequestedError,
  ConnectionError,
  ForcelinkError,
  InvalidResponseError,
  InvalidSessionError,
  type ApiError,
} from '../core/errors.js';
import { redactRequest } from '../core/redact.js';
import type { HeaderMap, HttpMethod, TokenSet } from '../core/types.js';
import type { TokenSource } from '../auth/token-manager.js';
import { assertSafeHeaders } from '../headers/index.js';
import { hasHandler, runActionEvent, type LeveledHooks } from '../hooks/pipeline.js';
import type { ActionContext, HookEnvironment, HookHttpRequest, HookHttpResponse, Hooks } from '../hooks/types.js';
import { Limiter } from './limiter.js';
import { resolveRetryOptions, retryDecision, type RetryOptions, type RetryableFailure } from './retry.js';
import { send, type WireResponse } from './send.js';

/** Options every operation accepts as its last argument. */
export interface CallOptions {
  /** Extra request headers for this call (validated: no CR/LF/control characters). */
  headers?: HeaderMap;
  /** Call-level hooks (Cyclr's step level): run after client and operation hooks. */
  hooks?: Hooks | readonly Hooks[];
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Retry policy for this call; `false` turns retries off. */
  retry?: Partial<RetryOptions> | false;
}

/** One REST action as a resource describes it. */
export interface ActionSpec {
  /** Operation name for hooks and errors, e.g. `sobject.create`. */
  operation: string;
  method: HttpMethod;
  /** Path relative to the instance (`/services/data/v62.0/…`) or an absolute URL on it. */
  path: string;
  params?: Record<string, string>;
  body?: unknown;
  headers?: HeaderMap;
  /** Operation-level hooks (Cyclr's method level). */
  hooks?: readonly Hooks[];
  /** Safe to send twice (GET, HEAD, PUT, DELETE, upsert by external ID). Defaults by method. */
  idempotent?: boolean;
  /** Shared `actionData` across the pages of one query. */
  actionData?: Record<string, unknown>;
  /** Skip action hooks (requests made from inside hooks). */
  skipHooks?: boolean;
  /** Return error statuses as results instead of throwing (for `http_request`). */
  acceptErrors?: boolean;
  /** What a success's body must be; checked before `afterAction` hooks ({@link InvalidResponseError} if not). */
  expect?: ResponseExpectation;
  /**
   * When a retry follows an attempt that may have been applied, an error for which this returns
   * true means that attempt did the work (a retried DELETE answered `ENTITY_IS_DELETED`): the
   * action then succeeds with 204 instead of failing.
   */
  doneEarlier?: (error: ApiError) => boolean;
}

/**
 * The shape a successful answer must have (see `rest/response-shape.ts`).
 *
 * @example
 * ```ts
 * const RECORD: ResponseExpectation = { what: 'a record', check: (body) => typeof body === 'object' && body !== null };
 * ```
 */
export interface ResponseExpectation {
  /** Named in the error message, e.g. `a save result`. */
  what: string;
  check(body: unknown, status: number): boolean;
}

/** The answer to an action after hooks. */
export interface ActionResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Set when an `afterError` hook turned an error into a warning or success. */
  reclassified?: 'warning' | 'success';
}

/** What the transport needs from its client. */
export interface TransportOptions {
  http: AxiosInstance;
  tokens: TokenSource;
  /** Client-level hooks (a live list: `use()` appends to it). */
  hooks: Hooks[];
  headers: HeaderMap;
  retry: RetryOptions;
  timeoutMs: number;
  maxConcurrentRequests: number;
  /** Called with every Salesforce answer's headers (for `Sforce-Limit-Info`). */
  onResponseHeaders?: (headers: Record<string, string>) => void;
}

const DEFAULT_IDEMPOTENT = new Set<HttpMethod>(['GET', 'HEAD', 'PUT', 'DELETE']);
const NO_HOOKS: readonly Hooks[] = [];

/** Tells p-retry to go again: after a refresh (not counted) or a retryable failure (after a delay). */
class Again extends Error {
  constructor(
    readonly failure: ForcelinkError,
    readonly delayMs: number,
    readonly isReplay: boolean,
  ) {
    super('again');
  }
}

/** Per-action state shared across attempts. */
interface ActionState {
  replaysLeft: number;
  failures: number;
  /** A retried attempt may have been applied (so a later "already done" answer is success). */
  mayHaveApplied: boolean;
  started: number;
  retry: RetryOptions;
  actionData: Record<string, unknown>;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function applyMergefields(endpoint: string, mergefields: Record<string, string>): string {
  return endpoint.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) =>
    name in mergefields ? encodeURIComponent(mergefields[name]!) : whole,
  );
}

/** The org's instance, or the identity URL's host Salesforce named in the token response. */
function isTokenOrigin(url: string, token: TokenSet): boolean {
  const origin = new URL(url).origin;
  return origin === new URL(token.instanceUrl).origin || (token.id !== undefined && origin === new URL(token.id).origin);
}

/**
 * A success status whose body cannot be the answer: unreadable JSON, Salesforce's error array,
 * or an HTML page (a proxy's or a captive portal's) where the request asked for JSON. Other text
 * passes (an Apex REST method may answer text/plain); resources check the shapes they expect.
 */
function unusableSuccess(response: WireResponse, requestHeaders: HeaderMap): boolean {
  if (response.parseError || parseErrorItems(response.body)) return true;
  if (typeof response.body !== 'string' || !/html/i.test(response.headers['content-type'] ?? '')) return false;
  const accept = Object.entries(requestHeaders).find(([name]) => name.toLowerCase() === 'accept')?.[1];
  return accept !== undefined && /json/i.test(accept);
}

function describeBody(body: unknown): string {
  if (body === undefined) return 'an empty body';
  if (body === null) return 'null';
  if (Array.isArray(body)) return 'an array';
  return typeof body === 'object' ? 'an object of another shape' : `a ${typeof body}`;
}

function toList(hooks: Hooks | readonly Hooks[] | undefined): readonly Hooks[] {
  if (!hooks) return NO_HOOKS;
  return Array.isArray(hooks) ? (hooks as readonly Hooks[]) : [hooks as Hooks];
}

/** Runs actions; one per client. */
export class Transport {
  readonly #options: TransportOptions;
  readonly #limiter: Limiter;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#limiter = new Limiter(options.maxConcurrentRequests);
  }

  /** The environment lent to hooks: `http_request` through this client, without action hooks. */
  readonly hookEnvironment: HookEnvironment = {
    httpRequest: async (request: HookHttpRequest): Promise<HookHttpResponse> => {
      const result = await this.execute(
        {
          operation: 'http_request',
          method: (request.method ?? 'GET').toUpperCase() as HttpMethod,
          path: request.url,
          params: request.parameters,
          body: request.data,
          headers: request.headers,
          skipHooks: true,
          acceptErrors: true,
        },
        {},
      );
      return { status_code: result.status, headers: result.headers, content: result.body };
    },
  };

  /** The hooks at each level for an action. */
  levels(spec: ActionSpec, options: CallOptions): LeveledHooks {
    if (spec.skipHooks) return { client: NO_HOOKS, operation: NO_HOOKS, call: NO_HOOKS };
    return { client: this.#options.hooks, operation: spec.hooks ?? NO_HOOKS, call: toList(options.hooks) };
  }

  /**
   * Runs one action to its end: a result, or a typed error.
   */
  async execute(spec: ActionSpec, options: CallOptions): Promise<ActionResult> {
    const retry = options.retry === undefined ? this.#options.retry : resolveRetryOptions({ ...this.#options.retry, ...(options.retry || { retries: 0 }) });
    const state: ActionState = { replaysLeft: 1, failures: 0, mayHaveApplied: false, started: Date.now(), retry, actionData: spec.actionData ?? {} };
    const levels = this.levels(spec, options);
    try {
      return await pRetry(() => this.#attempt(spec, options, levels, state), {
        retries: retry.retries + 2,
        minTimeout: 0,
        maxTimeout: 0,
        factor: 1,
        randomize: false,
        signal: options.signal,
        shouldConsumeRetry: ({ error }) => !(error instanceof Again && error.isReplay),
        shouldRetry: ({ error }) => error instanceof Again,
        onFailedAttempt: async ({ error }) => {
          if (error instanceof Again && error.delayMs > 0) await sleep(error.delayMs, options.signal);
        },
      });
    } catch (error) {
      // An abort between attempts (during a backoff or Retry-After wait) surfaces as the signal's
      // raw reason from p-retry or the sleep: report it as the typed AbortError, like one mid-request.
      if (options.signal?.aborted && !ForcelinkError.is(error) && !(error instanceof Again)) {
        throw new AbortError('the request was aborted', { cause: options.signal.reason });
      }
      throw error instanceof Again ? error.failure : error;
    }
  }

  /**
   * A fresh context per attempt. The body is copied only when a hook could change it (so the
   * caller's object and the next attempt stay untouched); strings are immutable anyway, which keeps
   * a 100 MB Bulk upload from being copied.
   */
  #context(spec: ActionSpec, options: CallOptions, state: ActionState, mutable: boolean): ActionContext {
    return {
      operation: spec.operation,
      method: spec.method,
      endpoint: spec.path,
      requestHeaders: { ...this.#options.headers, ...spec.headers, ...options.headers },
      requestParameters: { ...spec.params },
      request: mutable && typeof spec.body === 'object' && spec.body !== null ? structuredClone(spec.body) : spec.body,
      mergefields: {},
      actionData: state.actionData,
    };
  }

  async #attempt(spec: ActionSpec, options: CallOptions, levels: LeveledHooks, state: ActionState): Promise<ActionResult> {
    // Fails early (before hooks run or a slot is taken) when no token can be had at all.
    let token = await this.#options.tokens.getToken();
    const hooked = !spec.skipHooks;
    const before = hooked && hasHandler('beforeAction', levels);
    const anyHooks = hooked && levels.client.length + levels.operation.length + levels.call.length > 0;
    const ctx = this.#context(spec, options, state, anyHooks);
    const env = this.hookEnvironment;
    if (before) await runActionEvent('beforeAction', levels, ctx, env);
    assertSafeHeaders(ctx.requestHeaders);

    let response: WireResponse;
    const endpoint = applyMergefields(ctx.endpoint, ctx.mergefields);
    const data = ctx.request === undefined ? undefined : typeof ctx.request === 'string' ? ctx.request : JSON.stringify(ctx.request);
    let url = '';
    let headers: HeaderMap = {};
    try {
      response = await this.#limiter.run(async () => {
        // A refresh may have happened while this call waited for a slot: send the token current now,
        // not a stale one whose refusal would use up the call's single replay.
        token = await this.#options.tokens.getToken();
        ({ url, headers } = this.#wire(token, endpoint, ctx, data));
        return send(this.#options.http, {
          method: ctx.method,
          url,
          headers,
          ...(data === undefined ? {} : { data }),
          timeoutMs: options.timeoutMs ?? this.#options.timeoutMs,
          signal: options.signal,
        });
      });
    } catch (error) {
      if (error instanceof ConnectionError && error.code === 'ERR_CONNECTION') {
        this.#maybeRetry(spec, state, { kind: 'network', code: error.networkCode ?? 'ERR_NETWORK', sent: error.mayHaveBeenApplied }, error);
      } else if (error instanceof ConnectionError && error.code === 'ERR_TIMEOUT') {
        this.#maybeRetry(spec, state, { kind: 'network', code: 'ETIMEDOUT', sent: true }, error);
      }
      throw error;
    }
    this.#options.onResponseHeaders?.(response.headers);
    const request = () => redactRequest({ method: ctx.method, url, headers, body: ctx.request });

    if (response.status === 401 && !spec.acceptErrors) {
      const error = apiErrorFromResponse({ ...response, request: request() });
      await this.#replayAfterRefresh(token, state, error);
      throw error instanceof InvalidSessionError ? error : new InvalidSessionError(error.message, { ...error, errors: error.errors });
    }
    let ok = response.status < 300 || response.status === 304;
    if (!ok && !spec.acceptErrors && state.mayHaveApplied && spec.doneEarlier?.(apiErrorFromResponse(response))) {
      response = { ...response, status: 204, statusText: 'No Content', body: undefined };
      ok = true;
    }
    if (!ok && !spec.acceptErrors) {
      const error = apiErrorFromResponse({ ...response, request: request() });
      if (response.status === 429 || response.status >= 500) {
        this.#maybeRetry(spec, state, { kind: 'response', status: response.status, headers: response.headers, errorCode: error.errorCode }, error);
      }
      return this.#afterError(levels, ctx, response, error, token, state);
    }
    if (ok && !spec.acceptErrors && unusableSuccess(response, headers)) {
      throw apiErrorFromResponse({ ...response, request: request() });
    }
    if (ok && !spec.acceptErrors && spec.expect && response.status !== 304 && !spec.expect.check(response.body, response.status)) {
      throw new InvalidResponseError(`${spec.operation}: Salesforce answered HTTP ${response.status} with ${describeBody(response.body)}, not ${spec.expect.what}`, {
        status: response.status,
        errors: [],
        body: response.body,
        headers: response.headers,
        request: request(),
      });
    }
    ctx.response = response.body;
    ctx.responseHeaders = response.headers;
    ctx.statusCode = response.status;
    ctx.reasonPhrase = response.statusText;
    if (hooked && hasHandler('afterAction', levels)) {
      await this.#guardRefresh(token, state, () => runActionEvent('afterAction', levels, ctx, env));
    }
    return { status: response.status, headers: response.headers, body: ctx.response };
  }

  async #afterError(
    levels: LeveledHooks,
    ctx: ActionContext,
    response: WireResponse,
    error: ApiError,
    token: TokenSet,
    state: ActionState,
  ): Promise<ActionResult> {
    if (!hasHandler('afterError', levels)) throw error;
    ctx.responseHeaders = response.headers;
    ctx.statusCode = response.status;
    ctx.reasonPhrase = response.statusText;
    ctx.error = {
      statusCode: response.status,
      reasonPhrase: response.statusText,
      content: response.body,
      isError: true,
      isWarning: false,
      isSuccess: false,
    };
    await this.#guardRefresh(token, state, () => runActionEvent('afterError', levels, ctx, this.hookEnvironment));
    const verdict = ctx.error;
    if (verdict.isError || (!verdict.isSuccess && !verdict.isWarning)) throw error;
    return {
      status: response.status,
      headers: response.headers,
      body: verdict.content,
      reclassified: verdict.isSuccess ? 'success' : 'warning',
    };
  }

  /** Runs after-hooks; a hook asking for a refresh gets one refresh and one replay. */
  async #guardRefresh(token: TokenSet, state: ActionState, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof AuthRefreshRequestedError) await this.#replayAfterRefresh(token, state, error);
      throw error;
    }
  }

  /** Throws {@link Again} after one refresh, when this action has not used its replay yet. */
  async #replayAfterRefresh(token: TokenSet, state: ActionState, cause: ForcelinkError): Promise<void> {
    const refresh = this.#options.tokens.refreshAfterRejection;
    if (!refresh || state.replaysLeft === 0) return;
    state.replaysLeft--;
    await refresh.call(this.#options.tokens, token);
    throw new Again(cause, 0, true);
  }

  #maybeRetry(spec: ActionSpec, state: ActionState, failure: RetryableFailure, cause: ForcelinkError): void {
    state.failures++;
    const decision = retryDecision({
      attempt: state.failures,
      method: spec.method,
      idempotent: spec.idempotent ?? DEFAULT_IDEMPOTENT.has(spec.method),
      failure,
      elapsedMs: Date.now() - state.started,
      options: state.retry,
    });
    if (!decision.retry) return;
    if ((cause as { mayHaveBeenApplied?: boolean }).mayHaveBeenApplied === true) state.mayHaveApplied = true;
    throw new Again(cause, decision.delayMs, false);
  }

  /** The URL and headers of an attempt with `token`. */
  #wire(token: TokenSet, endpoint: string, ctx: ActionContext, data: string | undefined): { url: string; headers: HeaderMap } {
    const url = this.#url(token, endpoint, ctx.requestParameters);
    const headers: HeaderMap = { Accept: 'application/json', ...ctx.requestHeaders };
    // The token goes only to the org's own instance, never to another host a hook or script names.
    if (isTokenOrigin(url, token)) headers.Authorization = `Bearer ${token.accessToken}`;
    if (data !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    return { url, headers };
  }

  #url(token: TokenSet, endpoint: string, params: Record<string, string>): string {
    const base = /^https?:\/\//i.test(endpoint) ? endpoint : `${token.instanceUrl}${endpoint.startsWith('/') ? '' : '/'}${endpoint}`;
    const query = new URLSearchParams(params).toString();
    return query ? `${base}${base.includes('?') ? '&' : '?'}${query}` : base;
  }
}
