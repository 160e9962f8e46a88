import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceClient } from '../../../src/client.js';
import { ApiError, ValidationError } from '../../../src/core/errors.js';
import { ref, subrequest } from '../../../src/rest/subrequest.js';
import { connect, startOrg, type Org } from '../helpers.js';

let org: Org;
let sf: SalesforceClient;
beforeAll(async () => {
  org = await startOrg();
  ({ sf } = await connect(org));
});
afterAll(() => org.close());

const accounts = (name: string) => org.records('Account').filter((r) => r.Name === name);

describe('sf.composite', () => {
  it('chains sub-requests through references and types each answer', async () => {
    const [acct, person, found] = await sf.composite([
      subrequest.create('acct', 'Account', { Name: 'Client Composite' }),
      subrequest.create('person', 'Contact', { LastName: 'Ng', AccountId: ref('acct', 'id') }),
      subrequest.query<{ Id: string; Name: string }>('found', `SELECT Id, Name FROM Account WHERE Id = '${ref('acct', 'id')}'`),
    ]);
    expect(acct.ok && acct.body.success).toBe(true);
    expect(acct.httpHeaders.Location).toMatch(/\/sobjects\/Account\/001/);
    if (!acct.ok || !person.ok || !found.ok) throw new Error('expected success');
    expect(org.records('Contact').find((c) => c.Id === person.body.id)?.AccountId).toBe(acct.body.id);
    expect(found.body.records[0]?.Name).toBe('Client Composite');
    const sent = org.requests.filter((r) => r.path.endsWith('/composite')).at(-1);
    expect(JSON.parse(sent?.body ?? '{}').compositeRequest[0].url).toBe('/services/data/v62.0/sobjects/Account/');
  });

  it('allOrNone: a failure rolls everything back and the others answer PROCESSING_HALTED', async () => {
    const [first, second] = await sf.composite([
      subrequest.create('ok', 'Account', { Name: 'Client Rolled Back' }),
      subrequest.create('bad', 'Contact', { FirstName: 'missing last name' }),
    ], { allOrNone: true, collateSubrequests: false });
    expect(first.ok).toBe(false);
    if (first.ok || second.ok) throw new Error('expected failures');
    expect(first.body[0]?.errorCode).toBe('PROCESSING_HALTED');
    expect(second.body[0]?.errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(accounts('Client Rolled Back')).toEqual([]);
  });

  it('checks the 25-sub-request limit, reference IDs and URLs before sending', async () => {
    const before = org.requests.length;
    const many = Array.from({ length: 26 }, (_, i) => subrequest.request(`r${i}`, { method: 'GET', url: '/limits/' }));
    await expect(sf.composite(many)).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.composite([])).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.composite([{ method: 'GET', url: '/limits/', referenceId: 'a' }, { method: 'GET', url: '/limits/', referenceId: 'a' }])).rejects.toThrow(/duplicate/);
    await expect(sf.composite([{ method: 'GET', url: '/sobjects/../limits', referenceId: 'a' }])).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.composite([{ method: 'GET', url: '/limits#x', referenceId: 'a' }])).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.composite([{ method: 'GET', url: '/limits/', referenceId: 'a' }], { allOrNone: 'yes' as never })).rejects.toBeInstanceOf(ValidationError);
    expect(() => subrequest.create('bad id!', 'Account', {})).toThrow(ValidationError);
    expect(() => subrequest.retrieve('a', 'Account', '../limits')).toThrow(ValidationError);
    expect(() => subrequest.create('a', 'Account/..', {})).toThrow(ValidationError);
    expect(() => ref('a', 'id}')).toThrow(ValidationError);
    expect(org.requests.length).toBe(before);
  });

  it('retries a read-only composite on a 503, never one that writes', async () => {
    org.faults.inject({ path: '/composite', method: 'POST', status: 503, times: 1 });
    const [limits] = await sf.composite([subrequest.request('limits', { method: 'GET', url: '/limits/' })]);
    expect(limits.ok).toBe(true);
    org.faults.inject({ path: '/composite', method: 'POST', status: 503, times: 1 });
    const failed = await sf.composite([subrequest.create('w', 'Account', { Name: 'Not Retried' })]).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ApiError);
    expect((failed as ApiError).status).toBe(503);
    expect(accounts('Not Retried')).toEqual([]);
  });
});

