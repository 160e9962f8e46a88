import { describe, expect, it } from 'vitest';
import { ActionCancelledError, HookError, ScriptTimeoutError } from '../../../src/core/errors.js';
import { runActionCondition, runActionEvent, type LeveledHooks } from '../../../src/hooks/pipeline.js';
import type { ActionContext, HookEnvironment, Hooks } from '../../../src/hooks/types.js';

const env: HookEnvironment = { httpRequest: async () => ({ status_code: 200, headers: {}, content: null }) };

function context(): ActionContext {
  return { operation: 'test', method: 'GET', endpoint: '/x', requestHeaders: {}, requestParameters: {}, request: undefined, mergefields: {}, actionData: {} };
}

function tracing(name: string, log: string[]): Hooks {
  return {
    beforeAction: () => void log.push(`before:${name}`),
    afterAction: () => void log.push(`after:${name}`),
    afterError: () => void log.push(`error:${name}`),
  };
}

describe('hook order (Cyclr: before* operation → client → call; others client → operation → call)', () => {
  it('runs levels in the documented order', async () => {
    const log: string[] = [];
    const levels: LeveledHooks = { client: [tracing('client', log)], operation: [tracing('operation', log)], call: [tracing('call', log)] };
    await runActionEvent('beforeAction', levels, context(), env);
    await runActionEvent('afterAction', levels, context(), env);
    await runActionEvent('afterError', levels, context(), env);
    expect(log).toEqual([
      'before:operation', 'before:client', 'before:call',
      'after:client', 'after:operation', 'after:call',
      'error:client', 'error:operation', 'error:call',
    ]);
  });

  it('cancels on false and stops the chain', async () => {
    const log: string[] = [];
    const levels: LeveledHooks = { client: [{ beforeAction: () => false }], operation: [], call: [tracing('call', log)] };
    await expect(runActionEvent('beforeAction', levels, context(), env)).rejects.toBeInstanceOf(ActionCancelledError);
    expect(log).toEqual([]);
  });

  it('wraps a throw in HookError with the cause, passes forcelink errors through', async () => {
    const boom = new Error('boom');
    const levels: LeveledHooks = { client: [{ afterAction: () => { throw boom; } }], operation: [], call: [] };
    const error = await runActionEvent('afterAction', levels, context(), env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookError);
    expect((error as HookError).cause).toBe(boom);
    expect((error as HookError).event).toBe('afterAction');
    const timeout = new ScriptTimeoutError('slow');
    const passing: LeveledHooks = { client: [{ afterAction: async () => { throw timeout; } }], operation: [], call: [] };
    await expect(runActionEvent('afterAction', passing, context(), env)).rejects.toBe(timeout);
  });

  it('action_condition holds only when every handler says true', async () => {
    const yes: Hooks = { actionCondition: () => true };
    const no: Hooks = { actionCondition: () => false };
    expect(await runActionCondition({ client: [yes], operation: [], call: [yes] }, context(), env)).toBe(true);
    expect(await runActionCondition({ client: [yes], operation: [no], call: [] }, context(), env)).toBe(false);
  });
});
