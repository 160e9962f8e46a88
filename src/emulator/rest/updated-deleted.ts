/**
 * Replication: `GET /sobjects/X/updated/?start=&end=` → `{ids, latestDateCovered}` (records whose
 * `SystemModstamp` falls in the window) and `GET /sobjects/X/deleted/?start=&end=` →
 * `{deletedRecords: [{id, deletedDate}], earliestDateAvailable, latestDateCovered}`. Dates are
 * ISO 8601 with a zone; seconds are ignored (12:30:15 is 12:30:00); the window must be at least a
 * minute, start at most 30 days ago (`INVALID_REPLICATION_DATE` otherwise), and hold at most
 * 600,000 IDs (`EXCEEDED_ID_LIMIT`).
 *
 * @module
 */
import { formatDateTime } from '../dates.js';
import type { RestContext } from '../http/context.js';
import { restError } from '../http/errors.js';
import { json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import type { StoredRecord } from '../schema.js';
import { objectFromUrl } from './record-lookup.js';

const MINUTE = 60_000;
const WINDOW_DAYS = 30;
const MAX_IDS = 600_000;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function replicationDate(ctx: RestContext, name: 'start' | 'end'): number {
  const value = ctx.query.get(name);
  if (value === null || value === '') throw restError(400, 'MISSING_ARGUMENT', `${name} parameter must be specified`);
  const ms = ISO_WITH_ZONE.test(value) ? Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
  if (Number.isNaN(ms)) throw restError(400, 'INVALID_REPLICATION_DATE', `${name}: not a valid date: ${value}`);
  return Math.floor(ms / MINUTE) * MINUTE;
}

function window(ctx: RestContext): { start: number; end: number; covered: number } {
  const start = replicationDate(ctx, 'start');
  const end = replicationDate(ctx, 'end');
  const now = Math.floor(ctx.org.now() / MINUTE) * MINUTE;
  if (end - start < MINUTE) throw restError(400, 'INVALID_REPLICATION_DATE', 'end date must be at least one minute after start date');
  if (start < now - WINDOW_DAYS * 24 * 60 * MINUTE) {
    throw restError(400, 'INVALID_REPLICATION_DATE', `startDate cannot be more than ${WINDOW_DAYS} days ago`);
  }
  return { start, end, covered: Math.min(end, now) };
}

function stamp(record: StoredRecord): number {
  return Date.parse(String(record.SystemModstamp).replace('+0000', 'Z'));
}

function matching(ctx: RestContext, deleted: boolean): { records: StoredRecord[]; covered: number } {
  const model = objectFromUrl(ctx);
  const { start, end, covered } = window(ctx);
  const records: StoredRecord[] = [];
  for (const record of ctx.org.store.records(model.name)) {
    if (record.IsDeleted !== deleted) continue;
    const at = stamp(record);
    if (at >= start && at < end) records.push(record);
  }
  if (records.length > MAX_IDS) throw restError(400, 'EXCEEDED_ID_LIMIT', `The number of IDs exceeds ${MAX_IDS}; use a shorter window`);
  records.sort((a, b) => stamp(a) - stamp(b));
  return { records, covered };
}

function updated(ctx: RestContext): Reply {
  const { records, covered } = matching(ctx, false);
  return json(200, { ids: records.map((r) => r.Id), latestDateCovered: formatDateTime(covered) });
}

function deleted(ctx: RestContext): Reply {
  const { records, covered } = matching(ctx, true);
  return json(200, {
    deletedRecords: records.map((r) => ({ id: r.Id, deletedDate: String(r.SystemModstamp) })),
    earliestDateAvailable: formatDateTime(Math.floor(ctx.org.startedAt / MINUTE) * MINUTE),
    latestDateCovered: formatDateTime(covered),
  });
}

/** Routes of the replication resources. */
export const updatedDeletedRoutes: Route<RestContext>[] = [
  { method: 'GET', path: '/sobjects/:object/updated', handler: updated },
  { method: 'GET', path: '/sobjects/:object/deleted', handler: deleted },
];
