/**
 * The error hierarchy. Every error forcelink throws extends {@link ForcelinkError} and carries a
 * stable machine `code`. Messages, `toJSON()` and `util.inspect` never show a token, secret or
 * password: requests kept on errors are redacted copies (see `redact.ts`).
 *
 * @module
 */
import { redactText, redactValue, type RedactedRequest } from './redact.js';

/** Stable machine codes, one per error class. */
export type ForcelinkErrorCode =
  | 'ERR_FORCELINK'
  | 'ERR_VALIDATION'
  | 'ERR_OAUTH'
  | 'ERR_INVALID_GRANT'
  | 'ERR_INVALID_CLIENT'
  | 'ERR_INVALID_REQUEST'
  | 'ERR_UNSUPPORTED_GRANT_TYPE'
  | 'ERR_REAUTHORIZATION_REQUIRED'
  | 'ERR_INVALID_SIGNATURE'
  | 'ERR_API'
  | 'ERR_INVALID_SESSION'
  | 'ERR_NOT_FOUND'
  | 'ERR_REQUEST_LIMIT'
  | 'ERR_MALFORMED_QUERY'
  | 'ERR_INVALID_FIELD'
  | 'ERR_MULTIPLE_CHOICES'
  | 'ERR_PRECONDITION_FAILED'
  | 'ERR_NOT_MODIFIED'
  | 'ERR_INVALID_RESPONSE'
  | 'ERR_CONNECTION'
  | 'ERR_TIMEOUT'
  | 'ERR_ABORTED'
  | 'ERR_ACTION_CANCELLED'
  | 'ERR_HOOK'
  | 'ERR_AUTH_REFRESH_REQUESTED'
  | 'ERR_SCRIPT'
  | 'ERR_SCRIPT_TIMEOUT'
  | 'ERR_STORE'
  | 'ERR_MAX_RECORDS'
  | 'ERR_BULK_JOB';

const BRAND = Symbol.for('forcelink.error');
const MAX_CAUSE_DEPTH = 8;

function isBranded(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Whether a value shows a registered secret or a secret-shaped string (by value, not by field name). */
function secretIn(value: unknown): boolean {
  if (typeof value === 'string') return redactText(value) !== value;
  if (typeof value !== 'object' || value === null) return false;
  try {
    const text = JSON.stringify(value);
    return text !== undefined && redactText(text) !== text;
  } catch {
    return false;
  }
}

function scrub(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  return secretIn(value) ? redactValue(value) : value;
}

/**
 * A cause that is safe to keep on an error. A hook's or a caller's own error may quote a token it
 * saw; then it is replaced by a copy of the same class whose message, stack and fields are
 * redacted. Clean causes, and forcelink's own errors (redacted when made), are kept as they are.
 */
function safeCause(cause: unknown, depth = 0): unknown {
  if (isBranded(cause)) return cause;
  if (depth >= MAX_CAUSE_DEPTH) return '[cause chain cut]';
  if (!(cause instanceof Error)) return scrub(cause);
  const inner = cause.cause === undefined ? undefined : safeCause(cause.cause, depth + 1);
  const fields = Object.entries(cause);
  if (!secretIn(cause.message) && !secretIn(String(cause.stack)) && inner === cause.cause && !fields.some(([, v]) => secretIn(v))) return cause;
  const copy = Object.create(Object.getPrototypeOf(cause) as object) as Error;
  for (const [key, value] of fields) (copy as unknown as Record<string, unknown>)[key] = scrub(value);
  const hidden = { writable: true, configurable: true, enumerable: false };
  Object.defineProperty(copy, 'message', { ...hidden, value: redactText(cause.message) });
  Object.defineProperty(copy, 'stack', { ...hidden, value: redactText(String(cause.stack)) });
  if (Object.prototype.hasOwnProperty.call(cause, 'name')) Object.defineProperty(copy, 'name', { ...hidden, value: cause.name });
  if (cause.cause !== undefined) Object.defineProperty(copy, 'cause', { ...hidden, value: inner });
  return copy;
}

/**
 * Base class of every forcelink error.
 *
 * @example
 * ```ts
 * try { await sf.sobject('Lead').retrieve(id); }
 * catch (e) { if (ForcelinkError.is(e)) console.error(e.code, e.message); }
 * ```
 */
export class ForcelinkError extends Error {
  /** Stable machine code, e.g. `ERR_INVALID_SESSION`. */
  readonly code: ForcelinkErrorCode;

  constructor(message: string, options: { code?: ForcelinkErrorCode; cause?: unknown } = {}) {
    super(redactText(message), options.cause === undefined ? undefined : { cause: safeCause(options.cause) });
    this.name = new.target.name;
    this.code = options.code ?? 'ERR_FORCELINK';
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for any forcelink error, also across realms and duplicate copies of the package. */
  static is(value: unknown): value is ForcelinkError {
    return isBranded(value);
  }

  /** A JSON-safe view: name, code, message and the class's own public fields. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'code' && value !== undefined) out[key] = value;
    }
    return out;
  }
}

/** Bad input from the caller, refused before anything is sent. */
export class ValidationError extends ForcelinkError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: 'ERR_VALIDATION' });
  }
}

