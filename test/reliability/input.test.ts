/**
 * Hostile input through the client, checked on the wire (the org's request log): header values
 * and names with CR/LF/NUL are refused before anything is sent; sObject names, field names, IDs
 * and external IDs can neither climb the path nor add a query or fragment; any SOQL text gives
 * records or a typed error, never a 500, a crash or a hang; SOQL literals survive the URL.
 *
 * The pure functions have their own properties (test/unit/headers/safety, test/unit/http/path,
 * test/unit/emulator/soql/properties, test/integration/emulator/query): these run the same
 * hostile values through SalesforceClient and the emulator's HTTP server.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SalesforceClient } from '../../src/client.js';
import { ApiError, ForcelinkError, InvalidResponseError, ValidationError } from '../../src/core/errors.js';
import type { Hooks } from '../../src/hooks/types.js';
import { soql } from '../../src/soql/soql.js';
import { connect, type Org } from '../integration/helpers.js';
import { startReliabilityOrg } from './helpers.js';

let org: Org;
let sf: SalesforceClient;
let id18: string;
const SOBJECTS = '/services/data/v62.0/sobjects/';

beforeAll(async () => {
  org = await startReliabilityOrg();
  ({ sf } = await connect(org, { client: { retry: false, timeoutMs: 5_000 } }));
  id18 = (await sf.sobject('Soak__c').create({ Name: 'probe', Marker__c: 'probe' })).id;
});
afterAll(() => org.close());

/** Runs `call` and returns the requests it sent (from the org's log) and how it ended. */
async function sent(call: () => Promise<unknown>): Promise<{ requests: typeof org.requests; error: unknown }> {
  const before = org.requests.length;
  let error: unknown;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  return { requests: org.requests.slice(before), error };
}

/** Strings made to break things: separators, traversal, encodings, controls, Unicode. */
const nasty = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 24, unit: fc.constantFrom('.', '/', '?', '#', '%', '&', '=', ';', '\\', ' ', '\t', '\r', '\n', '\0', '\u2028', '\ud800', '%2e', '%2F', '..', 'a', 'Z', '_', '0', '9', 'é', '😀') }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 24, unit: 'binary' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('..', '.', '../limits', '..%2Flimits', '%2e%2e', 'Lead?fields=Id', 'Lead#x', 'Soak__c/../../limits', 'Soak__c%2F..', ' Soak__c', 'Soak__c ', 'Soak__c\r\nX-Evil: 1', '', 'Id,Name', 'Owner..Name', 'a.b.c.d.e.f'),
  },
);

/** Control characters that must never reach a header, wrapped in otherwise ordinary text. */
const injected = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom('\r', '\n', '\r\n', '\0', '\r\nX-Evil: 1', '\nSet-Cookie: a=b'), fc.string({ maxLength: 12 }))
  .map(([a, bad, b]) => `${a}${bad}${b}`);

