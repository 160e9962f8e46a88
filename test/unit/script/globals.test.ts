import { describe, expect, it } from 'vitest';
import { ScriptError } from '../../../src/core/errors.js';
import type { ActionErrorInfo } from '../../../src/hooks/types.js';
import { actionContext, recordingEnv } from './context.js';
import { useScripts } from './scripts.js';

const compile = useScripts();
const env = recordingEnv();

describe('action globals', () => {
  it('hands every ActionContext field to the script under its Cyclr name', async () => {
    const script = await compile(
      `function before_action() {
        method_response = {
          headers: method_request_headers, parameters: method_request_parameters, request: method_request,
          mergefields: method_request_mergefields, endpoint: method_endpoint, response: typeof method_response,
          responseHeaders: method_response_headers, statusCode: statusCode, reasonPhrase: reasonPhrase,
          error: method_error, actionData: action_data, scriptParameters: script_parameters,
          cycleVariables: cycle_variables, context: script_execution_context,
        };
        return true;
      }`,
      { scriptParameters: { isSandbox: true }, cycleVariables: { region: 'EU' }, executionContext: 'STEP_TESTING' },
    );
    const ctx = actionContext({
      requestParameters: { q: 'x' },
      mergefields: { Id: '001' },
      actionData: { page: 1 },
      responseHeaders: { 'Sforce-Limit-Info': 'api-usage=1/100' },
      statusCode: 404,
      reasonPhrase: 'Not Found',
      error: { statusCode: 404, reasonPhrase: 'Not Found', content: [{ errorCode: 'NOT_FOUND' }], isError: true, isWarning: false, isSuccess: false },
    });
    await script.beforeAction?.(ctx, env);
    expect(ctx.response).toEqual({
      headers: { 'Content-Type': 'application/json' },
      parameters: { q: 'x' },
      request: { LastName: 'Doe', Company: 'Acme' },
      mergefields: { Id: '001' },
      endpoint: '/services/data/v62.0/sobjects/Lead',
      response: 'undefined',
      responseHeaders: { 'Sforce-Limit-Info': 'api-usage=1/100' },
      statusCode: 404,
      reasonPhrase: 'Not Found',
      error: { statusCode: 404, reasonPhrase: 'Not Found', content: [{ errorCode: 'NOT_FOUND' }], isError: true, isWarning: false, isSuccess: false },
      actionData: { page: 1 },
      scriptParameters: { isSandbox: true },
      cycleVariables: { region: 'EU' },
      context: 'STEP_TESTING',
    });
  });

  it('writes mutated and reassigned globals back, keeping the objects the client holds', async () => {
    const script = await compile(`function before_action() {
      method_request_headers['Sforce-Auto-Assign'] = 'FALSE';
      delete method_request_headers['X-Remove'];
      method_request_headers['X-Number'] = 5;
      method_request_headers['X-Null'] = null;
      method_request_parameters.filter_field_2 = 'fieldA';
      method_request.note = 'added';
      delete method_request.Company;
      method_request_mergefields.Id = '002';
      method_endpoint = method_endpoint + '/{{Id}}';
      action_data.prePostRequestCalled = true;
      return true;
    }`);
    const ctx = actionContext({ requestHeaders: { 'X-Remove': 'yes', Keep: 'k' }, mergefields: { Id: '001' } });
    const { requestHeaders, requestParameters, mergefields, actionData } = ctx;
    await script.beforeAction?.(ctx, env);
    expect(ctx.requestHeaders).toEqual({ Keep: 'k', 'Sforce-Auto-Assign': 'FALSE', 'X-Number': '5' });
    expect(ctx.requestParameters).toEqual({ filter_field_2: 'fieldA' });
    expect(ctx.request).toEqual({ LastName: 'Doe', note: 'added' });
    expect(ctx.mergefields).toEqual({ Id: '002' });
    expect(ctx.endpoint).toBe('/services/data/v62.0/sobjects/Lead/{{Id}}');
    expect(ctx.actionData).toEqual({ prePostRequestCalled: true });
    expect(ctx.requestHeaders).toBe(requestHeaders);
    expect(ctx.requestParameters).toBe(requestParameters);
    expect(ctx.mergefields).toBe(mergefields);
    expect(ctx.actionData).toBe(actionData);
  });

  it('replaces whole globals: a reassigned header map, body or response', async () => {
    const script = await compile(`function after_action() {
      method_request_headers = { Only: 'this' };
      method_request = 'raw body';
      method_response = { records: method_response.records.map(function (r) { return r.Id; }) };
      return true;
    }`);
    const ctx = actionContext({ response: { records: [{ Id: 'a' }, { Id: 'b' }] }, statusCode: 200 });
    await script.afterAction?.(ctx, env);
    expect(ctx.requestHeaders).toEqual({ Only: 'this' });
    expect(ctx.request).toBe('raw body');
    expect(ctx.response).toEqual({ records: ['a', 'b'] });
  });

  it('leaves globals the script did not change untouched, even values JSON cannot carry', async () => {
    const script = await compile(SEED_ONLY_HEADERS);
    const body = Buffer.from('binary');
    const response = { when: new Date(0) };
    const ctx = actionContext({ request: body, response });
    await script.beforeAction?.(ctx, env);
    expect(ctx.request).toBe(body);
    expect(ctx.response).toBe(response);
  });

  it('passes values as JSON only: dates become strings, undefined fields vanish', async () => {
    const script = await compile(`function before_action() {
      method_response = [typeof method_request.when, method_request.when, 'gone' in method_request];
      return true;
    }`);
    const ctx = actionContext({ request: { when: new Date(0), gone: undefined } });
    await script.beforeAction?.(ctx, env);
    expect(ctx.response).toEqual(['string', '1970-01-01T00:00:00.000Z', false]);
  });

  it('reads back response headers, status and reason; undefined clears them', async () => {
    const script = await compile(`function after_action() {
      method_response_headers['X-Added'] = 'yes';
      statusCode = 201;
      reasonPhrase = undefined;
      return true;
    }`);
    const ctx = actionContext({ responseHeaders: { A: '1' }, statusCode: 200, reasonPhrase: 'OK' });
    await script.afterAction?.(ctx, env);
    expect(ctx.responseHeaders).toEqual({ A: '1', 'X-Added': 'yes' });
    expect(ctx.statusCode).toBe(201);
    expect(ctx.reasonPhrase).toBeUndefined();
  });

  it('reclassifies an error through method_error, in place', async () => {
    const script = await compile(`function after_error() {
      if (method_error.statusCode.toString() === '400' && method_error.content[0].errorCode === 'DUPLICATE_VALUE') {
        method_error.isError = false;
        method_error.isSuccess = true;
        method_error.content = '{}';
      }
      return true;
    }`);
    const error: ActionErrorInfo = {
      statusCode: 400,
      reasonPhrase: 'Bad Request',
      content: [{ errorCode: 'DUPLICATE_VALUE', message: 'duplicate' }],
      isError: true,
      isWarning: false,
      isSuccess: false,
    };
    const ctx = actionContext({ error, statusCode: 400 });
    await script.afterError?.(ctx, env);
    expect(ctx.error).toBe(error);
    expect(error).toEqual({ statusCode: 400, reasonPhrase: 'Bad Request', content: '{}', isError: false, isWarning: false, isSuccess: true });
  });

  it('replaces the pages seen by after_action_paging', async () => {
    const script = await compile(`function after_action_paging() {
      var temp = [];
      for (var i = 0; i < method_response.length; i++) temp.push({ Name: method_response[i].label, Value: method_response[i].id });
      method_response = temp;
      return true;
    }`);
    const ctx = actionContext({ response: [{ id: 1, label: 'One' }, { id: 2, label: 'Two' }] });
    await script.afterActionPaging?.(ctx, env);
    expect(ctx.response).toEqual([{ Name: 'One', Value: 1 }, { Name: 'Two', Value: 2 }]);
  });

  it('returns action_condition as a boolean (truthiness of the result)', async () => {
    const script = await compile('function action_condition() { return method_response.total > 0 ? 1 : ""; }');
    await expect(script.actionCondition?.(actionContext({ response: { total: 3 } }), env)).resolves.toBe(true);
    await expect(script.actionCondition?.(actionContext({ response: { total: 0 } }), env)).resolves.toBe(false);
  });

  it('does not keep changes to script_parameters or cycle_variables', async () => {
    const script = await compile(
      `function before_action() {
        method_response = script_parameters.count;
        script_parameters.count = 99;
        cycle_variables.x = 'changed';
        return true;
      }`,
      { scriptParameters: { count: 1 } },
    );
    for (let i = 0; i < 2; i++) {
      const ctx = actionContext();
      await script.beforeAction?.(ctx, env);
      expect(ctx.response).toBe(1);
    }
  });

  it('gives every call fresh globals: nothing leaks between calls but storage', async () => {
    const script = await compile(`
      var counter = (typeof counter === 'number' ? counter : 0) + 1;
      function before_action() {
        var seen = { counter: counter, polluted: ({}).polluted, extra: typeof leftover, dataKeys: Object.keys(action_data) };
        Object.prototype.polluted = 'yes';
        globalThis.leftover = 1;
        action_data.mine = true;
        method_response = seen;
        return true;
      }`);
    for (let i = 0; i < 3; i++) {
      const ctx = actionContext();
      await script.beforeAction?.(ctx, env);
      expect(ctx.response).toEqual({ counter: 1, extra: 'undefined', dataKeys: [] });
    }
  });

  it('keeps action_data from before_action to after_action through the context', async () => {
    const script = await compile(`
      function before_action() { action_data.started = 'yes'; return true; }
      function after_action() { method_response = { started: action_data.started }; return true; }`);
    const ctx = actionContext();
    await script.beforeAction?.(ctx, env);
    await script.afterAction?.(ctx, env);
    expect(ctx.response).toEqual({ started: 'yes' });
  });

  it('refuses globals left with the wrong shape', async () => {
    const cases: Array<[string, RegExp]> = [
      ['method_request_headers = 5;', /method_request_headers as number; it must be an object/],
      ['method_request_parameters = [];', /method_request_parameters as an array/],
      ['action_data = null;', /action_data as null/],
      ['method_endpoint = 42;', /method_endpoint as number; it must be a string/],
      ['method_endpoint = undefined;', /method_endpoint empty/],
      ['statusCode = "200";', /statusCode as string; it must be a number/],
      ['method_error = "bad";', /method_error as string/],
    ];
    for (const [statement, message] of cases) {
      const script = await compile(`function after_error() { ${statement} return true; }`);
      const ctx = actionContext({ statusCode: 500 });
      const error = await script.afterError?.(ctx, env).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ScriptError);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('never lets a __proto__ key from the script reach a prototype on the host', async () => {
    const script = await compile(`function before_action() {
      method_request_headers = JSON.parse('{"__proto__": {"polluted": "yes"}, "A": "1"}');
      method_response = JSON.parse('{"__proto__": {"polluted": "yes"}, "nested": {"__proto__": {"polluted": "yes"}}}');
      action_data = JSON.parse('{"__proto__": {"polluted": "yes"}}');
      return true;
    }`);
    const ctx = actionContext();
    await script.beforeAction?.(ctx, env);
    expect(ctx.requestHeaders).toEqual({ A: '1' });
    expect(ctx.response).toEqual({ nested: {} });
    expect(Object.getPrototypeOf(ctx.response)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(ctx.requestHeaders)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

const SEED_ONLY_HEADERS = "function before_action() { method_request_headers.X = 'y'; return true; }";

describe('write-back is all or nothing', () => {
  it('changes nothing in the context when one global is invalid', async () => {
    const script = await compile(`function before_action() {
      method_request_headers['X-Changed'] = 'yes';
      method_request.changed = true;
      method_endpoint = 42;
      return true;
    }`);
    const ctx = actionContext();
    await expect(script.beforeAction?.(ctx, env)).rejects.toThrow(/method_endpoint/);
    expect(ctx.requestHeaders).toEqual({ 'Content-Type': 'application/json' });
    expect(ctx.request).toEqual({ LastName: 'Doe', Company: 'Acme' });
    expect(ctx.endpoint).toBe('/services/data/v62.0/sobjects/Lead');
  });

  it('creates response headers and an error record when the context had none', async () => {
    const script = await compile(`function after_action() {
      method_response_headers = { 'X-New': 1 };
      method_error = { statusCode: '418', reasonPhrase: 'Teapot', content: 'short and stout', isError: 1 };
      return true;
    }`);
    const ctx = actionContext();
    await script.afterAction?.(ctx, env);
    expect(ctx.responseHeaders).toEqual({ 'X-New': '1' });
    expect(ctx.error).toEqual({ statusCode: 418, reasonPhrase: 'Teapot', content: 'short and stout', isError: true, isWarning: false, isSuccess: false });
  });
});
