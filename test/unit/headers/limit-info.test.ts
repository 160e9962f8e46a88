import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLimitInfo } from '../../../src/headers/index.js';

describe('parseLimitInfo', () => {
  it('reads api-usage', () => {
    expect(parseLimitInfo('api-usage=10018/100000')).toEqual({ apiUsage: { used: 10018, max: 100000 } });
  });

  it('reads per-app usage with its app name, and bursts', () => {
    expect(parseLimitInfo('per-app-api-usage=17/250(appName=sample-connected-app)')).toEqual({
      perAppApiUsage: { used: 17, max: 250, appName: 'sample-connected-app' },
    });
    expect(parseLimitInfo('api-bursts=1/750')).toEqual({ apiBursts: { used: 1, max: 750 } });
  });

  it('reads comma-separated combinations with loose whitespace', () => {
    expect(
      parseLimitInfo(' api-usage = 25/5000 ,per-app-api-usage=17 / 250 ( appName = my app, v2 ) ,  api-bursts=1/750 '),
    ).toEqual({
      apiUsage: { used: 25, max: 5000 },
      perAppApiUsage: { used: 17, max: 250, appName: 'my app, v2' },
      apiBursts: { used: 1, max: 750 },
    });
  });

  it('skips unknown and malformed parts, keeps the first occurrence', () => {
    expect(parseLimitInfo('future-thing=1/2, api-usage=x/5, api-usage=3/4, api-usage=5/6')).toEqual({
      apiUsage: { used: 3, max: 4 },
    });
    expect(parseLimitInfo('per-app-api-usage=1/2')).toEqual({ perAppApiUsage: { used: 1, max: 2 } });
    expect(parseLimitInfo('API-USAGE=1/2')).toEqual({ apiUsage: { used: 1, max: 2 } });
  });

  it.each([undefined, null, '', 'garbage', '=/', 'api-usage=', 'api-usage=-1/5', 'api-usage=1/2/3', 'api-usage=1e3/5', '((((', 'api-usage=99999999999999999999/1'])(
    'gives {} for %j',
    (value) => {
      expect(parseLimitInfo(value)).toEqual({});
    },
  );

  it('never throws and only returns finite non-negative integers', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (value) => {
        const info = parseLimitInfo(value);
        for (const usage of [info.apiUsage, info.perAppApiUsage, info.apiBursts]) {
          if (usage === undefined) continue;
          expect(Number.isSafeInteger(usage.used) && usage.used >= 0).toBe(true);
          expect(Number.isSafeInteger(usage.max) && usage.max >= 0).toBe(true);
        }
      }),
    );
  });

  it('round-trips any well-formed header', () => {
    const n = fc.integer({ min: 0, max: 10_000_000 });
    fc.assert(
      fc.property(n, n, n, n, fc.stringMatching(/^[A-Za-z0-9 _.-]{1,20}$/), (u1, m1, u2, m2, app) => {
        const header = `api-usage=${u1}/${m1}, per-app-api-usage=${u2}/${m2}(appName=${app.trim() || 'x'})`;
        expect(parseLimitInfo(header)).toEqual({
          apiUsage: { used: u1, max: m1 },
          perAppApiUsage: { used: u2, max: m2, appName: app.trim() || 'x' },
        });
      }),
    );
  });
});