describe('header values with CR, LF or NUL are refused before anything is sent', () => {
  it('per-call headers, hook-set headers and header names', async () => {
    await fc.assert(
      fc.asyncProperty(injected, fc.constantFrom('call', 'hook', 'name'), async (value, where) => {
        const secret = `SECRET-${value}`;
        const hooks: Hooks = { beforeAction: (ctx) => void (ctx.requestHeaders['X-Trace'] = secret) };
        const call =
          where === 'call'
            ? () => sf.limits({ headers: { 'X-Trace': secret } })
            : where === 'hook'
              ? () => sf.limits({ hooks })
              : () => sf.limits({ headers: { [`X-${value}`]: 'v' } });
        const { requests, error } = await sent(call);
        expect(error).toBeInstanceOf(ValidationError);
        expect(requests).toHaveLength(0);
        expect((error as Error).message).not.toContain('SECRET');
      }),
      { numRuns: 150 },
    );
  });

  it('client-wide headers are refused when the client is made', () => {
    fc.assert(
      fc.property(injected, (value) => {
        expect(() => new SalesforceClient({ token: { accessToken: 'x', instanceUrl: org.instanceUrl, issuedAt: 0, tokenType: 'Bearer' }, headers: { 'X-App': value } })).toThrow(ValidationError);
      }),
      { numRuns: 100 },
    );
  });

  it('an endpoint or parameter set by a hook cannot add a header either', async () => {
    await fc.assert(
      fc.asyncProperty(injected, async (value) => {
        const hooks: Hooks = {
          beforeAction: (ctx) => {
            ctx.endpoint = `${ctx.endpoint}${value}`;
            ctx.requestParameters.q = value;
          },
        };
        const { requests } = await sent(() => sf.limits({ hooks }));
        for (const request of requests) {
          expect(Object.keys(request.headers)).not.toContain('x-evil');
          expect(Object.keys(request.headers)).not.toContain('set-cookie');
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('names and IDs in URL paths: no traversal, no query or fragment injection', () => {
  /** Either refused before sending, or exactly one request on exactly the expected path, with no stray query. */
  async function checkPath(call: () => Promise<unknown>, expectedPath: (raw: string) => boolean, query: Record<string, string> = {}) {
    let thrown: unknown;
    const result = await sent(() => {
      try {
        return call();
      } catch (error) {
        thrown = error;
        return Promise.reject(error);
      }
    });
    if (result.requests.length === 0) {
      expect(thrown ?? result.error).toBeInstanceOf(ValidationError);
      return 'refused';
    }
    expect(result.requests).toHaveLength(1);
    const [request] = result.requests;
    expect(expectedPath(request!.path)).toBe(true);
    expect(request!.query).toEqual(query);
    if (result.error !== undefined) expect(ForcelinkError.is(result.error)).toBe(true);
    return 'sent';
  }

  it('sObject names', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.oneof(nasty, fc.constantFrom('Soak__c', 'Lead', 'ns__Thing__c')), async (name) => {
        seen.add(await checkPath(() => sf.sobject(name).retrieve(id18), (path) => path === `${SOBJECTS}${name}/${id18}`));
      }),
      { numRuns: 300 },
    );
    expect(seen).toEqual(new Set(['refused', 'sent']));
  });

  it('record IDs in retrieve, update and delete', async () => {
    const seen = new Set<string>();
    const ids = fc.oneof(nasty, fc.constantFrom(id18, id18.slice(0, 15)), nasty.map((s) => `${id18.slice(0, 15)}${s}`));
    await fc.assert(
      fc.asyncProperty(ids, fc.constantFrom('retrieve', 'update', 'delete'), async (id, op) => {
        const rows = sf.sobject('Soak__c');
        const call = op === 'retrieve' ? () => rows.retrieve(id) : op === 'update' ? () => rows.update(id, { Name: 'probe' }) : () => rows.delete(id, { retry: false });
        // Nothing gets deleted: the probe is restored if a delete went through.
        seen.add(await checkPath(call, (path) => path === `${SOBJECTS}Soak__c/${id}`));
        if (op === 'delete' && !org.records('Soak__c').some((r) => r.Id === id18)) {
          id18 = (await sf.sobject('Soak__c').create({ Name: 'probe', Marker__c: 'probe' })).id;
        }
      }),
      { numRuns: 300 },
    );
    expect(seen).toEqual(new Set(['refused', 'sent']));
  });

  it('field names in retrieve({ fields })', async () => {
    const seen = new Set<string>();
    const fields = fc.array(fc.oneof(nasty, fc.constantFrom('Name', 'Marker__c', 'Owner.Name', 'Id')), { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(fields, async (list) => {
        seen.add(await checkPath(() => sf.sobject('Soak__c').retrieve(id18, { fields: list }), (path) => path === `${SOBJECTS}Soak__c/${id18}`, { fields: list.join(',') }));
      }),
      { numRuns: 300 },
    );
    expect(seen).toEqual(new Set(['refused', 'sent']));
  });

  it('external ID values in upsert are one segment that decodes back to the value', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(nasty, async (value) => {
        const prefix = `${SOBJECTS}Soak__c/Marker__c/`;
        seen.add(
          await checkPath(
            () => sf.sobject('Soak__c').upsert('Marker__c', value, { Name: 'upserted' }),
            (path) => path.startsWith(prefix) && !path.slice(prefix.length).includes('/') && decodeURIComponent(path.slice(prefix.length)) === value,
          ),
        );
      }),
      { numRuns: 300 },
    );
    expect(seen).toEqual(new Set(['refused', 'sent']));
  });
});

describe("the emulator's SOQL parser over HTTP, through the client", () => {
  const words = ['SELECT', 'Id', 'Name', 'Marker__c', 'FROM', 'Soak__c', 'Lead', 'WHERE', '=', '!=', 'LIKE', 'IN', '(', ')', ',', "'a'", "'", '\\', 'AND', 'OR', 'NOT', 'ORDER BY', 'LIMIT', '5', 'OFFSET', 'COUNT()', 'GROUP BY', 'null', 'TODAY', '2024-01-01', 'Owner.Name', '(SELECT Id FROM Contacts)', '%', '#', '?', '\n'];
  const soqlText = fc.oneof(
    fc.constantFrom('SELECT Id FROM Soak__c', "SELECT Id, Name FROM Soak__c WHERE Name = 'probe' LIMIT 5", 'SELECT COUNT() FROM Soak__c', 'SELECT Id FROM Soak__c ORDER BY Name DESC NULLS LAST'),
    fc.string({ maxLength: 80 }),
    fc.string({ maxLength: 40, unit: 'binary' }).map((s) => `SELECT Id FROM Soak__c WHERE ${s}`),
    fc.array(fc.constantFrom(...words), { maxLength: 16 }).map((w) => w.join(' ')),
  );

  it('any text gives records or a typed 4xx error: never a 500, a crash or a hang', async () => {
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(soqlText, async (text) => {
        try {
          const rows = await sf.query(text).toArray({ max: 10_000 });
          expect(Array.isArray(rows)).toBe(true);
          outcomes.add('records');
        } catch (error) {
          if (error instanceof ValidationError) return void outcomes.add('refused');
          expect(error).toBeInstanceOf(ApiError);
          expect(error).not.toBeInstanceOf(InvalidResponseError);
          expect((error as ApiError).status).toBeGreaterThanOrEqual(400);
          expect((error as ApiError).status).toBeLessThan(500);
          outcomes.add((error as ApiError).errorCode);
        }
      }),
      { numRuns: 300 },
    );
    expect(outcomes.has('records')).toBe(true);
    expect(outcomes.has('MALFORMED_QUERY')).toBe(true);
  });

  it('soql-escaped literals survive the URL: WHERE Marker__c = s finds the record marked s', async () => {
    const marker = fc.string({ minLength: 1, maxLength: 16, unit: fc.constantFrom("'", '"', '\\', '%', '_', '&', '=', '+', '#', '?', '/', ' ', '\n', '\t', 'a', 'Z', 'é', '😀', '*', ';') });
    await fc.assert(
      fc.asyncProperty(marker, async (value) => {
        const [id] = org.insert('Soak__c', { Name: 'literal', Marker__c: value });
        const rows = await sf.query<{ Id: string; Marker__c: string }>(soql`SELECT Id, Marker__c FROM Soak__c WHERE Marker__c = ${value}`).toArray();
        expect(rows.map((r) => r.Id)).toContain(id);
        for (const row of rows) expect(row.Marker__c.toLowerCase()).toBe(value.toLowerCase());
      }),
      { numRuns: 150 },
    );
  });
});
