import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../../src/emulator/index.js';
import { accessToken, rest, startOrg } from './helpers.js';

describe('Apex REST', () => {
  let org: SalesforceEmulator;
  let token: string;
  beforeAll(async () => {
    org = await startOrg();
    token = accessToken(org);
  });
  afterAll(() => org.close());

  const apex = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${org.instanceUrl}/services/apexrest${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('answers registered handlers with their status, body and headers, counted as API calls', async () => {
    const seen: unknown[] = [];
    org.apex.register('POST', '/Tickets/*', (req) => {
      seen.push(req);
      return { status: 201, body: { created: req.path, got: req.body }, headers: { 'X-Ticket': '7' } };
    });
    org.apex.register('GET', '/Tickets/special', () => ({ body: 'exact mapping wins' }));
    org.apex.register('GET', '/Tickets/*', async (req) => ({ body: { id: req.path.split('/')[2], q: req.params.q } }));
    const used = org.apiUsage.used;
    const post = await apex('POST', '/Tickets/new', { subject: 'hi' });
    expect(post.status).toBe(201);
    expect(post.headers.get('x-ticket')).toBe('7');
    expect(post.headers.get('sforce-limit-info')).toMatch(/^api-usage=/);
    expect(await post.json()).toEqual({ created: '/Tickets/new', got: { subject: 'hi' } });
    expect(seen[0]).toMatchObject({ method: 'POST', userId: org.userId, headers: { 'content-type': 'application/json' } });
    expect((seen[0] as { headers: Record<string, string> }).headers.authorization).toBeUndefined();
    expect(await (await apex('GET', '/Tickets/42?q=x')).json()).toEqual({ id: '42', q: 'x' });
    const exact = await apex('GET', '/Tickets/special');
    expect(exact.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await exact.text()).toBe('exact mapping wins');
    expect(org.apiUsage.used).toBe(used + 3);
  });

  it('404 for unmapped URLs, 405 for unmapped methods, 500 APEX_ERROR for throwing handlers, 401 without a session', async () => {
    const missing = await apex('GET', '/Nothing/here');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual([{ message: 'Could not find a match for URL /Nothing/here', errorCode: 'NOT_FOUND' }]);
    const off = org.apex.register('PUT', '/Only/put', () => ({ status: 204 }));
    const wrong = await apex('DELETE', '/Only/put');
    expect(wrong.status).toBe(405);
    expect((await wrong.json())[0].errorCode).toBe('METHOD_NOT_ALLOWED');
    expect((await apex('PUT', '/Only/put', {})).status).toBe(204);
    off();
    expect((await apex('PUT', '/Only/put', {})).status).toBe(404);
    org.apex.register('PATCH', '/Broken', () => {
      throw new TypeError('boom');
    });
    const broken = await apex('PATCH', '/Broken', {});
    expect(broken.status).toBe(500);
    expect((await broken.json())[0]).toMatchObject({ errorCode: 'APEX_ERROR', message: expect.stringContaining('System.TypeError: boom') });
    const anonymous = await fetch(`${org.instanceUrl}/services/apexrest/Tickets/1`);
    expect(anonymous.status).toBe(401);
    expect(() => org.apex.register('GET', 'no-slash', () => ({}))).toThrow();
  });
});

describe('getUpdated / getDeleted', () => {
  const start = Date.UTC(2025, 2, 10, 9, 0, 0);
  let now = start;
  let org: SalesforceEmulator;
  let token: string;
  beforeAll(async () => {
    org = await startOrg({ now: () => now });
    token = accessToken(org);
  });
  afterAll(() => org.close());

  const iso = (ms: number) => new Date(ms).toISOString();
  const window = (kind: string, from: number, to: number) =>
    rest(org, token, 'GET', `/sobjects/Account/${kind}/?start=${encodeURIComponent(iso(from))}&end=${encodeURIComponent(iso(to))}`);

  it('lists IDs changed and deleted in the window, seconds ignored', async () => {
    now = start + 5 * 60_000 + 30_000;
    const [a, b] = org.insert('Account', [{ Name: 'Rep A' }, { Name: 'Rep B' }]);
    now = start + 20 * 60_000;
    await rest(org, token, 'DELETE', `/sobjects/Account/${b}`);
    now = start + 60 * 60_000;
    const updated = await window('updated', start, start + 10 * 60_000 + 59_000);
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ ids: [a], latestDateCovered: '2025-03-10T09:10:00.000+0000' });
    expect((await window('updated', start + 6 * 60_000, start + 30 * 60_000)).body.ids).toEqual([]);
    const deleted = await window('deleted', start, start + 2 * 60 * 60_000);
    expect(deleted.body).toEqual({
      deletedRecords: [{ id: b, deletedDate: '2025-03-10T09:20:00.000+0000' }],
      earliestDateAvailable: '2025-03-10T09:00:00.000+0000',
      latestDateCovered: '2025-03-10T10:00:00.000+0000',
    });
  });

  it('refuses reversed, sub-minute, too old and unreadable windows', async () => {
    const bad = async (response: Promise<{ status: number; body: Array<{ errorCode: string }> }>, code: string) => {
      const res = await response;
      expect([res.status, res.body[0]?.errorCode]).toEqual([400, code]);
    };
    await bad(window('updated', start + 60_000, start), 'INVALID_REPLICATION_DATE');
    await bad(window('deleted', start + 10_000, start + 50_000), 'INVALID_REPLICATION_DATE');
    await bad(window('updated', start - 31 * 24 * 3600_000, start), 'INVALID_REPLICATION_DATE');
    await bad(rest(org, token, 'GET', '/sobjects/Account/updated/?start=yesterday&end=today'), 'INVALID_REPLICATION_DATE');
    await bad(rest(org, token, 'GET', '/sobjects/Account/updated/'), 'MISSING_ARGUMENT');
    expect((await rest(org, token, 'GET', `/sobjects/Nope__c/updated/?start=${iso(start)}&end=${iso(start + 3600_000)}`)).status).toBe(404);
  });
});
