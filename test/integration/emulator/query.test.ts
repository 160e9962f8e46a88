import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../../src/emulator/index.js';
import { accessToken, rest, startOrg, V } from './helpers.js';

const q = (soql: string) => `/query?q=${encodeURIComponent(soql)}`;

describe('SOQL over REST', () => {
  let org: SalesforceEmulator;
  let token: string;
  let accountId: string;
  beforeAll(async () => {
    org = await startOrg();
    token = accessToken(org);
    [accountId] = org.insert('Account', { Name: 'Acme' }) as [string];
    org.insert('Contact', Array.from({ length: 450 }, (_, i) => ({ LastName: `C${String(i).padStart(3, '0')}`, AccountId: accountId })));
  });
  afterAll(() => org.close());

  it('answers a query with totalSize, done and records', async () => {
    const res = await rest(org, token, 'GET', q("SELECT Id, Name FROM Account WHERE Name = 'Acme'"));
    expect(res.status).toBe(200);
    expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=/);
    expect(res.body).toEqual({
      totalSize: 1, done: true,
      records: [{ attributes: { type: 'Account', url: `/services/data/v${V}/sobjects/Account/${accountId}` }, Id: accountId, Name: 'Acme' }],
    });
  });

  it('pages with Sforce-Query-Options batchSize and follows nextRecordsUrl', async () => {
    const seen: string[] = [];
    let res = await rest(org, token, 'GET', q('SELECT LastName FROM Contact ORDER BY LastName'), undefined, { 'Sforce-Query-Options': 'batchSize=200' });
    expect(Object.keys(res.body)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    expect(res.body.totalSize).toBe(450);
    for (;;) {
      seen.push(...res.body.records.map((r: { LastName: string }) => r.LastName));
      if (res.body.done) break;
      expect(res.body.nextRecordsUrl).toMatch(new RegExp(`^/services/data/v${V}/query/01g[A-Za-z0-9]{15}-\\d+$`));
      const next = await fetch(`${org.instanceUrl}${res.body.nextRecordsUrl}`, { headers: { authorization: `Bearer ${token}` } });
      res = { status: next.status, headers: next.headers, text: '', body: await next.json() };
    }
    expect(seen).toHaveLength(450);
    expect(seen[0]).toBe('C000');
    expect(seen.at(-1)).toBe('C449');
    expect(res.body).not.toHaveProperty('nextRecordsUrl');
  });

  it('clamps batch sizes to 200..2000', async () => {
    const small = await rest(org, token, 'GET', q('SELECT Id FROM Contact'), undefined, { 'Sforce-Query-Options': 'batchSize=5' });
    expect(small.body.records).toHaveLength(200);
    const large = await rest(org, token, 'GET', q('SELECT Id FROM Contact'), undefined, { 'Sforce-Query-Options': 'batchSize=100000' });
    expect(large.body.records).toHaveLength(450);
    expect(large.body.done).toBe(true);
  });

  it('queryAll includes deleted records; query does not', async () => {
    const [id] = org.insert('Lead', { LastName: 'Gone', Company: 'X' });
    expect((await rest(org, token, 'DELETE', `/sobjects/Lead/${id}`)).status).toBe(204);
    const live = await rest(org, token, 'GET', q("SELECT Id FROM Lead WHERE LastName = 'Gone'"));
    expect(live.body.totalSize).toBe(0);
    const all = await rest(org, token, 'GET', `/queryAll?q=${encodeURIComponent("SELECT Id, IsDeleted FROM Lead WHERE LastName = 'Gone'")}`);
    expect(all.body.totalSize).toBe(1);
    expect(all.body.records[0].IsDeleted).toBe(true);
  });

  it('passes COUNT() and relationship queries through', async () => {
    const count = await rest(org, token, 'GET', q('SELECT COUNT() FROM Contact'));
    expect(count.body).toEqual({ totalSize: 450, done: true, records: [] });
    const nested = await rest(org, token, 'GET', q("SELECT Name, (SELECT Id FROM Contacts LIMIT 2) FROM Account WHERE Name = 'Acme'"));
    expect(nested.body.records[0].Contacts.records).toHaveLength(2);
  });

  it('reports SOQL errors as 400 with the engine\'s code, and empty queries', async () => {
    const malformed = await rest(org, token, 'GET', q('SELECT Id FORM Account'));
    expect(malformed.status).toBe(400);
    expect(malformed.body[0].errorCode).toBe('MALFORMED_QUERY');
    const field = await rest(org, token, 'GET', q('SELECT Foo__c FROM Account'));
    expect(field.body[0].errorCode).toBe('INVALID_FIELD');
    expect(field.body[0].message).toContain("No such column 'Foo__c' on entity 'Account'");
    const type = await rest(org, token, 'GET', q('SELECT Id FROM Nothing__c'));
    expect(type.body[0].errorCode).toBe('INVALID_TYPE');
    expect((await rest(org, token, 'GET', '/query')).body).toEqual([{ message: 'A query string has to be specified', errorCode: 'MALFORMED_QUERY' }]);
    expect((await rest(org, token, 'GET', '/query/?q=')).body).toEqual([{ message: 'SOQL statements cannot be empty or null', errorCode: 'MALFORMED_QUERY' }]);
  });

  it('refuses unknown or malformed locators', async () => {
    for (const locator of ['01g000000000000AAA-200', 'garbage', '01g000000000000-x']) {
      const res = await rest(org, token, 'GET', `/query/${locator}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
    }
  });

  it('never answers 500, whatever the query text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.constantFrom('SELECT', 'SELECT Id FROM', 'SELECT Id FROM Lead WHERE', "SELECT Id FROM Lead WHERE Name = '")
        .chain((prefix) => fc.string().map((rest) => prefix + rest))), async (soql) => {
        const res = await rest(org, token, 'GET', q(soql));
        expect([200, 400]).toContain(res.status);
      }),
      { numRuns: 60 },
    );
  });
});
