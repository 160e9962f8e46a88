import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode, decodeText, encodeText, resolveCharset, type Charset } from '../../../src/script/charset.js';

const CHARSETS: Charset[] = ['ascii', 'latin1', 'utf8', 'utf16le', 'utf16be', 'utf32le', 'utf32be'];

describe('charset names', () => {
  it('resolves Cyclr spellings case-insensitively, UTF-8 by default', () => {
    expect(resolveCharset(undefined)).toBe('utf8');
    expect(resolveCharset(null)).toBe('utf8');
    expect(resolveCharset('ascii')).toBe('ascii');
    expect(resolveCharset('ISO-8859-1')).toBe('latin1');
    expect(resolveCharset('iso-8859-1')).toBe('latin1');
    expect(resolveCharset('UTF-16')).toBe('utf16le');
    expect(resolveCharset('utf-16be')).toBe('utf16be');
    expect(resolveCharset('UTF-32')).toBe('utf32le');
  });

  it('refuses unknown charsets', () => {
    expect(() => resolveCharset('EBCDIC')).toThrow(/unsupported charset "EBCDIC"/);
    expect(() => resolveCharset('UTF-7')).toThrow(RangeError);
  });
});

describe('btoa / atob (Cyclr documentation examples)', () => {
  it('encodes UTF-8 by default', () => {
    expect(base64Encode('apple pie')).toBe('YXBwbGUgcGll');
    expect(base64Decode('YXBwbGUgcGll')).toBe('apple pie');
    expect(base64Decode('SMSVbGzFjSBXxY1ybGQ=')).toBe('Hĕllō Wōrld');
    expect(base64Encode('Hĕllō Wōrld')).toBe('SMSVbGzFjSBXxY1ybGQ=');
  });

  it('replaces what ASCII and ISO-8859-1 cannot hold with ?', () => {
    expect(base64Encode('Hĕllō Wōrld', 'ascii')).toBe('SD9sbD8gVz9ybGQ=');
    expect(base64Decode('SD9sbD8gVz9ybGQ=', 'ascii')).toBe('H?ll? W?rld');
    expect(base64Decode('SGVsbG8gV29ybGQ=', 'iso-8859-1')).toBe('Hello World');
    expect(base64Encode('café €', 'ISO-8859-1')).toBe(Buffer.from('café ?', 'latin1').toString('base64'));
    expect(base64Decode(Buffer.from([0x48, 0xe9]).toString('base64'), 'ascii')).toBe('H?');
    expect(base64Decode(Buffer.from([0x48, 0xe9]).toString('base64'), 'latin1')).toBe('Hé');
  });

  it('encodes UTF-16 and UTF-32 in both byte orders', () => {
    expect(base64Encode('Aé', 'UTF-16LE')).toBe(Buffer.from([0x41, 0, 0xe9, 0]).toString('base64'));
    expect(base64Encode('Aé', 'UTF-16BE')).toBe(Buffer.from([0, 0x41, 0, 0xe9]).toString('base64'));
    expect(Array.from(encodeText('😀', 'utf32be'))).toEqual([0, 0x01, 0xf6, 0x00]);
    expect(Array.from(encodeText('😀', 'utf32le'))).toEqual([0x00, 0xf6, 0x01, 0]);
  });

  it('accepts whitespace, missing padding and the URL alphabet; rejects garbage', () => {
    expect(base64Decode(' YXBw\nbGUg cGll ')).toBe('apple pie');
    expect(base64Decode('YXBwbGU')).toBe('apple');
    expect(base64Decode(Buffer.from([0xfb, 0xff]).toString('base64url'), 'latin1')).toBe('\u00fb\u00ff');
    expect(() => base64Decode('not base64!')).toThrow(/not valid Base64/);
    expect(() => base64Decode('YXBwb')).toThrow(SyntaxError);
  });

  it('decodes broken input to U+FFFD instead of throwing', () => {
    expect(decodeText(Uint8Array.of(0xff), 'utf8')).toBe('\uFFFD');
    expect(decodeText(Uint8Array.of(0x41, 0x00, 0x42), 'utf16le')).toBe('A\uFFFD');
    expect(decodeText(Uint8Array.of(0xff, 0xff, 0xff, 0xff), 'utf32le')).toBe('\uFFFD');
    expect(decodeText(Uint8Array.of(0x00, 0xd8), 'utf16le')).toBe('\uFFFD');
  });

  it('round-trips any well-formed text through every Unicode charset', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.constantFrom('UTF-8', 'UTF-16LE', 'UTF-16BE', 'UTF-32LE', 'UTF-32BE'), (text, charset) => {
        expect(base64Decode(base64Encode(text, charset), charset)).toBe(text);
      }),
    );
  });

  it('round-trips Latin-1 text through ISO-8859-1 and ASCII text through ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)) }), (text) => {
        expect(base64Decode(base64Encode(text, 'ISO-8859-1'), 'ISO-8859-1')).toBe(text);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) }), (text) => {
        expect(base64Decode(base64Encode(text, 'ascii'), 'ascii')).toBe(text);
      }),
    );
  });

  it('agrees with Buffer for every charset Node knows', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(base64Encode(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
        expect(base64Encode(text, 'utf-16le')).toBe(Buffer.from(text, 'utf16le').toString('base64'));
      }),
    );
  });

  it('round-trips encodeText/decodeText for every charset on text it can hold', () => {
    for (const charset of CHARSETS) expect(decodeText(encodeText('Hello, World', charset), charset)).toBe('Hello, World');
  });
});
