import type { HookEnvironment, HookHttpRequest, HookHttpResponse } from '../../../src/hooks/types.js';

/** One `http_request` the gate is holding. */
export interface HeldRequest {
  request: HookHttpRequest;
  /** Answers the request with `{ url }` as its content. */
  release: () => void;
}

/**
 * A HookEnvironment whose `http_request`s wait until the test releases them, so a test can see
 * which calls are inside the sandbox at the same time.
 */
export class Gate {
  readonly held: HeldRequest[] = [];
  #wake: Array<() => void> = [];

  readonly env: HookEnvironment = {
    httpRequest: (request) =>
      new Promise<HookHttpResponse>((resolve) => {
        this.held.push({ request, release: () => resolve({ status_code: 200, headers: {}, content: { url: request.url } }) });
        for (const wake of this.#wake.splice(0)) wake();
      }),
  };

  /** Resolves once `count` requests have arrived in total. */
  async arrived(count: number): Promise<void> {
    while (this.held.length < count) await new Promise<void>((resolve) => this.#wake.push(resolve));
  }

  /** The held request for `url` (the first one if several). */
  find(url: string): HeldRequest {
    const held = this.held.find((entry) => entry.request.url === url);
    if (!held) throw new Error(`no request for ${url} has arrived`);
    return held;
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
