import { chmod, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenStoreError, ValidationError } from '../../../src/core/errors.js';
import type { TokenSet } from '../../../src/core/types.js';
import { FileTokenStore } from '../../../src/node/file-store.js';
import { generateEncryptionKey } from '../../../src/node/token-cipher.js';
import { sampleToken, tempDir } from './helpers.js';

const posix = process.platform !== 'win32';

let dir: string;
let cleanup: () => Promise<void>;
let path: string;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  path = join(dir, 'state', 'tokens.json');
});
afterEach(async () => cleanup());

async function expectStoreError(promise: Promise<unknown>, message: RegExp): Promise<TokenStoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenStoreError);
  const storeError = error as TokenStoreError;
  expect(storeError.code).toBe('ERR_STORE');
  expect(storeError.message).toMatch(message);
  expect(storeError.message).not.toContain('secret');
  return storeError;
}

describe('FileTokenStore: plain file', () => {
  it('round-trips tokens per key and deletes them', async () => {
    const store = new FileTokenStore({ path });
    expect(await store.get('default')).toBeUndefined();
    await store.set('default', sampleToken());
    await store.set('other', sampleToken({ accessToken: 'second', refreshToken: undefined }));
    expect(await store.get('default')).toEqual(sampleToken());
    expect(await store.get('other')).toEqual(sampleToken({ accessToken: 'second', refreshToken: undefined }));
    await store.delete('default');
    expect(await store.get('default')).toBeUndefined();
    expect(await new FileTokenStore({ path }).get('other')).toMatchObject({ accessToken: 'second' });
    const document = JSON.parse(await readFile(path, 'utf8'));
    expect(document).toMatchObject({ format: 'forcelink-tokens', version: 1 });
    expect(Object.keys(document.tokens)).toEqual(['other']);
  });

  it('returns copies: mutating a token does not change the stored one', async () => {
    const store = new FileTokenStore({ path });
    const token = sampleToken();
    await store.set('k', token);
    token.accessToken = 'mutated';
    const read = (await store.get('k')) as TokenSet;
    read.instanceUrl = 'mutated';
    expect(await store.get('k')).toEqual(sampleToken());
  });

  it('deleting a missing key does not create the file', async () => {
    await new FileTokenStore({ path }).delete('nothing');
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.runIf(posix)('writes the file with mode 0600 in a 0700 directory, and fixes a looser mode', async () => {
    const store = new FileTokenStore({ path });
    await store.set('k', sampleToken());
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'state'))).mode & 0o777).toBe(0o700);
    await chmod(path, 0o644);
    await store.set('k', sampleToken({ accessToken: 'again' }));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('replaces the file by rename, leaves no temporary files, and readers never see a torn file', async () => {
    const store = new FileTokenStore({ path });
    await store.set('seed', sampleToken());
    const oldText = await readFile(path, 'utf8');
    const oldFile = await open(path, 'r');
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const text = await readFile(path, 'utf8');
        expect(() => JSON.parse(text)).not.toThrow();
        reads++;
      }
    })();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => store.set(`key-${i}`, sampleToken({ accessToken: `token-${i}` }))),
    );
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    // The old file was replaced, not rewritten in place: a handle opened before still reads it whole.
    expect((await oldFile.stat()).ino).not.toBe((await stat(path)).ino);
    expect(await oldFile.readFile('utf8')).toBe(oldText);
    await oldFile.close();
    for (let i = 0; i < 40; i++) expect(await store.get(`key-${i}`)).toMatchObject({ accessToken: `token-${i}` });
    expect((await readdir(join(dir, 'state'))).sort()).toEqual(['tokens.json']);
  });

  it('refuses a corrupt file without overwriting it, and without echoing its content', async () => {
    await new FileTokenStore({ path }).set('k', sampleToken());
    const corrupt = (await readFile(path, 'utf8')).slice(0, 60);
    await writeFile(path, corrupt);
    const store = new FileTokenStore({ path });
    const error = await expectStoreError(store.get('k'), /is corrupt \(not valid JSON\).*left untouched/);
    expect(error.message).not.toContain('00D5g');
    await expectStoreError(store.set('k', sampleToken()), /corrupt/);
    await expectStoreError(store.delete('k'), /corrupt/);
    expect(await readFile(path, 'utf8')).toBe(corrupt);
  });

  it('refuses JSON that is not a token file, or holds an invalid token', async () => {
    await new FileTokenStore({ path }).set('k', sampleToken());
    await writeFile(path, JSON.stringify({ hello: 'world' }));
    await expectStoreError(new FileTokenStore({ path }).get('k'), /not a forcelink token file/);
    const bad = { format: 'forcelink-tokens', version: 1, tokens: { k: { ...sampleToken(), issuedAt: 'soon' } } };
    await writeFile(path, JSON.stringify(bad));
    await expectStoreError(new FileTokenStore({ path }).get('k'), /token for "k" is invalid \(issuedAt is not a number\)/);
    await writeFile(path, '');
    await expectStoreError(new FileTokenStore({ path }).set('k', sampleToken()), /corrupt/);
    expect(await readFile(path, 'utf8')).toBe('');
  });

  it('validates its input', async () => {
    expect(() => new FileTokenStore({ path: '' })).toThrow(ValidationError);
    expect(() => new FileTokenStore({ path, lockTimeoutMs: 0 })).toThrow(ValidationError);
    expect(() => new FileTokenStore({ path, staleLockMs: Number.NaN })).toThrow(ValidationError);
    const store = new FileTokenStore({ path });
    await expect(store.get('')).rejects.toBeInstanceOf(ValidationError);
    const broken = { ...sampleToken(), accessToken: 42 } as unknown as TokenSet;
    await expect(store.set('k', broken)).rejects.toThrow(/accessToken is not a string/);
  });
});

