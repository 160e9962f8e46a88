import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../../src/emulator/index.js';
import { accessToken, rest, startOrg, V } from './helpers.js';

describe('sObject rows', () => {
  let org: SalesforceEmulator;
  let token: string;
  beforeAll(async () => {
    org = await startOrg({
      schema: [
        { name: 'Invoice__c', fields: [
          { name: 'Amount__c', type: 'currency' },
          { name: 'Account__c', type: 'reference', referenceTo: ['Account'] },
          { name: 'Number__c', type: 'string', externalId: true, length: 20 },
        ] },
        { name: 'Account', fields: [{ name: 'Tier__c', type: 'picklist', picklistValues: ['Gold', 'Silver'] }] },
      ],
    });
    token = accessToken(org);
  });
  afterAll(() => org.close());

  it('creates, retrieves (18-char IDs, all fields), updates and deletes', async () => {
    const created = await rest(org, token, 'POST', '/sobjects/Account/', { Name: 'Acme', Industry: 'Energy', NumberOfEmployees: '12' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^001[A-Za-z0-9]{15}$/), success: true, errors: [] });
    const id: string = created.body.id;

    const read = await rest(org, token, 'GET', `/sobjects/Account/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.attributes).toEqual({ type: 'Account', url: `/services/data/v${V}/sobjects/Account/${id}` });
    expect(read.body).toMatchObject({ Id: id, Name: 'Acme', Industry: 'Energy', NumberOfEmployees: 12, IsDeleted: false, OwnerId: org.userId });
    expect(read.body.Phone).toBeNull();
    expect(read.body.CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);

    const viaShortId = await rest(org, token, 'GET', `/sobjects/account/${id.slice(0, 15)}?fields=Name,industry`);
    expect(viaShortId.body).toEqual({ attributes: read.body.attributes, Name: 'Acme', Industry: 'Energy', Id: id });

    const updated = await rest(org, token, 'PATCH', `/sobjects/Account/${id}`, { Name: 'Acme Corp', Tier__c: 'Gold' });
    expect(updated.status).toBe(204);
    expect(updated.text).toBe('');
    expect((await rest(org, token, 'GET', `/sobjects/Account/${id}?fields=Name,Tier__c`)).body).toMatchObject({ Name: 'Acme Corp', Tier__c: 'Gold' });

    expect((await rest(org, token, 'DELETE', `/sobjects/Account/${id}`)).status).toBe(204);
    const gone = await rest(org, token, 'GET', `/sobjects/Account/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual([{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }]);
    expect((await rest(org, token, 'DELETE', `/sobjects/Account/${id}`)).status).toBe(404);
    expect(org.records('Account').some((r) => r.Id === id)).toBe(false);
    expect(org.records('Account', { includeDeleted: true }).some((r) => r.Id === id)).toBe(true);
  });

  it('computes full names, auto-numbers and closed flags', async () => {
    const lead = await rest(org, token, 'POST', '/sobjects/Lead', { FirstName: 'Ada', LastName: 'Lovelace', Company: 'AE' }, { 'Sforce-Auto-Assign': 'FALSE' });
    expect((await rest(org, token, 'GET', `/sobjects/Lead/${lead.body.id}?fields=Name,Status`)).body)
      .toMatchObject({ Name: 'Ada Lovelace', Status: 'Open - Not Contacted' });
    const c1 = await rest(org, token, 'POST', '/sobjects/Case', { Subject: 'a', Status: 'Closed' });
    const c2 = await rest(org, token, 'POST', '/sobjects/Case', { Subject: 'b' });
    const case1 = (await rest(org, token, 'GET', `/sobjects/Case/${c1.body.id}`)).body;
    const case2 = (await rest(org, token, 'GET', `/sobjects/Case/${c2.body.id}`)).body;
    expect(Number(case2.CaseNumber)).toBe(Number(case1.CaseNumber) + 1);
    expect(case1).toMatchObject({ IsClosed: true, Priority: 'Medium' });
    expect(case1.ClosedDate).not.toBeNull();
    expect(case2).toMatchObject({ IsClosed: false, ClosedDate: null, Status: 'New' });
  });

  it('refuses missing required fields, unknown and read-only fields, bad values', async () => {
    const cases: Array<[string, unknown, number, unknown]> = [
      ['/sobjects/Lead', { FirstName: 'x' }, 400,
        [{ message: 'Required fields are missing: [LastName, Company]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName', 'Company'] }]],
      ['/sobjects/Account', {}, 400, [{ message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }]],
      ['/sobjects/Opportunity', { Name: 'o' }, 400,
        [{ message: 'Required fields are missing: [StageName, CloseDate]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['StageName', 'CloseDate'] }]],
      ['/sobjects/Contact', { LastName: 'x', foo: 1 }, 400, [{ message: "No such column 'foo' on sobject of type Contact", errorCode: 'INVALID_FIELD' }]],
      ['/sobjects/Contact', { LastName: 'x', CreatedDate: '2020-01-01T00:00:00Z' }, 400, [{
        message: 'Unable to create/update fields: CreatedDate. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['CreatedDate'] }]],
      ['/sobjects/Contact', { LastName: 'x', Email: 'not an email' }, 400,
        [{ message: 'Email: invalid email address: not an email', errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] }]],
      ['/sobjects/Contact', { LastName: 'x', AccountId: '003000000000000AAA' }, 400,
        [{ message: 'Account ID: id value of incorrect type: 003000000000000AAA', errorCode: 'MALFORMED_ID', fields: ['AccountId'] }]],
      ['/sobjects/Contact', { LastName: 'x', AccountId: '001000000000000AAA' }, 400,
        [{ message: 'invalid cross reference id', errorCode: 'INVALID_CROSS_REFERENCE_KEY', fields: ['AccountId'] }]],
      ['/sobjects/Contact', { LastName: 'x', HasOptedOutOfEmail: 'maybe' }, 400, [{
        message: 'Cannot deserialize instance of boolean from VALUE_STRING value maybe or request may be missing a required field',
        errorCode: 'JSON_PARSER_ERROR' }]],
      ['/sobjects/Invoice__c', { Name: 'i', Number__c: 'x'.repeat(21) }, 400, [{
        message: `Number: data value too large: ${'x'.repeat(21)} (max length=20)`, errorCode: 'STRING_TOO_LONG', fields: ['Number__c'] }]],
      ['/sobjects/Widget__c', { Name: 'w' }, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]],
      ['/sobjects/User', { LastName: 'x' }, 400, [{ message: 'entity type cannot be inserted: User', errorCode: 'INVALID_TYPE_FOR_OPERATION' }]],
    ];
    for (const [path, body, status, expected] of cases) {
      const res = await rest(org, token, 'POST', path, body);
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status, body: expected });
    }
  });

  it('answers JSON_PARSER_ERROR for malformed or non-object bodies', async () => {
    const bad = await rest(org, token, 'POST', '/sobjects/Account', '{"Name": ');
    expect(bad.status).toBe(400);
    expect(bad.body[0].errorCode).toBe('JSON_PARSER_ERROR');
    expect(bad.body[0].message).toMatch(/at \[line:1, column:\d+\]$/);
    const empty = await rest(org, token, 'POST', '/sobjects/Account', ' ');
    expect(empty.body).toEqual([{ message: 'No content to map due to end-of-input at [line:1, column:0]', errorCode: 'JSON_PARSER_ERROR' }]);
    const array = await rest(org, token, 'POST', '/sobjects/Account', [{ Name: 'a' }]);
    expect(array.body).toEqual([{ message: 'Cannot deserialize instance of Account from START_ARRAY token', errorCode: 'JSON_PARSER_ERROR' }]);
  });

  it('reports malformed, foreign and missing IDs as Salesforce does', async () => {
    expect((await rest(org, token, 'GET', '/sobjects/Account/notAnId')).body)
      .toEqual([{ message: 'Provided external ID field does not exist or is not accessible: notAnId', errorCode: 'NOT_FOUND' }]);
    const notFound = [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }];
    expect((await rest(org, token, 'GET', `/sobjects/Account/${org.userId}`)).body).toEqual(notFound);
    const missing = await rest(org, token, 'PATCH', '/sobjects/Account/001000000000000AAA', { Name: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(notFound);
    const badFields = await rest(org, token, 'GET', `/sobjects/User/${org.userId}?fields=Username,Nope`);
    expect(badFields.status).toBe(400);
    expect(badFields.body[0].errorCode).toBe('INVALID_FIELD');
    expect(badFields.body[0].message).toMatch(/^No such column 'Nope' on entity 'User'/);
  });

  it('supports custom objects with references and the _HttpMethod override', async () => {
    const account = await rest(org, token, 'POST', '/sobjects/Account', { Name: 'Parent' });
    const invoice = await rest(org, token, 'POST', '/sobjects/Invoice__c', { Name: 'INV-1', Amount__c: 10.5, Account__c: account.body.id });
    expect(invoice.body.id.slice(0, 3)).toBe('a00');
    const override = await fetch(`${org.instanceUrl}/services/data/v${V}/sobjects/Invoice__c/${invoice.body.id}?_HttpMethod=PATCH`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ Amount__c: 11 }),
    });
    expect(override.status).toBe(204);
    expect(org.records('Invoice__c')[0]).toMatchObject({ Amount__c: 11, Account__c: account.body.id });
  });

  it('answers 405 for a method the resource does not support', async () => {
    const res = await rest(org, token, 'PUT', '/sobjects/Account');
    expect(res.status).toBe(405);
    expect(res.body[0].errorCode).toBe('METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toContain('POST');
  });
});

