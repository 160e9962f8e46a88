import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceClient } from '../../../src/client.js';
import { ApiError, BulkJobError, InvalidFieldError, MalformedQueryError, ValidationError } from '../../../src/core/errors.js';
import type { IngestJobInfo } from '../../../src/rest/bulk2/job-info.js';
import { connect, startOrg, type Org } from '../helpers.js';

let org: Org;
let sf: SalesforceClient;
beforeAll(async () => {
  org = await startOrg();
  ({ sf } = await connect(org));
});
afterAll(() => org.close());

const FAST = { pollIntervalMs: 5, maxPollIntervalMs: 20 } as const;

async function* leads(count: number, tag: string) {
  for (let i = 0; i < count; i++) yield { LastName: `${tag} ${i}`, Company: 'Bulk Co', Email: `${tag.toLowerCase()}${i}@example.com` };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const requestsTo = (pattern: RegExp, method?: string) => org.requests.filter((r) => pattern.test(r.path) && (!method || r.method === method));

describe('sf.bulk2.ingest', () => {
  it('inserts a few thousand records from an async iterable, with events and per-record results', async () => {
    const events: string[] = [];
    const progress: IngestJobInfo[] = [];
    const job = sf.bulk2.ingest({ object: 'Lead', operation: 'insert', records: leads(3000, 'Ins'), ...FAST });
    job.on('created', (info) => events.push(`created:${info.state}`));
    job.on('uploaded', (info, upload) => events.push(`uploaded:${info.state}:${upload.records}`));
    job.on('progress', (info) => progress.push(info));
    job.on('done', () => events.push('done'));
    const result = await job.done();
    expect(result).toMatchObject({ state: 'JobComplete', recordsUploaded: 3000, numberRecordsProcessed: 3000, numberRecordsFailed: 0 });
    expect(result.jobs).toHaveLength(1);
    expect(result.jobs[0]?.id).toMatch(/^750/);
    expect(events).toEqual(['created:Open', 'uploaded:UploadComplete:3000', 'done']);
    expect(progress.at(-1)?.state).toBe('JobComplete');
    const saved = await collect(job.successfulResults());
    expect(saved).toHaveLength(3000);
    expect(saved.every((r) => r.created && r.id.startsWith('00Q') && r.jobId === result.jobs[0]?.id)).toBe(true);
    const stored = new Map(org.records('Lead').map((r) => [r.Id, r]));
    for (const row of saved.slice(0, 50)) expect(stored.get(row.id)?.LastName).toBe(row.record.LastName);
    expect(await collect(job.failedResults())).toEqual([]);
    const put = requestsTo(/\/jobs\/ingest\/[^/]+\/batches$/, 'PUT').at(-1);
    expect(put?.headers['content-type']).toMatch(/^text\/csv/);
  });

  it('inserts CSV given in arbitrary chunks, keeping quoted line breaks, CRLF detected from the header', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `"Chunk ${i}","Co, ${i}","line one\r\nline ""two"""`);
    const text = `LastName,Company,Description\r\n${rows.join('\r\n')}\r\n`;
    async function* chunks() {
      for (let at = 0; at < text.length; at += 97) yield text.slice(at, at + 97);
    }
    const job = sf.bulk2.ingest({ object: 'Lead', operation: 'insert', csv: chunks(), ...FAST });
    const result = await job.done();
    expect(result).toMatchObject({ recordsUploaded: 2000, numberRecordsProcessed: 2000, numberRecordsFailed: 0 });
    expect(result.jobs[0]?.lineEnding).toBe('CRLF');
    const stored = org.records('Lead').filter((r) => String(r.LastName).startsWith('Chunk '));
    expect(stored).toHaveLength(2000);
    expect(stored.find((r) => r.LastName === 'Chunk 7')).toMatchObject({ Company: 'Co, 7', Description: 'line one\r\nline "two"' });
  });

  it('splits data larger than maxUploadBytes into several jobs and says so in the result', async () => {
    const before = requestsTo(/\/jobs\/ingest\/?$/, 'POST').length;
    const records = Array.from({ length: 1200 }, (_, i) => ({ Name: `Split ${i}`, Description: 'x'.repeat(40) }));
    const job = sf.bulk2.ingest({ object: 'Account', operation: 'insert', records, maxUploadBytes: 20_000, ...FAST });
    const result = await job.done();
    expect(result.jobs.length).toBeGreaterThan(2);
    expect(requestsTo(/\/jobs\/ingest\/?$/, 'POST').length - before).toBe(result.jobs.length);
    expect(result).toMatchObject({ recordsUploaded: 1200, numberRecordsProcessed: 1200, numberRecordsFailed: 0 });
    for (const info of result.jobs) {
      const put = requestsTo(new RegExp(`/jobs/ingest/${info.id}/batches$`), 'PUT')[0];
      expect(Number(put?.headers['content-length'])).toBeLessThanOrEqual(20_000);
    }
    expect(new Set(result.jobs.map((j) => j.id)).size).toBe(result.jobs.length);
    expect(await collect(job.successfulResults())).toHaveLength(1200);
    expect(org.records('Account').filter((r) => String(r.Name).startsWith('Split '))).toHaveLength(1200);
  });

  it('upserts by External_Id__c: inserts new keys, updates existing ones, relationship columns find parents', async () => {
    org.insert('Account', [{ Name: 'Upsert Old 1', External_Id__c: 'UP-1' }, { Name: 'Upsert Old 2', External_Id__c: 'UP-2' }]);
    const job = sf.bulk2.ingest({
      object: 'Account', operation: 'upsert', externalIdFieldName: 'External_Id__c', ...FAST,
      records: [
        { External_Id__c: 'UP-1', Name: 'Upsert New 1' },
        { External_Id__c: 'UP-2', Name: 'Upsert New 2' },
        { External_Id__c: 'UP-3', Name: 'Upsert New 3' },
      ],
    });
    const result = await job.done();
    expect(result).toMatchObject({ numberRecordsProcessed: 3, numberRecordsFailed: 0 });
    const saved = await collect(job.successfulResults());
    expect(saved.map((r) => [r.record.External_Id__c, r.created])).toEqual([['UP-1', false], ['UP-2', false], ['UP-3', true]]);
    const accounts = org.records('Account').filter((r) => String(r.External_Id__c).startsWith('UP-'));
    expect(accounts.map((r) => r.Name).sort()).toEqual(['Upsert New 1', 'Upsert New 2', 'Upsert New 3']);

    const contacts = sf.bulk2.ingest({
      object: 'Contact', operation: 'upsert', externalIdFieldName: 'External_Id__c', ...FAST,
      records: [
        { External_Id__c: 'CUP-1', LastName: 'Child', Account: { External_Id__c: 'UP-3' } },
        { External_Id__c: 'CUP-2', LastName: 'Orphan', Account: { External_Id__c: 'UP-404' } },
      ],
    });
    await contacts.done();
    const parent = accounts.find((r) => r.External_Id__c === 'UP-3');
    expect(org.records('Contact').find((r) => r.External_Id__c === 'CUP-1')?.AccountId).toBe(parent?.Id);
    const [orphan] = await collect(contacts.failedResults());
    expect(orphan?.error).toMatchObject({ statusCode: 'INVALID_FIELD', fields: ['AccountId'] });
    expect(orphan?.error.message).toBe('Foreign key external ID: UP-404 not found for field External_Id__c in entity Account');
    expect(orphan?.record).toEqual({ External_Id__c: 'CUP-2', LastName: 'Orphan', 'Account.External_Id__c': 'UP-404' });
  });

  it('reports partial failures in failedResults with Salesforce’s sf__Error, and counts them', async () => {
    const records = Array.from({ length: 500 }, (_, i) => ({
      LastName: `Partial ${i}`,
      Company: i % 100 === 0 ? undefined : 'Acme',
      Email: i === 7 ? 'not an email' : `p${i}@example.com`,
    }));
    const job = sf.bulk2.ingest({ object: 'Lead', operation: 'insert', records, ...FAST });
    const result = await job.done();
    expect(result).toMatchObject({ numberRecordsProcessed: 500, numberRecordsFailed: 6 });
    const failed = await collect(job.failedResults());
    expect(failed).toHaveLength(6);
    const missing = failed.find((f) => f.record.LastName === 'Partial 100');
    expect(missing).toMatchObject({
      id: undefined,
      error: {
        statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Company]', fields: ['Company'],
        text: 'REQUIRED_FIELD_MISSING:Required fields are missing: [Company]:Company --',
      },
      record: { LastName: 'Partial 100', Company: '', Email: 'p100@example.com' },
    });
    expect(failed.find((f) => f.record.LastName === 'Partial 7')?.error).toMatchObject({
      statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: not an email', fields: ['Email'],
    });
    expect(await collect(job.successfulResults())).toHaveLength(494);
  });

  it('updates with null clearing a field (#N/A) and a missing value leaving it, then deletes and hard-deletes', async () => {
    const ids = org.insert('Contact', [
      { LastName: 'Upd A', Title: 'Boss', Department: 'Sales' },
      { LastName: 'Upd B', Title: 'Chief', Department: 'Ops' },
    ]);
    const update = sf.bulk2.ingest({
      object: 'Contact', operation: 'update', ...FAST,
      records: [{ Id: ids[0], Title: null }, { Id: ids[1], Department: 'Support' }],
    });
    await update.done();
    const byId = (id: string | undefined, deleted = false) => org.records('Contact', { includeDeleted: deleted }).find((r) => r.Id === id);
    expect(byId(ids[0])).toMatchObject({ Title: null, Department: 'Sales' });
    expect(byId(ids[1])).toMatchObject({ Title: 'Chief', Department: 'Support' });
    expect((await collect(update.successfulResults())).map((r) => [r.id, r.created])).toEqual([[ids[0], false], [ids[1], false]]);

    await sf.bulk2.ingest({ object: 'Contact', operation: 'delete', records: [{ Id: ids[0] }], ...FAST }).done();
    expect(byId(ids[0], true)?.IsDeleted).toBe(true);
    await sf.bulk2.ingest({ object: 'Contact', operation: 'hardDelete', records: [{ Id: ids[1] }], ...FAST }).done();
    expect(byId(ids[1], true)).toBeUndefined();
    const again = sf.bulk2.ingest({ object: 'Contact', operation: 'delete', records: [{ Id: ids[0] }], ...FAST });
    expect((await again.done()).numberRecordsFailed).toBe(1);
    expect((await collect(again.failedResults()))[0]).toMatchObject({ id: ids[0], error: { statusCode: 'ENTITY_IS_DELETED' } });
  });

  it('abort() before the upload: the job is aborted, nothing is written, done() resolves Aborted', async () => {
    const job = sf.bulk2.ingest({ object: 'Lead', operation: 'insert', records: leads(50, 'Abort Early'), ...FAST });
    job.once('created', () => void job.abort());
    const result = await job.done();
    expect(result.state).toBe('Aborted');
    expect(result.jobs[0]?.state).toBe('Aborted');
    expect(result.recordsUploaded).toBe(0);
    expect(requestsTo(new RegExp(`/jobs/ingest/${result.jobs[0]?.id}/batches$`), 'PUT')).toHaveLength(0);
    expect(org.records('Lead').filter((r) => String(r.LastName).startsWith('Abort Early'))).toHaveLength(0);
  });

  it('abort() after the upload: what was not processed is in unprocessedRecords', async () => {
    const job = sf.bulk2.ingest({ object: 'Lead', operation: 'insert', records: leads(10_000, 'Abort Late'), ...FAST });
    job.once('uploaded', () => void job.abort());
    const result = await job.done();
    expect(result.state).toBe('Aborted');
    const info = result.jobs[0] as IngestJobInfo;
    expect(info.state).toBe('Aborted');
    const saved = await collect(job.successfulResults());
    const unprocessed = await collect(job.unprocessedRecords());
    expect(saved.length + unprocessed.length).toBe(10_000);
    expect(info.numberRecordsProcessed).toBe(saved.length);
    expect(org.records('Lead').filter((r) => String(r.LastName).startsWith('Abort Late'))).toHaveLength(saved.length);
    expect(unprocessed[0]?.record).toMatchObject({ Company: 'Bulk Co' });
  });

  it('a job Salesforce fails rejects done() with BulkJobError and its errorMessage; its rows stay unprocessed', async () => {
    const failures: unknown[] = [];
    const job = sf.bulk2.ingest({ object: 'Lead', operation: 'insert', csv: 'LastName,Nope__c\nA,1\nB,2\n', ...FAST });
    job.on('failed', (error) => failures.push(error));
    const error = await job.done().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkJobError);
    expect(error).toMatchObject({ code: 'ERR_BULK_JOB', reason: 'failed', state: 'Failed', errorMessage: 'InvalidBatch : Field name not found : Nope__c' });
    expect((error as BulkJobError).jobId).toMatch(/^750/);
    expect(failures).toEqual([error]);
    expect((await collect(job.unprocessedRecords())).map((r) => r.record)).toEqual([{ LastName: 'A', Nope__c: '1' }, { LastName: 'B', Nope__c: '2' }]);
  });

  it('a line ending that does not match the data fails the job', async () => {
    const job = sf.bulk2.ingest({ object: 'Lead', operation: 'insert', csv: 'LastName,Company\r\nA,B\r\n', lineEnding: 'LF', ...FAST });
    await expect(job.done()).rejects.toMatchObject({ errorMessage: 'ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF' });
  });

  it('an unknown object is a typed API error, and bad options are refused before anything is sent', async () => {
    const job = sf.bulk2.ingest({ object: 'Nothing__c', operation: 'insert', records: [{ Name: 'x' }], ...FAST });
    const error = await job.done().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, errorCode: 'INVALIDENTITY' });
    expect(job.jobs).toEqual([]);
    const sent = org.requests.length;
    expect(() => sf.bulk2.ingest({ object: 'Lead', operation: 'insert' })).toThrow(ValidationError);
    expect(() => sf.bulk2.ingest({ object: 'Lead', operation: 'upsert', records: [] })).toThrow(/externalIdFieldName/);
    expect(() => sf.bulk2.ingest({ object: 'Lead/../x', operation: 'insert', records: [] })).toThrow(ValidationError);
    expect(() => sf.bulk2.ingest({ object: 'Lead', operation: 'merge' as 'insert', records: [] })).toThrow(ValidationError);
    expect(() => sf.bulk2.ingest({ object: 'Lead', operation: 'insert', records: [], maxUploadBytes: 200_000_000 })).toThrow(ValidationError);
    await expect(sf.bulk2.ingest({ object: 'Lead', operation: 'insert', records: [{ Tags: ['a'] }] }).done()).rejects.toThrow(ValidationError);
    expect(org.requests.length).toBe(sent);
  });

  it('no records: no job', async () => {
    const result = await sf.bulk2.ingest({ object: 'Lead', operation: 'insert', records: [], ...FAST }).done();
    expect(result).toEqual({ state: 'JobComplete', jobs: [], recordsUploaded: 0, numberRecordsProcessed: 0, numberRecordsFailed: 0 });
  });
});

