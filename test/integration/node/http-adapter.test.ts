/**
 * `nodeHttpAdapter` on real loopback HTTP: first the adapter alone against a small node:http
 * server (what axios hands it and what it must give back), then forcelink's client through it
 * against the emulator — CRUD, query paging, one refresh on 401, retries after resets and 503s,
 * malformed answers, slow-loris timeouts, aborts, resets mid-body, ECONNREFUSED and bounded
 * sockets — with the same outcomes the client has on axios's own adapter.
 */
import axios, { AxiosError, CanceledError, type AxiosAdapter, type AxiosInstance } from 'axios';
import dc from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SalesforceClient } from '../../../src/client.js';
import { AbortError, ApiError, ConnectionError, InvalidResponseError, TimeoutError } from '../../../src/core/errors.js';
import type { TokenSet } from '../../../src/core/types.js';
import { nodeHttpAdapter } from '../../../src/node/index.js';
import { Gate, settle, startReliabilityOrg, tagged, tagHook, until } from '../../reliability/helpers.js';
import { connect, tokenCalls, type Org } from '../helpers.js';

/** An adapter that counts its calls, to prove the requests went through it. */
function counted(adapter: AxiosAdapter): { adapter: AxiosAdapter; calls: () => number } {
  let calls = 0;
  return {
    adapter: (config) => {
      calls++;
      return adapter(config);
    },
    calls: () => calls,
  };
}

/** Server sockets accepted while `count` runs: how many, and the most open at once. */
async function serverConnections(count: () => Promise<unknown>): Promise<{ opened: number; peak: number }> {
  const state = { opened: 0, open: 0, peak: 0 };
  const onSocket = ({ socket }: { socket: Socket }): void => {
    state.opened++;
    state.peak = Math.max(state.peak, ++state.open);
    socket.once('close', () => state.open--);
  };
  dc.subscribe('net.server.socket', onSocket as (message: unknown) => void);
  try {
    await count();
  } finally {
    dc.unsubscribe('net.server.socket', onSocket as (message: unknown) => void);
  }
  return state;
}

const TEXT = 'forcelink '.repeat(200);
const FIXTURES = new URL('../emulator/fixtures/', import.meta.url);

/** The little server the adapter-level tests talk to. */
function route(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const compressed: Record<string, [string, Buffer]> = {
    '/gzip': ['gzip', gzipSync(TEXT)],
    '/deflate': ['deflate', deflateSync(TEXT)],
    '/deflate-raw': ['deflate', deflateRawSync(TEXT)],
    '/br': ['br', brotliCompressSync(TEXT)],
  };
  if (url.pathname === '/echo') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: body.toString('base64') }));
  } else if (url.pathname in compressed) {
    const [encoding, bytes] = compressed[url.pathname]!;
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': encoding });
    res.end(bytes);
  } else if (url.pathname === '/bom') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end('\ufeff{"ok":true}');
  } else if (url.pathname === '/status') {
    const status = Number(url.searchParams.get('code'));
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(status === 204 ? undefined : JSON.stringify([{ errorCode: 'X', message: `status ${status}` }]));
  } else if (url.pathname === '/cut') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
    res.write('{"half":');
    setImmediate(() => res.socket?.destroy());
  } else if (url.pathname === '/hang') {
    // Never answers.
  } else if (url.pathname === '/slow') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => res.write('.'), 10);
    res.on('close', () => clearInterval(timer));
  } else {
    res.writeHead(404);
    res.end();
  }
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function handler(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => route(req, res, Buffer.concat(chunks)));
}

