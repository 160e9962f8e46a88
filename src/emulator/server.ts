/**
 * The HTTP side of the emulator (node:http): reads requests with a size cap, applies injected
 * faults, lets the app answer, writes the answer and logs the exchange.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EmulatorApp, HandledReply } from './app.js';
import { defaultFaultBody, faultBodyBytes, type FaultInjector, type FaultSpec } from './faults.js';
import { BodyTooLargeError, readBody } from './http/body.js';
import { json, type Reply } from './http/reply.js';
import { logBody, type RequestLog } from './request-log.js';

const SLOW_BODY_PIECES = 10;
const DEFAULT_SLOW_BODY_MS = 1000;

/** Serves one app over HTTP. */
export class EmulatorServer {
  private readonly server: Server;

  constructor(
    private readonly app: EmulatorApp,
    private readonly faults: FaultInjector,
    private readonly log: RequestLog,
    private readonly maxBodyBytes: number,
  ) {
    this.server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
      // Nothing may escape as an unhandled rejection (e.g. a fault header Node refuses to send).
      this.onRequest(req, res).catch(() => req.socket.destroy());
    });
  }

  /** Starts listening; resolves with the bound port. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops listening and drops every open connection. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = Date.now();
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt < 0 ? target : target.slice(0, queryAt);
    const query = new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1));
    const method = (req.method ?? 'GET').toUpperCase();
    const fault = this.faults.take(method, target);
    let body: Buffer = Buffer.alloc(0);
    let reply: HandledReply | undefined;
    try {
      body = await readBody(req, this.maxBodyBytes);
    } catch (error) {
      reply = error instanceof BodyTooLargeError
        ? json(413, [{ message: `Request body exceeds ${error.limit} bytes`, errorCode: 'REQUEST_ENTITY_TOO_LARGE' }])
        : json(400, [{ message: 'Unable to read the request body', errorCode: 'JSON_PARSER_ERROR' }]);
    }
    if (fault?.delayMs && !fault.slowBody) await sleep(fault.delayMs);
    if (!reply && !fault?.reset) {
      const injected = fault?.status !== undefined;
      if (!injected || fault.afterProcessing) reply = await this.app.handle({ method, path, query, headers: req.headers, body });
      if (injected) reply = faultReply(fault);
    }
    if (!reply || fault?.reset || fault?.resetAfterProcessing) {
      req.socket.destroy();
    } else {
      await send(res, method, withFaultHeaders(reply, fault), fault);
    }
    this.log.add({
      method, path, query: Object.fromEntries(query), headers: flatHeaders(req), body: logBody(body),
      status: res.headersSent && reply ? reply.status : 0, time, durationMs: Date.now() - time,
      ...(reply?.error === undefined ? {} : { error: reply.error }),
    });
  }
}

function faultReply(fault: Readonly<FaultSpec>): Reply {
  const status = fault.status as number;
  const body = fault.body === undefined ? defaultFaultBody(status) : fault.body;
  if (body === undefined) return { status, headers: {} };
  if (typeof body === 'string') return { status, headers: { 'content-type': 'text/plain;charset=UTF-8' }, body };
  return json(status, body);
}

function withFaultHeaders(reply: Reply, fault: Readonly<FaultSpec> | undefined): Reply {
  if (!fault) return reply;
  const headers = { ...reply.headers, ...lowerCase(fault.headers ?? {}) };
  if (fault.contentType !== undefined) headers['content-type'] = fault.contentType;
  return { ...reply, headers };
}

async function send(res: ServerResponse, method: string, reply: Reply, fault: Readonly<FaultSpec> | undefined): Promise<void> {
  const bodyless = reply.status === 204 || reply.status === 304;
  const whole = reply.body === undefined || bodyless ? undefined : typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  const bytes = whole && faultBodyBytes(whole, fault);
  const headers: Record<string, string | number> = { ...reply.headers };
  if (!bodyless) headers['content-length'] = bytes?.length ?? 0;
  res.writeHead(reply.status, headers);
  if (bytes && method !== 'HEAD' && fault?.resetMidBody) {
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    await new Promise<void>((resolve) => setImmediate(resolve));
    res.socket?.destroy();
    return;
  }
  if (!bytes || method === 'HEAD' || !fault?.slowBody) {
    res.end(method === 'HEAD' ? undefined : bytes);
    return;
  }
  const piece = Math.max(1, Math.ceil(bytes.length / SLOW_BODY_PIECES));
  const pause = (fault.delayMs ?? DEFAULT_SLOW_BODY_MS) / SLOW_BODY_PIECES;
  for (let at = 0; at < bytes.length && !res.destroyed; at += piece) {
    res.write(bytes.subarray(at, at + piece));
    await sleep(pause);
  }
  res.end();
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