/** An OAuth token-endpoint or authorize error, keyed on Salesforce's `error` value. */
export class OAuthError extends ForcelinkError {
  /** Salesforce's `error` (e.g. `invalid_grant`). */
  readonly error: string;
  /** Salesforce's `error_description` (e.g. `expired access/refresh token`). */
  readonly errorDescription: string | undefined;
  /** HTTP status of the token endpoint's answer, when there was one. */
  readonly status: number | undefined;

  constructor(
    error: string,
    errorDescription?: string,
    options: { status?: number; cause?: unknown; code?: ForcelinkErrorCode } = {},
  ) {
    super(`OAuth ${error}${errorDescription ? `: ${errorDescription}` : ''}`, {
      code: options.code ?? 'ERR_OAUTH',
      cause: options.cause,
    });
    this.error = error;
    this.errorDescription = errorDescription === undefined ? undefined : redactText(errorDescription);
    this.status = options.status;
  }
}

/** `invalid_grant`: a refresh token, code, password or assertion was refused. */
export class InvalidGrantError extends OAuthError {
  constructor(errorDescription?: string, options: { status?: number; cause?: unknown } = {}) {
    super('invalid_grant', errorDescription, { ...options, code: 'ERR_INVALID_GRANT' });
  }
}

/** `invalid_client` / `invalid_client_id`: the Connected App's key or secret is wrong. */
export class InvalidClientError extends OAuthError {
  constructor(error: string, errorDescription?: string, options: { status?: number; cause?: unknown } = {}) {
    super(error, errorDescription, { ...options, code: 'ERR_INVALID_CLIENT' });
  }
}

/** `invalid_request`, e.g. a PKCE verifier that does not match. */
export class InvalidRequestError extends OAuthError {
  constructor(errorDescription?: string, options: { status?: number; cause?: unknown } = {}) {
    super('invalid_request', errorDescription, { ...options, code: 'ERR_INVALID_REQUEST' });
  }
}

/** `unsupported_grant_type`. */
export class UnsupportedGrantTypeError extends OAuthError {
  constructor(errorDescription?: string, options: { status?: number; cause?: unknown } = {}) {
    super('unsupported_grant_type', errorDescription, { ...options, code: 'ERR_UNSUPPORTED_GRANT_TYPE' });
  }
}

/**
 * A human must authorize the Connected App again: the refresh token is expired or revoked (for
 * example the sixth approval revoked it) and no grant can re-mint a token without a person.
 */
export class ReauthorizationRequiredError extends OAuthError {
  constructor(errorDescription?: string, options: { status?: number; cause?: unknown; error?: string } = {}) {
    super(options.error ?? 'invalid_grant', errorDescription, { ...options, code: 'ERR_REAUTHORIZATION_REQUIRED' });
  }
}

/** A token response whose HMAC `signature` does not match `id + issued_at`. */
export class InvalidSignatureError extends OAuthError {
  constructor() {
    super('invalid_signature', 'the token response signature does not match', { code: 'ERR_INVALID_SIGNATURE' });
  }
}