describe('the adapter on its own', () => {
  let server: Server;
  let base: string;
  let http: AxiosInstance;
  beforeAll(async () => {
    server = createServer(handler);
    base = `http://${await listen(server)}`;
    http = axios.create({ adapter: nodeHttpAdapter() });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const echoed = async (request: Parameters<AxiosInstance['request']>[0]) =>
    (await http.request<{ method: string; url: string; headers: Record<string, string>; body: string }>({ url: `${base}/echo`, ...request })).data;

  it('sends the method, the URL with baseURL and params built the axios way, and the headers', async () => {
    const seen = await echoed({ method: 'delete', headers: { 'X-Custom': 'a', 'X-Number': 7 } });
    expect(seen.method).toBe('DELETE');
    expect(seen.url).toBe('/echo');
    expect(seen.headers['x-custom']).toBe('a');
    expect(seen.headers['x-number']).toBe('7');
    expect(seen.headers['user-agent']).toBe(`axios/${axios.VERSION}`);
    expect(seen.headers['accept-encoding']).toBe('gzip, deflate, br');

    const withBase = axios.create({ adapter: nodeHttpAdapter(), baseURL: `${base}/` });
    const params = { q: 'a b', list: [1, 2], skip: undefined };
    const built = (await withBase.get<{ url: string }>('echo', { params })).data;
    expect(`${base}${built.url}`).toBe(axios.getUri({ url: 'echo', baseURL: `${base}/`, params }));
    expect(built.url).toMatch(/^\/echo\?q=a\+b&list/);
    const absolute = (await withBase.get<{ url: string }>(`${base}/echo?x=1`)).data;
    expect(absolute.url).toBe('/echo?x=1');
  });

  it('leaves out a header set to false, and keeps a caller-set User-Agent and Accept-Encoding', async () => {
    const off = await echoed({ headers: { 'User-Agent': false as unknown as string } });
    expect(off.headers['user-agent']).toBeUndefined();
    const own = await echoed({ headers: { 'user-agent': 'mine/1', 'Accept-Encoding': 'identity' } });
    expect(own.headers['user-agent']).toBe('mine/1');
    expect(own.headers['accept-encoding']).toBe('identity');
    const plain = await axios.create({ adapter: nodeHttpAdapter(), decompress: false }).get<{ headers: Record<string, string> }>(`${base}/echo`);
    expect(plain.data.headers['accept-encoding']).toBeUndefined();
  });

  it('sends string, object (JSON), Buffer, Uint8Array and ArrayBuffer bodies with their length', async () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
    const cases: Array<[unknown, Buffer]> = [
      ['héllo', Buffer.from('héllo')],
      [{ a: 1 }, Buffer.from('{"a":1}')],
      [Buffer.from(bytes), Buffer.from(bytes)],
      [bytes, Buffer.from(bytes)],
      [bytes.buffer, Buffer.from(bytes)],
    ];
    for (const [data, expected] of cases) {
      const seen = await echoed({ method: 'post', data });
      expect(Buffer.from(seen.body, 'base64')).toEqual(expected);
      expect(Number(seen.headers['content-length'])).toBe(expected.length);
    }
    const seen = await echoed({ method: 'post', data: 'x', auth: { username: 'u', password: 'p:w' } });
    expect(seen.headers.authorization).toBe(`Basic ${Buffer.from('u:p:w').toString('base64')}`);
  });

  it('refuses bodies it does not send, and options it would otherwise ignore, with AxiosError', async () => {
    const { Readable } = await import('node:stream');
    const stream = await http.post(`${base}/echo`, Readable.from(['a'])).catch((e: unknown) => e);
    expect(stream).toBeInstanceOf(AxiosError);
    expect((stream as AxiosError).code).toBe('ERR_BAD_REQUEST');
    for (const option of [{ responseType: 'stream' as const }, { proxy: { host: '127.0.0.1', port: 9 } }, { socketPath: '/tmp/x.sock' }, { httpVersion: 2 as const }]) {
      const refused = await http.get(`${base}/echo`, option).catch((e: unknown) => e);
      expect((refused as AxiosError).code).toBe('ERR_NOT_SUPPORT');
    }
    const ftp = await http.get('ftp://127.0.0.1/x').catch((e: unknown) => e);
    expect((ftp as AxiosError).code).toBe('ERR_BAD_REQUEST');
  });

  it('reads text, JSON (parsed by axios) and arraybuffer answers, without a BOM', async () => {
    expect((await http.get(`${base}/bom`, { responseType: 'text', transformResponse: (d: unknown) => d })).data).toBe('{"ok":true}');
    expect((await http.get(`${base}/bom`)).data).toEqual({ ok: true });
    const raw = (await http.get<Buffer>(`${base}/bom`, { responseType: 'arraybuffer' })).data;
    expect(Buffer.isBuffer(raw)).toBe(true);
    expect(raw.toString('utf8')).toBe('\ufeff{"ok":true}');
    const latin1 = (await http.get<string>(`${base}/echo`, { responseType: 'text', responseEncoding: 'latin1' })).data;
    expect(latin1.startsWith('{"method":"GET"')).toBe(true);
  });

  it.each(['/gzip', '/deflate', '/deflate-raw', '/br'])('decodes %s bodies and drops the content-encoding header', async (path) => {
    const response = await http.get<string>(`${base}${path}`, { responseType: 'text' });
    expect(response.data).toBe(TEXT);
    expect(response.headers['content-encoding']).toBeUndefined();
    const kept = await http.get<Buffer>(`${base}${path}`, { responseType: 'arraybuffer', decompress: false });
    expect(kept.headers['content-encoding']).toBeDefined();
    expect(kept.data.length).toBeLessThan(TEXT.length);
  });

  it('settles like axios: validateStatus decides, and a refusal carries the response', async () => {
    const notFound = await http.get(`${base}/status?code=404`).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(AxiosError);
    expect((notFound as AxiosError).code).toBe('ERR_BAD_REQUEST');
    expect((notFound as AxiosError).response?.status).toBe(404);
    expect((notFound as AxiosError).response?.data).toEqual([{ errorCode: 'X', message: 'status 404' }]);
    const failed = await http.get(`${base}/status?code=503`).catch((e: unknown) => e);
    expect((failed as AxiosError).code).toBe('ERR_BAD_RESPONSE');
    expect((failed as AxiosError).response?.status).toBe(503);
    const accepted = await http.get(`${base}/status?code=503`, { validateStatus: () => true });
    expect(accepted.status).toBe(503);
    const empty = await http.get(`${base}/status?code=204`, { responseType: 'text' });
    expect([empty.status, empty.data]).toEqual([204, '']);
  });

  it('a signal aborts before and during the exchange with CanceledError', async () => {
    const before = await http.get(`${base}/echo`, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(before).toBeInstanceOf(CanceledError);
    const controller = new AbortController();
    const during = http.get(`${base}/hang`, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 20);
    expect(await during).toBeInstanceOf(CanceledError);
    const body = new AbortController();
    const slow = http.get(`${base}/slow`, { signal: body.signal }).catch((e: unknown) => e);
    setTimeout(() => body.abort(), 50);
    expect(await slow).toBeInstanceOf(CanceledError);
  });

  it('timeout bounds the whole exchange: ECONNABORTED, or ETIMEDOUT when clarified', async () => {
    const hang = await http.get(`${base}/hang`, { timeout: 30 }).catch((e: unknown) => e);
    expect((hang as AxiosError).code).toBe('ECONNABORTED');
    expect((hang as AxiosError).message).toBe('timeout of 30ms exceeded');
    const trickle = await http.get(`${base}/slow`, { timeout: 60, transitional: { clarifyTimeoutError: true }, timeoutErrorMessage: 'too slow' }).catch((e: unknown) => e);
    expect((trickle as AxiosError).code).toBe('ETIMEDOUT');
    expect((trickle as AxiosError).message).toBe('too slow');
  });

  it('an answer cut off mid-body is ERR_BAD_RESPONSE with the response, as axios says it', async () => {
    for (const client of [http, axios.create()]) {
      const error = await client.get(`${base}/cut`, { responseType: 'text', validateStatus: () => true, maxRedirects: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AxiosError);
      expect((error as AxiosError).code).toBe('ERR_BAD_RESPONSE');
      expect((error as AxiosError).response?.status).toBe(200);
    }
  });

  it('network failures carry node’s code', async () => {
    const closed = createServer();
    const address = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const refused = await http.get(`http://${address}/`).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AxiosError);
    expect((refused as AxiosError).code).toBe('ECONNREFUSED');
  });

  it('enforces maxContentLength (also on decoded bodies) and maxBodyLength', async () => {
    const big = await http.get(`${base}/echo`, { maxContentLength: 10 }).catch((e: unknown) => e);
    expect((big as AxiosError).message).toBe('maxContentLength size of 10 exceeded');
    const inflated = await http.get(`${base}/gzip`, { maxContentLength: 100 }).catch((e: unknown) => e);
    expect((inflated as AxiosError).message).toBe('maxContentLength size of 100 exceeded');
    expect((await http.get(`${base}/gzip`, { maxContentLength: TEXT.length })).data).toBe(TEXT);
    const upload = await http.post(`${base}/echo`, 'x'.repeat(11), { maxBodyLength: 10 }).catch((e: unknown) => e);
    expect((upload as AxiosError).code).toBe('ERR_BAD_REQUEST');
  });

  it('keeps connections alive by default, opens one per request with keepAlive: false, and holds maxSockets', async () => {
    const sequential = async (client: AxiosInstance) => {
      for (let i = 0; i < 5; i++) await client.get(`${base}/echo`);
    };
    expect((await serverConnections(() => sequential(axios.create({ adapter: nodeHttpAdapter() })))).opened).toBe(1);
    expect((await serverConnections(() => sequential(axios.create({ adapter: nodeHttpAdapter({ keepAlive: false }) })))).opened).toBe(5);
    const bounded = axios.create({ adapter: nodeHttpAdapter({ maxSockets: 3 }) });
    const burst = await serverConnections(() => Promise.all(Array.from({ length: 30 }, () => bounded.get(`${base}/echo`))));
    expect(burst.opened).toBe(3);
    expect(burst.peak).toBeLessThanOrEqual(3);
  });

  it('speaks HTTPS, checks certificates with its own agent, and uses an httpsAgent from the config', async () => {
    const tls = createTlsServer(
      { key: readFileSync(new URL('test-only-jwt-key.pem', FIXTURES)), cert: readFileSync(new URL('test-only-jwt-cert.pem', FIXTURES)) },
      handler,
    );
    const address = await listen(tls);
    try {
      const untrusted = await http.get(`https://${address}/echo`).catch((e: unknown) => e);
      expect(untrusted).toBeInstanceOf(AxiosError);
      expect((untrusted as AxiosError).code).toMatch(/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/);
      const { Agent } = await import('node:https');
      const trusting = new Agent({ rejectUnauthorized: false });
      const seen = (await http.get<{ method: string }>(`https://${address}/echo`, { httpsAgent: trusting })).data;
      expect(seen.method).toBe('GET');
      trusting.destroy();
    } finally {
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
    }
  });
});

describe('forcelink through the adapter', () => {
  let org: Org;
  let sf: SalesforceClient;
  let calls: () => number;
  let seq = 0;
  const nextTag = () => `a${++seq}`;
  const hits = (tag: string) => org.requests.filter((r) => r.query.rtag === tag);
  const markers = (marker: string) => org.records('Soak__c').filter((r) => r.Marker__c === marker);
  const newRecord = async () => (await sf.sobject('Soak__c').create({ Name: 'seed', Marker__c: `seed-${++seq}` })).id;
  /** A static token for `instanceUrl` that the org accepts. */
  const tokenAt = (instanceUrl: string): TokenSet => {
    const wire = org.issueTokens({ refreshToken: false });
    return { accessToken: wire.access_token, instanceUrl, issuedAt: Date.now(), tokenType: 'Bearer' };
  };
  /** A client through a fresh adapter with a static token, counting attempts; `before` runs ahead of each. */
  const staticClient = (instanceUrl: string, retries: number, before?: (attempt: number) => Promise<void>) => {
    const inner = nodeHttpAdapter();
    let attempts = 0;
    const adapter: AxiosAdapter = async (config) => {
      attempts++;
      await before?.(attempts);
      return inner(config);
    };
    const client = new SalesforceClient({ token: tokenAt(instanceUrl), httpClient: axios.create({ adapter }), retry: { retries, minDelayMs: 1, maxDelayMs: 2 } });
    return { client, attempts: () => attempts };
  };

  beforeAll(async () => {
    org = await startReliabilityOrg();
    const counter = counted(nodeHttpAdapter());
    calls = counter.calls;
    const httpClient = axios.create({ adapter: counter.adapter });
    ({ sf } = await connect(org, { client: { httpClient, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 4 } }, oauth: { httpClient } }));
  });
  afterEach(() => org.faults.clear());
  afterAll(() => org.close());

  it('creates, reads, updates, upserts and deletes, every request through the adapter', async () => {
    const sent = org.requests.length;
    const before = calls();
    const accounts = sf.sobject('Soak__c');
    const { id } = await accounts.create({ Name: 'Acme', Marker__c: 'crud' });
    expect((await accounts.retrieve(id)).Name).toBe('Acme');
    await accounts.update(id, { Name: 'Acme 2' });
    expect((await accounts.retrieve(id, { fields: ['Name'] })).Name).toBe('Acme 2');
    const upserted = await accounts.upsert('Marker__c', 'crud', { Name: 'Acme 3' });
    expect([upserted.id, upserted.created]).toEqual([id, false]);
    await accounts.delete(id);
    expect(org.records('Soak__c').some((r) => r.Id === id)).toBe(false);
    expect(calls() - before).toBe(6);
    expect(org.requests.length - sent).toBe(6);
  });

  it('pages a query to its end', async () => {
    const records = Array.from({ length: 450 }, (_, i) => ({ Name: `P${String(i).padStart(3, '0')}`, Marker__c: `page-${i}` }));
    for (let i = 0; i < records.length; i += 200) await sf.collections.create('Soak__c', records.slice(i, i + 200));
    const pages: number[] = [];
    const names: string[] = [];
    for await (const page of sf.query<{ Name: string }>("SELECT Name FROM Soak__c WHERE Name LIKE 'P%' ORDER BY Name", { batchSize: 200 }).pages()) {
      pages.push(page.records.length);
      names.push(...page.records.map((r) => r.Name));
    }
    expect(pages).toEqual([200, 200, 50]);
    expect(names).toEqual(records.map((r) => r.Name));
  });

  it('refreshes once on 401 for many concurrent calls, the token request through the adapter too', async () => {
    await sf.limits();
    org.expireSessions();
    const tokensBefore = tokenCalls(org);
    const before = calls();
    const sent = org.requests.length;
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => sf.limits()));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(tokenCalls(org) - tokensBefore).toBe(1);
    expect(org.requests.slice(sent).some((r) => r.status === 401)).toBe(true);
    expect(calls() - before).toBe(org.requests.length - sent);
  });

  it.each([
    ['connection reset before processing', { reset: true }],
    ['connection reset after processing', { resetAfterProcessing: true }],
    ['reset halfway through the body', { resetMidBody: true }],
    ['502 from a proxy (HTML)', { status: 502, body: '<html><h1>502 Bad Gateway</h1></html>', contentType: 'text/html' }],
    ['503 SERVER_UNAVAILABLE', { status: 503 }],
    ['429 with Retry-After: 0', { status: 429, headers: { 'Retry-After': '0' } }],
  ])('a GET after %s ×2 succeeds on the third attempt', async (_label, fault) => {
    const id = await newRecord();
    const tag = nextTag();
    org.faults.inject({ path: tagged(tag), times: 2, ...fault });
    expect((await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag) })).Id).toBe(id);
    expect(hits(tag)).toHaveLength(3);
  });

  it.each([
    ['reset before processing', { reset: true }, 0],
    ['reset after processing', { resetAfterProcessing: true }, 1],
    ['reset halfway through the answer', { resetMidBody: true }, 1],
  ])('a create with a %s is not replayed: ConnectionError ECONNRESET, mayHaveBeenApplied', async (_label, fault, stored) => {
    const tag = nextTag();
    const marker = `create-${tag}`;
    org.faults.inject({ path: tagged(tag), method: 'POST', ...fault });
    const error = await sf.sobject('Soak__c').create({ Name: marker, Marker__c: marker }, { hooks: tagHook(tag) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).networkCode).toBe('ECONNRESET');
    expect((error as ConnectionError).mayHaveBeenApplied).toBe(true);
    expect(hits(tag)).toHaveLength(1);
    expect(markers(marker)).toHaveLength(stored);
  });

  it.each([
    ['an HTML error page', { status: 502, body: '<html><body>Bad Gateway</body></html>', contentType: 'text/html' }, InvalidResponseError],
    ['truncated JSON', { truncateBody: 12 }, InvalidResponseError],
    ['an empty 200', { status: 200, body: '' }, InvalidResponseError],
    ['a 200 whose body is an error array', { status: 200, body: [{ message: 'Record is read-only', errorCode: 'ENTITY_IS_LOCKED' }] }, ApiError],
  ])('a malformed answer (%s) is a typed error', async (_label, fault, ErrorClass) => {
    const id = await newRecord();
    const tag = nextTag();
    org.faults.inject({ path: tagged(tag), ...fault });
    const error = await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag), retry: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
  });

  it('a slow-loris body and headers that never come end at timeoutMs with TimeoutError', async () => {
    const id = await newRecord();
    const slow = nextTag();
    org.faults.inject({ path: tagged(slow), slowBody: true, delayMs: 5_000 });
    const trickle = await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(slow), timeoutMs: 150, retry: false }).catch((e: unknown) => e);
    expect(trickle).toBeInstanceOf(TimeoutError);
    expect((trickle as TimeoutError).message).toBe('no complete answer within 150 ms');
    const silent = nextTag();
    org.faults.inject({ path: tagged(silent), delayMs: 5_000, times: Infinity });
    const never = await sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(silent), timeoutMs: 60, retry: { retries: 1 } }).catch((e: unknown) => e);
    expect(never).toBeInstanceOf(TimeoutError);
    const create = nextTag();
    org.faults.inject({ path: tagged(create), method: 'POST', slowBody: true, delayMs: 5_000 });
    const write = await sf.sobject('Soak__c').create({ Name: 's', Marker__c: `slow-${create}` }, { hooks: tagHook(create), timeoutMs: 150 }).catch((e: unknown) => e);
    expect(write).toBeInstanceOf(TimeoutError);
    expect((write as TimeoutError).mayHaveBeenApplied).toBe(true);
    expect(markers(`slow-${create}`)).toHaveLength(1);
  });

  it('an abort mid-request is AbortError; an already-aborted signal sends nothing', async () => {
    const id = await newRecord();
    const tag = nextTag();
    const fault = org.faults.inject({ path: tagged(tag), delayMs: 5_000 });
    const controller = new AbortController();
    const call = settle(sf.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag), signal: controller.signal }));
    await until(() => fault.hits === 1);
    controller.abort();
    const outcome = await call;
    expect(!outcome.ok && outcome.error).toBeInstanceOf(AbortError);
    const before = calls();
    await expect(sf.sobject('Soak__c').retrieve(id, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(calls()).toBe(before);
  });

  it('ECONNREFUSED: a create is retried (never sent) and stored once when the port opens; an update to a closed port is never applied', async () => {
    const gate = await Gate.closed(org);
    try {
      const { client, attempts } = staticClient(gate.url, 3);
      const refused = await client.sobject('Soak__c').update(await newRecord(), { Name: 'never' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConnectionError);
      expect((refused as ConnectionError).networkCode).toBe('ECONNREFUSED');
      expect((refused as ConnectionError).mayHaveBeenApplied).toBe(false);
      expect(attempts()).toBe(4);

      const opening = staticClient(gate.url, 3, async (attempt) => {
        if (attempt === 3) await gate.open();
      });
      const result = await opening.client.sobject('Soak__c').create({ Name: 'refused', Marker__c: 'refused-then-open' });
      expect(opening.attempts()).toBe(3);
      expect(markers('refused-then-open').map((r) => r.Id)).toEqual([result.id]);
    } finally {
      await gate.close();
    }
  });

  it('maxSockets bounds the connections a burst of calls opens', async () => {
    const id = await newRecord();
    const token = tokenAt(org.instanceUrl);
    const tag = nextTag();
    org.faults.inject({ path: tagged(tag), delayMs: 5, times: Infinity });
    const burst = (adapter: AxiosAdapter) => {
      const client = new SalesforceClient({ token, httpClient: axios.create({ adapter }), maxConcurrentRequests: 100 });
      return serverConnections(() => Promise.all(Array.from({ length: 40 }, () => client.sobject('Soak__c').retrieve(id, { hooks: tagHook(tag) }))));
    };
    const bounded = await burst(nodeHttpAdapter({ maxSockets: 4 }));
    expect(bounded.opened).toBe(4);
    expect(bounded.peak).toBeLessThanOrEqual(4);
    expect((await burst(nodeHttpAdapter())).opened).toBeGreaterThan(4);
    expect(hits(tag)).toHaveLength(80);
  });
});
