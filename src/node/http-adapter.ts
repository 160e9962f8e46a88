/**
 * An axios adapter written directly on `node:http` / `node:https` with keep-alive agents: the
 * requests forcelink sends (and most JSON API calls) without axios's general-purpose HTTP adapter,
 * whose proxy lookup, redirect wrapper, stream pipeline and header objects cost more CPU per call
 * than forcelink's whole client. axios's request pipeline (config merging, interceptors,
 * `transformRequest` / `transformResponse`) still runs around it.
 *
 * @module
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompress, constants as zlib, inflate, inflateRaw, unzip, type ZlibOptions } from 'node:zlib';
import axios, {
  AxiosError,
  CanceledError,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
  type RawAxiosResponseHeaders,
} from 'axios';

/**
 * Options of {@link nodeHttpAdapter}.
 *
 * @example
 * ```ts
 * const adapter = nodeHttpAdapter({ maxSockets: 16 } satisfies NodeHttpAdapterOptions);
 * ```
 */
export interface NodeHttpAdapterOptions {
  /** Most sockets open at once per host (requests beyond it wait for a free one). Default: no limit. */
  maxSockets?: number;
  /** Keep connections open between requests. Default `true`. */
  keepAlive?: boolean;
}

type Decoder = (input: Buffer, options: ZlibOptions, callback: (error: Error | null, result: Buffer) => void) => void;

/** Like axios: a body cut short still decodes as far as it goes. */
const LENIENT = { flush: zlib.Z_SYNC_FLUSH, finishFlush: zlib.Z_SYNC_FLUSH };
const BROTLI_LENIENT = { flush: zlib.BROTLI_OPERATION_FLUSH, finishFlush: zlib.BROTLI_OPERATION_FLUSH };
const ACCEPT_ENCODING = 'gzip, deflate, br';
const USER_AGENT = `axios/${axios.VERSION}`;

/** Whether a `deflate` body starts with a zlib header (method 8, header check a multiple of 31). */
const zlibHeader = (input: Buffer): boolean => input.length > 1 && (input[0]! & 0x0f) === 8 && ((input[0]! << 8) | input[1]!) % 31 === 0;

/** Deflate with its zlib header, or raw (servers send both for `deflate`). */
const deflate: Decoder = (input, options, callback) => (zlibHeader(input) ? inflate : inflateRaw)(input, options, callback);

/** The decoder for a `content-encoding`, if this adapter decodes it. */
function decoderFor(encoding: string): { decode: Decoder; options: ZlibOptions } | undefined {
  switch (encoding.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return { decode: unzip, options: LENIENT };
    case 'deflate':
      return { decode: deflate, options: LENIENT };
    case 'br':
      return { decode: brotliDecompress, options: BROTLI_LENIENT };
    default:
      return undefined;
  }
}

/** The request URL: `config.url` as is, or built by axios when `baseURL` or `params` are set. */
function requestUrl(config: InternalAxiosRequestConfig): URL {
  const { url, baseURL, params } = config;
  if (!baseURL && !params) return new URL(url ?? '');
  const { paramsSerializer, allowAbsoluteUrls } = config;
  return new URL(axios.getUri({ url, baseURL, params, paramsSerializer, allowAbsoluteUrls }));
}

/** The request body as node writes it, or an error for bodies this adapter does not send. */
function requestBody(data: unknown): string | Uint8Array | undefined | Error {
  if (data === undefined || data === null) return undefined;
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Error('nodeHttpAdapter sends string, Buffer, typed-array or ArrayBuffer bodies only');
}

/** The request headers: axios's header object made plain, names lower-cased, axios's defaults added. */
function requestHeaders(config: InternalAxiosRequestConfig): OutgoingHttpHeaders {
  const source = config.headers as unknown as Record<string, unknown>;
  const out: OutgoingHttpHeaders = {};
  let userAgent = false;
  let acceptEncoding = false;
  for (const name of Object.keys(source)) {
    const value = source[name];
    const lower = name.toLowerCase();
    // `false` means "do not send", also for the defaults below.
    if (lower === 'user-agent') userAgent = true;
    else if (lower === 'accept-encoding') acceptEncoding = true;
    if (value === undefined || value === null || value === false) continue;
    out[lower] = Array.isArray(value) ? value.map(String) : String(value);
  }
  if (!userAgent) out['user-agent'] = USER_AGENT;
  if (!acceptEncoding && config.decompress !== false) out['accept-encoding'] = ACCEPT_ENCODING;
  if (config.auth) {
    const { username = '', password = '' } = config.auth;
    out.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  return out;
}

/** The first option set that this adapter would otherwise ignore and send the request wrongly for. */
function unsupportedOption(config: InternalAxiosRequestConfig): string | undefined {
  if (config.responseType === 'stream') return "responseType 'stream'";
  if (config.proxy) return 'proxy';
  if (config.socketPath) return 'socketPath';
  if (config.httpVersion === 2) return 'httpVersion 2';
  return undefined;
}

function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}

