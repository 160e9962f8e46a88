/**
 * Runs an ingest job the way Bulk API 2.0 does, asynchronously: once closed it turns
 * `InProgress` after a short delay, rows go through the org's record writer in chunks (so the
 * counters move while clients poll), each row ends in the successful or failed results, and the
 * job ends `JobComplete` — or `Failed` for a bad header, line ending or CSV, with Salesforce's
 * `errorMessage`. An abort stops it between chunks; rows not reached are unprocessed.
 *
 * @module
 */
import { CsvParseError, parseCsv } from '../../rest/bulk2/csv-parse.js';
import { COLUMN_DELIMITERS } from '../../rest/bulk2/csv-format.js';
import { csvLine } from '../../rest/bulk2/csv-write.js';
import { isSalesforceId, toId18 } from '../../soql/ids.js';
import type { ObjectModel } from '../catalog.js';
import { formatDateTime } from '../dates.js';
import { RestFailure, restError } from '../http/errors.js';
import type { Org } from '../org.js';
import type { WriteOptions } from '../records/writer.js';
import type { StoredRecord } from '../schema.js';
import { HeaderError, resolveColumns, rowValues, type IngestColumn } from './ingest-columns.js';
import { bulkJobs, type IngestJob } from './jobs.js';

/** Rows written per tick. */
const CHUNK_ROWS = 2000;
/** Delay between closing a job and its start, so that clients see it queued. */
const START_DELAY_MS = 5;

function later(run: () => void, ms: number): void {
  setTimeout(run, ms).unref();
}

/** Records the job changed now. */
export function touch(org: Org, job: IngestJob): void {
  job.systemModstamp = formatDateTime(org.now());
}

/** One result line as Salesforce writes result files: every field quoted. */
export function resultLine(job: IngestJob, fields: readonly string[]): string {
  return csvLine(fields, { delimiter: COLUMN_DELIMITERS[job.columnDelimiter], quoteAll: true });
}

/** The data rows of the job's upload (after the header), read lazily. */
function* dataRows(job: IngestJob): Generator<string[], void, undefined> {
  let first = true;
  for (const row of parseCsv(job.content ?? '', { delimiter: COLUMN_DELIMITERS[job.columnDelimiter] })) {
    if (first) first = false;
    else yield row;
  }
}

/** Moves the rows `rows` still holds to the unprocessed results. */
export function leaveUnprocessed(job: IngestJob, rows: Iterator<string[]>): void {
  try {
    for (let next = rows.next(); !next.done; next = rows.next()) job.rows.unprocessed.push(resultLine(job, next.value));
  } catch (error) {
    if (!(error instanceof CsvParseError)) throw error;
  }
}

/** Aborts a job that has not started: all its rows are unprocessed. */
export function abortQueued(org: Org, job: IngestJob): void {
  job.state = 'Aborted';
  touch(org, job);
  if (job.content === undefined) return;
  const rows = dataRows(job);
  try {
    job.rows.header = parseCsv(job.content, { delimiter: COLUMN_DELIMITERS[job.columnDelimiter] }).next().value ?? [];
  } catch (error) {
    if (!(error instanceof CsvParseError)) throw error;
    return;
  }
  leaveUnprocessed(job, rows);
}

/** Starts processing a job just closed (`UploadComplete`). */
export function scheduleIngest(org: Org, job: IngestJob): void {
  later(() => start(org, job), START_DELAY_MS);
}

function fail(org: Org, job: IngestJob, message: string): void {
  job.state = 'Failed';
  job.errorMessage = message;
  job.totalProcessingTime = org.now() - (job.startedAt ?? org.now());
  touch(org, job);
}

/** The line-ending check Salesforce makes on the data. */
function lineEndingProblem(job: IngestJob): string | undefined {
  const content = job.content ?? '';
  const at = content.indexOf('\n');
  if (at < 0) return undefined;
  const crlf = content[at - 1] === '\r';
  if (crlf === (job.lineEnding === 'CRLF')) return undefined;
  return `ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${job.lineEnding}`;
}

function start(org: Org, job: IngestJob): void {
  const jobs = bulkJobs(org);
  if (!jobs.has(job) || job.state !== 'UploadComplete') return;
  job.state = 'InProgress';
  job.startedAt = org.now();
  touch(org, job);
  if (job.content === undefined || job.content.trim() === '') return fail(org, job, 'ClientInputError : No data was uploaded for this job');
  const problem = lineEndingProblem(job);
  if (problem) return fail(org, job, problem);
  let writer: RowWriter;
  const rows = dataRows(job);
  try {
    const header = parseCsv(job.content, { delimiter: COLUMN_DELIMITERS[job.columnDelimiter] }).next().value ?? [];
    job.rows.header = header;
    writer = new RowWriter(org, job, header);
  } catch (error) {
    if (error instanceof HeaderError) {
      leaveUnprocessed(job, rows);
      return fail(org, job, error.message);
    }
    if (error instanceof CsvParseError) return fail(org, job, `ClientInputError : ${error.message}`);
    throw error;
  }
  const step = (): void => {
    if (!jobs.has(job)) return;
    if (job.state === 'Aborted') return leaveUnprocessed(job, rows);
    try {
      for (let n = 0; n < CHUNK_ROWS; n++) {
        const next = rows.next();
        if (next.done) {
          job.state = 'JobComplete';
          job.totalProcessingTime = org.now() - (job.startedAt as number);
          touch(org, job);
          return;
        }
        writer.write(next.value);
      }
    } catch (error) {
      if (!(error instanceof CsvParseError)) throw error;
      return fail(org, job, `ClientInputError : ${error.message}`);
    }
    touch(org, job);
    later(step, 0);
  };
  later(step, 0);
}

