/**
 * Text ↔ bytes ↔ Base64 for the sandbox's `btoa` / `atob`, with Cyclr's optional charset
 * argument. Names are matched case-insensitively; characters a charset cannot hold become `?`
 * (as .NET's encoders do), invalid byte sequences decode to U+FFFD.
 *
 * @module
 */

/** The charsets `btoa` and `atob` understand. */
export type Charset = 'ascii' | 'latin1' | 'utf8' | 'utf16le' | 'utf16be' | 'utf32le' | 'utf32be';

const CHARSETS: Readonly<Record<string, Charset>> = {
  ASCII: 'ascii',
  'US-ASCII': 'ascii',
  'ISO-8859-1': 'latin1',
  LATIN1: 'latin1',
  'LATIN-1': 'latin1',
  'UTF-8': 'utf8',
  UTF8: 'utf8',
  'UTF-16': 'utf16le',
  'UTF-16LE': 'utf16le',
  UTF16: 'utf16le',
  UNICODE: 'utf16le',
  'UTF-16BE': 'utf16be',
  'UTF-32': 'utf32le',
  'UTF-32LE': 'utf32le',
  UTF32: 'utf32le',
  'UTF-32BE': 'utf32be',
};

const QUESTION_MARK = 0x3f;
const REPLACEMENT = 0xfffd;

/**
 * Resolves a charset name such as `ISO-8859-1` or `utf-16le`; `undefined` and `null` mean UTF-8.
 *
 * @example
 * ```ts
 * resolveCharset('iso-8859-1'); // 'latin1'
 * ```
 */
export function resolveCharset(name: string | null | undefined): Charset {
  if (name === undefined || name === null) return 'utf8';
  const charset = CHARSETS[name.trim().toUpperCase()];
  if (!charset) throw new RangeError(`unsupported charset "${name}"`);
  return charset;
}

/** `text` with every lone surrogate replaced by U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Code points of `text`; lone surrogates become U+FFFD. */
function codePoints(text: string): number[] {
  const out: number[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0) ?? REPLACEMENT;
    out.push(cp >= 0xd800 && cp <= 0xdfff ? REPLACEMENT : cp);
  }
  return out;
}

/**
 * Encodes `text` as bytes in `charset`.
 *
 * @example
 * ```ts
 * encodeText('Hĕllō', 'ascii'); // bytes of 'H?ll?'
 * ```
 */
export function encodeText(text: string, charset: Charset): Uint8Array {
  switch (charset) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'ascii':
    case 'latin1': {
      const limit = charset === 'ascii' ? 0x80 : 0x100;
      return Uint8Array.from(codePoints(text), (cp) => (cp < limit ? cp : QUESTION_MARK));
    }
    case 'utf16le':
      return Buffer.from(wellFormed(text), 'utf16le');
    case 'utf16be':
      return Buffer.from(wellFormed(text), 'utf16le').swap16();
    case 'utf32le':
    case 'utf32be': {
      const cps = codePoints(text);
      const view = new DataView(new ArrayBuffer(cps.length * 4));
      cps.forEach((cp, i) => view.setUint32(i * 4, cp, charset === 'utf32le'));
      return new Uint8Array(view.buffer);
    }
  }
}

/**
 * Decodes `bytes` from `charset` into a string.
 *
 * @example
 * ```ts
 * decodeText(Uint8Array.of(0x48, 0xe9), 'latin1'); // 'Hé'
 * ```
 */
export function decodeText(bytes: Uint8Array, charset: Charset): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (charset) {
    case 'utf8':
      return new TextDecoder('utf-8').decode(bytes);
    case 'ascii':
      return Buffer.from(bytes.map((b) => (b < 0x80 ? b : QUESTION_MARK))).toString('latin1');
    case 'latin1':
      return buffer.toString('latin1');
    case 'utf16le':
    case 'utf16be': {
      const even = Buffer.from(buffer.subarray(0, buffer.length - (buffer.length % 2)));
      const text = wellFormed((charset === 'utf16be' ? even.swap16() : even).toString('utf16le'));
      return buffer.length % 2 ? `${text}\uFFFD` : text;
    }
    case 'utf32le':
    case 'utf32be': {
      let text = '';
      const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      for (let i = 0; i + 4 <= buffer.length; i += 4) {
        const cp = view.getUint32(i, charset === 'utf32le');
        text += String.fromCodePoint(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? REPLACEMENT : cp);
      }
      return buffer.length % 4 ? `${text}\uFFFD` : text;
    }
  }
}

/**
 * Cyclr's `btoa(text, charset?)`: Base64 of `text` encoded in `charset` (UTF-8 by default).
 *
 * @example
 * ```ts
 * base64Encode('apple pie'); // 'YXBwbGUgcGll'
 * ```
 */
export function base64Encode(text: string, charset?: string | null): string {
  return Buffer.from(encodeText(text, resolveCharset(charset))).toString('base64');
}

/**
 * Cyclr's `atob(base64, charset?)`: decodes Base64 (standard or URL alphabet, padding optional,
 * whitespace ignored) and reads the bytes as `charset` (UTF-8 by default).
 *
 * @example
 * ```ts
 * base64Decode('SD9sbD8gVz9ybGQ=', 'ascii'); // 'H?ll? W?rld'
 * ```
 */
export function base64Decode(base64: string, charset?: string | null): string {
  const target = resolveCharset(charset);
  let compact = base64.replace(/[\t\n\f\r ]+/g, '');
  if (compact.length % 4 === 0) compact = compact.replace(/={1,2}$/, '');
  if (!/^[A-Za-z0-9+/_-]*$/.test(compact) || compact.length % 4 === 1) {
    throw new SyntaxError('atob: the input is not valid Base64');
  }
  return decodeText(Buffer.from(compact, 'base64'), target);
}
