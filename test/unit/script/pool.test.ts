/**
 * The worker pool behind a CyclrScript (src/script/sandbox.ts, internal): it starts one worker,
 * adds workers only when calls overlap, never more than `concurrency`, and lets idle extra
 * workers exit. Observed through `Sandbox.workers`, which exists for tests and diagnostics.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { HookEnvironment } from '../../../src/hooks/types.js';
import { actionGlobals, encodeGlobals } from '../../../src/script/globals.js';
import { runHostOperation } from '../../../src/script/host-ops.js';
import { Sandbox, type SandboxPoolConfig } from '../../../src/script/sandbox.js';
import type { SandboxOutcome } from '../../../src/script/sandbox-thread.js';
import { MemoryScriptStorage } from '../../../src/script/storage.js';
import { actionContext, recordingEnv } from './context.js';
import { Gate, sleep } from './gate.js';

const SOURCE = `function before_action() {
  if (method_request.url) http_request({ url: method_request.url });
  return true;
}`;

const pools: Sandbox[] = [];

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.dispose()));
});

async function open(options: Pick<SandboxPoolConfig, 'concurrency' | 'idleMs'>): Promise<Sandbox> {
  const { sandbox } = await Sandbox.open({
    source: SOURCE,
    events: ['before_action'],
    timeoutMs: 5000,
    memoryLimitBytes: 32 * 1024 * 1024,
    maxStackBytes: 256 * 1024,
    ...options,
  });
  pools.push(sandbox);
  return sandbox;
}

const settings = { scriptParameters: {}, cycleVariables: {}, executionContext: 'RUNNING_TRANSACTION' };
const storage = new MemoryScriptStorage();

function call(pool: Sandbox, env: HookEnvironment, url?: string): Promise<SandboxOutcome> {
  const encoded = encodeGlobals(actionGlobals(actionContext({ request: { url } }), settings));
  return pool.run({ event: 'before_action', ...encoded.call }, (op, args) => runHostOperation(op, args, { env, storage, timeoutMs: 5000 }));
}

const OK = { status: 'ok', text: expect.stringMatching(/^true\n/) };

describe('the sandbox worker pool', () => {
  it('starts one worker and stays at one while calls do not overlap', async () => {
    const pool = await open({ concurrency: 4 });
    expect(pool.workers).toBe(1);
    for (let i = 0; i < 10; i++) await expect(call(pool, recordingEnv())).resolves.toEqual(OK);
    expect(pool.workers).toBe(1);
  });

  it('adds workers only for overlapping calls, up to concurrency, and hands waiting calls over in order', async () => {
    const pool = await open({ concurrency: 3 });
    const gate = new Gate();
    const calls = Array.from({ length: 6 }, (_, n) => call(pool, gate.env, `/${n}`));
    await gate.arrived(3);
    expect(pool.workers).toBe(3);
    // The three other calls wait for a free worker, none starts a fourth.
    await sleep(200);
    expect(gate.held.map((held) => held.request.url).sort()).toEqual(['/0', '/1', '/2']);
    expect(pool.workers).toBe(3);
    gate.find('/1').release();
    await gate.arrived(4);
    expect(gate.held[3]?.request.url).toBe('/3');
    for (const held of gate.held) held.release();
    await gate.arrived(6);
    for (const held of gate.held) held.release();
    for (const outcome of await Promise.all(calls)) expect(outcome).toEqual(OK);
    expect(pool.workers).toBe(3);
  });

  it('lets idle extra workers exit and keeps the last one', async () => {
    const pool = await open({ concurrency: 2, idleMs: 100 });
    const gate = new Gate();
    const calls = [call(pool, gate.env, '/a'), call(pool, gate.env, '/b')];
    await gate.arrived(2);
    expect(pool.workers).toBe(2);
    for (const held of gate.held) held.release();
    await Promise.all(calls);
    await vi.waitFor(() => expect(pool.workers).toBe(1), { timeout: 5000, interval: 20 });
    await sleep(300);
    expect(pool.workers).toBe(1);
    await expect(call(pool, recordingEnv())).resolves.toEqual(OK);
  });

  it('shrinks to one worker under light load: the most recently freed worker is reused', async () => {
    const pool = await open({ concurrency: 2, idleMs: 150 });
    const gate = new Gate();
    const calls = [call(pool, gate.env, '/a'), call(pool, gate.env, '/b')];
    await gate.arrived(2);
    for (const held of gate.held) held.release();
    await Promise.all(calls);
    // One call at a time, more often than the idle time: the unused worker still exits.
    await vi.waitFor(
      async () => {
        await call(pool, recordingEnv());
        expect(pool.workers).toBe(1);
      },
      { timeout: 5000, interval: 30 },
    );
  });

  it('dispose() terminates every worker and fails running and waiting calls', async () => {
    const pool = await open({ concurrency: 2 });
    const gate = new Gate();
    const calls = ['/a', '/b', '/c'].map((url) => call(pool, gate.env, url).catch((error: unknown) => error));
    await gate.arrived(2);
    await pool.dispose();
    expect(pool.workers).toBe(0);
    for (const outcome of await Promise.all(calls)) expect(String(outcome)).toMatch(/disposed/);
    await expect(call(pool, recordingEnv())).rejects.toThrow(/disposed/);
  });
});
