/**
 * Bulk API 2.0, `/jobs/ingest` and `/jobs/query` (wire format of `reference/salesforce-wire.md`
 * §6): create a job (`POST`, JSON), upload its CSV once (`PUT …/batches`, `text/csv`, 201), close
 * or abort it (`PATCH {"state": …}`), read its info (`GET`), list jobs (`GET /jobs/ingest`),
 * delete it (`DELETE`, 204), and read results as CSV: `successfulResults/`, `failedResults/`,
 * `unprocessedrecords/`, or a query's `results?locator=&maxRecords=` with `Sforce-Locator` and
 * `Sforce-NumberOfRecords`. Results of an unfinished job answer `412 JOB_NOT_COMPLETE`.
 *
 * Error codes of job-level refusals follow Bulk API's own (`INVALIDJOB`, `INVALIDENTITY`,
 * `INVALIDJOBSTATE`); their exact wording is inferred, not recorded. Multipart job creation is not
 * emulated.
 *
 * @module
 */
import { COLUMN_DELIMITERS, LINE_ENDINGS, type ColumnDelimiter, type LineEnding } from '../../rest/bulk2/csv-format.js';
import { formatDateTime } from '../dates.js';
import { jsonError } from '../http/body.js';
import { jsonBody, type RestContext } from '../http/context.js';
import { notFound, restError } from '../http/errors.js';
import { empty, json, text, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { prepareQuery, SoqlError } from '../soql-engine.js';
import { abortQueued, resultLine, scheduleIngest, touch } from '../bulk2/ingest-processor.js';
import { bulkJobs, FINAL, type BulkJob, type IngestJob, type IngestOperation, type JobState, type QueryJob } from '../bulk2/jobs.js';
import { ingestView, queryView } from '../bulk2/job-view.js';
import { scheduleQuery } from '../bulk2/query-processor.js';
import { DEFAULT_PAGE_RECORDS, decodeLocator, queryColumns, resultPage } from '../bulk2/query-results.js';

const CSV_TYPE = 'text/csv';
const OPERATIONS: ReadonlySet<string> = new Set<IngestOperation>(['insert', 'update', 'upsert', 'delete', 'hardDelete']);
/** States from which a job may be deleted. */
const DELETABLE: ReadonlySet<JobState> = new Set<JobState>(['UploadComplete', 'JobComplete', 'Aborted', 'Failed']);

type Json = Record<string, unknown>;

function invalidJob(message: string) {
  return restError(400, 'INVALIDJOB', `InvalidJob : ${message}`);
}

function objectBody(ctx: RestContext): Json {
  const body = jsonBody(ctx);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw jsonError('Cannot deserialize instance of JobInfo from non-object token');
  return body as Json;
}

/** The job's CSV dialect from the create request (defaults `COMMA`, `LF`). */
function dialect(body: Json): { columnDelimiter: ColumnDelimiter; lineEnding: LineEnding } {
  const columnDelimiter = body.columnDelimiter ?? 'COMMA';
  const lineEnding = body.lineEnding ?? 'LF';
  if (typeof columnDelimiter !== 'string' || !Object.hasOwn(COLUMN_DELIMITERS, columnDelimiter)) {
    throw invalidJob(`Invalid column delimiter: ${String(columnDelimiter)}`);
  }
  if (typeof lineEnding !== 'string' || !Object.hasOwn(LINE_ENDINGS, lineEnding)) throw invalidJob(`Invalid line ending: ${String(lineEnding)}`);
  if (body.contentType !== undefined && body.contentType !== 'CSV') throw invalidJob('The only content type supported is CSV');
  return { columnDelimiter: columnDelimiter as ColumnDelimiter, lineEnding: lineEnding as LineEnding };
}

function stamp(ctx: RestContext): Pick<BulkJob, 'createdById' | 'createdDate' | 'systemModstamp' | 'apiVersion' | 'numberRecordsProcessed' | 'totalProcessingTime'> {
  const now = formatDateTime(ctx.org.now());
  return { createdById: ctx.user.id, createdDate: now, systemModstamp: now, apiVersion: ctx.version, numberRecordsProcessed: 0, totalProcessingTime: 0 };
}

/** `JobComplete` → `JOB_COMPLETE`, as the 412 message writes states. */
function upperState(state: JobState): string {
  return state.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

function notComplete(job: BulkJob) {
  return restError(412, 'JOB_NOT_COMPLETE', 'can only download query results of successfully completed bulk job with status: JOB_COMPLETE. '
    + `Current status: ${upperState(job.state)}`);
}

function badTransition(job: BulkJob, to: string) {
  return restError(400, 'INVALIDJOBSTATE', `Unable to change the state of job ${job.id} from ${job.state} to ${to}`);
}

function ingestJob(ctx: RestContext): IngestJob {
  const job = bulkJobs(ctx.org).get(ctx.params.id ?? '', 'ingest');
  if (!job) throw notFound();
  return job;
}

function queryJob(ctx: RestContext): QueryJob {
  const job = bulkJobs(ctx.org).get(ctx.params.id ?? '', 'query');
  if (!job) throw notFound();
  return job;
}

function createIngest(ctx: RestContext): Reply {
  const body = objectBody(ctx);
  const { operation, object, externalIdFieldName, assignmentRuleId } = body;
  if (typeof operation !== 'string' || !OPERATIONS.has(operation)) throw invalidJob(`Invalid operation: ${String(operation)}`);
  const model = typeof object === 'string' ? ctx.org.model(object) : undefined;
  if (!model) throw restError(400, 'INVALIDENTITY', `InvalidEntity : Entity '${String(object)}' is not supported by the Bulk API.`);
  const format = dialect(body);
  let keyField: string | undefined;
  if (operation === 'upsert') {
    if (typeof externalIdFieldName !== 'string' || externalIdFieldName === '') throw invalidJob('External ID field is required for upsert');
    const field = model.field(externalIdFieldName);
    if (!field || !(field.externalId || field.idLookup || field.name === 'Id')) {
      throw invalidJob(`Field name provided, ${externalIdFieldName} is not an External ID or indexed field for ${model.name}`);
    }
    keyField = field.name;
  }
  if (assignmentRuleId !== undefined && typeof assignmentRuleId !== 'string') throw invalidJob('Invalid assignmentRuleId');
  const job: IngestJob = {
    kind: 'ingest',
    id: ctx.org.ids.next('750'),
    operation: operation as IngestOperation,
    object: model.name,
    state: 'Open',
    ...stamp(ctx),
    ...format,
    ...(keyField === undefined ? {} : { externalIdFieldName: keyField }),
    ...(assignmentRuleId === undefined ? {} : { assignmentRuleId: assignmentRuleId as string }),
    numberRecordsFailed: 0,
    rows: { header: [], successful: [], failed: [], unprocessed: [] },
  };
  bulkJobs(ctx.org).add(job);
  return json(200, ingestView(job, false));
}

function upload(ctx: RestContext): Reply {
  const job = ingestJob(ctx);
  if (job.state !== 'Open') throw badTransition(job, 'UploadComplete');
  if (job.content !== undefined) {
    throw restError(400, 'INVALIDJOBSTATE', `Found multiple contents for job: <${job.id}>, please 'Close' / 'Abort' / 'Delete' the current Job `
      + "then create a new Job and make sure you only do 'PUT' once on a given Job.");
  }
  job.content = ctx.body.toString('utf8');
  touch(ctx.org, job);
  return empty(201);
}

function requestedState(ctx: RestContext): unknown {
  return objectBody(ctx).state;
}

function patchIngest(ctx: RestContext): Reply {
  const job = ingestJob(ctx);
  const state = requestedState(ctx);
  if (state === 'UploadComplete') {
    if (job.state !== 'Open') throw badTransition(job, state);
    job.state = 'UploadComplete';
    touch(ctx.org, job);
    scheduleIngest(ctx.org, job);
  } else if (state === 'Aborted') {
    if (FINAL.has(job.state)) throw badTransition(job, state);
    if (job.state === 'InProgress') job.state = 'Aborted';
    else abortQueued(ctx.org, job);
    touch(ctx.org, job);
  } else {
    throw invalidJob(`Invalid state: ${String(state)}`);
  }
  return json(200, ingestView(job, false));
}

function remove(kind: 'ingest' | 'query') {
  return (ctx: RestContext): Reply => {
    const job = kind === 'ingest' ? ingestJob(ctx) : queryJob(ctx);
    if (!DELETABLE.has(job.state)) throw restError(400, 'INVALIDJOBSTATE', `Job ${job.id} can not be deleted in state ${job.state}`);
    bulkJobs(ctx.org).delete(job.id);
    return empty(204);
  };
}

function ingestResults(kind: 'successful' | 'failed' | 'unprocessed') {
  return (ctx: RestContext): Reply => {
    const job = ingestJob(ctx);
    if (!FINAL.has(job.state)) throw notComplete(job);
    const header = kind === 'successful' ? ['sf__Id', 'sf__Created', ...job.rows.header]
      : kind === 'failed' ? [...(Number.parseFloat(job.apiVersion) >= 53 ? ['sf__Id'] : []), 'sf__Error', ...job.rows.header]
        : job.rows.header;
    const eol = LINE_ENDINGS[job.lineEnding];
    const lines = job.rows[kind];
    const csv = (header.length > 0 ? resultLine(job, header) + eol : '') + (lines.length > 0 ? lines.join(eol) + eol : '');
    return text(200, csv, CSV_TYPE);
  };
}

function list(kind: 'ingest' | 'query') {
  return (ctx: RestContext): Reply => {
    const jobs = bulkJobs(ctx.org).list(kind);
    const records = jobs.map((job) => ({
      ...(job.kind === 'ingest' ? ingestView(job, false) : queryView(job, false)),
      jobType: kind === 'ingest' ? 'V2Ingest' : 'V2Query',
    }));
    const jobType = ctx.query.get('jobType');
    return json(200, { done: true, records: jobType ? records.filter((r) => r.jobType === jobType) : records, nextRecordsUrl: null });
  };
}

function createQuery(ctx: RestContext): Reply {
  const body = objectBody(ctx);
  const { operation, query } = body;
  if (operation !== 'query' && operation !== 'queryAll') throw invalidJob(`Invalid operation: ${String(operation)}`);
  if (typeof query !== 'string' || query.trim() === '') throw restError(400, 'MALFORMED_QUERY', 'SOQL statements cannot be empty or null');
  const format = dialect(body);
  const includeDeleted = operation === 'queryAll';
  let job: QueryJob;
  try {
    const prepared = prepareQuery(query, ctx.org.store, { includeDeleted, now: new Date(ctx.org.now()), apiVersion: ctx.version });
    const shape = queryColumns(ctx.org, query, includeDeleted);
    job = {
      kind: 'query',
      id: ctx.org.ids.next('750'),
      operation,
      object: prepared.objectName,
      state: 'UploadComplete',
      ...stamp(ctx),
      ...format,
      query,
      prepared,
      columns: 'columns' in shape ? shape.columns : [],
      ...('unsupported' in shape ? { unsupported: shape.unsupported } : {}),
    };
  } catch (error) {
    if (error instanceof SoqlError) throw restError(400, error.errorCode, error.message);
    throw error;
  }
  bulkJobs(ctx.org).add(job);
  scheduleQuery(ctx.org, job);
  return json(200, queryView(job, false));
}

function patchQuery(ctx: RestContext): Reply {
  const job = queryJob(ctx);
  const state = requestedState(ctx);
  if (state !== 'Aborted') throw invalidJob(`Invalid state: ${String(state)}`);
  if (FINAL.has(job.state)) throw badTransition(job, state);
  job.state = 'Aborted';
  job.systemModstamp = formatDateTime(ctx.org.now());
  return json(200, queryView(job, false));
}

function positiveInteger(value: string | null, name: string): number | undefined {
  if (value === null) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw invalidJob(`${name} must be a positive integer: ${value}`);
  return Number(value);
}

function queryResults(ctx: RestContext): Reply {
  const job = queryJob(ctx);
  if (job.state !== 'JobComplete') throw notComplete(job);
  const size = positiveInteger(ctx.query.get('maxRecords'), 'maxRecords') ?? DEFAULT_PAGE_RECORDS;
  const locator = ctx.query.get('locator');
  const offset = locator === null || locator === '' ? 0 : decodeLocator(locator);
  if (offset === undefined || offset > job.prepared.rowCount) throw invalidJob(`Invalid locator: ${String(locator)}`);
  const page = resultPage(job, offset, size);
  const reply = text(200, page.csv, CSV_TYPE);
  reply.headers['sforce-locator'] = page.next;
  reply.headers['sforce-numberofrecords'] = String(page.count);
  return reply;
}

function info(ctx: RestContext): Reply {
  return json(200, ingestView(ingestJob(ctx), true));
}

function queryInfo(ctx: RestContext): Reply {
  return json(200, queryView(queryJob(ctx), true));
}

/** Routes of Bulk API 2.0. */
export const bulk2Routes: Route<RestContext>[] = [
  { method: 'POST', path: '/jobs/ingest', handler: createIngest },
  { method: 'GET', path: '/jobs/ingest', handler: list('ingest') },
  { method: 'GET', path: '/jobs/ingest/:id', handler: info },
  { method: 'PATCH', path: '/jobs/ingest/:id', handler: patchIngest },
  { method: 'DELETE', path: '/jobs/ingest/:id', handler: remove('ingest') },
  { method: 'PUT', path: '/jobs/ingest/:id/batches', handler: upload },
  { method: 'GET', path: '/jobs/ingest/:id/successfulResults', handler: ingestResults('successful') },
  { method: 'GET', path: '/jobs/ingest/:id/failedResults', handler: ingestResults('failed') },
  { method: 'GET', path: '/jobs/ingest/:id/unprocessedrecords', handler: ingestResults('unprocessed') },
  { method: 'POST', path: '/jobs/query', handler: createQuery },
  { method: 'GET', path: '/jobs/query', handler: list('query') },
  { method: 'GET', path: '/jobs/query/:id', handler: queryInfo },
  { method: 'PATCH', path: '/jobs/query/:id', handler: patchQuery },
  { method: 'DELETE', path: '/jobs/query/:id', handler: remove('query') },
  { method: 'GET', path: '/jobs/query/:id/results', handler: queryResults },
];

