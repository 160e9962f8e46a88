import { describe, expect, it } from 'vitest';
import type { HookHttpRequest } from '../../../src/hooks/types.js';
import { runHostOperation, type HostScope } from '../../../src/script/host-ops.js';
import { MemoryScriptStorage } from '../../../src/script/storage.js';

function scope(): HostScope & { requests: HookHttpRequest[] } {
  const requests: HookHttpRequest[] = [];
  return {
    requests,
    storage: new MemoryScriptStorage(),
    timeoutMs: 5000,
    env: {
      httpRequest: async (request) => {
        requests.push(request);
        return { status_code: 201, headers: { 'content-type': 'application/json' }, content: { ok: true } };
      },
    },
  };
}

describe('host operations', () => {
  it('normalises http_request arguments before handing them to the environment', async () => {
    const s = scope();
    const response = await runHostOperation(
      'http',
      [{ method: 'post', url: '/services/data', headers: { A: 1, B: null, C: { x: 1 } }, parameters: { q: true }, data: '{"a":1}' }],
      s,
    );
    expect(response).toEqual({ status_code: 201, headers: { 'content-type': 'application/json' }, content: { ok: true } });
    expect(s.requests).toEqual([
      { method: 'POST', url: '/services/data', headers: { A: '1', C: '{"x":1}' }, parameters: { q: 'true' }, data: '{"a":1}' },
    ]);
  });

  it('refuses malformed http_request arguments', async () => {
    const s = scope();
    await expect(runHostOperation('http', ['https://x'], s)).rejects.toThrow(/expects an object/);
    await expect(runHostOperation('http', [{ url: '' }], s)).rejects.toThrow(/url must be a non-empty string/);
    await expect(runHostOperation('http', [{ url: '/x', method: 5 }], s)).rejects.toThrow(/method must be a string/);
    await expect(runHostOperation('http', [{ url: '/x', headers: [] }], s)).rejects.toThrow(/headers must be an object/);
    await expect(runHostOperation('http', [{ url: '/x' }], { ...s, env: undefined })).rejects.toThrow(/without a HookEnvironment/);
    expect(s.requests).toEqual([]);
  });

  it('checks argument types and refuses unknown operations', async () => {
    const s = scope();
    await expect(runHostOperation('btoa', [1], s)).rejects.toThrow(/btoa: text must be a string/);
    await expect(runHostOperation('storage.increment', ['k', null], s)).rejects.toThrow(/finite number/);
    await expect(runHostOperation('eval', [], s)).rejects.toThrow(/unknown host operation "eval"/);
    await expect(runHostOperation('toString', [], s)).rejects.toThrow(/unknown host operation/);
    await expect(runHostOperation('btoa', 'x', s)).rejects.toThrow(/must be an array/);
  });

  it('runs every storage operation', async () => {
    const s = scope();
    expect(await runHostOperation('storage.get', ['k'], s)).toBeNull();
    await runHostOperation('storage.set', ['k', 'v'], s);
    expect(await runHostOperation('storage.append', ['k', 'w'], s)).toBe('vw');
    expect(await runHostOperation('storage.increment', ['n', 2], s)).toBe(2);
    expect(await runHostOperation('storage.list_keys', [], s)).toEqual(['k', 'n']);
    expect(await runHostOperation('storage.list_values', [], s)).toEqual(['vw', '2']);
    await runHostOperation('storage.delete', ['k'], s);
    expect(await runHostOperation('storage.list_keys', [], s)).toEqual(['n']);
    await runHostOperation('storage.delete_all', [], s);
    expect(await runHostOperation('storage.list_keys', [], s)).toEqual([]);
  });
});
