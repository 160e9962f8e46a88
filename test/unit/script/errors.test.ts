import { describe, expect, it } from 'vitest';
import { AuthRefreshRequestedError, ForcelinkError, ScriptError, ScriptTimeoutError } from '../../../src/core/errors.js';
import { registerSecret } from '../../../src/core/redact.js';
import { actionContext, recordingEnv } from './context.js';
import { useScripts } from './scripts.js';

const compile = useScripts();
const env = recordingEnv();

async function failure(promise: Promise<unknown> | undefined): Promise<Error> {
  const error = await promise?.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error;
}

describe('return values', () => {
  it('before_action: false cancels, true or nothing sends', async () => {
    const script = await compile('function before_action() { return method_request.send; }');
    await expect(script.beforeAction?.(actionContext({ request: { send: false } }), env)).resolves.toBe(false);
    await expect(script.beforeAction?.(actionContext({ request: { send: true } }), env)).resolves.toBe(true);
    await expect(script.beforeAction?.(actionContext({ request: {} }), env)).resolves.toBe(true);
  });

  it('after_* handlers may return nothing (Cyclr\'s own examples do)', async () => {
    const script = await compile('function after_action() { if (method_response == null) return; return true; }');
    await expect(script.afterAction?.(actionContext(), env)).resolves.toBeUndefined();
  });
});

