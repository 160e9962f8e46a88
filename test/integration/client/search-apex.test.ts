import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceClient } from '../../../src/client.js';
import { ApiError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { sosl } from '../../../src/soql/sosl.js';
import { connect, startOrg, type Org } from '../helpers.js';

let org: Org;
let sf: SalesforceClient;
beforeAll(async () => {
  org = await startOrg();
  ({ sf } = await connect(org));
  org.insert('Account', [{ Name: 'Acme Rockets', Industry: 'Energy' }, { Name: 'Acme* Literal' }, { Name: 'Acmeville' }]);
  org.insert('Contact', [{ LastName: 'Coyote', Email: 'wile@acme.example' }]);
});
afterAll(() => org.close());

describe('sf.search', () => {
  it('runs SOSL built with the sosl tag: user input is a literal phrase, values elsewhere SOQL literals', async () => {
    // The user's '*' is text, not a wildcard: "Acmeville" does not match.
    const { searchRecords } = await sf.search<{ Name: string }>(sosl`FIND {${'Acme*'}} RETURNING Account(Name ORDER BY Name)`);
    expect(searchRecords.map((r) => r.Name)).toEqual(['Acme Rockets', 'Acme* Literal']);
    const wild = await sf.search<{ Name: string }>(sosl`FIND {${sosl.term('acme')}*} RETURNING Account(Name ORDER BY Name)`);
    expect(wild.searchRecords.map((r) => r.Name)).toEqual(['Acme Rockets', 'Acme* Literal', 'Acmeville']);
    const prefix = await sf.search<{ Name: string }>(sosl`FIND {${sosl.term('acme')}*} RETURNING Account(Name WHERE Industry = ${'Energy'})`);
    expect(prefix.searchRecords.map((r) => r.Name)).toEqual(['Acme Rockets']);
    const sent = org.requests.filter((r) => r.path.endsWith('/search/')).at(-1);
    expect(sent?.query.q).toBe("FIND {acme*} RETURNING Account(Name WHERE Industry = 'Energy')");
    const everywhere = await sf.search('FIND {acme} RETURNING Account(Name), Contact(Email)');
    expect(everywhere.searchRecords.map((r) => r.attributes?.type)).toEqual(['Account', 'Account', 'Contact']);
  });

  it('surfaces SOSL errors typed and refuses what is not SOSL', async () => {
    const bad = await sf.search('FIND {a}').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ApiError);
    expect((bad as ApiError).errorCode).toBe('INVALID_SEARCH');
    const malformed = await sf.search('FIND {acme} RETURNING Account(Name LIMIT x)').catch((e: unknown) => e);
    expect((malformed as ApiError).errorCode).toBe('MALFORMED_SEARCH');
    await expect(sf.search('SELECT Id FROM Account')).rejects.toBeInstanceOf(ValidationError);
  });

  it('runs parameterized searches', async () => {
    const { searchRecords } = await sf.parameterizedSearch<{ Name: string }>({
      q: sosl.escape('acme'),
      in: 'NAME',
      sobjects: [{ name: 'Account', fields: ['Name'], where: "Name LIKE 'Acme R%'", limit: 5 }],
      overallLimit: 10,
    });
    expect(searchRecords.map((r) => r.Name)).toEqual(['Acme Rockets']);
    await expect(sf.parameterizedSearch({ q: 'x' })).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.parameterizedSearch({ q: 'acme', sobjects: [{ name: 'Account; DROP' }] })).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.parameterizedSearch({ q: 'acme', overallLimit: 5000 })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('sf.apex', () => {
  it('calls registered Apex REST handlers with every method, params and bodies', async () => {
    const calls: string[] = [];
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      org.apex.register(method, '/Cases/*', (req) => {
        calls.push(`${req.method} ${req.path} ${JSON.stringify(req.params)} ${JSON.stringify(req.body ?? null)}`);
        return method === 'DELETE' ? { status: 204 } : { body: { method, path: req.path } };
      });
    }
    expect(await sf.apex.get('/Cases/1', { params: { status: 'Open & new' } })).toEqual({ method: 'GET', path: '/Cases/1' });
    expect(await sf.apex.post('Cases/2', { subject: 'hi' })).toEqual({ method: 'POST', path: '/Cases/2' });
    await sf.apex.put('/Cases/3', { a: 1 });
    await sf.apex.patch('/Cases/4', { b: 2 });
    expect(await sf.apex.delete('/Cases/5')).toBeUndefined();
    expect(calls).toEqual([
      'GET /Cases/1 {"status":"Open & new"} null',
      'POST /Cases/2 {} {"subject":"hi"}',
      'PUT /Cases/3 {} {"a":1}',
      'PATCH /Cases/4 {} {"b":2}',
      'DELETE /Cases/5 {} null',
    ]);
    org.apex.register('GET', '/Text', () => ({ body: 'plain words' }));
    expect(await sf.apex.get('/Text')).toBe('plain words');
  });

  it('reports unmapped URLs as NotFoundError and handler crashes as APEX_ERROR', async () => {
    const missing = await sf.apex.get('/Nowhere').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).errors[0]?.message).toBe('Could not find a match for URL /Nowhere');
    org.apex.register('POST', '/Crash', () => {
      throw new Error('kaput');
    });
    const crash = await sf.apex.post('/Crash', {}).catch((e: unknown) => e);
    expect((crash as ApiError).status).toBe(500);
    expect((crash as ApiError).errorCode).toBe('APEX_ERROR');
  });

  it('validates paths before sending: no "..", "?", "#", empty segments', async () => {
    const before = org.requests.length;
    for (const path of ['/Cases/../limits', '/Cases?x=1', '/Cases#frag', '//Cases', '', '/Cases/a\nb', '/Cases/a b ']) {
      await expect(sf.apex.get(path)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(sf.apex.get('/Cases', { params: { n: 1 as never } })).rejects.toBeInstanceOf(ValidationError);
    expect(org.requests.length).toBe(before);
  });

  it('retries an idempotent PUT on a 503, never a POST', async () => {
    let puts = 0;
    let posts = 0;
    org.apex.register('PUT', '/Counter', () => ({ body: { n: ++puts } }));
    org.apex.register('POST', '/Counter', () => ({ body: { n: ++posts } }));
    org.faults.inject({ path: '/services/apexrest/Counter', method: 'PUT', status: 503, times: 1 });
    expect(await sf.apex.put('/Counter', {})).toEqual({ n: 1 });
    org.faults.inject({ path: '/services/apexrest/Counter', method: 'POST', status: 503, times: 1 });
    await expect(sf.apex.post('/Counter', {})).rejects.toBeInstanceOf(ApiError);
    expect(posts).toBe(0);
  });
});
