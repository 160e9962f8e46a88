import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../../src/emulator/index.js';
import { accessToken, rest, startOrg, V } from './helpers.js';

const base = `/services/data/v${V}`;
let org: SalesforceEmulator;
let token: string;
beforeAll(async () => {
  org = await startOrg();
  token = accessToken(org);
});
afterAll(() => org.close());

const accounts = (name: string) => org.records('Account').filter((r) => r.Name === name);

describe('POST /composite', () => {
  it('runs sub-requests in order with @{ref.path} references, counted as one call', async () => {
    const used = org.apiUsage.used;
    const res = await rest(org, token, 'POST', '/composite', {
      compositeRequest: [
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'acct', body: { Name: 'Composite Co' } },
        { method: 'POST', url: `${base}/sobjects/Contact`, referenceId: 'person', body: { LastName: 'Ref', AccountId: '@{acct.id}' } },
        { method: 'GET', url: `${base}/query/?q=SELECT+Id,+Name+FROM+Account+WHERE+Id+=+'@{acct.id}'`, referenceId: 'found' },
        { method: 'PATCH', url: `${base}/sobjects/Account/@{found.records[0].Id}`, referenceId: 'rename', body: { Description: 'was @{found.records[0].Name}' } },
      ],
    });
    expect(res.status).toBe(200);
    const [acct, person, found, rename] = res.body.compositeResponse;
    expect(acct).toMatchObject({ httpStatusCode: 201, referenceId: 'acct', body: { success: true, errors: [] } });
    expect(acct.httpHeaders.Location).toBe(`${base}/sobjects/Account/${acct.body.id}`);
    expect(person.httpStatusCode).toBe(201);
    expect(org.records('Contact').find((c) => c.Id === person.body.id)?.AccountId).toBe(acct.body.id);
    expect(found.body.records[0].Name).toBe('Composite Co');
    expect(rename).toMatchObject({ httpStatusCode: 204, body: null, httpHeaders: {} });
    expect(accounts('Composite Co')[0]?.Description).toBe('was Composite Co');
    expect(org.apiUsage.used).toBe(used + 1);
  });

  it('allOrNone: a failure rolls back creates, updates and deletes; the others answer PROCESSING_HALTED', async () => {
    const [keep, gone] = org.insert('Account', [{ Name: 'Before Update' }, { Name: 'Before Delete' }]);
    const res = await rest(org, token, 'POST', '/composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'created', body: { Name: 'Rolled Back Co' } },
        { method: 'PATCH', url: `${base}/sobjects/Account/${keep}`, referenceId: 'changed', body: { Name: 'After Update' } },
        { method: 'DELETE', url: `${base}/sobjects/Account/${gone}`, referenceId: 'deleted' },
        { method: 'POST', url: `${base}/sobjects/Contact`, referenceId: 'bad', body: { FirstName: 'No last name' } },
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'never', body: { Name: 'Never Run Co' } },
      ],
    });
    const items = res.body.compositeResponse;
    const halted = [{ errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' }];
    for (const i of [0, 1, 2, 4]) expect(items[i]).toMatchObject({ httpStatusCode: 400, body: halted });
    expect(items[3]).toMatchObject({ httpStatusCode: 400, referenceId: 'bad', body: [{ errorCode: 'REQUIRED_FIELD_MISSING' }] });
    expect(accounts('Rolled Back Co')).toEqual([]);
    expect(accounts('Never Run Co')).toEqual([]);
    expect(org.records('Account').find((r) => r.Id === keep)?.Name).toBe('Before Update');
    expect(org.records('Account').find((r) => r.Id === gone)?.IsDeleted).toBe(false);
    const read = await rest(org, token, 'GET', `/sobjects/Account/${gone}`);
    expect(read.status).toBe(200);
  });

  it('without allOrNone, dependants of a failed sub-request fail with an invalid reference and the rest go on', async () => {
    const res = await rest(org, token, 'POST', '/composite', {
      compositeRequest: [
        { method: 'POST', url: `${base}/sobjects/Contact`, referenceId: 'bad', body: {} },
        { method: 'GET', url: `${base}/sobjects/Contact/@{bad.id}`, referenceId: 'dependant' },
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'fine', body: { Name: 'Independent Co' } },
        { method: 'GET', url: `${base}/sobjects/Account/@{fine.nope}`, referenceId: 'missingPath' },
      ],
    });
    const [bad, dependant, fine, missingPath] = res.body.compositeResponse;
    expect(bad.httpStatusCode).toBe(400);
    expect(dependant).toEqual({
      body: [{ errorCode: 'PROCESSING_HALTED', message: 'Invalid reference specified. No value for bad.id found in bad' }],
      httpHeaders: {}, httpStatusCode: 400, referenceId: 'dependant',
    });
    expect(fine.httpStatusCode).toBe(201);
    expect(accounts('Independent Co')).toHaveLength(1);
    expect(missingPath.body[0].message).toBe('Invalid reference specified. No value for fine.nope found in fine');
  });

  it('allOrNone applies to an sObject Collections sub-request and rolls everything back', async () => {
    const res = await rest(org, token, 'POST', '/composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${base}/composite/sobjects`, referenceId: 'many', body: { allOrNone: false, records: [
          { attributes: { type: 'Account' }, Name: 'Inner Ok' },
          { attributes: { type: 'Account' } },
        ] } },
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'after', body: { Name: 'Inner After' } },
      ],
    });
    const [many, after] = res.body.compositeResponse;
    expect(many.httpStatusCode).toBe(200);
    expect(many.body[0].errors[0].statusCode).toBe('ALL_OR_NONE_OPERATION_ROLLED_BACK');
    expect(many.body[1].errors[0].statusCode).toBe('REQUIRED_FIELD_MISSING');
    expect(after.body[0].errorCode).toBe('PROCESSING_HALTED');
    expect(accounts('Inner Ok')).toEqual([]);
    expect(accounts('Inner After')).toEqual([]);
  });

  it('answers one LIMIT_EXCEEDED item for more than 25 sub-requests, 400 for malformed bodies, and refuses nesting', async () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ method: 'GET', url: `${base}/limits`, referenceId: `r${i}` }));
    const over = await rest(org, token, 'POST', '/composite', { compositeRequest: many });
    expect(over.status).toBe(200);
    expect(over.body.compositeResponse).toEqual([{
      body: [{ errorCode: 'LIMIT_EXCEEDED', message: 'The request can’t contain more than 25 operations.' }],
      httpHeaders: {}, httpStatusCode: 400, referenceId: null,
    }]);
    expect((await rest(org, token, 'POST', '/composite', { allOrNone: 'yes', compositeRequest: [] })).status).toBe(400);
    expect((await rest(org, token, 'POST', '/composite', {})).body[0].errorCode).toBe('JSON_PARSER_ERROR');
    const dup = await rest(org, token, 'POST', '/composite', { compositeRequest: [
      { method: 'GET', url: `${base}/limits`, referenceId: 'a' }, { method: 'GET', url: `${base}/limits`, referenceId: 'a' },
    ] });
    expect(dup.status).toBe(400);
    const nested = await rest(org, token, 'POST', '/composite', { compositeRequest: [
      { method: 'POST', url: `${base}/composite`, referenceId: 'inner', body: { compositeRequest: [] } },
    ] });
    expect(nested.body.compositeResponse[0]).toMatchObject({ httpStatusCode: 400, body: [{ errorCode: 'INVALID_API_INPUT' }] });
  });
});

