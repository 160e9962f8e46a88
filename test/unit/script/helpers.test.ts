import { createHmac, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiError, ScriptError, ScriptTimeoutError } from '../../../src/core/errors.js';
import { MemoryScriptStorage } from '../../../src/script/index.js';
import { actionContext, recordingEnv } from './context.js';
import { useScripts } from './scripts.js';

const compile = useScripts();

describe('http_request', () => {
  it('is synchronous inside the script and goes through env.httpRequest', async () => {
    const env = recordingEnv((request) => ({
      status_code: 200,
      headers: { 'content-type': 'application/json' },
      content: { echo: request.url, n: Number(request.parameters?.n ?? 0) },
    }));
    const script = await compile(`function after_action() {
      var first = http_request({ method: 'GET', url: '/services/data/v62.0/limits', parameters: { n: 1 }, headers: { Accept: 'application/json' } });
      var second = http_request({ method: 'post', url: 'https://example.test/hook', data: JSON.stringify({ id: first.content.n }) });
      method_response = { first: first, second: second.content, status: second.status_code };
      return true;
    }`);
    const ctx = actionContext();
    await script.afterAction?.(ctx, env);
    expect(env.requests).toEqual([
      { method: 'GET', url: '/services/data/v62.0/limits', parameters: { n: '1' }, headers: { Accept: 'application/json' } },
      { method: 'POST', url: 'https://example.test/hook', data: '{"id":1}' },
    ]);
    expect(ctx.response).toEqual({
      first: { status_code: 200, headers: { 'content-type': 'application/json' }, content: { echo: '/services/data/v62.0/limits', n: 1 } },
      second: { echo: 'https://example.test/hook', n: 0 },
      status: 200,
    });
  });

  it('replaces method_response with a fetched body (Cyclr\'s webhook enrichment example)', async () => {
    const env = recordingEnv(() => ({ status_code: 200, headers: {}, content: { Id: '001', Name: 'Acme' } }));
    const script = await compile(`function after_action() {
      method_response = http_request({ method: 'GET', url: method_response.api_url, headers: { Accept: 'application/json' } }).content;
      return true;
    }`);
    const ctx = actionContext({ response: { api_url: '/services/data/v62.0/sobjects/Account/001' } });
    await script.afterAction?.(ctx, env);
    expect(ctx.response).toEqual({ Id: '001', Name: 'Acme' });
  });

  it('throws inside the script when the request fails; the script may catch it', async () => {
    const env = recordingEnv(() => {
      throw new ApiError('Session expired for Bearer 00Dxx0000001gPL!AQ4AQSecretSession', { status: 401, errors: [] });
    });
    const script = await compile(`function before_action() {
      try { http_request({ url: '/x' }); } catch (e) { method_response = { caught: e.message, isError: e instanceof Error }; }
      return true;
    }`);
    const ctx = actionContext();
    await script.beforeAction?.(ctx, env);
    const response = ctx.response as { caught: string; isError: boolean };
    expect(response.isError).toBe(true);
    expect(response.caught).toMatch(/^Session expired for Bearer \[REDACTED\]/);
    expect(response.caught).not.toMatch(/AQ4AQ/);
  });

  it('fails the call with the request error when the script does not catch it', async () => {
    const script = await compile("function before_action() { http_request('not an object'); return true; }");
    await expect(script.beforeAction?.(actionContext(), recordingEnv())).rejects.toThrow(/http_request expects an object/);
  });

  it('counts time spent waiting on the host against the time limit, and recovers', async () => {
    const slow = recordingEnv(() => new Promise((resolve) => setTimeout(() => resolve({ status_code: 200, headers: {}, content: {} }), 2000)));
    const script = await compile("function before_action() { http_request({ url: '/slow' }); return true; }", { timeoutMs: 200 });
    const error = await script.beforeAction?.(actionContext(), slow).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScriptTimeoutError);
    const fast = recordingEnv();
    await expect(script.beforeAction?.(actionContext(), fast)).resolves.toBe(true);
    expect(fast.requests).toHaveLength(1);
  });

  it('is unavailable when the hook was called without an environment', async () => {
    const script = await compile("function before_action() { http_request({ url: '/x' }); return true; }");
    const call = script.beforeAction as (ctx: unknown) => Promise<boolean>;
    await expect(call(actionContext())).rejects.toThrow(ScriptError);
  });
});

