import { describe, expect, it } from 'vitest';
import { ScriptTimeoutError, ValidationError } from '../../../src/core/errors.js';
import { CyclrScript, type ScriptStorage } from '../../../src/script/index.js';
import { actionContext, recordingEnv } from './context.js';
import { Gate, sleep } from './gate.js';
import { SEED_SCRIPT, useScripts } from './scripts.js';

const compile = useScripts();

/** Asks for `method_request.url` and records the answer. */
const FETCH = `function before_action() {
  if (method_request.loop) while (true) {}
  method_response = http_request({ url: method_request.url }).content;
  return true;
}`;

/** A store with only the required operations, each answering a little later, like a remote store. */
function slowStore(): ScriptStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  const later = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));
  return {
    map,
    get: async (key) => (await later(), map.get(key)),
    set: async (key, value) => (await later(), void map.set(key, value)),
    delete: async (key) => (await later(), void map.delete(key)),
    listKeys: async () => (await later(), [...map.keys()]),
  };
}

describe('parallel calls on one script', () => {
  it('runs overlapping calls at the same time, on separate workers', async () => {
    const script = await compile(FETCH, { concurrency: 2 });
    const gate = new Gate();
    const first = actionContext({ request: { url: '/first' } });
    const second = actionContext({ request: { url: '/second' } });
    const calls = [script.beforeAction?.(first, gate.env), script.beforeAction?.(second, gate.env)];
    // Both calls are inside http_request before either has been answered.
    await gate.arrived(2);
    expect(gate.held.map((held) => held.request.url).sort()).toEqual(['/first', '/second']);
    gate.find('/second').release();
    gate.find('/first').release();
    await expect(Promise.all(calls)).resolves.toEqual([true, true]);
    expect(first.response).toEqual({ url: '/first' });
    expect(second.response).toEqual({ url: '/second' });
  });

  it('keeps every call\'s globals and result its own under parallel load', async () => {
    const script = await compile(
      `var seen = 0;
      function before_action() {
        seen++;
        var answer = http_request({ url: '/n/' + method_request.n });
        method_request_headers['X-N'] = answer.content.url.slice(3);
        action_data.n = method_request.n;
        action_data.seen = seen;
        return method_request.n % 3 !== 0;
      }`,
      { concurrency: 4 },
    );
    const env = recordingEnv(
      (request) =>
        new Promise((resolve) => {
          setTimeout(() => resolve({ status_code: 200, headers: {}, content: { url: request.url } }), Number(request.url.slice(3)) % 4);
        }),
    );
    const contexts = Array.from({ length: 30 }, (_, n) => actionContext({ request: { n } }));
    const results = await Promise.all(contexts.map((ctx) => script.beforeAction?.(ctx, env)));
    contexts.forEach((ctx, n) => {
      expect(results[n]).toBe(n % 3 !== 0);
      expect(ctx.requestHeaders['X-N']).toBe(String(n));
      // Top-level code ran afresh for this call: nothing carried over from another call.
      expect(ctx.actionData).toEqual({ n, seen: 1 });
    });
  });

  it('fails only the call that timed out; the call on the other worker completes', async () => {
    const script = await compile(FETCH, { concurrency: 2, timeoutMs: 1000 });
    const gate = new Gate();
    const looping = script.beforeAction?.(actionContext({ request: { loop: true } }), gate.env).catch((error: unknown) => error);
    // Started later than the loop, so its own deadline is later too.
    await sleep(300);
    const ctx = actionContext({ request: { url: '/held' } });
    const held = script.beforeAction?.(ctx, gate.env);
    await gate.arrived(1);
    expect(await looping).toBeInstanceOf(ScriptTimeoutError);
    gate.find('/held').release();
    await expect(held).resolves.toBe(true);
    expect(ctx.response).toEqual({ url: '/held' });
  });

  it('replaces a worker terminated past its deadline without touching the call on the other worker', async () => {
    const script = await compile(FETCH, { concurrency: 2, timeoutMs: 2000 });
    const gate = new Gate();
    // Never answered: the worker sleeps in http_request past its deadline and is terminated.
    const stuck = script.beforeAction?.(actionContext({ request: { url: '/never' } }), gate.env).catch((error: unknown) => error);
    await gate.arrived(1);
    await sleep(1000);
    const ctx = actionContext({ request: { url: '/held' } });
    const held = script.beforeAction?.(ctx, gate.env);
    await gate.arrived(2);
    const error = await stuck;
    expect(error).toBeInstanceOf(ScriptTimeoutError);
    gate.find('/held').release();
    await expect(held).resolves.toBe(true);
    expect(ctx.response).toEqual({ url: '/held' });
    // The pool serves on: two more overlapping calls (one on a replacement worker).
    const more = [actionContext({ request: { url: '/a' } }), actionContext({ request: { url: '/b' } })];
    const calls = more.map((entry) => script.beforeAction?.(entry, gate.env));
    await gate.arrived(4);
    gate.find('/a').release();
    gate.find('/b').release();
    await expect(Promise.all(calls)).resolves.toEqual([true, true]);
  });

  it('runs calls one after another with concurrency: 1', async () => {
    const script = await compile(FETCH, { concurrency: 1 });
    const gate = new Gate();
    let firstDone = false;
    const first = script.beforeAction?.(actionContext({ request: { url: '/first' } }), gate.env).then((sent) => {
      firstDone = true;
      return sent;
    });
    await gate.arrived(1);
    const second = script.beforeAction?.(actionContext({ request: { url: '/second' } }), gate.env);
    // Time enough for a second worker to start, if there were one.
    await sleep(300);
    expect(gate.held.map((held) => held.request.url)).toEqual(['/first']);
    gate.find('/first').release();
    await gate.arrived(2);
    expect(firstDone).toBe(true);
    gate.find('/second').release();
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
  });

  it('keeps each storage operation atomic across parallel calls, even on a store without native operations', async () => {
    const storage = slowStore();
    const script = await compile(
      `function before_action() {
        cyclr_storage_increment('count');
        cyclr_storage_append('log', String(method_request.n % 10));
        cyclr_storage_set('last', String(method_request.n));
        return true;
      }`,
      { concurrency: 4, storage },
    );
    const contexts = Array.from({ length: 24 }, (_, n) => actionContext({ request: { n } }));
    await Promise.all(contexts.map((ctx) => script.beforeAction?.(ctx, recordingEnv())));
    expect(storage.map.get('count')).toBe('24');
    expect(storage.map.get('log')?.split('').sort().join('')).toBe(
      Array.from({ length: 24 }, (_, n) => String(n % 10)).sort().join(''),
    );
  });

  it('validates concurrency', async () => {
    for (const concurrency of [0, 65, 1.5, Number.NaN]) {
      await expect(CyclrScript.compile(SEED_SCRIPT, { concurrency })).rejects.toThrow(ValidationError);
    }
    await expect(CyclrScript.compile(SEED_SCRIPT, { concurrency: 0 })).rejects.toThrow(/concurrency must be an integer from 1 to 64/);
  });

  it('dispose() stops every worker: running and waiting calls reject', async () => {
    const script = await CyclrScript.compile(FETCH, { concurrency: 2 });
    const gate = new Gate();
    const calls = ['/a', '/b', '/c'].map((url) =>
      script.beforeAction?.(actionContext({ request: { url } }), gate.env).catch((error: unknown) => error),
    );
    await gate.arrived(2);
    await script.dispose();
    for (const outcome of await Promise.all(calls)) expect(String(outcome)).toMatch(/disposed/);
  });
});