describe('sf.batch', () => {
  it('runs independent sub-requests; haltOnError gives 412 BATCH_PROCESSING_HALTED after a failure', async () => {
    const [id] = org.insert('Account', [{ Name: 'Batch Client' }]);
    const plain = await sf.batch([
      subrequest.retrieve<{ Name: string }>('r', 'Account', id as string, { fields: ['Name'] }),
      { method: 'GET', url: '/limits/' },
    ]);
    expect(plain.hasErrors).toBe(false);
    const [row] = plain.results;
    if (!row.ok) throw new Error('expected success');
    expect(row.result.Name).toBe('Batch Client');
    const sent = JSON.parse(org.requests.filter((r) => r.path.endsWith('/composite/batch')).at(-1)?.body ?? '{}');
    expect(sent.batchRequests[0].url).toBe(`v62.0/sobjects/Account/${id}?fields=Name`);
    const halted = await sf.batch([
      subrequest.create('x', 'Account', {}),
      subrequest.create('y', 'Account', { Name: 'Batch Halted' }),
    ], { haltOnError: true });
    expect(halted.hasErrors).toBe(true);
    const [bad, skipped] = halted.results;
    expect(bad.statusCode).toBe(400);
    expect(skipped.statusCode).toBe(412);
    if (skipped.ok) throw new Error('expected a failure');
    expect(skipped.result[0]?.errorCode).toBe('BATCH_PROCESSING_HALTED');
    expect(accounts('Batch Halted')).toEqual([]);
  });

  it('refuses more than 25 sub-requests before sending', async () => {
    const many = Array.from({ length: 26 }, () => ({ method: 'GET' as const, url: '/limits/' }));
    await expect(sf.batch(many)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('sf.tree', () => {
  it('inserts nested records and returns their IDs by reference', async () => {
    const result = await sf.tree('Account', [{
      attributes: { type: 'Account', referenceId: 'acme' },
      Name: 'Tree Client',
      Contacts: { records: [{ attributes: { type: 'Contact', referenceId: 'ng' }, LastName: 'Ng' }] },
    }]);
    expect(result.hasErrors).toBe(false);
    if (result.hasErrors) return;
    expect(result.results.map((r) => r.referenceId)).toEqual(['acme', 'ng']);
    expect(org.records('Contact').find((c) => c.Id === result.results[1]?.id)?.AccountId).toBe(result.results[0]?.id);
  });

  it('answers a failed tree as a result listing only the failing records, nothing saved', async () => {
    const result = await sf.tree('Account', [
      { attributes: { type: 'Account', referenceId: 'fine' }, Name: 'Tree Client Rollback' },
      { attributes: { type: 'Account', referenceId: 'broken' } },
    ]);
    expect(result).toEqual({
      hasErrors: true,
      results: [{ referenceId: 'broken', errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }] }],
    });
    expect(accounts('Tree Client Rollback')).toEqual([]);
  });

  it('checks size, reference IDs and types before sending', async () => {
    const before = org.requests.length;
    const many = Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Account', referenceId: `r${i}` }, Name: 'x' }));
    await expect(sf.tree('Account', many)).rejects.toThrow(/at most 200/);
    const nested = [{ attributes: { type: 'Account', referenceId: 'p' }, Contacts: { records: Array.from({ length: 200 }, (_, i) => ({ attributes: { type: 'Contact', referenceId: `c${i}` } })) } }];
    await expect(sf.tree('Account', nested)).rejects.toThrow(/at most 200/);
    const dup = [{ attributes: { type: 'Account', referenceId: 'a' } }, { attributes: { type: 'Account', referenceId: 'a' } }];
    await expect(sf.tree('Account', dup)).rejects.toThrow(/duplicate/);
    await expect(sf.tree('Account', [{ attributes: { type: 'Contact', referenceId: 'c' } }])).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.tree('Account', [{ Name: 'x' } as never])).rejects.toBeInstanceOf(ValidationError);
    expect(org.requests.length).toBe(before);
  });
});
