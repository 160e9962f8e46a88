/**
 * Malformed answers become typed errors, never a crash or a silently wrong result; slow-loris
 * answers end at `timeoutMs` with TimeoutError.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceClient } from '../../src/client.js';
import { ApiError, ConnectionError, ForcelinkError, InvalidResponseError, TimeoutError } from '../../src/core/errors.js';
import type { FaultSpec } from '../../src/emulator/faults.js';
import { connect, type Org } from '../integration/helpers.js';
import { startReliabilityOrg, tagged, tagHook } from './helpers.js';

let org: Org;
let sf: SalesforceClient;
let id: string;
let seq = 0;

beforeAll(async () => {
  org = await startReliabilityOrg();
  ({ sf } = await connect(org, { client: { retry: false } }));
  id = (await sf.sobject('Soak__c').create({ Name: 'target', Marker__c: 'target' })).id;
});
afterEach(() => org.faults.clear());
afterAll(() => org.close());

const HTML_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>';
const PORTAL = '<html><body><form action="/login">Sign in to continue</form></body></html>';

/**
 * Each malformed answer: the fault, the error class the client must raise, and whether a write
 * answered so may have been applied (only a 4xx refusal proves it was not).
 */
const MALFORMED: Array<[string, FaultSpec, new (...args: never[]) => ForcelinkError, boolean]> = [
  ['HTML error page from a proxy (502)', { status: 502, body: HTML_PAGE, contentType: 'text/html' }, InvalidResponseError, true],
  ['HTML error page from a proxy (500)', { status: 500, body: HTML_PAGE, contentType: 'text/html; charset=utf-8' }, InvalidResponseError, true],
  ['captive-portal HTML page with 200', { status: 200, body: PORTAL, contentType: 'text/html' }, InvalidResponseError, true],
  ['processed answer cut to truncated JSON', { truncateBody: 12 }, InvalidResponseError, true],
  ['injected truncated JSON', { status: 200, body: '{"attributes":{"type":"So', contentType: 'application/json' }, InvalidResponseError, true],
  ['empty body with 200', { status: 200, body: '' }, InvalidResponseError, true],
  ['empty JSON object with 200', { status: 200, body: {} }, InvalidResponseError, true],
  ['JSON labelled text/html', { contentType: 'text/html' }, InvalidResponseError, true],
  ['plain text with 200', { status: 200, body: 'OK', contentType: 'text/plain' }, InvalidResponseError, true],
  ['a 200 whose body is an error array', { status: 200, body: [{ message: 'Record is read-only', errorCode: 'ENTITY_IS_LOCKED' }] }, ApiError, true],
  ['JSON null with 200', { status: 200, body: 'null', contentType: 'application/json' }, InvalidResponseError, true],
  ['a JSON string with 200', { status: 200, body: '"ok"', contentType: 'application/json' }, InvalidResponseError, true],
  ['an error status with an empty body', { status: 500, body: '' }, InvalidResponseError, true],
  ['an error status with a non-array JSON body', { status: 400, body: { error: 'weird' } }, InvalidResponseError, false],
  ['connection dropped halfway through the body', { resetMidBody: true }, ConnectionError, true],
];