function tooLarge(limit: number, config: InternalAxiosRequestConfig, request?: ClientRequest): AxiosError {
  return new AxiosError(`maxContentLength size of ${limit} exceeded`, AxiosError.ERR_BAD_RESPONSE, config, request);
}

/**
 * An axios adapter on `node:http` / `node:https` with its own keep-alive agents. Pass it to
 * `axios.create({ adapter })` and give that instance to forcelink as `httpClient` (the client and
 * `OAuth2` both take one): every call then skips axios's default adapter, about a quarter of the
 * client's CPU per call.
 *
 * What it supports: every method; `url` with `baseURL`, `params` and `paramsSerializer` (built by
 * axios); headers (names sent lower-cased; `User-Agent: axios/<version>` and
 * `Accept-Encoding: gzip, deflate, br` added unless set); `auth`; string, Buffer, typed-array and
 * ArrayBuffer bodies (what axios's `transformRequest` makes of objects and `URLSearchParams`);
 * `signal` (rejects with `CanceledError`); `timeout` over the whole exchange (rejects with
 * `ECONNABORTED`, or `ETIMEDOUT` with `transitional.clarifyTimeoutError`); `responseType` `text`,
 * `json` (parsed by axios's `transformResponse`) and `arraybuffer` (a Buffer); `responseEncoding`;
 * gzip, deflate and br bodies decoded unless `decompress: false`; `maxContentLength`,
 * `maxBodyLength`; `validateStatus` (an `AxiosError` with the `response` otherwise); an
 * `httpAgent` / `httpsAgent` in the config replaces the adapter's own. Network failures reject
 * with an `AxiosError` carrying node's code (`ECONNREFUSED`, `ECONNRESET`…); an answer that breaks
 * off after its headers rejects with `ERR_BAD_RESPONSE` and the response, as axios does.
 *
 * What it does not do, refused with `ERR_NOT_SUPPORT` or `ERR_BAD_REQUEST`: a `proxy`, a
 * `socketPath`, HTTP/2, streamed bodies either way (`responseType: 'stream'`, stream or FormData
 * bodies). Not applied: redirects (a 3xx is the answer, as with `maxRedirects: 0`), proxies from
 * `HTTP_PROXY` / `HTTPS_PROXY`, progress events and rate limits. Use axios's own adapter where
 * you need those.
 *
 * @example
 * ```ts
 * import axios from 'axios';
 * import { SalesforceClient } from 'forcelink';
 * import { nodeHttpAdapter } from 'forcelink/node';
 *
 * const httpClient = axios.create({ adapter: nodeHttpAdapter({ maxSockets: 64 }) });
 * const sf = new SalesforceClient({ tokens, httpClient });
 * ```
 */