describe('FileTokenStore: encryption at rest', () => {
  it('round-trips through a JWE file that does not contain the token in clear', async () => {
    const key = generateEncryptionKey();
    const store = new FileTokenStore({ path, encryptionKey: key });
    await store.set('default', sampleToken());
    const text = (await readFile(path, 'utf8')).trim();
    expect(text.split('.')).toHaveLength(5);
    expect(text).not.toContain('secret');
    expect(text).not.toContain('acme');
    const header = JSON.parse(Buffer.from(text.split('.')[0] as string, 'base64url').toString());
    expect(header).toMatchObject({ alg: 'dir', enc: 'A256GCM' });
    expect(await new FileTokenStore({ path, encryptionKey: key }).get('default')).toEqual(sampleToken());
    const bytes = new Uint8Array(Buffer.from(key, 'base64url'));
    expect(await new FileTokenStore({ path, encryptionKey: bytes }).get('default')).toEqual(sampleToken());
  });

  it('detects a flipped byte in the ciphertext and leaves the file untouched', async () => {
    const key = generateEncryptionKey();
    await new FileTokenStore({ path, encryptionKey: key }).set('default', sampleToken());
    const original = await readFile(path, 'utf8');
    const parts = original.trim().split('.');
    const ciphertext = Buffer.from(parts[3] as string, 'base64url');
    ciphertext[5] = (ciphertext[5] as number) ^ 0x01;
    parts[3] = ciphertext.toString('base64url');
    const tampered = `${parts.join('.')}\n`;
    await writeFile(path, tampered);
    const store = new FileTokenStore({ path, encryptionKey: key });
    await expectStoreError(store.get('default'), /failed authentication: the ciphertext was modified/);
    await expectStoreError(store.set('default', sampleToken()), /failed authentication/);
    await expectStoreError(store.delete('default'), /failed authentication/);
    expect(await readFile(path, 'utf8')).toBe(tampered);
  });

  it('detects a tampered authentication tag or header', async () => {
    const key = generateEncryptionKey();
    await new FileTokenStore({ path, encryptionKey: key }).set('default', sampleToken());
    const parts = (await readFile(path, 'utf8')).trim().split('.');
    const tag = Buffer.from(parts[4] as string, 'base64url');
    tag[0] = (tag[0] as number) ^ 0x80;
    await writeFile(path, [...parts.slice(0, 4), tag.toString('base64url')].join('.'));
    await expectStoreError(new FileTokenStore({ path, encryptionKey: key }).get('default'), /failed authentication/);
    const header = { ...JSON.parse(Buffer.from(parts[0] as string, 'base64url').toString()), extra: 1 };
    const forged = [Buffer.from(JSON.stringify(header)).toString('base64url'), ...parts.slice(1)].join('.');
    await writeFile(path, forged);
    await expectStoreError(new FileTokenStore({ path, encryptionKey: key }).get('default'), /failed authentication/);
  });

  it('names a wrong key as such and refuses to overwrite', async () => {
    await new FileTokenStore({ path, encryptionKey: generateEncryptionKey() }).set('default', sampleToken());
    const original = await readFile(path, 'utf8');
    const store = new FileTokenStore({ path, encryptionKey: generateEncryptionKey() });
    await expectStoreError(store.get('default'), /encrypted with a different encryptionKey/);
    await expectStoreError(store.set('default', sampleToken()), /different encryptionKey/);
    expect(await readFile(path, 'utf8')).toBe(original);
  });

  it('refuses to mix encrypted and plain files', async () => {
    await new FileTokenStore({ path, encryptionKey: generateEncryptionKey() }).set('k', sampleToken());
    await expectStoreError(new FileTokenStore({ path }).get('k'), /is encrypted but no encryptionKey was given/);
    const plain = join(dir, 'plain.json');
    await new FileTokenStore({ path: plain }).set('k', sampleToken());
    await expectStoreError(
      new FileTokenStore({ path: plain, encryptionKey: generateEncryptionKey() }).set('k', sampleToken()),
      /is not encrypted but an encryptionKey was given/,
    );
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => new FileTokenStore({ path, encryptionKey: new Uint8Array(16) })).toThrow(ValidationError);
    expect(() => new FileTokenStore({ path, encryptionKey: 'short' })).toThrow(ValidationError);
    expect(() => new FileTokenStore({ path, encryptionKey: 'a'.repeat(44) })).toThrow(/32 bytes/);
  });
});

describe('FileTokenStore.withLock', () => {
  it('serializes callers in one process and is re-entrant within one call chain', async () => {
    const store = new FileTokenStore({ path });
    let inside = 0;
    let maxInside = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.withLock('default', async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          const nested = await store.withLock('default', async () => i);
          await store.set('default', sampleToken({ issuedAt: nested }));
          await new Promise((resolve) => setTimeout(resolve, 2));
          order.push(i);
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(order).toHaveLength(8);
    expect((await readdir(join(dir, 'state'))).sort()).toEqual(['tokens.json']);
  });

  it('locks keys independently', async () => {
    const store = new FileTokenStore({ path, lockTimeoutMs: 200 });
    const result = await store.withLock('a', () => store.withLock('b', async () => 'both'));
    expect(result).toBe('both');
  });

  it('releases the lock when fn throws', async () => {
    const store = new FileTokenStore({ path, lockTimeoutMs: 500 });
    await expect(store.withLock('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(store.withLock('k', async () => 'free again')).resolves.toBe('free again');
  });
});