/** One entry of Salesforce's error array. */
export interface SalesforceErrorItem {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** Options shared by {@link ApiError} and its subclasses. */
export interface ApiErrorOptions {
  status: number;
  errors: SalesforceErrorItem[];
  request?: RedactedRequest;
  /** Raw body, when it was not Salesforce's error array. */
  body?: unknown;
  headers?: Record<string, string>;
  cause?: unknown;
  code?: ForcelinkErrorCode;
  /** Overrides the default of {@link ApiError.mayHaveBeenApplied}. */
  mayHaveBeenApplied?: boolean;
}

/**
 * Whether a request answered with `status` may still have been applied: a success status whose
 * body could not be used, a gateway's 502/504, or a 5xx without Salesforce's error array (so not
 * Salesforce's own, rolled-back refusal).
 */
function answerMayHaveBeenApplied(status: number, errors: readonly SalesforceErrorItem[]): boolean {
  return (status >= 200 && status < 300) || status === 502 || status === 504 || (status >= 500 && errors.length === 0);
}

/** Salesforce answered with an error status. */
export class ApiError extends ForcelinkError {
  readonly status: number;
  /**
   * Whether the request may have been applied although it failed: `false` when Salesforce's own
   * error array refused it (it rolls the transaction back); `true` for a 2xx whose body was
   * unusable, a gateway's 502/504 and other 5xx answers without Salesforce's error array. Like
   * {@link ConnectionError.mayHaveBeenApplied}: check before sending a create again.
   */
  readonly mayHaveBeenApplied: boolean;
  /** Salesforce's first `errorCode` (e.g. `INVALID_FIELD`), or `HTTP_<status>` when it gave none. */
  readonly errorCode: string;
  readonly errors: SalesforceErrorItem[];
  /** A redacted copy of the request that failed. */
  readonly request: RedactedRequest | undefined;
  readonly body: unknown;
  readonly headers: Record<string, string> | undefined;

  constructor(message: string, options: ApiErrorOptions) {
    super(message, { code: options.code ?? 'ERR_API', cause: options.cause });
    this.status = options.status;
    this.mayHaveBeenApplied = options.mayHaveBeenApplied ?? answerMayHaveBeenApplied(options.status, options.errors);
    // Salesforce may echo request values (a session id in a message, say): keep scrubbed copies.
    this.errors = redactValue(options.errors) as SalesforceErrorItem[];
    this.errorCode = options.errors[0]?.errorCode ?? `HTTP_${options.status}`;
    this.request = options.request;
    this.body = redactValue(options.body);
    this.headers = options.headers;
  }
}

/** 401 `INVALID_SESSION_ID` that a refresh could not cure. */
export class InvalidSessionError extends ApiError {
  constructor(message: string, options: ApiErrorOptions) {
    super(message, { ...options, code: 'ERR_INVALID_SESSION' });
  }
}

/** 404 `NOT_FOUND`, `ENTITY_IS_DELETED` and friends. */
export class NotFoundError extends ApiError {
  constructor(message: string, options: ApiErrorOptions) {
    super(message, { ...options, code: 'ERR_NOT_FOUND' });
  }
}

/** 403 `REQUEST_LIMIT_EXCEEDED`: the org's API limit is used up. Never retried. */
export class RequestLimitError extends ApiError {
  constructor(message: string, options: ApiErrorOptions) {
    super(message, { ...options, code: 'ERR_REQUEST_LIMIT' });
  }
}

/** 400 `MALFORMED_QUERY`. */
export class MalformedQueryError extends ApiError {
  constructor(message: string, options: ApiErrorOptions) {
    super(message, { ...options, code: 'ERR_MALFORMED_QUERY' });
  }
}

/** 400 `INVALID_FIELD`. */
export class InvalidFieldError extends ApiError {
  constructor(message: string, options: ApiErrorOptions) {
    super(message, { ...options, code: 'ERR_INVALID_FIELD' });
  }
}

/** 300: an upsert's external ID matched several records; `matches` lists their URLs. */
export class MultipleChoicesError extends ApiError {
  readonly matches: string[];
  constructor(message: string, options: ApiErrorOptions & { matches: string[] }) {
    super(message, { ...options, code: 'ERR_MULTIPLE_CHOICES' });
    this.matches = options.matches;
  }
}

/** 412: an `If-Match` / `If-Unmodified-Since` precondition failed. */
export class PreconditionFailedError extends ApiError {
  constructor(message: string, options: ApiErrorOptions) {
    super(message, { ...options, code: 'ERR_PRECONDITION_FAILED' });
  }
}

/** A response that is not what Salesforce sends: HTML from a proxy, truncated JSON, … */
export class InvalidResponseError extends ApiError {
  constructor(message: string, options: ApiErrorOptions) {
    super(message, { ...options, code: 'ERR_INVALID_RESPONSE' });
  }
}

/** The request never got a complete answer. */
export class ConnectionError extends ForcelinkError {
  /**
   * Whether Salesforce may have received and applied the request. `false` only when the failure
   * proves it never arrived (e.g. connection refused); a reset after sending is `true`.
   */
  readonly mayHaveBeenApplied: boolean;
  readonly request: RedactedRequest | undefined;
  /** The network error code, e.g. `ECONNRESET`, when there was one. */
  readonly networkCode: string | undefined;

