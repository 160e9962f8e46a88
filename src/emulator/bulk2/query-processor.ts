/**
 * Runs a query job asynchronously, as Bulk API 2.0 does: created `UploadComplete`, then
 * `InProgress`, then `JobComplete` with `numberRecordsProcessed` set — or `Failed` when the query
 * is one bulk queries do not take. The records were matched when the job was created.
 *
 * @module
 */
import { formatDateTime } from '../dates.js';
import type { Org } from '../org.js';
import { bulkJobs, type QueryJob } from './jobs.js';

const STEP_DELAY_MS = 5;

function later(run: () => void): void {
  setTimeout(run, STEP_DELAY_MS).unref();
}

/** Runs `job` (state `UploadComplete`) to its end, unless it is aborted or deleted first. */
export function scheduleQuery(org: Org, job: QueryJob): void {
  const jobs = bulkJobs(org);
  const live = () => jobs.has(job) && job.state !== 'Aborted';
  later(() => {
    if (!live()) return;
    job.state = 'InProgress';
    job.startedAt = org.now();
    job.systemModstamp = formatDateTime(org.now());
    later(() => {
      if (!live()) return;
      if (job.unsupported !== undefined) {
        job.state = 'Failed';
        job.errorMessage = job.unsupported;
      } else {
        job.state = 'JobComplete';
        job.numberRecordsProcessed = job.prepared.rowCount;
      }
      job.totalProcessingTime = org.now() - (job.startedAt as number);
      job.systemModstamp = formatDateTime(org.now());
    });
  });
}
