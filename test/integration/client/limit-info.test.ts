import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestLimitError } from '../../../src/core/errors.js';
import type { LimitInfo } from '../../../src/headers/index.js';
import { connect, startOrg, type Org } from '../helpers.js';

let org: Org;
beforeAll(async () => {
  org = await startOrg({ apiLimit: 20 });
});
afterAll(() => org.close());

describe('Sforce-Limit-Info', () => {
  it('keeps the last usage, emits apiUsageThreshold once when crossing the ratio, then RequestLimitError', async () => {
    const { sf } = await connect(org, { client: { apiUsageWarningRatio: 0.5 } });
    const crossings: LimitInfo[] = [];
    let updates = 0;
    sf.on('apiUsageThreshold', (info) => crossings.push(info));
    sf.on('limitInfo', () => updates++);
    let limited: unknown;
    for (let i = 0; i < 25 && !limited; i++) await sf.limits().catch((e: unknown) => (limited = e));
    expect(limited).toBeInstanceOf(RequestLimitError);
    expect(crossings).toHaveLength(1);
    expect(crossings[0]!.apiUsage!.used / crossings[0]!.apiUsage!.max).toBeGreaterThanOrEqual(0.5);
    expect(updates).toBeGreaterThanOrEqual(10);
    expect(sf.limitInfo?.apiUsage?.max).toBe(20);
  });
});
