/**
 * `forcelink/redis`: a token store for a fleet of workers. ioredis is an optional peer dependency:
 * install it yourself (`npm install ioredis`).
 *
 * @module
 */
export { RedisTokenStore } from './redis-store.js';
export type { RedisClientLike, RedisTokenStoreBaseOptions, RedisTokenStoreOptions } from './redis-store.js';
export { generateEncryptionKey } from '../node/token-cipher.js';
export type { EncryptionKey } from '../node/token-cipher.js';
