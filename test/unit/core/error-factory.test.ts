import { describe, expect, it } from 'vitest';
import { apiErrorFromResponse, oauthErrorFromResponse, parseErrorItems } from '../../../src/core/error-factory.js';
import {
  ApiError,
  ForcelinkError,
  InvalidClientError,
  InvalidFieldError,
  InvalidGrantError,
  InvalidResponseError,
  InvalidSessionError,
  MalformedQueryError,
  MultipleChoicesError,
  NotFoundError,
  OAuthError,
  PreconditionFailedError,
  RequestLimitError,
  UnsupportedGrantTypeError,
} from '../../../src/core/errors.js';

describe('apiErrorFromResponse', () => {
  it.each([
    [401, 'INVALID_SESSION_ID', InvalidSessionError, 'ERR_INVALID_SESSION'],
    [403, 'REQUEST_LIMIT_EXCEEDED', RequestLimitError, 'ERR_REQUEST_LIMIT'],
    [400, 'MALFORMED_QUERY', MalformedQueryError, 'ERR_MALFORMED_QUERY'],
    [400, 'INVALID_FIELD', InvalidFieldError, 'ERR_INVALID_FIELD'],
    [404, 'NOT_FOUND', NotFoundError, 'ERR_NOT_FOUND'],
    [404, 'ENTITY_IS_DELETED', NotFoundError, 'ERR_NOT_FOUND'],
    [412, 'PRECONDITION_FAILED', PreconditionFailedError, 'ERR_PRECONDITION_FAILED'],
    [400, 'REQUIRED_FIELD_MISSING', ApiError, 'ERR_API'],
  ])('maps %i %s', (status, errorCode, ErrorClass, code) => {
    const error = apiErrorFromResponse({ status, body: [{ message: 'm', errorCode, fields: ['Name'] }] });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.code).toBe(code);
    expect(error.errorCode).toBe(errorCode);
    expect(error.status).toBe(status);
    expect(error.errors[0]?.fields).toEqual(['Name']);
    expect(ForcelinkError.is(error)).toBe(true);
  });

  it('reads 300 answers as the list of matching records', () => {
    const error = apiErrorFromResponse({ status: 300, body: ['/services/data/v62.0/sobjects/Account/001', '/x/002'] });
    expect(error).toBeInstanceOf(MultipleChoicesError);
    expect((error as MultipleChoicesError).matches).toHaveLength(2);
  });

  it.each([
    ['an HTML page', '<html><body>Bad gateway</body></html>', undefined],
    ['an empty body', undefined, undefined],
    ['truncated JSON', '[{"message":"x"', new SyntaxError('Unexpected end')],
    ['an object instead of an array', { error: 'x' }, undefined],
  ])('turns %s into InvalidResponseError', (_, body, parseError) => {
    const error = apiErrorFromResponse({ status: 502, body, parseError });
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.code).toBe('ERR_INVALID_RESPONSE');
    expect(error.errorCode).toBe('HTTP_502');
  });

  it('accepts statusCode keys from save results', () => {
    expect(parseErrorItems([{ statusCode: 'DUPLICATES_DETECTED', message: 'dup', fields: [] }])?.[0]?.errorCode).toBe('DUPLICATES_DETECTED');
    expect(parseErrorItems([{ nope: 1 }])).toBeUndefined();
  });
});

describe('oauthErrorFromResponse', () => {
  it.each([
    ['invalid_grant', InvalidGrantError, 'ERR_INVALID_GRANT'],
    ['invalid_client', InvalidClientError, 'ERR_INVALID_CLIENT'],
    ['invalid_client_id', InvalidClientError, 'ERR_INVALID_CLIENT'],
    ['unsupported_grant_type', UnsupportedGrantTypeError, 'ERR_UNSUPPORTED_GRANT_TYPE'],
    ['invalid_app_access', OAuthError, 'ERR_OAUTH'],
  ])('maps %s', (code, ErrorClass, stable) => {
    const error = oauthErrorFromResponse(400, { error: code, error_description: 'expired access/refresh token' });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.code).toBe(stable);
    expect(error.error).toBe(code);
    expect(error.errorDescription).toBe('expired access/refresh token');
    expect(error.status).toBe(400);
  });
});