describe('upsert by external ID', () => {
  let org: SalesforceEmulator;
  let token: string;
  beforeAll(async () => {
    org = await startOrg();
    token = accessToken(org);
  });
  afterAll(() => org.close());

  it('creates (201 created:true), then updates (200 created:false)', async () => {
    const first = await rest(org, token, 'PATCH', '/sobjects/Account/External_Id__c/EXT-1', { Name: 'Acme' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), success: true, errors: [], created: true });
    const second = await rest(org, token, 'PATCH', '/sobjects/Account/External_Id__c/ext-1', { Name: 'Acme 2' });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ id: first.body.id, success: true, errors: [], created: false });
    expect(org.records('Account')).toHaveLength(1);
    expect(org.records('Account')[0]).toMatchObject({ Name: 'Acme 2', External_Id__c: 'EXT-1' });
    const read = await rest(org, token, 'GET', '/sobjects/Account/External_Id__c/EXT-1?fields=Name');
    expect(read.body).toMatchObject({ Name: 'Acme 2', Id: first.body.id });
    const legacy = await fetch(`${org.instanceUrl}/services/data/v45.0/sobjects/Account/External_Id__c/EXT-1`, {
      method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"Name":"Old API"}',
    });
    expect(legacy.status).toBe(204);
  });

  it('answers 300 with the record URLs when several records match', async () => {
    const ids = org.insert('Contact', [{ LastName: 'a', External_Id__c: 'DUP' }, { LastName: 'b', External_Id__c: 'DUP' }]);
    const res = await rest(org, token, 'PATCH', '/sobjects/Contact/External_Id__c/DUP', { LastName: 'c' });
    expect(res.status).toBe(300);
    expect(res.body).toEqual(ids.map((id) => `/services/data/v${V}/sobjects/Contact/${id}`));
  });

  it('404 for a field that is not an external ID; updateOnly refuses inserts; deleted records do not match', async () => {
    expect((await rest(org, token, 'PATCH', '/sobjects/Account/Name/Acme', { Name: 'x' })).body)
      .toEqual([{ message: 'Provided external ID field does not exist or is not accessible: Name', errorCode: 'NOT_FOUND' }]);
    expect((await rest(org, token, 'PATCH', '/sobjects/Account/External_Id__c/NEW?updateOnly=true', { Name: 'x' })).status).toBe(404);
    const created = await rest(org, token, 'PATCH', '/sobjects/Account/External_Id__c/TEMP', { Name: 'temp' });
    expect((await rest(org, token, 'DELETE', '/sobjects/Account/External_Id__c/TEMP')).status).toBe(204);
    const again = await rest(org, token, 'PATCH', '/sobjects/Account/External_Id__c/TEMP', { Name: 'temp' });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(created.body.id);
  });

  it('upserts by Id update only existing records', async () => {
    const [id] = org.insert('Account', { Name: 'ById' });
    const res = await rest(org, token, 'PATCH', `/sobjects/Account/Id/${id}`, { Name: 'ById 2' });
    expect(res.body).toEqual({ id, success: true, errors: [], created: false });
    expect((await rest(org, token, 'PATCH', '/sobjects/Account/Id/001000000000000AAA', { Name: 'x' })).status).toBe(404);
  });
});
