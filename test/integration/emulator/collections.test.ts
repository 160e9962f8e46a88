import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../../src/emulator/index.js';
import { accessToken, rest, startOrg } from './helpers.js';

let org: SalesforceEmulator;
let token: string;
beforeAll(async () => {
  org = await startOrg({ schema: [{ name: 'Part__c', fields: [{ name: 'Sku__c', type: 'string', externalId: true }] }] });
  token = accessToken(org);
});
afterAll(() => org.close());

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};
const account = (fields: Record<string, unknown>) => ({ attributes: { type: 'Account' }, ...fields });

describe('sObject Collections', () => {
  it('creates mixed types in order and reports per-record failures (200 either way)', async () => {
    const res = await rest(org, token, 'POST', '/composite/sobjects', {
      records: [
        account({ Name: 'Coll A' }),
        { attributes: { type: 'Contact' }, LastName: 'Coll C' },
        account({}),
        { Name: 'No type' },
        account({ Id: '001000000000001AAA', Name: 'With Id' }),
      ],
    });
    expect(res.status).toBe(200);
    const [a, c, missing, untyped, withId] = res.body;
    expect(a).toMatchObject({ success: true, errors: [] });
    expect(org.records('Contact').some((r) => r.Id === c.id)).toBe(true);
    expect(missing).toEqual({ success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }] });
    expect(untyped.errors[0]).toEqual({ statusCode: 'INVALID_TYPE', message: 'Must send a concrete entity type.', fields: [] });
    expect(withId.errors[0].statusCode).toBe('INVALID_FIELD');
  });

  it('allOrNone rolls the valid records back and marks them', async () => {
    const res = await rest(org, token, 'POST', '/composite/sobjects', {
      allOrNone: true,
      records: [account({ Name: 'AON 1' }), account({}), account({ Name: 'AON 3' })],
    });
    expect(res.body).toEqual([
      { success: false, errors: [ROLLED_BACK] },
      { success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }] },
      { success: false, errors: [ROLLED_BACK] },
    ]);
    expect(org.records('Account').filter((r) => String(r.Name).startsWith('AON'))).toEqual([]);
  });

  it('updates by id, keeping the id on failures and rollbacks', async () => {
    const [one, two] = org.insert('Account', [{ Name: 'Upd 1' }, { Name: 'Upd 2' }]);
    const partial = await rest(org, token, 'PATCH', '/composite/sobjects', {
      records: [account({ id: one, Name: 'Upd 1b' }), account({ Name: 'no id' }), account({ id: '003000000000001AAA', Name: 'x' })],
    });
    expect(partial.body[0]).toEqual({ id: one, success: true, errors: [] });
    expect(partial.body[1].errors[0].statusCode).toBe('MISSING_ARGUMENT');
    expect(partial.body[2].errors[0].statusCode).toBe('MALFORMED_ID');
    const aon = await rest(org, token, 'PATCH', '/composite/sobjects', {
      allOrNone: true,
      records: [account({ id: one, Name: 'Upd 1c' }), account({ id: two, Name: '' })],
    });
    expect(aon.body[0]).toEqual({ id: one, success: false, errors: [ROLLED_BACK] });
    expect(aon.body[1]).toMatchObject({ id: two, success: false });
    expect(org.records('Account').find((r) => r.Id === one)?.Name).toBe('Upd 1b');
  });

  it('deletes by ids with per-id results, and allOrNone restores deleted records', async () => {
    const [one, two] = org.insert('Account', [{ Name: 'Del 1' }, { Name: 'Del 2' }]);
    const aon = await rest(org, token, 'DELETE', `/composite/sobjects?ids=${one},nope&allOrNone=true`);
    expect(aon.body[0]).toEqual({ id: one, success: false, errors: [ROLLED_BACK] });
    expect(aon.body[1].errors[0].statusCode).toBe('MALFORMED_ID');
    expect((await rest(org, token, 'GET', `/sobjects/Account/${one}`)).status).toBe(200);
    const ok = await rest(org, token, 'DELETE', `/composite/sobjects?ids=${one},${two}`);
    expect(ok.body).toEqual([{ id: one, success: true, errors: [] }, { id: two, success: true, errors: [] }]);
    const again = await rest(org, token, 'DELETE', `/composite/sobjects?ids=${one}`);
    expect(again.body[0].errors[0].statusCode).toBe('ENTITY_IS_DELETED');
    expect((await rest(org, token, 'DELETE', '/composite/sobjects')).status).toBe(400);
  });

  it('upserts by external ID: created, updated, duplicates refused', async () => {
    const part = (sku: string, name: string) => ({ attributes: { type: 'Part__c' }, Sku__c: sku, Name: name });
    const first = await rest(org, token, 'PATCH', '/composite/sobjects/Part__c/Sku__c', { records: [part('S-1', 'one'), part('S-2', 'two')] });
    expect(first.body.map((r: { created: boolean }) => r.created)).toEqual([true, true]);
    const second = await rest(org, token, 'PATCH', '/composite/sobjects/Part__c/Sku__c', {
      records: [part('S-1', 'one again'), part('S-3', 'three'), part('S-3', 'three twice'), { attributes: { type: 'Part__c' }, Name: 'no sku' }],
    });
    expect(second.body[0]).toEqual({ id: first.body[0].id, success: true, errors: [], created: false });
    expect(second.body[1].errors[0].statusCode).toBe('DUPLICATE_EXTERNAL_ID');
    expect(second.body[2].errors[0].statusCode).toBe('DUPLICATE_EXTERNAL_ID');
    expect(second.body[3].errors[0].statusCode).toBe('MISSING_ARGUMENT');
    expect(org.records('Part__c').find((r) => r.Sku__c === 'S-1')?.Name).toBe('one again');
    const notExternal = await rest(org, token, 'PATCH', '/composite/sobjects/Part__c/Name', { records: [] });
    expect(notExternal.status).toBe(400);
    expect(notExternal.body[0].errorCode).toBe('INVALID_FIELD');
  });

  it('retrieves by GET and POST in id order, null for missing or deleted', async () => {
    const [a, b] = org.insert('Account', [{ Name: 'Get A' }, { Name: 'Get B' }]);
    await rest(org, token, 'DELETE', `/sobjects/Account/${b}`);
    const get = await rest(org, token, 'GET', `/composite/sobjects/Account?ids=${b},${a},001000000000000AAA&fields=id,Name`);
    expect(get.status).toBe(200);
    expect(get.body[0]).toBeNull();
    expect(get.body[1]).toEqual({ attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${a}` }, Id: a, Name: 'Get A' });
    expect(get.body[2]).toBeNull();
    const post = await rest(org, token, 'POST', '/composite/sobjects/Account', { ids: [a], fields: ['Name'] });
    expect(post.body[0].Name).toBe('Get A');
    expect((await rest(org, token, 'GET', `/composite/sobjects/Account?ids=${a}&fields=Nope`)).body[0].errorCode).toBe('INVALID_FIELD');
    expect((await rest(org, token, 'GET', `/composite/sobjects/Account?ids=${a}`)).status).toBe(400);
  });

  it('refuses more than 200 records (EXCEEDED_ID_LIMIT) and malformed bodies (400)', async () => {
    const records = Array.from({ length: 201 }, (_, i) => account({ Name: `Over ${i}` }));
    const over = await rest(org, token, 'POST', '/composite/sobjects', { records });
    expect(over.status).toBe(400);
    expect(over.body).toEqual([{ message: 'record limit reached. cannot submit more than 200 records into this call', errorCode: 'EXCEEDED_ID_LIMIT' }]);
    expect((await rest(org, token, 'POST', '/composite/sobjects', [account({ Name: 'x' })])).body[0].errorCode).toBe('JSON_PARSER_ERROR');
    expect((await rest(org, token, 'POST', '/composite/sobjects', { records: {} })).status).toBe(400);
    expect((await rest(org, token, 'POST', '/composite/sobjects', { allOrNone: 1, records: [] })).status).toBe(400);
    const ids = Array.from({ length: 2001 }, () => '001000000000000AAA');
    expect((await rest(org, token, 'POST', '/composite/sobjects/Account', { ids, fields: ['Id'] })).body[0].errorCode).toBe('EXCEEDED_ID_LIMIT');
  });
});