describe('cyclr_sign, btoa, atob, cyclr_csv_parse inside the script', () => {
  it('signs like node:crypto (Base64) and encodes with charsets', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const script = await compile(
      `function before_action() {
        method_response = {
          sha1: cyclr_sign('HMAC-SHA1', 'This is the signing key.', 'This is the string to sign.'),
          sha256: cyclr_sign('HMAC-SHA256', 'k', 'v'),
          sha512: cyclr_sign('HMAC-SHA512', 'k', 'v'),
          rsa: cyclr_sign('RSA-SHA256', script_parameters.pem, 'payload'),
          b64: btoa('apple pie'),
          ascii: atob('SD9sbD8gVz9ybGQ=', 'ascii'),
          utf8: atob('SMSVbGzFjSBXxY1ybGQ='),
          latin1: btoa('café', 'ISO-8859-1'),
          utf16: btoa('A', 'UTF-16LE'),
        };
        return true;
      }`,
      { scriptParameters: { pem } },
    );
    const ctx = actionContext();
    await script.beforeAction?.(ctx, recordingEnv());
    const r = ctx.response as Record<string, string>;
    expect(r.sha1).toBe(createHmac('sha1', 'This is the signing key.').update('This is the string to sign.').digest('base64'));
    expect(r.sha256).toBe(createHmac('sha256', 'k').update('v').digest('base64'));
    expect(r.sha512).toBe(createHmac('sha512', 'k').update('v').digest('base64'));
    expect(verify('sha256', Buffer.from('payload'), publicKey, Buffer.from(r.rsa ?? '', 'base64'))).toBe(true);
    expect(r.b64).toBe('YXBwbGUgcGll');
    expect(r.ascii).toBe('H?ll? W?rld');
    expect(r.utf8).toBe('Hĕllō Wōrld');
    expect(r.latin1).toBe(Buffer.from('café', 'latin1').toString('base64'));
    expect(r.utf16).toBe('QQA=');
  });

  it('raises helper errors as catchable script errors', async () => {
    const script = await compile(`function before_action() {
      var out = [];
      try { atob('***'); } catch (e) { out.push(e.message); }
      try { btoa('x', 'EBCDIC'); } catch (e) { out.push(e.message); }
      try { cyclr_sign('MD5', 'k', 'v'); } catch (e) { out.push(e.message); }
      method_response = out;
      return true;
    }`);
    const ctx = actionContext();
    await script.beforeAction?.(ctx, recordingEnv());
    expect(ctx.response).toEqual([
      'atob: the input is not valid Base64',
      'unsupported charset "EBCDIC"',
      'cyclr_sign: unsupported algorithm "MD5"',
    ]);
  });

  it('parses CSV with and without a header', async () => {
    const script = await compile(`function after_action() {
      method_response = {
        plain: cyclr_csv_parse('1,2,3\\na,b,c', ',', false),
        header: cyclr_csv_parse('Id;Name\\n001;"Acme; Inc"', ';', true),
        defaults: cyclr_csv_parse('x,y'),
      };
      return true;
    }`);
    const ctx = actionContext();
    await script.afterAction?.(ctx, recordingEnv());
    expect(ctx.response).toEqual({
      plain: [
        { Field1: '1', Field2: '2', Field3: '3' },
        { Field1: 'a', Field2: 'b', Field3: 'c' },
      ],
      header: [{ Id: '001', Name: 'Acme; Inc' }],
      defaults: [{ Field1: 'x', Field2: 'y' }],
    });
  });
});

describe('helper globals', () => {
  it('can be replaced or redeclared by the script without affecting the others', async () => {
    const script = await compile(`
      var btoa = function () { return 'mine'; };
      function cyclr_sign() { return 'my signature'; }
      function before_action() {
        console = { log: function () { method_request_headers.logged = 'yes'; } };
        console.log('x');
        method_response = [btoa('x'), atob('eA=='), cyclr_sign(), typeof cyclr_csv_parse, typeof http_request];
        return true;
      }`);
    const ctx = actionContext();
    await script.beforeAction?.(ctx, recordingEnv());
    expect(ctx.response).toEqual(['mine', 'x', 'my signature', 'function', 'function']);
    expect(ctx.requestHeaders.logged).toBe('yes');
  });

  it('are plain functions once touched', async () => {
    const script = await compile(`function before_action() {
      var before = Object.getOwnPropertyDescriptor(globalThis, 'atob');
      var kind = typeof atob;
      var after = Object.getOwnPropertyDescriptor(globalThis, 'atob');
      method_response = [typeof before.get, kind, typeof after.value, after.writable, Object.keys(globalThis).indexOf('atob')];
      return true;
    }`);
    const ctx = actionContext();
    await script.beforeAction?.(ctx, recordingEnv());
    expect(ctx.response).toEqual(['function', 'function', 'function', true, -1]);
  });
});

