/**
 * Factories that turn Salesforce's answers into the right error class: REST answers keyed on
 * status and `errorCode`, token-endpoint answers keyed on OAuth's `error`.
 *
 * @module
 */
import {
  ApiError,
  InvalidClientError,
  InvalidFieldError,
  InvalidGrantError,
  InvalidRequestError,
  InvalidResponseError,
  InvalidSessionError,
  MalformedQueryError,
  MultipleChoicesError,
  NotFoundError,
  OAuthError,
  PreconditionFailedError,
  RequestLimitError,
  UnsupportedGrantTypeError,
  type ApiErrorOptions,
  type SalesforceErrorItem,
} from './errors.js';
import type { RedactedRequest } from './redact.js';

/** Reads Salesforce's error array (`[{message, errorCode, fields}]`), tolerating `statusCode` keys. */
export function parseErrorItems(body: unknown): SalesforceErrorItem[] | undefined {
  const list = Array.isArray(body) ? body : undefined;
  if (!list || list.length === 0) return undefined;
  const items: SalesforceErrorItem[] = [];
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null) return undefined;
    const record = entry as Record<string, unknown>;
    const errorCode = record.errorCode ?? record.statusCode;
    if (typeof errorCode !== 'string') return undefined;
    const item: SalesforceErrorItem = { errorCode, message: typeof record.message === 'string' ? record.message : '' };
    if (Array.isArray(record.fields)) item.fields = record.fields.filter((f): f is string => typeof f === 'string');
    items.push(item);
  }
  return items;
}

const BY_ERROR_CODE: Record<string, new (message: string, options: ApiErrorOptions) => ApiError> = {
  INVALID_SESSION_ID: InvalidSessionError,
  REQUEST_LIMIT_EXCEEDED: RequestLimitError,
  MALFORMED_QUERY: MalformedQueryError,
  INVALID_FIELD: InvalidFieldError,
  NOT_FOUND: NotFoundError,
  ENTITY_IS_DELETED: NotFoundError,
};

const BY_STATUS: Record<number, new (message: string, options: ApiErrorOptions) => ApiError> = {
  401: InvalidSessionError,
  404: NotFoundError,
  412: PreconditionFailedError,
};

/** Input to {@link apiErrorFromResponse}. */
export interface ErrorResponse {
  status: number;
  /** Parsed JSON, or the raw text when the body was not JSON. */
  body: unknown;
  headers?: Record<string, string>;
  request?: RedactedRequest;
  /** Set when the body could not be parsed as the JSON it claimed to be. */
  parseError?: unknown;
}

/**
 * The error for a REST answer with an error status, or for a body that is not what Salesforce
 * sends (HTML from a proxy, truncated JSON): {@link InvalidResponseError}.
 */
export function apiErrorFromResponse(response: ErrorResponse): ApiError {
  const { status, body, headers, request } = response;
  const base = { status, headers, request, body };
  if (status === 300 && Array.isArray(body) && body.every((u) => typeof u === 'string')) {
    return new MultipleChoicesError(`the external ID matched ${body.length} records`, {
      ...base,
      errors: [{ errorCode: 'MULTIPLE_CHOICES', message: 'the external ID matched several records' }],
      matches: body as string[],
    });
  }
  const items = parseErrorItems(body);
  if (!items) {
    const kind = response.parseError ? 'an unreadable body' : typeof body === 'string' && body ? 'a non-JSON body' : 'no error details';
    return new InvalidResponseError(`Salesforce answered HTTP ${status} with ${kind}`, {
      ...base,
      errors: [],
      cause: response.parseError,
    });
  }
  const first = items[0]!;
  const ErrorClass = BY_ERROR_CODE[first.errorCode] ?? BY_STATUS[status] ?? ApiError;
  const message = `${first.errorCode}: ${first.message}${items.length > 1 ? ` (+${items.length - 1} more)` : ''}`;
  return new ErrorClass(message, { ...base, errors: items });
}

/** The error for a token-endpoint answer `{ error, error_description }`. */
export function oauthErrorFromResponse(status: number, body: unknown): OAuthError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const error = typeof record.error === 'string' ? record.error : `http_${status}`;
  const description = typeof record.error_description === 'string' ? record.error_description : undefined;
  const options = { status };
  switch (error) {
    case 'invalid_grant':
      return new InvalidGrantError(description, options);
    case 'invalid_client':
    case 'invalid_client_id':
      return new InvalidClientError(error, description, options);
    case 'invalid_request':
      return new InvalidRequestError(description, options);
    case 'unsupported_grant_type':
      return new UnsupportedGrantTypeError(description, options);
    default:
      return new OAuthError(error, description ?? (typeof body === 'string' ? 'unexpected answer from the token endpoint' : undefined), options);
  }
}
