import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import {
  apiPath,
  assertApiVersion,
  assertFieldName,
  assertRecordId,
  assertSObjectName,
  encodePathSegment,
  path,
} from '../../../src/http/path.js';

describe('path tagged template', () => {
  it('keeps the template text and encodes each value as one segment', () => {
    expect(path`/services/data/v62.0/sobjects/${'Lead'}/${'00Q5g00000AbCdE'}`).toBe('/services/data/v62.0/sobjects/Lead/00Q5g00000AbCdE');
    expect(path`/sobjects/Account/Ext__c/${'ACME 42'}`).toBe('/sobjects/Account/Ext__c/ACME%2042');
    expect(path`/x/${"a%b&c=d+e'(f)"}`).toBe("/x/a%25b%26c%3Dd%2Be'(f)");
    expect(path`/x/${'é☃'}`).toBe('/x/%C3%A9%E2%98%83');
    expect(path`/x/${42}?a=1`).toBe('/x/42?a=1');
    expect(path`/plain`).toBe('/plain');
  });

  it.each([
    ['empty', ''],
    ['dot', '.'],
    ['dot-dot', '..'],
    ['a slash', '../../limits'],
    ['a slash inside', 'a/b'],
    ['a question mark', 'a?b=1'],
    ['a hash', 'a#b'],
    ['CR LF', 'a\r\nb'],
    ['NUL', 'a\0'],
    ['DEL', 'a\u007f'],
    ['a C1 control', 'a\u0085'],
    ['a tab', 'a\tb'],
    ['leading whitespace', ' a'],
    ['trailing whitespace', 'a '],
    ['a lone surrogate', 'a\ud800b'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['null', null],
    ['an object', {}],
  ])('refuses %s', (_label, value) => {
    expect(() => path`/sobjects/Lead/${value as string}`).toThrow(ValidationError);
    expect(() => apiPath('62.0', 'sobjects', value as string)).toThrow(ValidationError);
  });

  it('for any string: either refused, or one segment that decodes back to the value', () => {
    const unit = fc.oneof(
      fc.constantFrom('.', '/', '?', '#', '%', ' ', '\\', '\r', '\n', '\0', '&', '=', '+', '\ud800', '\udc00'),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 20 }), (value) => {
        let built: string;
        try {
          built = path`/services/data/v62.0/sobjects/Lead/${value}/x`;
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          return;
        }
        expect(built).not.toMatch(/[?#\0-\x1f\x7f-\x9f\s]/);
        const segments = built.split('/');
        expect(segments).toHaveLength(8);
        expect(segments).not.toContain('..');
        expect(segments).not.toContain('.');
        expect(decodeURIComponent(segments[6]!)).toBe(value);
        expect(segments[7]).toBe('x');
      }),
    );
  });
});

describe('apiPath', () => {
  it('builds /services/data/vXX.X paths', () => {
    expect(apiPath('62.0')).toBe('/services/data/v62.0');
    expect(apiPath('v62.0', 'sobjects', 'Lead', 'describe')).toBe('/services/data/v62.0/sobjects/Lead/describe');
    expect(apiPath(62, 'query', '01gD0000002HU6KIAW-2000')).toBe('/services/data/v62.0/query/01gD0000002HU6KIAW-2000');
  });

  it('refuses a bad version', () => {
    expect(() => apiPath('latest', 'sobjects')).toThrow(ValidationError);
  });
});

describe('encodePathSegment', () => {
  it('encodes like encodeURIComponent', () => {
    expect(encodePathSegment('a b')).toBe('a%20b');
    expect(encodePathSegment(-1.5)).toBe('-1.5');
  });
});

describe('validators', () => {
  it('assertApiVersion normalises v-prefixed and integer versions', () => {
    expect(assertApiVersion('62.0')).toBe('62.0');
    expect(assertApiVersion('v62.0')).toBe('62.0');
    expect(assertApiVersion(62)).toBe('62.0');
    for (const bad of ['62', 'v62', '62.0.1', '062.0', '0.0', 'v', '', '62.00', 62.5, 0, 'v62.0 ']) {
      expect(() => assertApiVersion(bad)).toThrow(ValidationError);
    }
  });

  it('assertSObjectName accepts API names only', () => {
    for (const good of ['Account', 'Invoice__c', 'ns__Invoice__c', 'Setting__mdt', 'Alert__e', 'Big__b', 'A'.repeat(80)]) {
      expect(assertSObjectName(good)).toBe(good);
    }
    for (const bad of ['', 'Account.Name', 'Lead/../limits', '1Account', 'My Object', 'Obj___c', 'Obj__', 'A'.repeat(81), 5]) {
      expect(() => assertSObjectName(bad as string)).toThrow(ValidationError);
    }
  });

  it('assertFieldName allows dots only for relationship paths', () => {
    expect(assertFieldName('External_Id__c')).toBe('External_Id__c');
    expect(assertFieldName('Owner.Name', { relationship: true })).toBe('Owner.Name');
    expect(() => assertFieldName('Owner.Name')).toThrow(ValidationError);
    expect(() => assertFieldName('Owner..Name', { relationship: true })).toThrow(ValidationError);
    expect(() => assertFieldName('Name,Id')).toThrow(ValidationError);
  });

  it('assertRecordId checks shape and checksum', () => {
    expect(assertRecordId('001D000000IqhSL')).toBe('001D000000IqhSL');
    expect(assertRecordId('001D000000IqhSLIAZ')).toBe('001D000000IqhSLIAZ');
    for (const bad of ['001D000000IqhSLIAA', '001D000000IqhS', '../limits', '', 42]) {
      expect(() => assertRecordId(bad as string)).toThrow(ValidationError);
    }
  });
});
