/**
 * Input checks shared by the token stores (`FileTokenStore`, `RedisTokenStore`).
 *
 * @module
 */
import { ValidationError } from '../../core/errors.js';

/** Refuses a store key that is not a non-empty string. */
export function checkStoreKey(key: string): void {
  if (typeof key !== 'string' || key === '') throw new ValidationError('a token store key must be a non-empty string');
}

/** `value` if it is a positive number of milliseconds, `fallback` when absent. */
export function positiveMs(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new ValidationError(`${name} must be a positive number of ms`);
  return value;
}