describe('sf.bulk2.query', () => {
  it('streams 10,500 records in pages through Sforce-Locator, one request per page', async () => {
    org.insert('Account', Array.from({ length: 10_500 }, (_, i) => ({ Name: `Paged ${String(i).padStart(5, '0')}`, NumberOfEmployees: i })));
    const stream = sf.bulk2.query("SELECT Id, Name, NumberOfEmployees, Website FROM Account WHERE Name LIKE 'Paged %'", { maxRecords: 2500, ...FAST });
    const pages: Array<{ size: number; count: number; locator: string | null }> = [];
    let total = 0;
    let first: Record<string, string | null> | undefined;
    for await (const page of stream.pages()) {
      pages.push({ size: page.records.length, count: page.numberOfRecords, locator: page.locator });
      total += page.records.length;
      first ??= page.records[0];
    }
    expect(total).toBe(10_500);
    expect(pages.map((p) => p.size)).toEqual([2500, 2500, 2500, 2500, 500]);
    expect(pages.map((p) => p.count)).toEqual([2500, 2500, 2500, 2500, 500]);
    expect(pages.at(-1)?.locator).toBeNull();
    const fetches = requestsTo(new RegExp(`/jobs/query/${stream.job?.id}/results$`), 'GET');
    expect(fetches.map((r) => r.query.locator)).toEqual([undefined, ...pages.slice(0, -1).map((p) => p.locator)]);
    expect(fetches.every((r) => r.query.maxRecords === '2500')).toBe(true);
    expect(first).toMatchObject({ Name: expect.stringMatching(/^Paged /), Website: null });
    expect(typeof first?.NumberOfEmployees).toBe('string');
    expect(stream.job?.state).toBe('JobComplete');
  });

  it('iterates records directly, queryAll includes deleted ones, and relationship columns are dotted', async () => {
    const [acct] = org.insert('Account', [{ Name: 'Rel Parent' }]);
    const [kept, gone] = org.insert('Contact', [{ LastName: 'Rel Kept', AccountId: acct }, { LastName: 'Rel Gone', AccountId: acct }]);
    await sf.sobject('Contact').delete(gone as string);
    const soql = "SELECT LastName, Account.Name, IsDeleted FROM Contact WHERE LastName LIKE 'Rel %' ORDER BY LastName";
    const live = [];
    for await (const row of sf.bulk2.query(soql, FAST)) live.push(row);
    expect(live).toEqual([{ LastName: 'Rel Kept', 'Account.Name': 'Rel Parent', IsDeleted: 'false' }]);
    const all = [];
    for await (const row of sf.bulk2.query(soql, { ...FAST, operation: 'queryAll' })) all.push(row);
    expect(all.map((r) => r.LastName)).toEqual(['Rel Gone', 'Rel Kept']);
    expect(kept).toBeDefined();
  });

  it('typed errors: bad SOQL, an unknown field, a query bulk does not take', async () => {
    await expect(collect(sf.bulk2.query('SELEKT Id FROM Account', FAST))).rejects.toBeInstanceOf(MalformedQueryError);
    await expect(collect(sf.bulk2.query('SELECT Nope__c FROM Account', FAST))).rejects.toBeInstanceOf(InvalidFieldError);
    const error = await collect(sf.bulk2.query('SELECT Id, (SELECT Id FROM Contacts) FROM Account', FAST)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkJobError);
    expect(error).toMatchObject({ reason: 'failed', errorMessage: 'FeatureNotEnabled : Aggregate Relationships not supported in Bulk Query' });
    const stream = sf.bulk2.query('SELECT Id FROM Account LIMIT 1', FAST);
    await collect(stream);
    await expect(collect(stream)).rejects.toThrow(/iterated once/);
    expect(() => sf.bulk2.query('SELECT Id FROM Account', { maxRecords: 0 })).toThrow(ValidationError);
  });
});

