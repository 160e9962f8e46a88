import { createHmac, generateKeyPairSync, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cyclrSign } from '../../../src/script/sign.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

describe('cyclr_sign', () => {
  it('computes HMAC-SHA1/256/512 in Base64, like node:crypto', () => {
    const key = 'This is the signing key.';
    const value = 'This is the string to sign.';
    for (const [algorithm, hash] of [
      ['HMAC-SHA1', 'sha1'],
      ['HMAC-SHA256', 'sha256'],
      ['HMAC-SHA384', 'sha384'],
      ['HMAC-SHA512', 'sha512'],
      ['hmacsha256', 'sha256'],
    ] as const) {
      expect(cyclrSign(algorithm, key, value)).toBe(createHmac(hash, key).update(value).digest('base64'));
    }
  });

  it('matches RFC 4231 test case 2 (HMAC-SHA256, key "Jefe")', () => {
    const hex = Buffer.from(cyclrSign('HMAC-SHA256', 'Jefe', 'what do ya want for nothing?'), 'base64').toString('hex');
    expect(hex).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('treats key and value as UTF-8 for any text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (key, value) => {
        expect(cyclrSign('HMAC-SHA256', key, value)).toBe(
          createHmac('sha256', Buffer.from(key, 'utf8')).update(value, 'utf8').digest('base64'),
        );
      }),
    );
  });

  it('signs with RSA-SHA* and a PKCS#8 or PKCS#1 PEM key; the public key verifies', () => {
    for (const bits of ['1', '224', '256', '384', '512']) {
      const signature = cyclrSign(`RSA-SHA${bits}`, pkcs8, 'payload');
      expect(verify(`sha${bits}`, Buffer.from('payload'), publicKey, Buffer.from(signature, 'base64'))).toBe(true);
    }
    const fromPkcs1 = cyclrSign('RSA-SHA256', pkcs1, 'payload');
    expect(verify('sha256', Buffer.from('payload'), publicKey, Buffer.from(fromPkcs1, 'base64'))).toBe(true);
  });

  it('accepts a PEM whose line breaks were escaped as \\n', () => {
    const escaped = pkcs8.replace(/\n/g, '\\n');
    const signature = cyclrSign('RSA-SHA256', escaped, 'x');
    expect(verify('sha256', Buffer.from('x'), publicKey, Buffer.from(signature, 'base64'))).toBe(true);
  });

  it('refuses unknown algorithms and bad keys without echoing the key', () => {
    expect(() => cyclrSign('MD5', 'k', 'v')).toThrow(/unsupported algorithm "MD5"/);
    const secret = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----';
    let message = '';
    try {
      cyclrSign('RSA-SHA256', secret, 'v');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('cyclr_sign: the key is not a PEM private key');
  });
});
