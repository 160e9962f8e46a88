/**
 * Cyclr's `cyclr_sign(algorithm, key, value)`. Cyclr does not document the output encoding;
 * forcelink returns **Base64** (what OAuth 1 `HMAC-SHA1` and most signed-request schemes expect).
 *
 * @module
 */
import { createHmac, createPrivateKey, sign, type KeyObject } from 'node:crypto';

const HMAC = /^HMAC-?SHA(1|256|384|512)$/;
const RSA = /^RSA-?SHA(1|224|256|384|512)$/;

/** Reads a PEM private key; `\n` escapes (a key pasted into JSON) are turned into newlines. */
function privateKey(pem: string): KeyObject {
  const text = pem.includes('\n') ? pem : pem.replace(/\\n/g, '\n');
  try {
    return createPrivateKey(text);
  } catch {
    // Never echo the key or the parser's message: both could carry key material.
    throw new TypeError('cyclr_sign: the key is not a PEM private key');
  }
}

/**
 * Signs `value` with `key`: `HMAC-SHA1`, `HMAC-SHA256`, `HMAC-SHA384`, `HMAC-SHA512` (key and
 * value as UTF-8) or `RSA-SHA1`, `RSA-SHA224`, `RSA-SHA256`, `RSA-SHA384`, `RSA-SHA512` (PKCS #1
 * v1.5 with a PEM private key). Returns the signature in Base64.
 *
 * @example
 * ```ts
 * cyclrSign('HMAC-SHA256', 'secret', 'payload'); // 'uC/LeRrOxXhZuYm0MKgmSIzi5Hn9+SMmvQoug3WkK6Q='
 * ```
 */
export function cyclrSign(algorithm: string, key: string, value: string): string {
  const name = algorithm.trim().toUpperCase();
  const hmac = HMAC.exec(name);
  if (hmac) return createHmac(`sha${hmac[1]}`, Buffer.from(key, 'utf8')).update(value, 'utf8').digest('base64');
  const rsa = RSA.exec(name);
  if (rsa) return sign(`sha${rsa[1]}`, Buffer.from(value, 'utf8'), privateKey(key)).toString('base64');
  throw new RangeError(`cyclr_sign: unsupported algorithm "${algorithm}"`);
}