describe('CSV edge cases through the emulator', () => {
  it('commas, quotes, line breaks, tabs, spaces and unicode survive ingest and query unchanged', async () => {
    const values = [
      'plain',
      'comma, inside',
      'say "hello"',
      '"quoted at both ends"',
      'line\nbreak',
      'windows\r\nbreak',
      'tab\tand|pipe;semi^caret`back',
      '  padded  ',
      'Zürich — 東京 — 🚀 — عربى',
      '#hash, "quote", \n and all, at once',
    ];
    for (const columnDelimiter of ['COMMA', 'TAB', 'PIPE'] as const) {
      const tag = `Edge ${columnDelimiter}`;
      const records = values.map((Description, i) => ({ LastName: `${tag} ${i}`, Company: Description, Description }));
      const job = sf.bulk2.ingest({ object: 'Lead', operation: 'insert', records, columnDelimiter, lineEnding: 'CRLF', ...FAST });
      expect((await job.done()).numberRecordsFailed).toBe(0);
      const saved = await collect(job.successfulResults());
      expect(saved.map((r) => r.record.Description)).toEqual(values);
      const stored = org.records('Lead').filter((r) => String(r.LastName).startsWith(tag));
      expect(stored.map((r) => r.Description).sort()).toEqual([...values].sort());
      const rows = await collect(sf.bulk2.query(`SELECT LastName, Company, Description FROM Lead WHERE LastName LIKE '${tag} %'`, { ...FAST, columnDelimiter }));
      expect(rows.map((r) => r.Description).sort()).toEqual([...values].sort());
      expect(rows.every((r) => r.Company === r.Description)).toBe(true);
    }
  });
});