export function nodeHttpAdapter(options: NodeHttpAdapterOptions = {}): AxiosAdapter {
  const agentOptions = { keepAlive: options.keepAlive ?? true, maxSockets: options.maxSockets ?? Infinity };
  const httpAgent = new HttpAgent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);

  return (config) =>
    new Promise<AxiosResponse>((resolve, reject) => {
      const { signal } = config;
      if (signal?.aborted) return reject(new CanceledError(undefined, config));
      const unsupported = unsupportedOption(config);
      if (unsupported) return reject(new AxiosError(`nodeHttpAdapter does not support ${unsupported}`, AxiosError.ERR_NOT_SUPPORT, config));
      let url: URL;
      let body: ReturnType<typeof requestBody>;
      try {
        url = requestUrl(config);
        body = requestBody(config.data);
      } catch (error) {
        return reject(AxiosError.from(error as Error, AxiosError.ERR_BAD_REQUEST, config));
      }
      if (body instanceof Error) return reject(new AxiosError(body.message, AxiosError.ERR_BAD_REQUEST, config));
      const https = url.protocol === 'https:';
      if (!https && url.protocol !== 'http:') {
        return reject(new AxiosError(`Unsupported protocol ${url.protocol}`, AxiosError.ERR_BAD_REQUEST, config));
      }
      const maxBody = config.maxBodyLength ?? -1;
      if (body !== undefined && maxBody > -1 && byteLength(body) > maxBody) {
        return reject(new AxiosError('Request body larger than maxBodyLength limit', AxiosError.ERR_BAD_REQUEST, config));
      }

      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (error: AxiosError | undefined, response?: AxiosResponse): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        signal?.removeEventListener?.('abort', onAbort);
        if (error) {
          if (!req.destroyed) req.destroy();
          reject(error);
        } else resolve(response!);
      };
      const onAbort = (): void => finish(new CanceledError(undefined, config, req));

      const method = (config.method ?? 'get').toUpperCase();
      let req: ClientRequest;
      try {
        req = (https ? httpsRequest : httpRequest)({
          protocol: url.protocol,
          hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method,
          headers: requestHeaders(config),
          agent: (https ? config.httpsAgent : config.httpAgent) ?? (https ? httpsAgent : httpAgent),
        });
      } catch (error) {
        // Node refuses some requests before sending them (a header value with CR/LF, say).
        return reject(AxiosError.from(error as Error, AxiosError.ERR_BAD_REQUEST, config));
      }
      req.on('error', (error) => finish(AxiosError.from(error, undefined, config, req)));
      req.on('response', (res) => receive(res, method, config, req, finish));
      signal?.addEventListener?.('abort', onAbort, { once: true });
      if (config.timeout && config.timeout > 0) {
        const ms = config.timeout;
        timer = setTimeout(() => {
          const message = config.timeoutErrorMessage || `timeout of ${ms}ms exceeded`;
          const code = config.transitional?.clarifyTimeoutError ? AxiosError.ETIMEDOUT : AxiosError.ECONNABORTED;
          finish(new AxiosError(message, code, config, req));
        }, ms);
      }
      req.end(body);
    });
}

/** Reads the answer's body whole, decodes it, and settles the exchange like axios's `settle`. */
function receive(
  res: IncomingMessage,
  method: string,
  config: InternalAxiosRequestConfig,
  req: ClientRequest,
  finish: (error: AxiosError | undefined, response?: AxiosResponse) => void,
): void {
  const status = res.statusCode ?? 0;
  const headers = res.headers as RawAxiosResponseHeaders;
  const response: AxiosResponse = { data: undefined, status, statusText: res.statusMessage ?? '', headers, config, request: req };
  const encoding = config.decompress === false || method === 'HEAD' || status === 204 ? undefined : res.headers['content-encoding'];
  const decoder = encoding ? decoderFor(encoding) : undefined;
  const limit = config.maxContentLength ?? -1;
  const chunks: Buffer[] = [];
  let size = 0;

  res.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (limit > -1 && !decoder && size > limit) finish(tooLarge(limit, config, req));
  });
  const brokenOff = (): void => {
    if (!res.complete) finish(new AxiosError('stream has been aborted', AxiosError.ERR_BAD_RESPONSE, config, req, response));
  };
  res.on('error', brokenOff);
  res.on('close', brokenOff);
  res.on('end', () => {
    const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
    if (!decoder || size === 0) return settle(raw);
    delete headers['content-encoding'];
    decoder.decode(raw, limit > -1 ? { ...decoder.options, maxOutputLength: limit } : decoder.options, (error, decoded) => {
      if (!error) return settle(decoded);
      const tooBig = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      finish(tooBig ? tooLarge(limit, config, req) : AxiosError.from(error, undefined, config, req, response));
    });
  });

  function settle(body: Buffer): void {
    if (config.responseType === 'arraybuffer') response.data = body;
    else {
      const charset = (config.responseEncoding ?? 'utf8') as BufferEncoding;
      const text = body.toString(charset);
      response.data = text.charCodeAt(0) === 0xfeff && (charset === 'utf8' || charset === 'utf-8') ? text.slice(1) : text;
    }
    const valid = config.validateStatus;
    if (!status || !valid || valid(status)) return finish(undefined, response);
    const code = status >= 400 && status < 500 ? AxiosError.ERR_BAD_REQUEST : AxiosError.ERR_BAD_RESPONSE;
    finish(new AxiosError(`Request failed with status code ${status}`, code, config, req, response));
  }
}