describe('malformed answers are typed errors', () => {
  const operations: Array<[string, string, (tag: string) => Promise<unknown>]> = [
    ['create', 'POST', (tag) => sf.sobject('Soak__c').create({ Name: 'm', Marker__c: `m-${tag}` }, { hooks: tagHook(tag) })],
    ['retrieve', 'GET', (tag) => sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag) })],
    ['query', 'GET', (tag) => sf.query('SELECT Id FROM Soak__c', { hooks: tagHook(tag) }).toArray()],
    ['upsert', 'PATCH', (tag) => sf.sobject('Soak__c').upsert('Marker__c', `u-${tag}`, { Name: 'u' }, { hooks: tagHook(tag) })],
  ];
  for (const [label, fault, ErrorClass, writeMayHaveBeenApplied] of MALFORMED) {
    it.each(operations)(`${label}: %s`, async (_op, method, run) => {
      const tag = `mal${++seq}`;
      org.faults.inject({ path: tagged(tag), method, ...fault });
      const error = await run(tag).then(
        (value) => ({ unexpected: value }),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ErrorClass);
      expect(ForcelinkError.is(error)).toBe(true);
      expect((error as ForcelinkError).message).not.toMatch(/undefined|TypeError|Cannot read/);
      if (method !== 'GET') expect((error as { mayHaveBeenApplied?: boolean }).mayHaveBeenApplied).toBe(writeMayHaveBeenApplied);
    });
  }

  it('JSON labelled text/plain is read as JSON: the right result, not an error', async () => {
    const tag = `mal${++seq}`;
    org.faults.inject({ path: tagged(tag), contentType: 'text/plain' });
    const record = await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag) });
    expect(record.Id).toBe(id);
    expect(record.Marker__c).toBe('target');
  });

  it('a raw request gets plain text as text (an Apex REST method may answer so), but never an HTML page', async () => {
    for (const headers of [{}, { Accept: 'text/plain' }] as Array<Record<string, string>>) {
      const tag = `mal${++seq}`;
      org.faults.inject({ path: tagged(tag), status: 200, body: 'plain words', contentType: 'text/plain' });
      expect(await sf.request({ url: '/services/data/v62.0/limits/', headers }, { hooks: tagHook(tag) })).toBe('plain words');
    }
    const tag = `mal${++seq}`;
    org.faults.inject({ path: tagged(tag), status: 200, body: PORTAL, contentType: 'text/html' });
    await expect(sf.request({ url: '/services/data/v62.0/limits/' }, { hooks: tagHook(tag) })).rejects.toBeInstanceOf(InvalidResponseError);
    const asked = `mal${++seq}`;
    org.faults.inject({ path: tagged(asked), status: 200, body: PORTAL, contentType: 'text/html' });
    expect(await sf.request({ url: '/services/data/v62.0/limits/', headers: { Accept: 'text/html' } }, { hooks: tagHook(asked) })).toBe(PORTAL);
  });

  it('any body with any content type: a well-shaped record or a typed error, never a crash', async () => {
    const bodies = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.json({ maxDepth: 3 }),
      fc.constantFrom('<html>', '{"Id":', '[{"errorCode":"X"}]', '[]', '{}', 'null', '\u0000', '\ufeff{}'),
      fc.json({ maxDepth: 2 }).chain((j) => fc.nat(j.length).map((n) => j.slice(0, n))),
    );
    const types = fc.constantFrom('application/json', 'application/json;charset=UTF-8', 'text/html', 'text/plain', 'application/xml', '');
    await fc.assert(
      fc.asyncProperty(bodies, types, fc.constantFrom(200, 201, 203), async (body, contentType, status) => {
        const tag = `fuzz${++seq}`;
        org.faults.inject({ path: tagged(tag), status, body, ...(contentType ? { contentType } : {}) });
        try {
          const record = await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag) });
          expect(typeof record === 'object' && record !== null && !Array.isArray(record)).toBe(true);
        } catch (error) {
          expect(ForcelinkError.is(error)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('slow-loris answers end at timeoutMs', () => {
  it('a body trickling in for longer than timeoutMs is TimeoutError', async () => {
    const tag = `slow${++seq}`;
    org.faults.inject({ path: tagged(tag), slowBody: true, delayMs: 5_000 });
    const error = await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag), timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe('no complete answer within 150 ms');
  });

  it('headers that never come are TimeoutError too; with retries the last attempt times out as well', async () => {
    const tag = `slow${++seq}`;
    org.faults.inject({ path: tagged(tag), delayMs: 5_000, times: Infinity });
    const error = await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag), timeoutMs: 60, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('a slow create is TimeoutError that says it may have been applied', async () => {
    const tag = `slow${++seq}`;
    org.faults.inject({ path: tagged(tag), method: 'POST', slowBody: true, delayMs: 5_000 });
    const error = await sf.sobject('Soak__c').create({ Name: 's', Marker__c: `slow-${tag}` }, { hooks: tagHook(tag), timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).mayHaveBeenApplied).toBe(true);
    expect(org.records('Soak__c').filter((r) => r.Marker__c === `slow-${tag}`)).toHaveLength(1);
  });
});