  constructor(
    message: string,
    options: {
      mayHaveBeenApplied: boolean;
      request?: RedactedRequest;
      cause?: unknown;
      code?: ForcelinkErrorCode;
      networkCode?: string;
    },
  ) {
    super(message, { code: options.code ?? 'ERR_CONNECTION', cause: options.cause });
    this.mayHaveBeenApplied = options.mayHaveBeenApplied;
    this.request = options.request;
    this.networkCode = options.networkCode;
  }
}

/** No answer within `timeoutMs`. */
export class TimeoutError extends ConnectionError {
  constructor(message: string, options: { request?: RedactedRequest; cause?: unknown } = {}) {
    super(message, { ...options, mayHaveBeenApplied: true, code: 'ERR_TIMEOUT', networkCode: 'ETIMEDOUT' });
  }
}

/** The caller's `AbortSignal` fired. */
export class AbortError extends ConnectionError {
  constructor(message = 'the request was aborted', options: { request?: RedactedRequest; cause?: unknown } = {}) {
    super(message, { ...options, mayHaveBeenApplied: true, code: 'ERR_ABORTED' });
  }
}

/** A `beforeAction` hook returned `false`. */
export class ActionCancelledError extends ForcelinkError {
  constructor(message = 'the action was cancelled by a beforeAction hook') {
    super(message, { code: 'ERR_ACTION_CANCELLED' });
  }
}

/** A hook threw; the original error is the `cause`. */
export class HookError extends ForcelinkError {
  /** The event whose hook threw, e.g. `beforeAction`. */
  readonly event: string;
  constructor(event: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${event} hook failed: ${reason}`, { code: 'ERR_HOOK', cause });
    this.event = event;
  }
}

/**
 * Thrown by a hook (a script's `throw new AuthRefreshException()`) to ask for a token refresh
 * and one replay of the request.
 */
export class AuthRefreshRequestedError extends ForcelinkError {
  constructor(message = 'a hook asked for a token refresh') {
    super(message, { code: 'ERR_AUTH_REFRESH_REQUESTED' });
  }
}

/** A Cyclr-style script failed to compile, threw, or exceeded its memory or stack limit. */
export class ScriptError extends ForcelinkError {
  constructor(message: string, options: { cause?: unknown; code?: ForcelinkErrorCode } = {}) {
    super(message, { code: options.code ?? 'ERR_SCRIPT', cause: options.cause });
  }
}

/** A script ran past its time limit. */
export class ScriptTimeoutError extends ScriptError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: 'ERR_SCRIPT_TIMEOUT' });
  }
}

/** A token store could not read or write: corrupt file, wrong key, lock timeout. */
export class TokenStoreError extends ForcelinkError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: 'ERR_STORE' });
  }
}

/** Thrown by `toArray({ max })` when a query holds more records than `max`: never silent truncation. */
export class MaxRecordsExceededError extends ForcelinkError {
  readonly max: number;
  readonly totalSize: number;
  constructor(max: number, totalSize: number) {
    super(`the query returned ${totalSize} records, more than max ${max}`, { code: 'ERR_MAX_RECORDS' });
    this.max = max;
    this.totalSize = totalSize;
  }
}

/**
 * A Bulk API 2.0 job ended `Failed` or `Aborted` (not by the caller), or did not finish within the
 * wait the caller allowed. The job's own `errorMessage` is kept; a timed-out job keeps running in
 * Salesforce until it finishes or is aborted.
 *
 * @example
 * ```ts
 * try { await sf.bulk2.ingest({ object: 'Lead', operation: 'insert', records }).done(); }
 * catch (e) { if (e instanceof BulkJobError) console.error(e.jobId, e.state, e.errorMessage); }
 * ```
 */
export class BulkJobError extends ForcelinkError {
  /** The job (`750…`) that failed, when one was created. */
  readonly jobId: string | undefined;
  /** The job's state when this was raised: `Failed`, `Aborted`, or the state it was still in on a timeout. */
  readonly state: string;
  /** Why: the job failed, was aborted by someone else, or the wait ran out. */
  readonly reason: 'failed' | 'aborted' | 'timeout';
  /** Salesforce's `errorMessage` of the job, e.g. `InvalidBatch : Field name not found : Foo__c`. */
  readonly errorMessage: string | undefined;

  constructor(
    message: string,
    options: { jobId?: string; state: string; reason: 'failed' | 'aborted' | 'timeout'; errorMessage?: string; cause?: unknown },
  ) {
    super(message, { code: 'ERR_BULK_JOB', cause: options.cause });
    this.jobId = options.jobId;
    this.state = options.state;
    this.reason = options.reason;
    this.errorMessage = options.errorMessage === undefined ? undefined : redactText(options.errorMessage);
  }
}
