import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenStoreError, ValidationError } from '../../../src/core/errors.js';
import { generateEncryptionKey, isJweCompact, TokenCipher } from '../../../src/node/token-cipher.js';
import { toTokenSet } from '../../../src/node/token-record.js';
import { sampleToken } from './helpers.js';

describe('TokenCipher', () => {
  it('round-trips any text, with bytes or base64url keys', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string({ unit: 'grapheme' }), async (bytes, text) => {
        const fromBytes = TokenCipher.from(bytes);
        const fromText = TokenCipher.from(Buffer.from(bytes).toString('base64url'));
        const jwe = await fromBytes.encrypt(text);
        expect(isJweCompact(jwe)).toBe(true);
        expect(await fromText.decrypt(jwe, 'x')).toBe(text);
      }),
      { numRuns: 50 },
    );
  });

  it('accepts only 32-byte keys', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }).filter((bytes) => bytes.length !== 32), (bytes) => {
        expect(() => TokenCipher.from(bytes)).toThrow(ValidationError);
        expect(() => TokenCipher.from(Buffer.from(bytes).toString('base64url'))).toThrow(ValidationError);
      }),
    );
    expect(() => TokenCipher.from(`${generateEncryptionKey()}=`)).not.toThrow();
    expect(() => TokenCipher.from('x'.repeat(42) + '+')).toThrow(ValidationError);
  });

  it('never puts the key in an error message', () => {
    const key = `${generateEncryptionKey().slice(0, 40)}!!!`;
    try {
      TokenCipher.from(key);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain(key);
    }
  });

  it('tells a wrong key from a modified ciphertext from garbage', async () => {
    const cipher = TokenCipher.from(generateEncryptionKey());
    const jwe = await cipher.encrypt('{"a":1}');
    await expect(TokenCipher.from(generateEncryptionKey()).decrypt(jwe, 'the file')).rejects.toThrow(
      /^the file was encrypted with a different encryptionKey/,
    );
    const parts = jwe.split('.');
    const iv = Buffer.from(parts[2] as string, 'base64url');
    iv[0] = (iv[0] as number) ^ 1;
    parts[2] = iv.toString('base64url');
    await expect(cipher.decrypt(parts.join('.'), 'the file')).rejects.toThrow(/failed authentication/);
    await expect(cipher.decrypt('a.b.c.d.e', 'the file')).rejects.toBeInstanceOf(TokenStoreError);
  });
});

describe('toTokenSet', () => {
  it('copies exactly the TokenSet fields', () => {
    expect(toTokenSet({ ...sampleToken(), extra: 'dropped' })).toEqual(sampleToken());
    expect(toTokenSet({ ...sampleToken(), expiresAt: 5 })).toEqual({ ...sampleToken(), expiresAt: 5 });
  });

  it('names the first bad field', () => {
    expect(toTokenSet(null)).toBe('it is not an object');
    expect(toTokenSet([])).toBe('it is not an object');
    expect(toTokenSet({ ...sampleToken(), tokenType: undefined })).toBe('tokenType is not a string');
    expect(toTokenSet({ ...sampleToken(), issuedAt: Number.POSITIVE_INFINITY })).toBe('issuedAt is not a number');
    expect(toTokenSet({ ...sampleToken(), scope: 1 })).toBe('scope is not a string');
    expect(toTokenSet({ ...sampleToken(), expiresAt: '1' })).toBe('expiresAt is not a number');
  });
});