describe('cyclr_storage_*', () => {
  it('keeps data between calls and exposes every operation', async () => {
    const storage = new MemoryScriptStorage();
    const script = await compile(
      `function after_action() {
        cyclr_storage_set('pageNumber', method_response.page);
        return true;
      }
      function before_action() {
        method_request.page = (+cyclr_storage_get('pageNumber') + 1);
        cyclr_storage_set('obj', { a: 1 });
        cyclr_storage_append('log', 'x');
        var log = cyclr_storage_append('log', 'y');
        var up = cyclr_storage_increment('count', 5);
        var down = cyclr_storage_decrement('count');
        var byTwo = cyclr_storage_decrement('count', 2);
        var unit = cyclr_storage_increment('units');
        cyclr_storage_delete('units');
        method_response = {
          missing: cyclr_storage_get('missing'), obj: cyclr_storage_get('obj'), log: log,
          counts: [up, down, byTwo, unit], keys: cyclr_storage_list_keys(), values: cyclr_storage_list_values(),
        };
        cyclr_storage_delete_all();
        method_response.after = cyclr_storage_list_keys();
        return true;
      }`,
      { storage },
    );
    const first = actionContext({ response: { page: 3 } });
    await script.afterAction?.(first, recordingEnv());
    expect(await storage.get('pageNumber')).toBe('3');
    const second = actionContext({ request: {} });
    await script.beforeAction?.(second, recordingEnv());
    expect(second.request).toEqual({ page: 4 });
    expect(second.response).toEqual({
      missing: null,
      obj: '{"a":1}',
      log: 'xy',
      counts: [5, 4, 2, 1],
      keys: ['pageNumber', 'obj', 'log', 'count'],
      values: ['3', '{"a":1}', 'xy', '2'],
      after: [],
    });
  });

  it('uses a fresh in-memory store per script by default', async () => {
    const source = `function before_action() { method_response = cyclr_storage_increment('n'); return true; }`;
    const a = await compile(source);
    const b = await compile(source);
    for (const expected of [1, 2]) {
      const ctx = actionContext();
      await a.beforeAction?.(ctx, recordingEnv());
      expect(ctx.response).toBe(expected);
    }
    const ctx = actionContext();
    await b.beforeAction?.(ctx, recordingEnv());
    expect(ctx.response).toBe(1);
  });

  it('reports store errors inside the script', async () => {
    const script = await compile(
      `function before_action() {
        try { cyclr_storage_set('big', 'x'.repeat(100)); } catch (e) { method_response = e.message; }
        return true;
      }`,
      { storage: new MemoryScriptStorage({ maxBytes: 10 }) },
    );
    const ctx = actionContext();
    await script.beforeAction?.(ctx, recordingEnv());
    expect(ctx.response).toBe('cyclr_storage: the store is full (10 bytes)');
  });
});

describe('console', () => {
  it('sends each line to the logger, redacted, and prints nothing', async () => {
    const lines: string[] = [];
    const script = await compile(
      `function before_action() {
        console.log('headers', method_request_headers, 42, null, undefined);
        console.error('token', 'Bearer abcdefghijklmnop');
        console.info(function f() {});
        return true;
      }`,
      { logger: (line) => lines.push(line) },
    );
    await script.beforeAction?.(actionContext(), recordingEnv());
    expect(lines).toEqual([
      'headers {"Content-Type":"application/json"} 42 null undefined',
      'token Bearer [REDACTED]',
      'function f() {}',
    ]);
  });

  it('caps the output of one call and survives a logger that throws', async () => {
    let total = 0;
    const script = await compile(
      `function before_action() {
        var line = 'x'.repeat(10000);
        for (var i = 0; i < 300; i++) console.log(line);
        return true;
      }`,
      { logger: (line) => { total += line.length; throw new Error('logger failed'); } },
    );
    await expect(script.beforeAction?.(actionContext(), recordingEnv())).resolves.toBe(true);
    expect(total).toBeGreaterThan(1024 * 1024 - 1);
    expect(total).toBeLessThan(1024 * 1024 + 100);
  });

  it('is a silent no-op without a logger', async () => {
    const script = await compile("function before_action() { console.log('x'); console.warn({}); return true; }");
    await expect(script.beforeAction?.(actionContext(), recordingEnv())).resolves.toBe(true);
  });
});