describe('POST /composite/batch', () => {
  it('runs independent sub-requests and reports each status', async () => {
    const [id] = org.insert('Account', [{ Name: 'Batch Target' }]);
    const res = await rest(org, token, 'POST', '/composite/batch', {
      batchRequests: [
        { method: 'PATCH', url: `v${V}/sobjects/Account/${id}`, richInput: { Name: 'Batch Renamed' } },
        { method: 'GET', url: `v${V}/sobjects/Account/${id}?fields=Name` },
        { method: 'GET', url: `${base}/sobjects/Account/001000000000000AAA` },
        { method: 'GET', url: `v${V}/limits` },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.hasErrors).toBe(true);
    const [patch, get, missing, limits] = res.body.results;
    expect(patch).toEqual({ statusCode: 204, result: null });
    expect(get.result.Name).toBe('Batch Renamed');
    expect(missing.statusCode).toBe(404);
    expect(limits.statusCode).toBe(200);
  });

  it('haltOnError: the sub-requests after a failure answer 412 BATCH_PROCESSING_HALTED', async () => {
    const res = await rest(org, token, 'POST', '/composite/batch', {
      haltOnError: true,
      batchRequests: [
        { method: 'POST', url: `v${V}/sobjects/Account`, richInput: {} },
        { method: 'POST', url: `v${V}/sobjects/Account`, richInput: { Name: 'Halted Co' } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results[0].statusCode).toBe(400);
    expect(res.body.results[1]).toEqual({ statusCode: 412, result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }] });
    expect(accounts('Halted Co')).toEqual([]);
  });

  it('refuses more than 25 sub-requests and malformed bodies', async () => {
    const many = Array.from({ length: 26 }, () => ({ method: 'GET', url: `v${V}/limits` }));
    const over = await rest(org, token, 'POST', '/composite/batch', { batchRequests: many });
    expect(over.status).toBe(400);
    expect(over.body[0].errorCode).toBe('LIMIT_EXCEEDED');
    expect((await rest(org, token, 'POST', '/composite/batch', { batchRequests: [{ url: 'x' }] })).status).toBe(400);
  });
});

describe('POST /composite/tree/X', () => {
  it('inserts nested records and answers every referenceId with its new ID', async () => {
    const res = await rest(org, token, 'POST', '/composite/tree/Account', {
      records: [{
        attributes: { type: 'Account', referenceId: 'parent' },
        Name: 'Tree Co',
        Contacts: { records: [
          { attributes: { type: 'Contact', referenceId: 'kid1' }, LastName: 'One' },
          { attributes: { type: 'Contact', referenceId: 'kid2' }, LastName: 'Two' },
        ] },
      }, { attributes: { type: 'Account', referenceId: 'sibling' }, Name: 'Tree Sibling' }],
    });
    expect(res.status).toBe(201);
    expect(res.body.hasErrors).toBe(false);
    expect(res.body.results.map((r: { referenceId: string }) => r.referenceId)).toEqual(['parent', 'kid1', 'kid2', 'sibling']);
    const parentId = res.body.results[0].id;
    const kids = org.records('Contact').filter((c) => c.AccountId === parentId);
    expect(kids.map((k) => k.LastName).sort()).toEqual(['One', 'Two']);
  });

  it('is all or nothing and lists only the failing referenceIds', async () => {
    const res = await rest(org, token, 'POST', '/composite/tree/Account', {
      records: [{
        attributes: { type: 'Account', referenceId: 'ok' },
        Name: 'Tree Rollback',
        Contacts: { records: [{ attributes: { type: 'Contact', referenceId: 'broken' }, FirstName: 'No last name' }] },
      }],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      hasErrors: true,
      results: [{ referenceId: 'broken', errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }] }],
    });
    expect(accounts('Tree Rollback')).toEqual([]);
  });

  it('reports duplicate referenceIds once per occurrence, and refuses more than 200 records', async () => {
    const dup = await rest(org, token, 'POST', '/composite/tree/Account', { records: [
      { attributes: { type: 'Account', referenceId: 'same' }, Name: 'Dup 1' },
      { attributes: { type: 'Account', referenceId: 'same' }, Name: 'Dup 2' },
    ] });
    expect(dup.status).toBe(400);
    expect(dup.body.results.map((r: { referenceId: string }) => r.referenceId)).toEqual(['same', 'same']);
    const records = Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Account', referenceId: `r${i}` }, Name: `N${i}` }));
    const over = await rest(org, token, 'POST', '/composite/tree/Account', { records });
    expect(over.status).toBe(400);
    expect(over.body[0].errorCode).toBe('EXCEEDED_ID_LIMIT');
    expect((await rest(org, token, 'POST', '/composite/tree/Nope__c', { records: [] })).status).toBe(404);
  });
});
