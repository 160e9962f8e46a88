/**
 * Jobs as Bulk API 2.0 describes them on the wire: the short form that create, close and list
 * answer, and the full form of job info requests (counters, processing times, `errorMessage`).
 *
 * @module
 */
import type { BulkJob, IngestJob, QueryJob } from './jobs.js';

function common(job: BulkJob): Record<string, unknown> {
  return {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: job.createdDate,
    systemModstamp: job.systemModstamp,
    state: job.state,
  };
}

/**
 * An ingest job. `full` adds what `GET /jobs/ingest/<id>` reports.
 *
 * @example
 * ```ts
 * json(200, ingestView(job, true));
 * ```
 */
export function ingestView(job: IngestJob, full: boolean): Record<string, unknown> {
  const out = common(job);
  if (job.externalIdFieldName !== undefined) out.externalIdFieldName = job.externalIdFieldName;
  if (job.assignmentRuleId !== undefined) out.assignmentRuleId = job.assignmentRuleId;
  Object.assign(out, { concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: Number(job.apiVersion) });
  if (job.state === 'Open') out.contentUrl = `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`;
  Object.assign(out, { lineEnding: job.lineEnding, columnDelimiter: job.columnDelimiter });
  if (!full) return out;
  Object.assign(out, {
    jobType: 'V2Ingest',
    numberRecordsProcessed: job.numberRecordsProcessed,
    numberRecordsFailed: job.numberRecordsFailed,
    retries: 0,
    totalProcessingTime: job.totalProcessingTime,
    apiActiveProcessingTime: job.totalProcessingTime,
    apexProcessingTime: 0,
  });
  if (job.errorMessage !== undefined) out.errorMessage = job.errorMessage;
  return out;
}

/**
 * A query job. `full` adds what `GET /jobs/query/<id>` reports.
 *
 * @example
 * ```ts
 * json(200, queryView(job, false));
 * ```
 */
export function queryView(job: QueryJob, full: boolean): Record<string, unknown> {
  const out = common(job);
  Object.assign(out, {
    concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: Number(job.apiVersion), lineEnding: job.lineEnding, columnDelimiter: job.columnDelimiter,
  });
  if (!full) return out;
  Object.assign(out, {
    jobType: 'V2Query',
    numberRecordsProcessed: job.numberRecordsProcessed,
    retries: 0,
    totalProcessingTime: job.totalProcessingTime,
    isPkChunkingSupported: true,
  });
  if (job.errorMessage !== undefined) out.errorMessage = job.errorMessage;
  return out;
}
