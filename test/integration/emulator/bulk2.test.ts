import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../../src/emulator/index.js';
import { accessToken, rest, startOrg, V } from './helpers.js';

let org: SalesforceEmulator;
let token: string;
beforeAll(async () => {
  org = await startOrg();
  token = accessToken(org);
});
afterAll(() => org.close());

/** A request whose answer is read as text (result files are CSV). */
async function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}, version = V) {
  const res = await fetch(`${org.instanceUrl}/services/data/v${version}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...headers },
    ...(body === undefined ? {} : { body }),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}


async function finished(kind: 'ingest' | 'query', id: string, version = V) {
  for (;;) {
    const res = await raw('GET', `/jobs/${kind}/${id}`, undefined, {}, version);
    const info = JSON.parse(res.text);
    if (['JobComplete', 'Failed', 'Aborted'].includes(info.state)) return info;
    await sleep(5);
  }
}

/** Creates an ingest job, uploads `data`, closes it and waits for the end. */
async function ingest(job: Record<string, unknown>, data: string, version = V) {
  const created = await raw('POST', '/jobs/ingest', JSON.stringify(job), { 'content-type': 'application/json' }, version);
  const id = JSON.parse(created.text).id as string;
  expect((await raw('PUT', `/jobs/ingest/${id}/batches`, data, { 'content-type': 'text/csv' }, version)).status).toBe(201);
  await raw('PATCH', `/jobs/ingest/${id}`, JSON.stringify({ state: 'UploadComplete' }), { 'content-type': 'application/json' }, version);
  return { id, info: await finished('ingest', id, version) };
}

describe('Bulk API 2.0 ingest jobs', () => {
  it('walks Open → UploadComplete → InProgress → JobComplete, with Salesforce’s job info and result files', async () => {
    const created = await rest(org, token, 'POST', '/jobs/ingest', { object: 'account', operation: 'insert', lineEnding: 'LF' });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      operation: 'insert', object: 'Account', createdById: org.userId, state: 'Open', concurrencyMode: 'Parallel',
      contentType: 'CSV', apiVersion: 62, contentUrl: `services/data/v62.0/jobs/ingest/${id}/batches`, lineEnding: 'LF', columnDelimiter: 'COMMA',
    });
    expect(id).toMatch(/^750[A-Za-z0-9]{15}$/);
    expect(created.body.createdDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);

    const data = 'Name,NumberOfEmployees\nBulk One,10\n"Bulk, Two",\n,5\nBulk Four,many\n';
    expect((await raw('PUT', `/jobs/ingest/${id}/batches`, data, { 'content-type': 'text/csv' })).status).toBe(201);
    const second = await raw('PUT', `/jobs/ingest/${id}/batches`, data, { 'content-type': 'text/csv' });
    expect(second.status).toBe(400);
    expect(JSON.parse(second.text)[0].errorCode).toBe('INVALIDJOBSTATE');

    const closed = await rest(org, token, 'PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
    expect(closed.body.state).toBe('UploadComplete');
    expect(closed.body.contentUrl).toBeUndefined();
    const early = await raw('GET', `/jobs/ingest/${id}/successfulResults/`);
    expect(early.status).toBe(412);
    expect(JSON.parse(early.text)[0].errorCode).toBe('JOB_NOT_COMPLETE');

    const info = await finished('ingest', id);
    expect(info).toMatchObject({
      id, state: 'JobComplete', jobType: 'V2Ingest', numberRecordsProcessed: 4, numberRecordsFailed: 2, retries: 0,
    });
    expect(typeof info.totalProcessingTime).toBe('number');

    const ok = await raw('GET', `/jobs/ingest/${id}/successfulResults/`);
    expect(ok.headers.get('content-type')).toMatch(/^text\/csv/);
    const okLines = ok.text.split('\n');
    expect(okLines[0]).toBe('"sf__Id","sf__Created","Name","NumberOfEmployees"');
    expect(okLines[1]).toMatch(/^"001[A-Za-z0-9]{15}","true","Bulk One","10"$/);
    expect(okLines[2]).toMatch(/^"001[A-Za-z0-9]{15}","true","Bulk, Two",""$/);
    expect(okLines).toHaveLength(4);
    const failed = await raw('GET', `/jobs/ingest/${id}/failedResults/`);
    expect(failed.text).toBe([
      '"sf__Id","sf__Error","Name","NumberOfEmployees"',
      '"","REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --","","5"',
      '"","INVALID_TYPE_ON_FIELD_IN_RECORD:Employees: value not of required type: many:NumberOfEmployees --","Bulk Four","many"',
      '',
    ].join('\n'));
    expect((await raw('GET', `/jobs/ingest/${id}/unprocessedrecords/`)).text).toBe('"Name","NumberOfEmployees"\n');
    expect(org.records('Account').find((r) => r.Name === 'Bulk, Two')?.NumberOfEmployees ?? null).toBeNull();
  });

  it('lists jobs, deletes finished ones, refuses bad transitions', async () => {
    const { id } = await ingest({ object: 'Lead', operation: 'insert' }, 'LastName,Company\nList,Co\n');
    const listed = await rest(org, token, 'GET', '/jobs/ingest');
    expect(listed.body).toMatchObject({ done: true, nextRecordsUrl: null });
    expect(listed.body.records.find((j: { id: string }) => j.id === id)).toMatchObject({ jobType: 'V2Ingest', state: 'JobComplete' });
    expect((await rest(org, token, 'PATCH', `/jobs/ingest/${id}`, { state: 'Aborted' })).body[0].errorCode).toBe('INVALIDJOBSTATE');
    expect((await rest(org, token, 'PATCH', `/jobs/ingest/${id}`, { state: 'Closed' })).body[0].errorCode).toBe('INVALIDJOB');
    const open = (await rest(org, token, 'POST', '/jobs/ingest', { object: 'Lead', operation: 'insert' })).body.id;
    expect((await rest(org, token, 'DELETE', `/jobs/ingest/${open}`)).body[0].errorCode).toBe('INVALIDJOBSTATE');
    expect((await rest(org, token, 'DELETE', `/jobs/ingest/${id}`)).status).toBe(204);
    expect((await rest(org, token, 'GET', `/jobs/ingest/${id}`)).status).toBe(404);
    expect((await rest(org, token, 'GET', '/jobs/ingest/750000000000000AAA')).body[0].errorCode).toBe('NOT_FOUND');
    expect((await rest(org, token, 'GET', `/jobs/query/${open}`)).status).toBe(404);
  });

  it('refuses bad job definitions', async () => {
    const create = (body: unknown) => rest(org, token, 'POST', '/jobs/ingest', body);
    expect((await create({ object: 'Nope__c', operation: 'insert' })).body[0]).toEqual({
      errorCode: 'INVALIDENTITY', message: "InvalidEntity : Entity 'Nope__c' is not supported by the Bulk API.",
    });
    expect((await create({ object: 'Lead', operation: 'merge' })).body[0].errorCode).toBe('INVALIDJOB');
    expect((await create({ object: 'Lead', operation: 'upsert' })).body[0].errorCode).toBe('INVALIDJOB');
    expect((await create({ object: 'Lead', operation: 'upsert', externalIdFieldName: 'LastName' })).body[0].errorCode).toBe('INVALIDJOB');
    expect((await create({ object: 'Lead', operation: 'insert', columnDelimiter: 'COLON' })).body[0].errorCode).toBe('INVALIDJOB');
    expect((await create({ object: 'Lead', operation: 'insert', contentType: 'JSON' })).body[0].message).toMatch(/only content type supported is CSV/);
    expect((await create([1])).body[0].errorCode).toBe('JSON_PARSER_ERROR');
  });

  it('fails a job for an unknown column, a line-ending mismatch, malformed CSV or no data', async () => {
    const unknown = await ingest({ object: 'Lead', operation: 'insert' }, 'LastName,Company,Bogus\nA,B,C\n');
    expect(unknown.info).toMatchObject({ state: 'Failed', errorMessage: 'InvalidBatch : Field name not found : Bogus', numberRecordsProcessed: 0 });
    expect((await raw('GET', `/jobs/ingest/${unknown.id}/unprocessedrecords/`)).text).toBe('"LastName","Company","Bogus"\n"A","B","C"\n');
    const crlf = await ingest({ object: 'Lead', operation: 'insert', lineEnding: 'CRLF' }, 'LastName,Company\nA,B\n');
    expect(crlf.info.errorMessage).toBe('ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is CRLF');
    const broken = await ingest({ object: 'Lead', operation: 'insert' }, 'LastName,Company\nFine,Co\n"Open,Co\n');
    expect(broken.info).toMatchObject({ state: 'Failed', numberRecordsProcessed: 1 });
    expect(broken.info.errorMessage).toMatch(/^ClientInputError : CSV line 3: a quoted field is never closed/);
    const created = await rest(org, token, 'POST', '/jobs/ingest', { object: 'Lead', operation: 'insert' });
    await rest(org, token, 'PATCH', `/jobs/ingest/${created.body.id}`, { state: 'UploadComplete' });
    expect((await finished('ingest', created.body.id)).errorMessage).toBe('ClientInputError : No data was uploaded for this job');
  });

  it('update: empty leaves a field, #N/A clears it; other delimiters and CRLF; no sf__Id in failures before v53', async () => {
    const [id] = org.insert('Contact', [{ LastName: 'Semi', Title: 'Keep', Department: 'Clear' }]);
    const { info } = await ingest({ object: 'Contact', operation: 'update', columnDelimiter: 'SEMICOLON', lineEnding: 'CRLF' },
      `Id;Title;Department;LastName\r\n${id};;#N/A;"Semi; Colon"\r\n001000000000000AAA;;;x\r\n`);
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 2, numberRecordsFailed: 1 });
    expect(org.records('Contact').find((r) => r.Id === id)).toMatchObject({ Title: 'Keep', Department: null, LastName: 'Semi; Colon' });
    const failed = await raw('GET', `/jobs/ingest/${info.id}/failedResults/`);
    expect(failed.text).toBe('"sf__Id";"sf__Error";"Id";"Title";"Department";"LastName"\r\n'
      + '"001000000000000AAA";"MALFORMED_ID:Contact ID: id value of incorrect type: 001000000000000AAA:Id --";"001000000000000AAA";"";"";"x"\r\n');
    const old = await ingest({ object: 'Lead', operation: 'insert' }, 'LastName\nNo Company\n', '52.0');
    expect((await raw('GET', `/jobs/ingest/${old.id}/failedResults/`, undefined, {}, '52.0')).text.split('\n')[0]).toBe('"sf__Error","LastName"');
  });

  it('upsert: duplicate keys in one upload fail both rows; hardDelete removes for good; an aborted queued job leaves rows unprocessed', async () => {
    const { id, info } = await ingest({ object: 'Lead', operation: 'upsert', externalIdFieldName: 'external_id__c' },
      'External_Id__c,LastName,Company\nDUP,A,Co\ndup,B,Co\nONE,C,Co\n,D,Co\n');
    expect(info).toMatchObject({ externalIdFieldName: 'External_Id__c', numberRecordsProcessed: 4, numberRecordsFailed: 3 });
    const failed = (await raw('GET', `/jobs/ingest/${id}/failedResults/`)).text;
    expect(failed).toContain('DUPLICATE_EXTERNAL_ID:Duplicate external id specified: DUP:External_Id__c --');
    expect(failed).toContain('MISSING_ARGUMENT:External_Id__c not specified:External_Id__c --');
    const lead = org.records('Lead').find((r) => r.External_Id__c === 'ONE') as { Id: string };
    await ingest({ object: 'Lead', operation: 'hardDelete' }, `Id\n${lead.Id}\n`);
    expect(org.records('Lead', { includeDeleted: true }).some((r) => r.Id === lead.Id)).toBe(false);

    const queued = (await rest(org, token, 'POST', '/jobs/ingest', { object: 'Lead', operation: 'insert' })).body.id;
    await raw('PUT', `/jobs/ingest/${queued}/batches`, 'LastName,Company\nQ1,Co\nQ2,Co\n', { 'content-type': 'text/csv' });
    expect((await rest(org, token, 'PATCH', `/jobs/ingest/${queued}`, { state: 'Aborted' })).body.state).toBe('Aborted');
    expect((await raw('GET', `/jobs/ingest/${queued}/unprocessedrecords/`)).text).toBe('"LastName","Company"\n"Q1","Co"\n"Q2","Co"\n');
    expect(org.records('Lead').some((r) => r.LastName === 'Q1')).toBe(false);
  });
});

