import { describe, expect, it } from 'vitest';
import { ForcelinkError, ScriptError, ValidationError } from '../../../src/core/errors.js';
import { CyclrScript, MemoryScriptStorage } from '../../../src/script/index.js';
import { actionContext, recordingEnv } from './context.js';
import { SEED_SCRIPT, useScripts } from './scripts.js';

const compile = useScripts();

const ALL_EVENTS = [
  'before_action',
  'after_action',
  'after_action_paging',
  'after_error',
  'action_condition',
  'before_oauth2_authorise',
  'before_oauth2_token',
  'after_oauth2_token',
  'before_oauth2_refresh',
  'after_oauth2_refresh',
];

describe('CyclrScript.compile', () => {
  it('runs the Salesforce assignment-rules seed script unchanged', async () => {
    const script = await compile(SEED_SCRIPT);
    expect(script.events).toEqual(['before_action']);
    const ctx = actionContext();
    await expect(script.beforeAction?.(ctx, recordingEnv())).resolves.toBe(true);
    expect(ctx.requestHeaders).toEqual({ 'Content-Type': 'application/json', 'Sforce-Auto-Assign': 'FALSE' });
  });

  it('exposes a hook only for the events the script declares', async () => {
    const script = await compile(SEED_SCRIPT);
    expect('beforeAction' in script).toBe(true);
    for (const hook of ['afterAction', 'afterActionPaging', 'afterError', 'actionCondition', 'beforeOAuth2Token', 'afterOAuth2Refresh']) {
      expect(hook in script).toBe(false);
    }
  });

  it('finds all ten Cyclr events and maps them to hooks', async () => {
    const source = ALL_EVENTS.map((name) => `function ${name}() { return true; }`).join('\n');
    const script = await compile(source);
    expect(script.events).toEqual(ALL_EVENTS);
    for (const hook of [
      'beforeAction',
      'afterAction',
      'afterActionPaging',
      'afterError',
      'actionCondition',
      'beforeOAuth2Authorise',
      'beforeOAuth2Token',
      'afterOAuth2Token',
      'beforeOAuth2Refresh',
      'afterOAuth2Refresh',
    ] as const) {
      expect(typeof script[hook]).toBe('function');
    }
  });

  it('finds handlers declared with var, let and const, but not undeclared assignments', async () => {
    const script = await compile(`
      var before_action = function () { method_request_headers.x = 'var'; return true; };
      let after_action = () => true;
      const after_error = function () { return true; };
      after_action_paging = function () { return true; };
      function helper() { return 'before_oauth2_token'; }
    `);
    expect(script.events).toEqual(['before_action', 'after_action', 'after_error']);
    const ctx = actionContext();
    await script.beforeAction?.(ctx, recordingEnv());
    expect(ctx.requestHeaders.x).toBe('var');
  });

  it('treats a declared name that is not a function at call time as a no-op', async () => {
    const script = await compile('var before_action; if (false) { before_action = function () { return false; }; }');
    expect(script.events).toEqual(['before_action']);
    const ctx = actionContext();
    await expect(script.beforeAction?.(ctx, recordingEnv())).resolves.toBe(true);
    expect(ctx.requestHeaders).toEqual({ 'Content-Type': 'application/json' });
  });

  it('runs no script code at compile time; top-level code runs before each call', async () => {
    const storage = new MemoryScriptStorage();
    const script = await compile(
      `cyclr_storage_increment('top-level runs');
       while (typeof compiled === 'undefined') {}
       function before_action() { return true; }`,
      { storage, timeoutMs: 1000 },
    );
    expect(await storage.listKeys()).toEqual([]);
    await expect(script.beforeAction?.(actionContext(), recordingEnv())).rejects.toThrow(/time limit/);
    expect(await storage.get('top-level runs')).toBe('1');
  });

  it('rejects text that does not compile with ScriptError and the line', async () => {
    const error = await CyclrScript.compile('function before_action() {\n  return (;\n}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScriptError);
    expect(ForcelinkError.is(error)).toBe(true);
    expect((error as ScriptError).code).toBe('ERR_SCRIPT');
    expect((error as Error).message).toMatch(/^the script does not compile: SyntaxError: .+ \(line 2\)$/);
  });

  it('rejects source nested too deeply for the parser, without harming the host', async () => {
    const deep = `var x = ${'['.repeat(100000)}${']'.repeat(100000)};`;
    await expect(CyclrScript.compile(deep)).rejects.toThrow(/does not compile: .*stack overflow/i);
  });

  it('rejects module syntax and top-level return: scripts are global code', async () => {
    await expect(CyclrScript.compile("import fs from 'fs';")).rejects.toThrow(ScriptError);
    await expect(CyclrScript.compile('return 1;')).rejects.toThrow(/does not compile/);
  });

  it('validates options before starting a worker', async () => {
    await expect(CyclrScript.compile(SEED_SCRIPT, { maxStackBytes: 1024 * 1024 })).rejects.toThrow(ValidationError);
    await expect(CyclrScript.compile(SEED_SCRIPT, { maxStackBytes: 1024 * 1024 })).rejects.toThrow(/maxStackBytes must be an integer from 16384 to 262144/);
    await expect(CyclrScript.compile(SEED_SCRIPT, { timeoutMs: 0 })).rejects.toThrow(/timeoutMs/);
    await expect(CyclrScript.compile(SEED_SCRIPT, { memoryLimitBytes: 1000 })).rejects.toThrow(/memoryLimitBytes/);
    await expect(CyclrScript.compile(SEED_SCRIPT, { scriptParameters: { big: 1n } })).rejects.toThrow(/scriptParameters must be JSON-serialisable/);
    await expect(CyclrScript.compile(42 as unknown as string)).rejects.toThrow(/source must be a string/);
  });

  it('rejects calls after dispose and disposes twice without error', async () => {
    const script = await CyclrScript.compile(SEED_SCRIPT);
    await script.dispose();
    await script.dispose();
    await expect(script.beforeAction?.(actionContext(), recordingEnv())).rejects.toThrow(/disposed/);
  });

  it('serves many concurrent calls, each with its own globals', async () => {
    const script = await compile(`function before_action() {
      method_request_headers['X-Seen'] = String(method_request.n);
      action_data.n = method_request.n * 2;
      return true;
    }`);
    const contexts = Array.from({ length: 25 }, (_, n) => actionContext({ request: { n } }));
    await Promise.all(contexts.map((ctx) => script.beforeAction?.(ctx, recordingEnv())));
    contexts.forEach((ctx, n) => {
      expect(ctx.requestHeaders['X-Seen']).toBe(String(n));
      expect(ctx.actionData).toEqual({ n: n * 2 });
    });
  });
});
