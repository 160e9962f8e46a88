/**
 * Redaction: nothing forcelink logs, throws or emits may show an access token, refresh token,
 * client secret, password or JWT assertion. Secrets are removed three ways: by field name (headers,
 * form fields, JSON keys), by shape (Salesforce session ids, `Bearer …`), and by value (every
 * secret forcelink handles is registered here, so it is scrubbed wherever it shows up).
 *
 * @module
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** Header, form-field and JSON-key names whose values are always secret (lower case). */
const SECRET_NAMES = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-sfdc-session',
  'access_token',
  'accesstoken',
  'refresh_token',
  'refreshtoken',
  'client_secret',
  'clientsecret',
  'password',
  'assertion',
  'code',
  'code_verifier',
  'codeverifier',
  'token',
  'signature',
  'privatekey',
  'private_key',
]);

/** Secret shapes and what replaces them: Salesforce session ids, bearer credentials, form fields. */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=!\-]{16,}/gi, `$1 ${REDACTED}`],
  [/\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._\-]+/g, REDACTED],
  [/\b(access_token|refresh_token|client_secret|password|assertion|code_verifier|token)=[^&\s"']+/gi, `$1=${REDACTED}`],
];

const MAX_REGISTERED = 2048;
const MIN_SECRET_LENGTH = 6;
const registered = new Set<string>();

/**
 * Registers a secret value so that {@link redactText} scrubs it wherever it appears. Called by
 * OAuth2 and the token manager for every token, secret and password they see.
 */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < MIN_SECRET_LENGTH || registered.has(value)) return;
  if (registered.size >= MAX_REGISTERED) {
    const oldest = registered.values().next().value;
    if (oldest !== undefined) registered.delete(oldest);
  }
  registered.add(value);
}

/** True if `name` (a header, form field or JSON key) holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase());
}

/** Replaces every registered secret and every secret-shaped substring in `text`. */
export function redactText(text: string): string {
  let out = text;
  for (const secret of registered) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** A deep copy of a JSON-like value with secret fields and secret-shaped strings removed. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 20) return REDACTED;
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSecretName(key) ? REDACTED : redactValue(item, depth + 1);
    }
    return out;
  }
  return value;
}

/** Headers with secret values replaced. */
export function redactHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    out[name] = isSecretName(name) ? REDACTED : redactText(String(value));
  }
  return out;
}

/** A request as kept on an error: a redacted copy, never the original. */
export interface RedactedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** Makes a {@link RedactedRequest} from a request's parts. */
export function redactRequest(request: {
  method: string;
  url: string;
  headers?: Record<string, unknown>;
  body?: unknown;
}): RedactedRequest {
  const out: RedactedRequest = {
    method: request.method.toUpperCase(),
    url: redactText(request.url),
    headers: redactHeaders(request.headers),
  };
  if (request.body !== undefined) {
    out.body = typeof request.body === 'string' ? redactFormOrText(request.body) : redactValue(request.body);
  }
  return out;
}

function redactFormOrText(body: string): string {
  if (/^[\w.%+\-]+=[^&]*(&[\w.%+\-]+=[^&]*)*$/.test(body)) {
    const params = new URLSearchParams(body);
    for (const key of [...params.keys()]) {
      if (isSecretName(key)) params.set(key, REDACTED);
    }
    return redactText(params.toString());
  }
  return redactText(body);
}
