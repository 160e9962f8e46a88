/**
 * Shared set-up for the reliability suite: an org with a `Soak__c` object whose `Marker__c`
 * identifies each create, a hook that tags requests so a fault can target one exact call, an
 * axios instance that counts attempts, and a gate (a TCP port that refuses connections until
 * opened) for failures that prove a request never left.
 */
import axios, { type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import type { Hooks } from '../../src/hooks/types.js';
import { startOrg, type EmulatorOptions, type Org } from '../integration/helpers.js';

export const SOAK_SCHEMA = [{ name: 'Soak__c', fields: [{ name: 'Marker__c', type: 'string', externalId: true }] }];

/** An org for reliability tests: the `Soak__c` object, a high API limit, a large request log. */
export function startReliabilityOrg(options: EmulatorOptions = {}): Promise<Org> {
  return startOrg({ schema: SOAK_SCHEMA, apiLimit: 10_000_000, requestLogLimit: 100_000, ...options } as EmulatorOptions);
}

/** The query parameter the tag hook adds; a fault with `path: tagged(tag)` hits only that call. */
export const TAG = 'rtag';

/** A path matcher for the call tagged `tag` (see {@link tagHook}). */
export function tagged(tag: string): RegExp {
  return new RegExp(`[?&]${TAG}=${tag}(?:&|$)`);
}

/** Call-level hooks that tag the request's URL with `?rtag=<tag>` (the emulator ignores it). */
export function tagHook(tag: string): Hooks {
  return {
    beforeAction(ctx) {
      ctx.requestParameters[TAG] = tag;
    },
  };
}

/** An axios instance that counts the requests it sends, and may run code before each one. */
export function countingHttp(before?: (attempt: number, config: InternalAxiosRequestConfig) => void | Promise<void>): {
  http: AxiosInstance;
  attempts: () => number;
} {
  const http = axios.create();
  let count = 0;
  http.interceptors.request.use(async (config) => {
    count++;
    await before?.(count, config);
    return config;
  });
  return { http, attempts: () => count };
}

/**
 * A TCP port in front of the org that refuses connections (ECONNREFUSED) until {@link Gate.open}
 * starts forwarding to the org.
 */
export class Gate {
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** A gate on a port that was free a moment ago, closed. */
  static async closed(org: Org): Promise<Gate> {
    const probe = createServer();
    const port = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)));
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const url = new URL(org.instanceUrl);
    return new Gate(port, { host: url.hostname, port: Number(url.port) });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async open(): Promise<void> {
    if (this.#server) return;
    const server = createServer((client) => {
      const upstream = tcpConnect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Resolves once `predicate` holds (polling), or rejects after `limitMs`. */
export async function until(predicate: () => boolean, limitMs = 10_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** What a promise settled with: the value, or the error. */
export async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}