describe('Bulk API 2.0 query jobs', () => {
  it('pages results with maxRecords and Sforce-Locator, null after the last page; 412 before completion', async () => {
    org.insert('Opportunity', Array.from({ length: 2500 }, (_, i) => ({
      Name: `Q ${String(i).padStart(4, '0')}`, StageName: 'Prospecting', CloseDate: '2024-06-30', Amount: i + 0.5,
    })));
    const created = await rest(org, token, 'POST', '/jobs/query', { operation: 'query', query: "SELECT Name, Amount, IsClosed, CloseDate, CreatedDate, Account.Name FROM Opportunity WHERE Name LIKE 'Q %' ORDER BY Name" });
    expect(created.body).toMatchObject({ operation: 'query', object: 'Opportunity', state: 'UploadComplete', contentType: 'CSV', lineEnding: 'LF', columnDelimiter: 'COMMA' });
    const early = await raw('GET', `/jobs/query/${created.body.id}/results`);
    expect(early.status).toBe(412);
    expect(JSON.parse(early.text)).toEqual([{ errorCode: 'JOB_NOT_COMPLETE', message: expect.stringMatching(/^can only download query results of successfully completed bulk job with status: JOB_COMPLETE\. Current status: (UPLOAD_COMPLETE|IN_PROGRESS)$/) }]);
    const info = await finished('query', created.body.id);
    expect(info).toMatchObject({ state: 'JobComplete', jobType: 'V2Query', numberRecordsProcessed: 2500 });

    const first = await raw('GET', `/jobs/query/${created.body.id}/results?maxRecords=1000`);
    expect(first.headers.get('sforce-numberofrecords')).toBe('1000');
    expect(first.headers.get('sforce-locator')).toBe('MTAwMA');
    const lines = first.text.split('\n');
    expect(lines[0]).toBe('"Name","Amount","IsClosed","CloseDate","CreatedDate","Account.Name"');
    expect(lines[1]).toMatch(/^"Q 0000","0.5","false","2024-06-30","\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z",""$/);
    expect(lines).toHaveLength(1002);
    const second = await raw('GET', `/jobs/query/${created.body.id}/results?maxRecords=1000&locator=MTAwMA`);
    expect(second.text.split('\n')[1]).toMatch(/^"Q 1000"/);
    const last = await raw('GET', `/jobs/query/${created.body.id}/results?maxRecords=1000&locator=${second.headers.get('sforce-locator')}`);
    expect(last.headers.get('sforce-locator')).toBe('null');
    expect(last.headers.get('sforce-numberofrecords')).toBe('500');
    const whole = await raw('GET', `/jobs/query/${created.body.id}/results`);
    expect(whole.headers.get('sforce-numberofrecords')).toBe('2500');
    expect((await raw('GET', `/jobs/query/${created.body.id}/results?locator=bogus!`)).status).toBe(400);
    expect((await raw('GET', `/jobs/query/${created.body.id}/results?maxRecords=0`)).status).toBe(400);
  });

  it('refuses bad SOQL at creation, fails what bulk queries do not take, aborts and deletes', async () => {
    const bad = await rest(org, token, 'POST', '/jobs/query', { operation: 'query', query: 'SELECT Id FROM Nope' });
    expect(bad.status).toBe(400);
    expect(bad.body[0].errorCode).toBe('INVALID_TYPE');
    expect((await rest(org, token, 'POST', '/jobs/query', { operation: 'query' })).body[0].errorCode).toBe('MALFORMED_QUERY');
    expect((await rest(org, token, 'POST', '/jobs/query', { operation: 'select', query: 'SELECT Id FROM Lead' })).body[0].errorCode).toBe('INVALIDJOB');
    for (const [query, message] of [
      ['SELECT COUNT() FROM Lead', 'FeatureNotEnabled : Aggregate queries are not supported by Bulk API 2.0'],
      ['SELECT FIELDS(ALL) FROM Lead LIMIT 10', 'FeatureNotEnabled : FIELDS() is not supported by Bulk API 2.0'],
    ] as const) {
      const job = await rest(org, token, 'POST', '/jobs/query', { operation: 'query', query });
      expect(await finished('query', job.body.id)).toMatchObject({ state: 'Failed', errorMessage: message });
    }
    const job = await rest(org, token, 'POST', '/jobs/query', { operation: 'queryAll', query: 'SELECT Id FROM Lead' });
    const aborted = await rest(org, token, 'PATCH', `/jobs/query/${job.body.id}`, { state: 'Aborted' });
    expect(aborted.body.state).toBe('Aborted');
    expect((await raw('GET', `/jobs/query/${job.body.id}/results`)).status).toBe(412);
    expect((await rest(org, token, 'GET', '/jobs/query')).body.records.some((j: { id: string }) => j.id === job.body.id)).toBe(true);
    expect((await rest(org, token, 'DELETE', `/jobs/query/${job.body.id}`)).status).toBe(204);
    expect((await rest(org, token, 'GET', `/jobs/query/${job.body.id}`)).status).toBe(404);
  });
});
