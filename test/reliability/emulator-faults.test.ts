import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Org } from '../integration/helpers.js';
import { startReliabilityOrg } from './helpers.js';

/** The new fault kinds at the wire, without the client in between. */
let org: Org;
let token: string;
beforeAll(async () => {
  org = await startReliabilityOrg();
  token = org.issueTokens().access_token;
});
afterEach(() => org.faults.clear());
afterAll(() => org.close());

const create = (marker: string) =>
  fetch(`${org.instanceUrl}/services/data/v62.0/sobjects/Soak__c/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ Name: marker, Marker__c: marker }),
  });
const stored = (marker: string) => org.records('Soak__c').filter((r) => r.Marker__c === marker).length;

describe('fault kinds added for the reliability suite', () => {
  it('afterProcessing: the record is stored, then the injected status and body are sent', async () => {
    org.faults.inject({ path: '/sobjects/Soak__c', method: 'POST', afterProcessing: true, status: 504, body: '<html>Gateway Timeout</html>', contentType: 'text/html' });
    const res = await create('after-504');
    expect(res.status).toBe(504);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toBe('<html>Gateway Timeout</html>');
    expect(stored('after-504')).toBe(1);
  });

  it('a status without afterProcessing still answers instead of processing', async () => {
    org.faults.inject({ path: '/sobjects/Soak__c', method: 'POST', status: 503 });
    expect((await create('refused-503')).status).toBe(503);
    expect(stored('refused-503')).toBe(0);
  });

  it('truncateBody cuts the processed answer with a matching Content-Length', async () => {
    org.faults.inject({ path: '/sobjects/Soak__c', method: 'POST', truncateBody: 9 });
    const res = await create('cut');
    expect(res.status).toBe(201);
    expect(res.headers.get('content-length')).toBe('9');
    expect(await res.text()).toBe('{"id":"a0');
    expect(stored('cut')).toBe(1);
  });

  it('resetMidBody sends the headers and half the body, then drops the connection', async () => {
    org.faults.inject({ path: '/sobjects/Soak__c', method: 'POST', resetMidBody: true });
    const outcome = await new Promise<{ status: number; received: number; error: string }>((resolve) => {
      const req = request(`${org.instanceUrl}/services/data/v62.0/sobjects/Soak__c/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      }, (res) => {
        let received = 0;
        res.on('data', (chunk: Buffer) => (received += chunk.length));
        res.on('error', (error) => resolve({ status: res.statusCode ?? 0, received, error: error.message }));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, received, error: '' }));
      });
      req.on('error', (error) => resolve({ status: 0, received: 0, error: error.message }));
      req.end(JSON.stringify({ Name: 'mid', Marker__c: 'mid' }));
    });
    expect(outcome.status).toBe(201);
    expect(outcome.error).not.toBe('');
    expect(outcome.received).toBeGreaterThan(0);
    expect(stored('mid')).toBe(1);
  });

  it('refuses inconsistent specs', () => {
    expect(() => org.faults.inject({ truncateBody: -1 })).toThrow(RangeError);
    expect(() => org.faults.inject({ truncateBody: 1.5 })).toThrow(RangeError);
    expect(() => org.faults.inject({ afterProcessing: true })).toThrow(RangeError);
    expect(org.faults.pending).toBe(0);
  });
});
