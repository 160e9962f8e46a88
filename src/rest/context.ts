/**
 * What every REST resource shares: the transport and the API version's base path.
 *
 * @module
 */
import type { ActionResult, ActionSpec, CallOptions, Transport } from '../http/transport.js';

/** A resource's handle on its client. */
export interface ResourceContext {
  transport: Transport;
  /** e.g. `62.0`. */
  apiVersion: string;
}

/** `/services/data/v62.0` + the given, already-encoded path. */
export function dataPath(ctx: ResourceContext, path: string): string {
  return `/services/data/v${ctx.apiVersion}${path}`;
}

/** Runs an action and returns its body. */
export async function call<T>(ctx: ResourceContext, spec: ActionSpec, options: CallOptions = {}): Promise<T> {
  return (await ctx.transport.execute(spec, options)).body as T;
}

/** Runs an action and returns the whole result (status, headers, body). */
export function callFull(ctx: ResourceContext, spec: ActionSpec, options: CallOptions = {}): Promise<ActionResult> {
  return ctx.transport.execute(spec, options);
}
