/** RedisTokenStore against a real redis-server on loopback, through several ioredis connections. */
import { Cluster, Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { TokenStoreError, ValidationError } from '../../../src/core/errors.js';
import type { TokenSet } from '../../../src/core/types.js';
import { generateEncryptionKey, RedisTokenStore, type RedisClientLike } from '../../../src/redis/index.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from './redis-server.js';

const token: TokenSet = {
  accessToken: '00D5g000004Xyz1!AQ8AQJ.secret-access-token-value',
  refreshToken: '5Aep861secret-refresh-token-value',
  instanceUrl: 'https://acme.my.salesforce.com',
  issuedAt: 1_764_500_000_000,
  tokenType: 'Bearer',
};

const title = redisServerAvailable
  ? 'RedisTokenStore (real redis-server)'
  : 'RedisTokenStore — SKIPPED: the redis-server binary is not installed (apt-get install -y redis-server)';
if (!redisServerAvailable) console.warn(title);

it('accepts ioredis Redis and Cluster clients (types)', () => {
  expectTypeOf<Redis>().toExtend<RedisClientLike>();
  expectTypeOf<Cluster>().toExtend<RedisClientLike>();
  expectTypeOf<Redis<'resp3'>>().toExtend<RedisClientLike>();
});

describe.skipIf(!redisServerAvailable)(title, () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  let prefixCounter = 0;

  const client = (): Redis => {
    const redis = new Redis(server.port, '127.0.0.1', { lazyConnect: false });
    clients.push(redis);
    return redis;
  };
  const freshPrefix = (): string => `test${++prefixCounter}:`;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((redis) => redis.quit().catch(() => redis.disconnect())));
  });
  afterAll(async () => server?.stop());

  describe('tokens', () => {
    it('round-trips a token as JSON at prefix + "token:" + key', async () => {
      const raw = client();
      const store = new RedisTokenStore({ client: client(), prefix: 'app:' });
      expect(await store.get('acme')).toBeUndefined();
      await store.set('acme', token);
      expect(await store.get('acme')).toEqual(token);
      expect(JSON.parse((await raw.get('app:token:acme')) as string)).toEqual(token);
      await store.delete('acme');
      expect(await store.get('acme')).toBeUndefined();
      expect(await raw.exists('app:token:acme')).toBe(0);
    });

    it('uses the forcelink: prefix by default', async () => {
      const store = new RedisTokenStore({ client: client() });
      await store.set('default-prefix', token);
      expect(await client().exists('forcelink:token:default-prefix')).toBe(1);
      await store.delete('default-prefix');
    });

    it('refuses a corrupt or invalid value with a TokenStoreError that shows no token', async () => {
      const raw = client();
      const prefix = freshPrefix();
      const store = new RedisTokenStore({ client: client(), prefix });
      await raw.set(`${prefix}token:k`, '{"accessToken":"00D5g000004Xyz1!secret');
      await expect(store.get('k')).rejects.toThrow(/is corrupt \(not valid JSON\)/);
      await raw.set(`${prefix}token:k`, JSON.stringify({ ...token, instanceUrl: 3 }));
      const error = await store.get('k').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokenStoreError);
      expect((error as Error).message).toMatch(/instanceUrl is not a string/);
      expect((error as Error).message).not.toContain('secret');
    });

    it('encrypts at rest, binds the value to its key, and detects tampering and wrong keys', async () => {
      const raw = client();
      const prefix = freshPrefix();
      const key = generateEncryptionKey();
      const store = new RedisTokenStore({ client: client(), prefix, encryptionKey: key });
      await store.set('acme', token);
      const stored = (await raw.get(`${prefix}token:acme`)) as string;
      expect(stored.split('.')).toHaveLength(5);
      expect(stored).not.toContain('secret');
      expect(await store.get('acme')).toEqual(token);

      const parts = stored.split('.');
      const body = Buffer.from(parts[3] as string, 'base64url');
      body[0] = (body[0] as number) ^ 0x01;
      await raw.set(`${prefix}token:acme`, [...parts.slice(0, 3), body.toString('base64url'), parts[4]].join('.'));
      await expect(store.get('acme')).rejects.toThrow(/failed authentication/);

      await raw.set(`${prefix}token:other`, stored);
      await expect(store.get('other')).rejects.toThrow(/encrypted for another key/);

      await raw.set(`${prefix}token:acme`, stored);
      const wrongKey = new RedisTokenStore({ client: client(), prefix, encryptionKey: generateEncryptionKey() });
      await expect(wrongKey.get('acme')).rejects.toThrow(/different encryptionKey/);
      await expect(new RedisTokenStore({ client: client(), prefix }).get('acme')).rejects.toThrow(
        /encrypted but no encryptionKey/,
      );
      await raw.set(`${prefix}token:plain`, JSON.stringify(token));
      await expect(store.get('plain')).rejects.toThrow(/not encrypted but an encryptionKey/);
    });

    it('connects from a url by loading ioredis itself, and close() ends that connection', async () => {
      const store = new RedisTokenStore({ url: server.url, prefix: freshPrefix() });
      await store.set('k', token);
      expect(await store.get('k')).toEqual(token);
      await store.close();
    });

    it('turns an unreachable Redis into a TokenStoreError', async () => {
      const down = new Redis(1, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      down.on('error', () => undefined);
      clients.push(down);
      const store = new RedisTokenStore({ client: down });
      const error = await store.set('k', token).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokenStoreError);
      expect((error as Error).message).toMatch(/^Redis SET failed/);
      expect((error as Error).message).not.toContain('secret');
    });

    it('validates its options', () => {
      expect(() => new RedisTokenStore({} as never)).toThrow(ValidationError);
      expect(() => new RedisTokenStore({ client: {} as never })).toThrow(/ioredis/);
      expect(() => new RedisTokenStore({ client: client(), lockTtlMs: -1 })).toThrow(ValidationError);
      expect(() => new RedisTokenStore({ client: client(), encryptionKey: 'nope' })).toThrow(ValidationError);
    });
  });

  describe('withLock', () => {
    it('is exclusive across several connections: no lost update', async () => {
      const prefix = freshPrefix();
      const workers = Array.from({ length: 4 }, () => new RedisTokenStore({ client: client(), prefix }));
      const iterations = 15;
      let inside = 0;
      let maxInside = 0;
      await workers[0]?.set('counter', { ...token, issuedAt: 0 });
      await Promise.all(
        workers.map(async (store) => {
          for (let i = 0; i < iterations; i++) {
            await store.withLock('counter', async () => {
              inside++;
              maxInside = Math.max(maxInside, inside);
              const current = (await store.get('counter')) as TokenSet;
              await sleep(Math.random() * 3);
              await store.set('counter', { ...current, issuedAt: current.issuedAt + 1 });
              inside--;
            });
          }
        }),
      );
      expect(maxInside).toBe(1);
      expect((await workers[0]?.get('counter'))?.issuedAt).toBe(workers.length * iterations);
      expect(await client().exists(`${prefix}lock:counter`)).toBe(0);
    });

    it('stores the lock with a TTL and a random owner token', async () => {
      const prefix = freshPrefix();
      const raw = client();
      const store = new RedisTokenStore({ client: client(), prefix, lockTtlMs: 5_000 });
      const seen = await store.withLock('k', async () => ({
        value: await raw.get(`${prefix}lock:k`),
        ttl: await raw.pttl(`${prefix}lock:k`),
      }));
      expect(seen.value).toMatch(/^[0-9a-f]{32}$/);
      expect(seen.ttl).toBeGreaterThan(0);
      expect(seen.ttl).toBeLessThanOrEqual(5_000);
    });

    it('takes over the lock of a crashed holder once its TTL runs out', async () => {
      const prefix = freshPrefix();
      const doomed = client();
      const crashed = new RedisTokenStore({ client: doomed, prefix, lockTtlMs: 150 });
      let finish!: () => void;
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const holding = crashed.withLock('k', () => {
        entered();
        return new Promise<void>((resolve) => (finish = resolve));
      });
      await inside;
      doomed.disconnect(); // the holder "crashes": its watchdog can no longer extend the lock
      const survivor = new RedisTokenStore({ client: client(), prefix, lockTimeoutMs: 5_000 });
      await expect(survivor.withLock('k', async () => 'took over')).resolves.toBe('took over');
      finish();
      await holding;
    });

    it('extends the lock while fn runs longer than the TTL (watchdog)', async () => {
      const prefix = freshPrefix();
      const first = new RedisTokenStore({ client: client(), prefix, lockTtlMs: 300 });
      const second = new RedisTokenStore({ client: client(), prefix, lockTtlMs: 300, lockTimeoutMs: 10_000 });
      let firstDone = false;
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const long = first.withLock('k', async () => {
        entered();
        await sleep(1_200); // four lifetimes of the lock
        firstDone = true;
      });
      await inside;
      const sawFirstDone = await second.withLock('k', async () => firstDone);
      await long;
      expect(sawFirstDone).toBe(true);
    });

    it('release deletes only its own lock', async () => {
      const prefix = freshPrefix();
      const raw = client();
      const store = new RedisTokenStore({ client: client(), prefix });
      await store.withLock('k', async () => {
        await raw.set(`${prefix}lock:k`, 'someone-else', 'PX', 10_000);
      });
      expect(await raw.get(`${prefix}lock:k`)).toBe('someone-else');
    });

    it('times out with a TokenStoreError while another worker holds the lock', async () => {
      const prefix = freshPrefix();
      await client().set(`${prefix}lock:k`, 'other-worker', 'PX', 10_000);
      const store = new RedisTokenStore({ client: client(), prefix, lockTimeoutMs: 80 });
      const error = await store.withLock('k', async () => 'never').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokenStoreError);
      expect((error as Error).message).toMatch(new RegExp(`timed out after 80 ms .*${prefix}lock:k`));
    });

    it('is re-entrant within one call chain and releases when fn throws', async () => {
      const prefix = freshPrefix();
      const store = new RedisTokenStore({ client: client(), prefix, lockTimeoutMs: 500 });
      expect(await store.withLock('k', () => store.withLock('k', async () => 'nested'))).toBe('nested');
      await expect(store.withLock('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await client().exists(`${prefix}lock:k`)).toBe(0);
    });
  });
});