describe('errors', () => {
  it('turns a throw into ScriptError with the script\'s message and its stack as cause', async () => {
    const script = await compile(`function fail() { throw new Error('Salesforce said no'); }
function before_action() { fail(); return true; }`);
    const error = await failure(script.beforeAction?.(actionContext(), env));
    expect(error).toBeInstanceOf(ScriptError);
    expect(error.message).toBe('Salesforce said no');
    expect((error as ScriptError).code).toBe('ERR_SCRIPT');
    const cause = error.cause as Error;
    expect(cause.name).toBe('Error');
    expect(cause.stack).toMatch(/at fail \(script\.js:1/);
    expect(cause.stack).toMatch(/at before_action \(script\.js:2/);
  });

  it('reports thrown strings, objects and custom error types', async () => {
    const script = await compile(`function before_action() {
      var kind = method_request.kind;
      if (kind === 'string') throw 'plain text';
      if (kind === 'object') throw { code: 5 };
      if (kind === 'type') null.x;
      if (kind === 'message') throw { message: 'from an object' };
      throw new RangeError('custom');
    }`);
    const messages: Record<string, string> = {};
    for (const kind of ['string', 'object', 'type', 'message', 'range']) {
      messages[kind] = (await failure(script.beforeAction?.(actionContext({ request: { kind } }), env))).message;
    }
    expect(messages).toEqual({
      string: 'plain text',
      object: '{"code":5}',
      type: expect.stringMatching(/null/),
      message: 'from an object',
      range: 'custom',
    });
  });

  it('redacts secrets from the message, the cause and the stack', async () => {
    registerSecret('super-secret-token-value');
    const script = await compile(`function before_action() {
      throw new Error('failed with ' + method_request_headers.Authorization + ' and ' + method_request.secret);
    }`);
    const ctx = actionContext({ requestHeaders: { Authorization: 'Bearer 00Dxx0000001gPL!AQ4AQFakeSessionId' }, request: { secret: 'super-secret-token-value' } });
    const error = await failure(script.beforeAction?.(ctx, env));
    expect(error.message).toMatch(/^failed with Bearer \[REDACTED\]/);
    expect(error.message).not.toMatch(/AQ4AQ|super-secret/);
    expect(String((error.cause as Error).message)).not.toMatch(/AQ4AQ|super-secret/);
    expect(String((error.cause as Error).stack)).not.toMatch(/AQ4AQ|super-secret/);
  });

  it('turns AuthRefreshException into AuthRefreshRequestedError', async () => {
    const script = await compile(`
      function after_action() {
        if (method_response.error === 'expired') throw new AuthRefreshException();
        return true;
      }
      function after_error() {
        if (method_error.statusCode === 403) throw new AuthRefreshException('403 from API');
        return true;
      }`);
    const error = await failure(script.afterAction?.(actionContext({ response: { error: 'expired' } }), env));
    expect(error).toBeInstanceOf(AuthRefreshRequestedError);
    expect((error as AuthRefreshRequestedError).code).toBe('ERR_AUTH_REFRESH_REQUESTED');
    const withMessage = await failure(
      script.afterError?.(
        actionContext({ error: { statusCode: 403, reasonPhrase: 'Forbidden', content: '', isError: true, isWarning: false, isSuccess: false } }),
        env,
      ),
    );
    expect(withMessage).toBeInstanceOf(AuthRefreshRequestedError);
    expect(withMessage.message).toMatch(/403 from API/);
  });

  it('turns AuthSessionException into AuthRefreshRequestedError too', async () => {
    const script = await compile('function before_action() { throw new AuthSessionException(); }');
    const error = await failure(script.beforeAction?.(actionContext(), env));
    expect(error).toBeInstanceOf(AuthRefreshRequestedError);
    expect(error.message).toMatch(/AuthSessionException/);
  });

  it('lets scripts use the exception classes like any Error', async () => {
    const script = await compile(`function before_action() {
      var e = new AuthRefreshException('x');
      method_response = [e instanceof Error, e.name, e.message, AuthSessionException.name, typeof e.stack];
      return true;
    }`);
    const ctx = actionContext();
    await script.beforeAction?.(ctx, env);
    expect(ctx.response).toEqual([true, 'AuthRefreshException', 'x', 'AuthSessionException', 'string']);
  });

  it('loads the exception classes on first use, from the original builtins', async () => {
    const script = await compile(`function before_action() {
      Error = function () {}; JSON = null; String = null;
      throw new AuthRefreshException('late');
    }`);
    const error = await failure(script.beforeAction?.(actionContext(), env));
    expect(error).toBeInstanceOf(AuthRefreshRequestedError);
    expect(error.message).toMatch(/AuthRefreshException: late/);
  });

  it('classifies errors with the original builtins even if the script replaced them', async () => {
    const script = await compile(`function before_action() {
      JSON = null; String = null; Error.prototype.toString = null;
      throw new TypeError('still readable');
    }`);
    const error = await failure(script.beforeAction?.(actionContext(), env));
    expect(error.message).toBe('still readable');
  });

  it('reports a value whose getters throw as unreadable', async () => {
    const script = await compile(`function before_action() {
      throw { get message() { throw new Error('nope'); } };
    }`);
    const error = await failure(script.beforeAction?.(actionContext(), env));
    expect(error).toBeInstanceOf(ScriptError);
    expect(error.message).toBe('the script threw a value that could not be read');
  });

  it('reports time, memory and stack limits with their own messages', async () => {
    const script = await compile(
      `function before_action() {
        if (method_request.what === 'loop') while (true) {}
        if (method_request.what === 'memory') { var s = 'x'; while (true) s += s; }
        if (method_request.what === 'array') { var a = []; while (true) a.push({ n: a.length }); }
        function deep(n) { return deep(n + 1) + 1; }
        if (method_request.what === 'deep') return deep(0);
        return true;
      }`,
      { timeoutMs: 300, memoryLimitBytes: 8 * 1024 * 1024 },
    );
    const loop = await failure(script.beforeAction?.(actionContext({ request: { what: 'loop' } }), env));
    expect(loop).toBeInstanceOf(ScriptTimeoutError);
    expect(loop.message).toBe('the script ran longer than its 300 ms time limit');
    const memory = await failure(script.beforeAction?.(actionContext({ request: { what: 'memory' } }), env));
    expect(memory).toBeInstanceOf(ScriptError);
    expect(memory.message).toMatch(/^out of memory/);
    const array = await failure(script.beforeAction?.(actionContext({ request: { what: 'array' } }), env));
    expect(array.message).toMatch(/^out of memory: the script exceeded its 8388608-byte memory limit/);
    const stack = await failure(script.beforeAction?.(actionContext({ request: { what: 'deep' } }), env));
    expect(stack).toBeInstanceOf(ScriptError);
    expect(stack.message).toMatch(/^stack overflow/);
    expect(ForcelinkError.is(stack)).toBe(true);
    expect(((stack.cause as Error).stack ?? '').split('\n').length).toBeLessThanOrEqual(21);
    await expect(script.beforeAction?.(actionContext({ request: {} }), env)).resolves.toBe(true);
  });

  it('refuses globals that cannot be passed in as JSON', async () => {
    const script = await compile('function before_action() { return true; }');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const error = await failure(script.beforeAction?.(actionContext({ request: cyclic }), env));
    expect(error).toBeInstanceOf(ScriptError);
    expect(error.message).toMatch(/^method_request cannot be passed to the script/);
  });

  it('refuses data that cannot fit in the memory limit before it reaches the sandbox', async () => {
    const limit = 1024 * 1024;
    const script = await compile(
      `function before_action() {
        try { http_request({ url: '/big' }); } catch (e) { method_response = e.message; }
        return true;
      }`,
      { memoryLimitBytes: limit },
    );
    const big = 'x'.repeat(2 * limit);
    const env = recordingEnv(() => ({ status_code: 200, headers: {}, content: big }));
    const ctx = actionContext();
    await script.beforeAction?.(ctx, env);
    expect(ctx.response).toMatch(/^the answer of http \(\d+ characters\) does not fit in the script's 1048576-byte memory limit$/);
    const tooBig = await failure(script.beforeAction?.(actionContext({ request: big }), env));
    expect(tooBig).toBeInstanceOf(ScriptError);
    expect(tooBig.message).toMatch(/^the globals \(\d+ characters\) does not fit/);
    await expect(script.beforeAction?.(actionContext(), recordingEnv())).resolves.toBe(true);
    await expect(compile(`// ${big}\nfunction before_action() {}`, { memoryLimitBytes: limit })).rejects.toThrow(/^the script \(\d+ characters\)/);
  });
});
