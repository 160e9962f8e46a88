import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../../src/emulator/index.js';
import { accessToken, rest, startOrg } from './helpers.js';

describe('conditional requests on rows', () => {
  let now = Date.UTC(2025, 5, 1, 12, 0, 0);
  let org: SalesforceEmulator;
  let token: string;
  beforeAll(async () => {
    org = await startOrg({ now: () => now });
    token = accessToken(org);
  });
  afterAll(() => org.close());

  it('Account rows carry an ETag; If-None-Match gives 304, If-Match a 412 once changed', async () => {
    const { body } = await rest(org, token, 'POST', '/sobjects/Account', { Name: 'Tagged' });
    const first = await rest(org, token, 'GET', `/sobjects/Account/${body.id}`);
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^"[A-Za-z0-9+/]+=*-gzip"$/);
    expect((await rest(org, token, 'GET', `/sobjects/Account/${body.id}`, undefined, { 'If-None-Match': etag })).status).toBe(304);
    expect((await rest(org, token, 'PATCH', `/sobjects/Account/${body.id}`, { Name: 'v2' }, { 'If-Match': etag })).status).toBe(204);
    const stale = await rest(org, token, 'PATCH', `/sobjects/Account/${body.id}`, { Name: 'v3' }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body[0].errorCode).toBe('PRECONDITION_FAILED');
    expect(org.records('Account').find((r) => r.Id === body.id)?.Name).toBe('v2');
    const contact = await rest(org, token, 'POST', '/sobjects/Contact', { LastName: 'x' });
    expect((await rest(org, token, 'GET', `/sobjects/Contact/${contact.body.id}`)).headers.get('etag')).toBeNull();
  });

  it('If-Modified-Since and If-Unmodified-Since compare with LastModifiedDate', async () => {
    const { body } = await rest(org, token, 'POST', '/sobjects/Lead', { LastName: 'x', Company: 'y' });
    const at = new Date(now).toUTCString();
    expect((await rest(org, token, 'GET', `/sobjects/Lead/${body.id}`, undefined, { 'If-Modified-Since': at })).status).toBe(304);
    now += 5000;
    await rest(org, token, 'PATCH', `/sobjects/Lead/${body.id}`, { Title: 'changed' });
    expect((await rest(org, token, 'GET', `/sobjects/Lead/${body.id}`, undefined, { 'If-Modified-Since': at })).status).toBe(200);
    expect((await rest(org, token, 'DELETE', `/sobjects/Lead/${body.id}`, undefined, { 'If-Unmodified-Since': at })).status).toBe(412);
    expect((await rest(org, token, 'PATCH', `/sobjects/Lead/${body.id}`, { Title: 'x' }, { 'If-Unmodified-Since': 'yesterday' })).status).toBe(400);
    expect((await rest(org, token, 'DELETE', `/sobjects/Lead/${body.id}`, undefined, { 'If-Unmodified-Since': new Date(now).toUTCString() })).status).toBe(204);
  });
});
