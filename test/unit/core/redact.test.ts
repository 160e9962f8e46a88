import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError, ForcelinkError, OAuthError } from '../../../src/core/errors.js';
import { REDACTED, redactHeaders, redactRequest, redactText, redactValue, registerSecret } from '../../../src/core/redact.js';

describe('redaction', () => {
  it('scrubs Salesforce session ids and bearer credentials by shape', () => {
    const text = 'used 00D5g000004abcd!AQ8AQF.x_y-z and Authorization: Bearer abc.def-123456789012 then access_token=xyz&x=1';
    const out = redactText(text);
    expect(out).not.toContain('AQ8AQF');
    expect(out).not.toContain('abc.def-123456789012');
    expect(redactText('Authorization: Bearer 00D5g000004abcd!AQ8AQF.x_y-z')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(out).not.toContain('xyz');
    expect(out).toContain('x=1');
  });

  it('keeps ordinary words: OAuth error messages stay readable', () => {
    expect(new OAuthError('invalid_grant', 'expired access/refresh token').message).toBe('OAuth invalid_grant: expired access/refresh token');
  });

  it('scrubs registered secrets wherever they appear', () => {
    registerSecret('my-very-secret-value');
    expect(redactText('oops my-very-secret-value leaked')).toBe(`oops ${REDACTED} leaked`);
  });

  it('redacts secret headers, form fields and JSON keys', () => {
    expect(redactHeaders({ Authorization: 'Bearer t0k3n', Accept: 'application/json' })).toEqual({
      Authorization: REDACTED,
      Accept: 'application/json',
    });
    const request = redactRequest({
      method: 'post',
      url: 'https://x/services/oauth2/token',
      body: 'grant_type=refresh_token&refresh_token=5Aep861abc&client_secret=s3cr3t&client_id=abc',
    });
    expect(request.method).toBe('POST');
    expect(String(request.body)).not.toMatch(/5Aep861abc|s3cr3t/);
    expect(String(request.body)).toContain('client_id=abc');
    expect(redactValue({ nested: { password: 'hunter22', ok: 1 } })).toEqual({ nested: { password: REDACTED, ok: 1 } });
  });

  it('never shows a registered secret through message, toJSON or inspect of any error', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 40 }).filter((s) => s.trim().length >= 8 && !s.includes('[')), (secret) => {
        registerSecret(secret);
        const errors: ForcelinkError[] = [
          new ForcelinkError(`failed with ${secret}`),
          new OAuthError('invalid_grant', `token ${secret} refused`),
          new ApiError(`bad ${secret}`, { status: 400, errors: [{ errorCode: 'X', message: 'm' }] }),
        ];
        for (const error of errors) {
          expect(error.message).not.toContain(secret);
          expect(JSON.stringify(error)).not.toContain(secret);
          expect(inspect(error)).not.toContain(secret);
        }
      }),
      { numRuns: 100 },
    );
  });
});
