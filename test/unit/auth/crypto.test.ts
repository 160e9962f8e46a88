import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Url, constantTimeEqual } from '../../../src/auth/crypto.js';
import { createPkcePair, createState } from '../../../src/auth/pkce.js';
import { tokenSignature, verifyTokenSignature } from '../../../src/auth/signature.js';
import { parseTokenResponse } from '../../../src/auth/token-response.js';

describe('PKCE', () => {
  it('makes an S256 challenge of a 43-character verifier', async () => {
    const { codeVerifier, codeChallenge } = await createPkcePair();
    expect(codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(codeChallenge).toBe(createHash('sha256').update(codeVerifier).digest('base64url'));
    expect(createState()).not.toBe(createState());
  });

  it('base64url matches node for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array(), (bytes) => base64Url(bytes) === Buffer.from(bytes).toString('base64url')));
  });
});

describe('token signature', () => {
  const id = 'https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P';
  const issuedAt = '1278448832702';

  it('is Base64 HMAC-SHA256 of id + issued_at keyed with the client secret', async () => {
    const expected = createHmac('sha256', 'secret123').update(id + issuedAt).digest('base64');
    expect(await tokenSignature(id, issuedAt, 'secret123')).toBe(expected);
    const token = { accessToken: 'a', instanceUrl: 'https://x', tokenType: 'Bearer', issuedAt: Number(issuedAt), id, signature: expected };
    expect(await verifyTokenSignature(token, 'secret123')).toBe(true);
    expect(await verifyTokenSignature(token, 'other')).toBe(false);
    expect(await verifyTokenSignature({ ...token, signature: undefined }, 'secret123')).toBe(false);
  });

  it('compares strings exactly', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => constantTimeEqual(a, b) === (a === b)));
  });
});

describe('parseTokenResponse', () => {
  it('reads the documented shape, issued_at as a ms string', () => {
    const token = parseTokenResponse({
      id: 'https://login.salesforce.com/id/00D/005',
      issued_at: '1278448832702',
      instance_url: 'https://na1.salesforce.com/',
      signature: 'sig',
      access_token: '00Dx0000000BV7z!AR8AQAxo',
      refresh_token: '5Aep861',
      token_type: 'Bearer',
      scope: 'full refresh_token',
    });
    expect(token).toMatchObject({ issuedAt: 1278448832702, instanceUrl: 'https://na1.salesforce.com', refreshToken: '5Aep861', scope: 'full refresh_token' });
    expect(token.expiresAt).toBeUndefined();
  });

  it('refuses answers without access_token or instance_url', () => {
    expect(() => parseTokenResponse({ access_token: 'x' })).toThrow(/instance_url/);
    expect(() => parseTokenResponse('<html>')).toThrow(/JSON object/);
  });
});
