/**
 * `GET /limits/`: the org's limits. `DailyApiRequests` reflects real usage (this call included);
 * `DataStorageMB` counts 2 KB per record, as Salesforce does; the rest are an org's fixed
 * allowances.
 *
 * @module
 */
import type { RestContext } from '../http/context.js';
import { json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';

const DATA_STORAGE_MB = 1024;

const FIXED: Record<string, number> = {
  DailyAsyncApexExecutions: 250000,
  DailyBulkApiBatches: 15000,
  DailyBulkV2QueryFileStorageMB: 976562,
  DailyBulkV2QueryJobs: 10000,
  DailyStreamingApiEvents: 10000,
  FileStorageMB: 1024,
  HourlyPublishedPlatformEvents: 50000,
  MassEmail: 5000,
  SingleEmail: 5000,
};

function limits(ctx: RestContext): Reply {
  const { usage, store } = ctx.org;
  const usedMb = Math.ceil((store.size * 2) / 1024);
  const body: Record<string, { Max: number; Remaining: number }> = {
    DailyApiRequests: { Max: usage.max, Remaining: usage.max - usage.used },
    DataStorageMB: { Max: DATA_STORAGE_MB, Remaining: Math.max(0, DATA_STORAGE_MB - usedMb) },
  };
  for (const [name, max] of Object.entries(FIXED)) body[name] = { Max: max, Remaining: max };
  return json(200, Object.fromEntries(Object.entries(body).sort(([a], [b]) => a.localeCompare(b))));
}

/** `GET /limits`. */
export const limitsRoutes: Route<RestContext>[] = [{ method: 'GET', path: '/limits', handler: limits, resource: 'limits' }];
