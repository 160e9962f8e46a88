/**
 * Record IDs for the emulated org: 15 base-62 characters (key prefix, a seeded two-character pod,
 * a reserved `0`, a nine-character counter), always handed out in their 18-character form.
 *
 * @module
 */
import { toId18 } from '../soql/ids.js';
import { BASE62, type Prng } from './prng.js';

const COUNTER_DIGITS = 9;

/** Hands out unique, deterministic IDs per key prefix. */
export class IdFactory {
  private readonly pod: string;
  private readonly counters = new Map<string, number>();

  constructor(prng: Prng) {
    this.pod = prng.string(2);
  }

  /** The next 18-character ID with this 3-character key prefix. */
  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return toId18(prefix + this.pod + '0' + base62(n, COUNTER_DIGITS));
  }
}

/** `n` in base 62, left-padded with zeros to `width` digits. */
function base62(n: number, width: number): string {
  let out = '';
  let rest = n;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}