/** Salesforce's `sf__Error` text: `CODE:message:fields --`. */
function errorText(error: unknown): string {
  if (!(error instanceof RestFailure)) return 'UNKNOWN_EXCEPTION:An unexpected error occurred:--';
  return error.errors.map((e) => `${e.errorCode}:${e.message}:${e.fields?.length ? `${e.fields.join(',')} ` : ''}--`).join(' ');
}

/** Applies rows of one job to the org and writes their results. */
class RowWriter {
  private readonly model: ObjectModel;
  private readonly columns: IngestColumn[];
  private readonly idIndex: number;
  private readonly keyIndex: number;
  private readonly keyField: string | undefined;
  private readonly keyCounts = new Map<string, number>();
  private readonly options: WriteOptions;
  private readonly withFailedId: boolean;

  constructor(
    private readonly org: Org,
    private readonly job: IngestJob,
    private readonly header: string[],
  ) {
    this.model = org.model(job.object) as ObjectModel;
    this.columns = resolveColumns(org, this.model, header);
    const indexOf = (name: string) => this.columns.findIndex((c) => c.kind === 'field' && c.field.name === name);
    this.idIndex = indexOf('Id');
    this.keyField = job.externalIdFieldName === undefined ? undefined : this.model.field(job.externalIdFieldName)?.name;
    this.keyIndex = this.keyField === undefined ? -1 : indexOf(this.keyField);
    this.options = { userId: job.createdById, autoAssign: job.assignmentRuleId ?? 'FALSE' };
    this.withFailedId = Number.parseFloat(job.apiVersion) >= 53;
    if (job.operation === 'upsert' && this.keyIndex >= 0) {
      for (const row of dataRows(job)) {
        const key = (row[this.keyIndex] ?? '').toLowerCase();
        if (key !== '') this.keyCounts.set(key, (this.keyCounts.get(key) ?? 0) + 1);
      }
    }
  }

  write(row: string[]): void {
    const cells = this.header.map((_, i) => row[i] ?? '');
    let knownId = '';
    try {
      if (row.length > this.header.length) {
        throw restError(400, 'INVALID_FIELD', `The row has ${row.length} fields but the header has ${this.header.length}`);
      }
      const idCell = this.idIndex >= 0 ? (row[this.idIndex] ?? '') : '';
      if (isSalesforceId(idCell)) knownId = toId18(idCell);
      const [id, created] = this.apply(row, idCell);
      this.job.rows.successful.push(resultLine(this.job, [id, String(created), ...cells]));
    } catch (error) {
      const text = errorText(error);
      this.job.rows.failed.push(resultLine(this.job, this.withFailedId ? [knownId, text, ...cells] : [text, ...cells]));
      this.job.numberRecordsFailed++;
    }
    this.job.numberRecordsProcessed++;
  }

  private apply(row: string[], idCell: string): [string, boolean] {
    const { org, model, options } = this;
    switch (this.job.operation) {
      case 'insert': {
        if (idCell !== '') throw restError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
        return [org.writer.create(model, rowValues(org, this.columns, row), options).Id, true];
      }
      case 'update': {
        const target = this.target(idCell, 'update');
        org.writer.update(target, withoutId(rowValues(org, this.columns, row)), options);
        return [target.Id, false];
      }
      case 'upsert':
        return this.upsert(row, idCell);
      case 'delete':
      case 'hardDelete': {
        const target = this.target(idCell, 'delete');
        org.writer.delete(target, options);
        if (this.job.operation === 'hardDelete') org.store.remove(target);
        return [target.Id, false];
      }
    }
  }

  private upsert(row: string[], idCell: string): [string, boolean] {
    const { org, model, options } = this;
    const field = this.keyField as string;
    const values = rowValues(org, this.columns, row);
    if (field === 'Id') {
      if (idCell === '') return [org.writer.create(model, values, options).Id, true];
      const target = this.target(idCell, 'upsert');
      org.writer.update(target, withoutId(values), options);
      return [target.Id, false];
    }
    const key = this.keyIndex >= 0 ? (row[this.keyIndex] ?? '') : '';
    if (key === '' || key === '#N/A') throw restError(400, 'MISSING_ARGUMENT', `${field} not specified`, [field]);
    if ((this.keyCounts.get(key.toLowerCase()) ?? 0) > 1) {
      throw restError(400, 'DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${key}`, [field]);
    }
    const matches = org.store.matching(model, field, key);
    if (matches.length > 1) {
      throw restError(400, 'DUPLICATE_EXTERNAL_ID', `More than 1 record found for external id field: ${matches.map((r) => r.Id).join(', ')}`, [field]);
    }
    const existing = matches[0];
    if (existing) {
      const { [field]: _key, ...changes } = withoutId(values);
      org.writer.update(existing, changes, options);
      return [existing.Id, false];
    }
    return [org.writer.create(model, withoutId(values), options).Id, true];
  }

  /** The live record of `model` a row's `Id` names. */
  private target(idCell: string, verb: string): StoredRecord {
    if (idCell === '') throw restError(400, 'MISSING_ARGUMENT', `Id not specified in ${verb === 'delete' ? 'a' : 'an'} ${verb} call`, ['Id']);
    if (!isSalesforceId(idCell) || !idCell.startsWith(this.model.keyPrefix)) {
      throw restError(400, 'MALFORMED_ID', `${this.model.name} ID: id value of incorrect type: ${idCell}`, ['Id']);
    }
    const record = this.org.store.byId(toId18(idCell));
    if (!record) throw restError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['Id']);
    if (record.IsDeleted) throw restError(400, 'ENTITY_IS_DELETED', 'entity is deleted', []);
    return record;
  }
}

function withoutId(values: Record<string, unknown>): Record<string, unknown> {
  const { Id: _id, ...rest } = values;
  return rest;
}
