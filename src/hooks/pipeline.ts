/**
 * Runs hooks in Cyclr's order and turns their outcomes into forcelink's errors:
 * `before*` events run operation → client → call, every other event client → operation → call;
 * `false` from `beforeAction` cancels, a throw becomes {@link HookError} (a script's own
 * `ForcelinkError`s, such as a refresh request or a timeout, pass through unchanged).
 *
 * @module
 */
import { ActionCancelledError, ForcelinkError, HookError } from '../core/errors.js';
import type { ActionContext, HookEnvironment, Hooks, OAuthContext } from './types.js';

/** Hooks attached at each level, in registration order. */
export interface LeveledHooks {
  client: readonly Hooks[];
  operation: readonly Hooks[];
  call: readonly Hooks[];
}

/** Action events that take an {@link ActionContext}. */
export type ActionEvent = 'beforeAction' | 'afterAction' | 'afterActionPaging' | 'afterError';

/** OAuth events that take an {@link OAuthContext}. */
export type OAuthEvent =
  | 'beforeOAuth2Authorise'
  | 'beforeOAuth2Token'
  | 'afterOAuth2Token'
  | 'beforeOAuth2Refresh'
  | 'afterOAuth2Refresh';

/** The hook objects to run for `event`, in Cyclr's order. */
export function orderedHooks(event: string, levels: LeveledHooks): Hooks[] {
  return event.startsWith('before')
    ? [...levels.operation, ...levels.client, ...levels.call]
    : [...levels.client, ...levels.operation, ...levels.call];
}

/** True when no level has a handler for `event` (lets the transport skip all hook work). */
export function hasHandler(event: keyof Hooks, levels: LeveledHooks): boolean {
  return [levels.client, levels.operation, levels.call].some((level) => level.some((hooks) => hooks[event]));
}

async function invoke<C>(event: string, fn: (ctx: C, env: HookEnvironment) => unknown, ctx: C, env: HookEnvironment) {
  try {
    return await fn(ctx, env);
  } catch (error) {
    if (ForcelinkError.is(error)) throw error;
    throw new HookError(event, error);
  }
}

/**
 * Runs an action event at every level. For `beforeAction`, a handler returning `false` stops the
 * chain and throws {@link ActionCancelledError}.
 */
export async function runActionEvent(
  event: ActionEvent,
  levels: LeveledHooks,
  ctx: ActionContext,
  env: HookEnvironment,
): Promise<void> {
  for (const hooks of orderedHooks(event, levels)) {
    const fn = hooks[event];
    if (!fn) continue;
    const result = await invoke(event, fn.bind(hooks), ctx, env);
    if (event === 'beforeAction' && result === false) throw new ActionCancelledError();
  }
}

/** Runs Cyclr's `action_condition` handlers; the condition holds when every handler says true. */
export async function runActionCondition(
  levels: LeveledHooks,
  ctx: ActionContext,
  env: HookEnvironment,
): Promise<boolean> {
  let holds = true;
  for (const hooks of orderedHooks('actionCondition', levels)) {
    const fn = hooks.actionCondition;
    if (fn && (await invoke('actionCondition', fn.bind(hooks), ctx, env)) !== true) holds = false;
  }
  return holds;
}

/** Runs an OAuth event over a flat list of hook objects (OAuth hooks live at client level). */
export async function runOAuthEvent(
  event: OAuthEvent,
  hooks: readonly Hooks[],
  ctx: OAuthContext,
  env: HookEnvironment,
): Promise<void> {
  for (const set of hooks) {
    const fn = set[event];
    if (fn) await invoke(event, fn.bind(set), ctx, env);
  }
}
