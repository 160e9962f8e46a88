import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceClient } from '../../../src/client.js';
import { InvalidFieldError, MultipleChoicesError, NotFoundError, ApiError, ValidationError } from '../../../src/core/errors.js';
import { autoAssign } from '../../../src/headers/index.js';
import { isSalesforceId } from '../../../src/soql/ids.js';
import { connect, startOrg, type Org } from '../helpers.js';

let org: Org;
let sf: SalesforceClient;
beforeAll(async () => {
  org = await startOrg({ schema: [{ name: 'Widget__c', fields: [{ name: 'Code__c', type: 'string', externalId: true }] }] as never });
  ({ sf } = await connect(org));
});
afterAll(() => org.close());

describe('sObject rows', () => {
  it('creates, retrieves, updates and deletes a Lead', async () => {
    const leads = sf.sobject('Lead');
    const created = await leads.create({ LastName: 'Lovelace', Company: 'Engines' });
    expect(created).toMatchObject({ success: true, errors: [] });
    expect(isSalesforceId(created.id) && created.id.length === 18).toBe(true);
    const lead = await leads.retrieve(created.id.slice(0, 15), { fields: ['LastName', 'Company'] });
    expect(lead).toMatchObject({ LastName: 'Lovelace', Company: 'Engines', attributes: { type: 'Lead' } });
    await leads.update(created.id, { Company: 'Analytical Engines' });
    expect((await leads.retrieve(created.id)).Company).toBe('Analytical Engines');
    await leads.delete(created.id);
    const gone = await leads.retrieve(created.id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(NotFoundError);
    expect((gone as NotFoundError).errorCode).toBe('ENTITY_IS_DELETED');
  });

  it('reports Salesforce errors with their errorCode and fields', async () => {
    const missing = await sf.sobject('Lead').create({ FirstName: 'No Last Name' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiError);
    expect((missing as ApiError).errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect((missing as ApiError).status).toBe(400);
    const id = (await sf.sobject('Lead').create({ LastName: 'X', Company: 'Y' })).id;
    await expect(sf.sobject('Lead').retrieve(id, { fields: ['Nope__c'] })).rejects.toBeInstanceOf(InvalidFieldError);
    await expect(sf.sobject('NoSuchThing__c').retrieve(id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('upserts by external ID: created, then updated, then 300 on several matches', async () => {
    const widgets = sf.sobject('Widget__c');
    const first = await widgets.upsert('Code__c', 'W-1', { Name: 'One' });
    expect(first).toMatchObject({ success: true, created: true });
    const again = await widgets.upsert('Code__c', 'W-1', { Name: 'One again' });
    expect(again).toMatchObject({ id: first.id, created: false });
    await widgets.create({ Name: 'Dup A', Code__c: 'W-2' });
    await widgets.create({ Name: 'Dup B', Code__c: 'W-2' });
    const many = await widgets.upsert('Code__c', 'W-2', { Name: 'Which?' }).catch((e: unknown) => e);
    expect(many).toBeInstanceOf(MultipleChoicesError);
    expect((many as MultipleChoicesError).matches).toHaveLength(2);
  });

  it('validates names and IDs before anything is sent', async () => {
    const before = org.requests.length;
    expect(() => sf.sobject('../limits')).toThrow(ValidationError);
    await expect(sf.sobject('Lead').retrieve('00Q?x=1')).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.sobject('Lead').retrieve('00Q000000000001', { fields: ['Name,Id'] })).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.sobject('Lead').upsert('Code__c', '../x', {})).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.sobject('Lead').create({ LastName: 'X' }, { headers: { 'X-Evil': 'a\r\nInjected: 1' } })).rejects.toBeInstanceOf(ValidationError);
    expect(org.requests.length).toBe(before);
  });

  it('per-call headers reach the wire: Sforce-Auto-Assign FALSE keeps the owner', async () => {
    const me = String((await sf.identity()).user_id);
    const kept = await sf.sobject('Lead').create({ LastName: 'Kept', Company: 'C', OwnerId: me }, { headers: autoAssign(false) });
    const assigned = await sf.sobject('Lead').create({ LastName: 'Assigned', Company: 'C', OwnerId: me });
    const last = org.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/sobjects/Lead/'));
    expect(last.at(-2)?.headers['sforce-auto-assign']).toBe('FALSE');
    expect((await sf.sobject('Lead').retrieve(kept.id)).OwnerId).toBe(me);
    expect((await sf.sobject('Lead').retrieve(assigned.id)).OwnerId).not.toBe(me);
  });

  it('caches describe and revalidates it with If-Modified-Since', async () => {
    const first = await sf.sobject('Lead').describe();
    expect(first.name).toBe('Lead');
    expect(first.fields.some((f) => f.name === 'LastName')).toBe(true);
    const second = await sf.sobject('Lead').describe();
    expect(second).toEqual(first);
    const describes = org.requests.filter((r) => r.path.endsWith('/sobjects/Lead/describe/'));
    expect(describes.at(-1)?.headers['if-modified-since']).toBeTruthy();
    expect(describes.at(-1)?.status).toBe(304);
  });

  it('reads limits, versions and parses Sforce-Limit-Info', async () => {
    const limits = await sf.limits();
    expect(limits.DailyApiRequests?.Max).toBeGreaterThan(0);
    expect((await sf.versions()).some((v) => v.version === '62.0')).toBe(true);
    expect(sf.limitInfo?.apiUsage?.max).toBeGreaterThan(0);
  });
});

describe('client options', () => {
  it('refuses nonsense options with ValidationError', async () => {
    const { SalesforceClient } = await import('../../../src/client.js');
    const token = { accessToken: 'x', instanceUrl: 'http://127.0.0.1:1', issuedAt: 0, tokenType: 'Bearer' };
    expect(() => new SalesforceClient({ token, maxConcurrentRequests: 0 })).toThrow(ValidationError);
    expect(() => new SalesforceClient({ token, apiUsageWarningRatio: 2 })).toThrow(ValidationError);
    expect(() => new SalesforceClient({ token, timeoutMs: -5 })).toThrow(ValidationError);
    expect(() => new SalesforceClient({ token, apiVersion: 'latest' })).toThrow(ValidationError);
    expect(() => new SalesforceClient({} as never)).toThrow(ValidationError);
  });
});
