/**
 * Failures a route throws, each turned into Salesforce's exact wire body by the app: REST errors
 * as an array of `{message, errorCode, fields?}`, OAuth errors as `{error, error_description}`.
 *
 * @module
 */

/** One entry of a REST error body. */
export interface RestErrorItem {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** A REST API error: status plus the error array Salesforce returns. */
export class RestFailure extends Error {
  constructor(
    readonly status: number,
    readonly errors: RestErrorItem[],
    /** Extra response headers (lower-case names), e.g. `allow` on a 405. */
    readonly headers: Record<string, string> = {},
  ) {
    super(errors[0]?.message ?? `HTTP ${status}`);
    this.name = 'RestFailure';
  }
}

/** A single-item REST error. `fields` is written only when given. */
export function restError(status: number, errorCode: string, message: string, fields?: string[]): RestFailure {
  return new RestFailure(status, [fields === undefined ? { message, errorCode } : { message, errorCode, fields }]);
}

/** `404 NOT_FOUND` "The requested resource does not exist". */
export function notFound(): RestFailure {
  return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
}

/** `401 INVALID_SESSION_ID` "Session expired or invalid". */
export function invalidSession(): RestFailure {
  return restError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
}

/** An OAuth endpoint error: `{error, error_description}`, status 400 unless said otherwise. */
export class OAuthFailure extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthFailure';
  }
}
