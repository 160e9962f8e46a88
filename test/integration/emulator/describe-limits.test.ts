import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../../src/emulator/index.js';
import { accessToken, rest, startOrg, V } from './helpers.js';

describe('versions, resources, describe', () => {
  let org: SalesforceEmulator;
  let token: string;
  beforeAll(async () => {
    org = await startOrg({ schema: [{ name: 'Invoice__c', fields: [{ name: 'Account__c', type: 'reference', referenceTo: ['Account'] }] }] });
    token = accessToken(org);
  });
  afterAll(() => org.close());

  it('lists versions without a session, usage or Sforce-Limit-Info', async () => {
    const before = org.apiUsage.used;
    for (const path of ['/services/data', '/services/data/']) {
      const res = await fetch(`${org.instanceUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('sforce-limit-info')).toBeNull();
      const versions = (await res.json()) as Array<Record<string, string>>;
      expect(versions[0]).toEqual({ label: "Summer '14", url: '/services/data/v31.0', version: '31.0' });
      expect(versions.at(-1)).toEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
    }
    expect(org.apiUsage.used).toBe(before);
  });

  it('lists the resources of a version', async () => {
    const res = await rest(org, token, 'GET', '/');
    expect(res.body).toMatchObject({
      sobjects: `/services/data/v${V}/sobjects`, query: `/services/data/v${V}/query`, queryAll: `/services/data/v${V}/queryAll`,
      limits: `/services/data/v${V}/limits`, identity: `${org.loginUrl}/id/${org.orgId}/${org.userId}`,
    });
    expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/15000$/);
  });

  it('refuses unknown versions and paths with 404 NOT_FOUND', async () => {
    const unknown = await fetch(`${org.instanceUrl}/services/data/v99.0/limits`, { headers: { authorization: `Bearer ${token}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    const path = await rest(org, token, 'GET', '/nothing/here');
    expect(path.status).toBe(404);
    expect(path.headers.get('sforce-limit-info')).not.toBeNull();
  });

  it('describes every object globally', async () => {
    const res = await rest(org, token, 'GET', '/sobjects/');
    expect(res.body).toMatchObject({ encoding: 'UTF-8', maxBatchSize: 200 });
    const names = res.body.sobjects.map((o: { name: string }) => o.name);
    expect(names).toEqual(expect.arrayContaining(['Account', 'Contact', 'Lead', 'Case', 'Opportunity', 'User', 'Group', 'AssignmentRule', 'Invoice__c']));
    const lead = res.body.sobjects.find((o: { name: string }) => o.name === 'Lead');
    expect(lead).toMatchObject({ keyPrefix: '00Q', label: 'Lead', labelPlural: 'Leads', custom: false, createable: true, queryable: true,
      urls: { sobject: `/services/data/v${V}/sobjects/Lead`, describe: `/services/data/v${V}/sobjects/Lead/describe`, rowTemplate: `/services/data/v${V}/sobjects/Lead/{ID}` } });
  });

  it('describes one object: fields, relationships, child relationships', async () => {
    const res = await rest(org, token, 'GET', '/sobjects/Contact/describe/');
    expect(res.status).toBe(200);
    const byName = new Map(res.body.fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.get('Id')).toMatchObject({ type: 'id', soapType: 'tns:ID', nillable: false, createable: false, defaultedOnCreate: true });
    expect(byName.get('LastName')).toMatchObject({ type: 'string', length: 80, byteLength: 240, nillable: false, createable: true });
    expect(byName.get('AccountId')).toMatchObject({ type: 'reference', referenceTo: ['Account'], relationshipName: 'Account' });
    expect(byName.get('OwnerId')).toMatchObject({ referenceTo: ['User'], relationshipName: 'Owner', defaultedOnCreate: true });
    expect(byName.get('Email')).toMatchObject({ type: 'email', idLookup: true });
    expect(byName.get('CreatedDate')).toMatchObject({ type: 'datetime', soapType: 'xsd:dateTime' });
    const account = await rest(org, token, 'GET', '/sobjects/Account/describe');
    const children = account.body.childRelationships.map((r: { relationshipName: string }) => r.relationshipName);
    expect(children).toEqual(expect.arrayContaining(['Contacts', 'Opportunities', 'Cases', 'Invoices__r']));
    const lead = await rest(org, token, 'GET', '/sobjects/Lead/describe');
    const owner = lead.body.fields.find((f: { name: string }) => f.name === 'OwnerId');
    expect(owner).toMatchObject({ referenceTo: ['Group', 'User'], polymorphicForeignKey: true });
    const status = lead.body.fields.find((f: { name: string }) => f.name === 'Status');
    expect(status.picklistValues[0]).toEqual({ active: true, defaultValue: true, label: 'Open - Not Contacted', validFor: null, value: 'Open - Not Contacted' });
    expect(lead.body.recordTypeInfos[0]).toMatchObject({ master: true, recordTypeId: '012000000000000AAA' });
  });

  it('answers If-Modified-Since with 304', async () => {
    const first = await rest(org, token, 'GET', '/sobjects/Lead/describe');
    const lastModified = first.headers.get('last-modified') as string;
    expect(lastModified).toBeTruthy();
    const again = await rest(org, token, 'GET', '/sobjects/Lead/describe', undefined, { 'If-Modified-Since': lastModified });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const old = await rest(org, token, 'GET', '/sobjects/', undefined, { 'If-Modified-Since': 'Mon, 01 Jan 2001 00:00:00 GMT' });
    expect(old.status).toBe(200);
  });

  it('gives basic info with recent items', async () => {
    const created = await rest(org, token, 'POST', '/sobjects/Account', { Name: 'Recent' });
    const res = await rest(org, token, 'GET', '/sobjects/Account');
    expect(res.body.objectDescribe).toMatchObject({ name: 'Account', keyPrefix: '001' });
    expect(res.body.recentItems[0]).toMatchObject({ Id: created.body.id, Name: 'Recent', attributes: { type: 'Account' } });
    expect((await rest(org, token, 'GET', '/sobjects/Nope__c/describe')).status).toBe(404);
  });
});

describe('limits and API usage', () => {
  it('counts each REST call in Sforce-Limit-Info and /limits', async () => {
    const org = await startOrg({ apiLimit: 1000 });
    try {
      const token = accessToken(org);
      const a = await rest(org, token, 'GET', '/sobjects/Account/describe');
      expect(a.headers.get('sforce-limit-info')).toBe('api-usage=1/1000');
      const limits = await rest(org, token, 'GET', '/limits/');
      expect(limits.headers.get('sforce-limit-info')).toBe('api-usage=2/1000');
      expect(limits.body.DailyApiRequests).toEqual({ Max: 1000, Remaining: 998 });
      expect(limits.body).toHaveProperty('DataStorageMB');
      const unauthenticated = await rest(org, 'bogus', 'GET', '/limits');
      expect(unauthenticated.status).toBe(401);
      expect(org.apiUsage).toEqual({ used: 2, max: 1000 });
    } finally {
      await org.close();
    }
  });

  it('answers 403 REQUEST_LIMIT_EXCEEDED once the limit is used up', async () => {
    const org = await startOrg({ apiLimit: 3 });
    try {
      const token = accessToken(org);
      for (let i = 0; i < 3; i++) expect((await rest(org, token, 'GET', '/limits')).status).toBe(200);
      const refused = await rest(org, token, 'GET', '/limits');
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
      expect(refused.headers.get('sforce-limit-info')).toBe('api-usage=3/3');
    } finally {
      await org.close();
    }
  });

  it('rejects a malformed Authorization header', async () => {
    const org = await startOrg();
    try {
      const res = await fetch(`${org.instanceUrl}/services/data/v${V}/limits`, { headers: { authorization: 'Basic abc' } });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual([{ message: 'INVALID_HEADER_TYPE', errorCode: 'INVALID_AUTH_HEADER' }]);
      const none = await fetch(`${org.instanceUrl}/services/data/v${V}/limits`);
      expect(await none.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    } finally {
      await org.close();
    }
  });
});
