import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../../src/emulator/index.js';
import { accessToken, rest, startOrg } from './helpers.js';

let org: SalesforceEmulator;
let token: string;
beforeAll(async () => {
  org = await startOrg();
  token = accessToken(org);
  org.insert('Account', [
    { Name: 'Acme Corporation', Description: 'Rockets and anvils', Phone: '555 0100' },
    { Name: 'Acme Labs', Industry: 'Technology' },
    { Name: 'Globex', Description: 'acme competitor' },
    { Name: 'Initech', Website: 'https://initech.example' },
  ]);
  org.insert('Contact', [
    { LastName: 'Coyote', FirstName: 'Wile', Email: 'wile@acme.example' },
    { LastName: 'Runner', FirstName: 'Road', Email: 'road@runner.example', Title: 'Acme tester' },
  ]);
});
afterAll(() => org.close());

const search = (sosl: string) => rest(org, token, 'GET', `/search?q=${encodeURIComponent(sosl)}`);
const names = (body: { searchRecords: Array<{ Name?: string; LastName?: string }> }) =>
  body.searchRecords.map((r) => r.Name ?? r.LastName);

describe('GET /search (SOSL)', () => {
  it('finds terms case-insensitively across the scope, returning the asked fields with attributes', async () => {
    const res = await search('FIND {ACME} IN ALL FIELDS RETURNING Account(Id, Name ORDER BY Name), Contact(LastName)');
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(['Acme Corporation', 'Acme Labs', 'Globex', 'Coyote', 'Runner']);
    const first = res.body.searchRecords[0];
    expect(first.attributes).toEqual({ type: 'Account', url: `/services/data/v62.0/sobjects/Account/${first.Id}` });
    const contact = res.body.searchRecords[3];
    expect(Object.keys(contact)).toEqual(['attributes', 'LastName']);
  });

  it('honours the scope: NAME FIELDS and EMAIL FIELDS', async () => {
    expect(names((await search('FIND {acme} IN NAME FIELDS RETURNING Account(Name), Contact(LastName)')).body)).toEqual(['Acme Corporation', 'Acme Labs']);
    expect(names((await search('FIND {acme} IN EMAIL FIELDS RETURNING Account(Name), Contact(LastName)')).body)).toEqual(['Coyote']);
  });

  it('supports wildcards, quoted phrases and AND / OR / AND NOT', async () => {
    const ret = ' RETURNING Account(Name ORDER BY Name)';
    expect(names((await search(`FIND {ini*}${ret}`)).body)).toEqual(['Initech']);
    expect(names((await search(`FIND {Glob?x}${ret}`)).body)).toEqual(['Globex']);
    expect(names((await search(`FIND {"acme labs"}${ret}`)).body)).toEqual(['Acme Labs']);
    expect(names((await search(`FIND {"labs acme"}${ret}`)).body)).toEqual([]);
    expect(names((await search(`FIND {acme AND NOT labs}${ret}`)).body)).toEqual(['Acme Corporation', 'Globex']);
    expect(names((await search(`FIND {rockets OR initech}${ret}`)).body)).toEqual(['Acme Corporation', 'Initech']);
    expect(names((await search(`FIND {acme anvils}${ret}`)).body)).toEqual(['Acme Corporation']);
    expect(names((await search(`FIND {(globex OR labs) AND acme}${ret}`)).body)).toEqual(['Acme Labs', 'Globex']);
  });

  it('applies WHERE and LIMIT per object, and the overall LIMIT', async () => {
    expect(names((await search("FIND {acme} RETURNING Account(Name WHERE Industry = 'Technology')")).body)).toEqual(['Acme Labs']);
    expect((await search('FIND {acme} RETURNING Account(Name ORDER BY Name LIMIT 1)')).body.searchRecords).toHaveLength(1);
    expect((await search('FIND {acme} RETURNING Account(Name), Contact(LastName) LIMIT 4')).body.searchRecords).toHaveLength(4);
    const ids = await search('FIND {acme} RETURNING Account');
    expect(Object.keys(ids.body.searchRecords[0])).toEqual(['attributes', 'Id']);
    const everywhere = await search('FIND {acme}');
    expect(everywhere.body.searchRecords.length).toBe(5);
  });

  it('matches escaped reserved characters literally', async () => {
    org.insert('Account', [{ Name: 'Plus+Minus-Co' }]);
    expect(names((await search('FIND {"plus\\+minus\\-co"} RETURNING Account(Name)')).body)).toEqual(['Plus+Minus-Co']);
  });

  it('answers syntax errors with MALFORMED_SEARCH, short terms with INVALID_SEARCH, unknown objects with INVALID_TYPE', async () => {
    const cases: Array<[string, number, string]> = [
      ['FIND acme', 400, 'MALFORMED_SEARCH'],
      ['SELECT Id FROM Account', 400, 'MALFORMED_SEARCH'],
      ['FIND {acme', 400, 'MALFORMED_SEARCH'],
      ['FIND {"acme}', 400, 'MALFORMED_SEARCH'],
      ['FIND {acme} IN EVERY FIELDS', 400, 'MALFORMED_SEARCH'],
      ['FIND {acme} RETURNING', 400, 'MALFORMED_SEARCH'],
      ['FIND {acme} RETURNING Account(Name LIMIT x)', 400, 'MALFORMED_SEARCH'],
      ['FIND {a}', 400, 'INVALID_SEARCH'],
      ['FIND {acme} RETURNING Nope__c', 400, 'INVALID_TYPE'],
      ['FIND {acme} RETURNING Account(Nope__c)', 400, 'INVALID_FIELD'],
    ];
    for (const [sosl, status, code] of cases) {
      const res = await search(sosl);
      expect([sosl, res.status, res.body[0]?.errorCode]).toEqual([sosl, status, code]);
    }
    expect((await rest(org, token, 'GET', '/search')).status).toBe(400);
  });
});

describe('POST /parameterizedSearch', () => {
  it('searches with sobjects, fields, where and limits', async () => {
    const res = await rest(org, token, 'POST', '/parameterizedSearch', {
      q: 'acme',
      fields: ['Id'],
      sobjects: [{ name: 'Account', fields: ['Name'], where: "Name LIKE 'Acme%'", limit: 5 }, { name: 'Contact' }],
      in: 'ALL',
      overallLimit: 10,
    });
    expect(res.status).toBe(200);
    expect(res.body.searchRecords.map((r: { attributes: { type: string } }) => r.attributes.type)).toEqual(['Account', 'Account', 'Contact', 'Contact']);
    expect(res.body.searchRecords[0].Name).toBe('Acme Corporation');
    const limited = await rest(org, token, 'POST', '/parameterizedSearch', { q: 'acme', sobjects: [{ name: 'Account' }], defaultLimit: 1 });
    expect(limited.body.searchRecords).toHaveLength(1);
  });

  it('validates its body', async () => {
    expect((await rest(org, token, 'POST', '/parameterizedSearch', {})).body[0].errorCode).toBe('MISSING_ARGUMENT');
    expect((await rest(org, token, 'POST', '/parameterizedSearch', { q: 'acme', in: 'EVERYWHERE' })).body[0].errorCode).toBe('INVALID_SEARCH_SCOPE');
    expect((await rest(org, token, 'POST', '/parameterizedSearch', { q: 'acme', sobjects: 'Account' })).status).toBe(400);
    expect((await rest(org, token, 'POST', '/parameterizedSearch', { q: 'x' })).body[0].errorCode).toBe('INVALID_SEARCH');
  });
});
