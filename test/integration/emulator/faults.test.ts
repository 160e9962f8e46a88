import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../../src/emulator/index.js';
import { accessToken, rest, startOrg, V } from './helpers.js';

describe('fault injection', () => {
  let org: SalesforceEmulator;
  let token: string;
  beforeAll(async () => {
    org = await startOrg();
    token = accessToken(org);
  });
  afterEach(() => org.faults.clear());
  afterAll(() => org.close());

  it('answers an injected status with Salesforce\'s body, once by default', async () => {
    const fault = org.faults.inject({ path: '/limits', status: 401 });
    const first = await rest(org, token, 'GET', '/limits');
    expect(first.status).toBe(401);
    expect(first.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    expect(fault.hits).toBe(1);
    expect((await rest(org, token, 'GET', '/limits')).status).toBe(200);
    expect(org.faults.pending).toBe(0);
  });

  it('matches method and RegExp, counts times, and sends a custom body, headers and content type', async () => {
    org.faults.inject({ path: /\/sobjects\/Lead$/, method: 'post', status: 503, body: '<html>down</html>', contentType: 'text/html', headers: { 'Retry-After': '1' }, times: 2 });
    expect((await rest(org, token, 'GET', '/sobjects/Lead')).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${org.instanceUrl}/services/data/v${V}/sobjects/Lead`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}',
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('text/html');
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.text()).toBe('<html>down</html>');
    }
    expect(org.faults.pending).toBe(0);
  });

  it('resets the connection before processing: nothing is stored', async () => {
    org.faults.inject({ path: '/sobjects/Account', method: 'POST', reset: true });
    await expect(rest(org, token, 'POST', '/sobjects/Account', { Name: 'Lost' })).rejects.toThrow();
    expect(org.records('Account').filter((r) => r.Name === 'Lost')).toHaveLength(0);
  });

  it('resets the connection after processing: the record exists although the client saw an error', async () => {
    org.faults.inject({ path: '/sobjects/Account', method: 'POST', resetAfterProcessing: true });
    await expect(rest(org, token, 'POST', '/sobjects/Account', { Name: 'Ghost' })).rejects.toThrow();
    expect(org.records('Account').filter((r) => r.Name === 'Ghost')).toHaveLength(1);
    const entry = org.requests.at(-1);
    expect(entry).toMatchObject({ method: 'POST', path: `/services/data/v${V}/sobjects/Account`, status: 0 });
  });

  it('delays an answer and trickles a slow body', async () => {
    org.faults.inject({ path: '/limits', delayMs: 30 });
    expect((await rest(org, token, 'GET', '/limits')).status).toBe(200);
    org.faults.inject({ path: '/limits', slowBody: true, delayMs: 100 });
    const chunks = await new Promise<number>((resolve, reject) => {
      const req = request(`${org.instanceUrl}/services/data/v${V}/limits`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        let count = 0;
        res.on('data', () => count++);
        res.on('end', () => resolve(count));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    expect(chunks).toBeGreaterThan(1);
  });

  it('faults also hit the OAuth endpoints', async () => {
    org.faults.inject({ path: '/services/oauth2/token', status: 400, body: { error: 'invalid_grant', error_description: 'ip restricted' } });
    const res = await fetch(`${org.loginUrl}/services/oauth2/token`, { method: 'POST', body: 'grant_type=password' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_grant', error_description: 'ip restricted' });
  });

  it('a handle removes its fault', async () => {
    const fault = org.faults.inject({ status: 500, times: Infinity });
    fault.remove();
    expect((await rest(org, token, 'GET', '/limits')).status).toBe(200);
  });
});

describe('request log', () => {
  it('records method, path, query, headers, body, status and time; bounded', async () => {
    const org = await startOrg({ requestLogLimit: 3 });
    try {
      const token = accessToken(org);
      await rest(org, token, 'POST', '/sobjects/Account', { Name: 'Logged' });
      const [entry] = org.requests;
      expect(entry).toMatchObject({
        method: 'POST', path: `/services/data/v${V}/sobjects/Account`, query: {}, body: '{"Name":"Logged"}', status: 201,
        headers: expect.objectContaining({ authorization: `Bearer ${token}`, 'content-type': 'application/json' }),
      });
      expect(entry!.time).toBeGreaterThan(0);
      for (let i = 0; i < 4; i++) await rest(org, token, 'GET', `/limits?n=${i}`);
      expect(org.requests.map((r) => r.query.n)).toEqual(['1', '2', '3']);
      org.clearRequests();
      expect(org.requests).toEqual([]);
    } finally {
      await org.close();
    }
  });
});
