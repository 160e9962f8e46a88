import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { assertSafeHeaders, assertSafeHeaderValue, autoAssign, mergeHeaders, queryOptions } from '../../../src/headers/index.js';

function caught(fn: () => void): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('assertSafeHeaderValue', () => {
  it('accepts printable text, tabs and Latin-1', () => {
    expect(() => assertSafeHeaderValue('X-Ok', 'a b\tc é ÿ ~')).not.toThrow();
    expect(() => assertSafeHeaderValue('X-Ok', '')).not.toThrow();
  });

  it.each([
    ['CR', '\r', 0x0d],
    ['LF', '\n', 0x0a],
    ['NUL', '\0', 0x00],
    ['ESC', '\u001b', 0x1b],
    ['DEL', '\u007f', 0x7f],
    ['a character above U+00FF', '☃', 0x2603],
  ])('refuses %s and names the header and the code, not the value', (_label, ch, code) => {
    const secret = `Bearer-super-secret-token${ch}X-Evil: 1`;
    const error = caught(() => assertSafeHeaderValue('X-Custom', secret));
    expect(error.message).toContain('X-Custom');
    expect(error.message).toContain(`0x${code.toString(16).padStart(2, '0')}`);
    expect(error.message).not.toContain('super-secret');
  });

  it.each(['', 'Bad Name', 'X-Evil:', 'X\r\nY', 'Naïve', '(x)'])('refuses the header name %j', (name) => {
    caught(() => assertSafeHeaderValue(name, 'v'));
  });

  it('refuses a value that is not a string', () => {
    caught(() => assertSafeHeaderValue('X-Count', 5 as unknown as string));
  });

  it('never lets CR, LF or another control character through, and never echoes the value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (tail) => {
        const value = `SECRETVALUE${tail}`;
        try {
          assertSafeHeaderValue('X-Any', value);
          expect(value).not.toMatch(/[\0-\x08\x0a-\x1f\x7f]/);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as Error).message).not.toContain('SECRETVALUE');
        }
      }),
    );
  });
});

describe('assertSafeHeaders', () => {
  it('checks every entry', () => {
    expect(() => assertSafeHeaders({ Accept: 'application/json', 'X-A': 'b' })).not.toThrow();
    const error = caught(() => assertSafeHeaders({ Accept: 'application/json', 'X-Injected': 'a\r\nb' }));
    expect(error.message).toContain('X-Injected');
  });
});

describe('mergeHeaders', () => {
  it('merges case-insensitively; the last writer wins with its spelling', () => {
    expect(mergeHeaders({ 'sforce-auto-assign': 'TRUE', Accept: 'a' }, autoAssign(false))).toEqual({
      Accept: 'a',
      'Sforce-Auto-Assign': 'FALSE',
    });
  });

  it('removes a header given as undefined and skips missing sets', () => {
    expect(mergeHeaders({ 'X-A': '1', 'X-B': '2' }, undefined, null, { 'x-a': undefined }, queryOptions({ batchSize: 500 }))).toEqual({
      'X-B': '2',
      'Sforce-Query-Options': 'batchSize=500',
    });
    expect(mergeHeaders()).toEqual({});
  });

  it('removal can be overridden again by a later set', () => {
    expect(mergeHeaders({ 'X-A': '1' }, { 'X-A': undefined }, { 'x-A': '3' })).toEqual({ 'x-A': '3' });
  });

  it('validates names and values', () => {
    caught(() => mergeHeaders({ 'X-A': 'ok' }, { 'X-B': 'bad\nvalue' }));
    caught(() => mergeHeaders({ 'Bad Name': 'v' }));
  });

  it('treats __proto__ as a plain header name', () => {
    const merged = mergeHeaders(JSON.parse('{"__proto__":"x"}') as Record<string, string>);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(['__proto__']);
  });

  it('does not mutate its inputs', () => {
    const a = { 'X-A': '1' };
    const b = { 'x-a': '2' };
    mergeHeaders(a, b);
    expect(a).toEqual({ 'X-A': '1' });
    expect(b).toEqual({ 'x-a': '2' });
  });

  it('keeps exactly one spelling per name, holding the last defined value', () => {
    const name = fc.constantFrom('X-A', 'x-a', 'X-a', 'X-B', 'x-b');
    const set = fc.dictionary(name, fc.option(fc.string({ maxLength: 3 }).filter((s) => !/[\0-\x1f\x7f]/.test(s)), { nil: undefined }));
    fc.assert(
      fc.property(fc.array(set, { maxLength: 5 }), (sets) => {
        const merged = mergeHeaders(...sets);
        const lower = Object.keys(merged).map((k) => k.toLowerCase());
        expect(new Set(lower).size).toBe(lower.length);
        for (const key of ['x-a', 'x-b']) {
          let expected: [string, string] | undefined;
          for (const s of sets) for (const [k, v] of Object.entries(s)) if (k.toLowerCase() === key) expected = v === undefined ? undefined : [k, v];
          const actual = Object.entries(merged).find(([k]) => k.toLowerCase() === key);
          expect(actual).toEqual(expected);
        }
      }),
    );
  });
});

describe('header names', () => {
  it('names the offending character code', () => {
    expect(caught(() => assertSafeHeaderValue('X Bad', 'v')).message).toContain('0x20');
    expect(caught(() => assertSafeHeaderValue('', 'v')).message).toContain('empty');
    expect(caught(() => assertSafeHeaderValue(5 as unknown as string, 'v')).message).toContain('must be a string');
  });
});
