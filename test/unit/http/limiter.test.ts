import { describe, expect, it } from 'vitest';
import { Limiter } from '../../../src/http/limiter.js';

describe('Limiter', () => {
  it('never runs more than its limit at once and runs everything', async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setImmediate(r));
          active--;
          if (i === 5) throw new Error('five');
          return i;
        }).catch((e: Error) => e.message),
      ),
    );
    expect(peak).toBe(3);
    expect(results[5]).toBe('five');
    expect(results.filter((r) => typeof r === 'number')).toHaveLength(19);
  });
});
