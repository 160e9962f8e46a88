import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import {
  autoAssign,
  callOptions,
  duplicateRuleHeader,
  ifMatch,
  ifModifiedSince,
  ifNoneMatch,
  ifUnmodifiedSince,
  mru,
  packageVersion,
  queryOptions,
} from '../../../src/headers/index.js';

describe('autoAssign', () => {
  it('writes TRUE, FALSE or an 18-character AssignmentRule ID', () => {
    expect(autoAssign(true)).toEqual({ 'Sforce-Auto-Assign': 'TRUE' });
    expect(autoAssign(false)).toEqual({ 'Sforce-Auto-Assign': 'FALSE' });
    expect(autoAssign('01Q000000000001')).toEqual({ 'Sforce-Auto-Assign': '01Q000000000001EAA' });
    expect(autoAssign('01Q000000000001EAA')).toEqual({ 'Sforce-Auto-Assign': '01Q000000000001EAA' });
  });

  it.each(['TRUE', 'false', '', '001D000000IqhSLIAZ', '01Q000000000001AAB', 'x\r\nEvil: 1', 1, null])(
    'refuses %j',
    (value) => {
      expect(() => autoAssign(value as string)).toThrow(ValidationError);
    },
  );
});

describe('callOptions', () => {
  it('writes only the given fields, separated by "; "', () => {
    expect(callOptions({ client: 'acme-etl/1.4' })).toEqual({ 'Sforce-Call-Options': 'client=acme-etl/1.4' });
    expect(callOptions({ defaultNamespace: 'battle' })).toEqual({ 'Sforce-Call-Options': 'defaultNamespace=battle' });
    expect(callOptions({ client: 'My App', defaultNamespace: 'my_ns' })).toEqual({
      'Sforce-Call-Options': 'client=My App; defaultNamespace=my_ns',
    });
  });

  it.each([
    [{}],
    [{ client: '' }],
    [{ client: 'a;b' }],
    [{ client: 'a,b' }],
    [{ client: 'a=b' }],
    [{ client: 'a\nb' }],
    [{ client: 'a\tb' }],
    [{ client: ' padded' }],
    [{ client: 'naïve ☃' }],
    [{ client: 5 }],
    [{ defaultNamespace: 'bad ns' }],
    [{ defaultNamespace: 'ns__x' }],
    [{ defaultNamespace: '1ns' }],
    [{ defaultNamespace: 'ns_' }],
    [{ defaultNamespace: 'a'.repeat(16) }],
  ])('refuses %j', (options) => {
    expect(() => callOptions(options as never)).toThrow(ValidationError);
  });
});

describe('queryOptions', () => {
  it('accepts integers from 200 to 2000', () => {
    expect(queryOptions({ batchSize: 200 })).toEqual({ 'Sforce-Query-Options': 'batchSize=200' });
    expect(queryOptions({ batchSize: 2000 })).toEqual({ 'Sforce-Query-Options': 'batchSize=2000' });
  });

  it.each([199, 2001, 500.5, Number.NaN, Number.POSITIVE_INFINITY, '500'])('refuses %j', (batchSize) => {
    expect(() => queryOptions({ batchSize: batchSize as number })).toThrow(ValidationError);
  });
});

describe('duplicateRuleHeader', () => {
  it('writes only the given keys, in a fixed order', () => {
    expect(duplicateRuleHeader({ runAsCurrentUser: true, allowSave: true, includeRecordDetails: false })).toEqual({
      'Sforce-Duplicate-Rule-Header': 'allowSave=true; includeRecordDetails=false; runAsCurrentUser=true',
    });
    expect(duplicateRuleHeader({ includeRecordDetails: true })).toEqual({
      'Sforce-Duplicate-Rule-Header': 'includeRecordDetails=true',
    });
  });

  it('refuses no options and non-booleans', () => {
    expect(() => duplicateRuleHeader({})).toThrow(ValidationError);
    expect(() => duplicateRuleHeader({ allowSave: 'true' as unknown as boolean })).toThrow(ValidationError);
  });
});

describe('mru', () => {
  it('writes updateMru', () => {
    expect(mru({ updateMru: true })).toEqual({ 'Sforce-Mru': 'updateMru=true' });
    expect(mru({ updateMru: false })).toEqual({ 'Sforce-Mru': 'updateMru=false' });
    expect(() => mru({ updateMru: 1 as unknown as boolean })).toThrow(ValidationError);
  });
});

describe('ifModifiedSince / ifUnmodifiedSince', () => {
  const imf = 'Sun, 06 Nov 1994 08:49:37 GMT';
  const epoch = Date.UTC(1994, 10, 6, 8, 49, 37);

  it.each([
    ['a Date', new Date(epoch)],
    ['epoch ms (milliseconds dropped)', epoch + 999],
    ['ISO with Z', '1994-11-06T08:49:37Z'],
    ['ISO with fraction', '1994-11-06T08:49:37.123Z'],
    ["Salesforce's +0000", '1994-11-06T08:49:37.000+0000'],
    ['ISO with an offset', '1994-11-06T09:49:37+01:00'],
    ['ISO with a negative offset', '1994-11-06T00:49:37-08:00'],
    ['an IMF-fixdate', imf],
    ['an RFC 850 date', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['an asctime date', 'Sun Nov  6 08:49:37 1994'],
  ])('formats %s as an IMF-fixdate', (_label, value) => {
    expect(ifModifiedSince(value)).toEqual({ 'If-Modified-Since': imf });
    expect(ifUnmodifiedSince(value)).toEqual({ 'If-Unmodified-Since': imf });
  });

  it('reads a date-only ISO string as UTC midnight', () => {
    expect(ifModifiedSince('2024-01-15')).toEqual({ 'If-Modified-Since': 'Mon, 15 Jan 2024 00:00:00 GMT' });
  });

  it.each([
    ['an invalid Date', new Date('nope')],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an ISO date-time without offset', '2024-01-15T10:00:00'],
    ['31 February', '2023-02-31'],
    ['hour 24', '2024-01-15T24:00:00Z'],
    ['a bad IMF day', 'Sun, 31 Feb 1994 08:49:37 GMT'],
    ['free text', 'yesterday'],
    ['a number as string', '1700000000000'],
    ['a year past 9999', Date.UTC(10000, 0, 1)],
    ['a negative year', Date.UTC(-1, 0, 1)],
    ['an object', {}],
  ])('refuses %s', (_label, value) => {
    expect(() => ifModifiedSince(value as Date)).toThrow(ValidationError);
    expect(() => ifUnmodifiedSince(value as Date)).toThrow(ValidationError);
  });
});

describe('ifMatch / ifNoneMatch', () => {
  it('quotes bare tags and keeps quoted and weak ones', () => {
    expect(ifMatch('U5iWijwWbQD18jeiXwsqxeGpZQk=-gzip')).toEqual({ 'If-Match': '"U5iWijwWbQD18jeiXwsqxeGpZQk=-gzip"' });
    expect(ifMatch('"abc"')).toEqual({ 'If-Match': '"abc"' });
    expect(ifMatch('W/"abc"')).toEqual({ 'If-Match': 'W/"abc"' });
    expect(ifMatch('""')).toEqual({ 'If-Match': '""' });
    expect(ifNoneMatch(['"a"', 'W/"b"', 'c'])).toEqual({ 'If-None-Match': '"a", W/"b", "c"' });
  });

  it('accepts * on its own', () => {
    expect(ifNoneMatch('*')).toEqual({ 'If-None-Match': '*' });
    expect(ifMatch('*')).toEqual({ 'If-Match': '*' });
    expect(() => ifNoneMatch(['a', '*'])).toThrow(ValidationError);
  });

  it.each([
    ['an empty tag', ''],
    ['an empty list', []],
    ['a quote inside', 'a"b'],
    ['a half-quoted tag', '"abc'],
    ['a quote inside quotes', '"a"b"'],
    ['a space', 'a b'],
    ['CR LF', 'a\r\nX-Evil: 1'],
    ['a control char inside quotes', '"a\u0001"'],
    ['non-Latin-1 text', 'é☃'],
    ['a non-string', 5],
  ])('refuses %s', (_label, value) => {
    expect(() => ifMatch(value as string)).toThrow(ValidationError);
    expect(() => ifNoneMatch(value as string)).toThrow(ValidationError);
  });
});

describe('packageVersion', () => {
  it('names the header after the namespace', () => {
    expect(packageVersion('battle', '1.0')).toEqual({ 'x-sfdc-packageversion-battle': '1.0' });
    expect(packageVersion('SBQQ', '12.34')).toEqual({ 'x-sfdc-packageversion-SBQQ': '12.34' });
  });

  it.each([
    ['bad ns', '1.0'],
    ['__proto__', '1.0'],
    ['ns\r\n', '1.0'],
    ['', '1.0'],
    ['battle', '1'],
    ['battle', '1.0.0'],
    ['battle', 'v1.0'],
    ['battle', '1.0\r\n'],
    ['battle', 1.0],
  ])('refuses (%j, %j)', (ns, version) => {
    expect(() => packageVersion(ns, version as string)).toThrow(ValidationError);
  });
});

describe('every helper, for any input', () => {
  const anyText = fc.string({ unit: 'binary', maxLength: 30 });
  const helpers: Array<[string, (s: string) => Record<string, string>]> = [
    ['autoAssign', (s) => autoAssign(s)],
    ['callOptions client', (s) => callOptions({ client: s })],
    ['callOptions defaultNamespace', (s) => callOptions({ defaultNamespace: s })],
    ['ifModifiedSince', (s) => ifModifiedSince(s)],
    ['ifMatch', (s) => ifMatch(s)],
    ['ifNoneMatch', (s) => ifNoneMatch([s, 'x'])],
    ['packageVersion namespace', (s) => packageVersion(s, '1.0')],
    ['packageVersion version', (s) => packageVersion('ns', s)],
  ];

  it.each(helpers)('%s either throws ValidationError or returns one safe header', (_name, helper) => {
    fc.assert(
      fc.property(anyText, (s) => {
        let headers: Record<string, string>;
        try {
          headers = helper(s);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          return;
        }
        const entries = Object.entries(headers);
        expect(entries).toHaveLength(1);
        for (const [name, value] of entries) {
          expect(name).toMatch(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);
          expect(value).not.toMatch(/[\0-\x08\x0a-\x1f\x7f]|[^\0-\xff]/);
        }
      }),
    );
  });
});

describe('ISO offsets', () => {
  it('applies +hhmm and -hh:mm offsets and refuses impossible ones', () => {
    expect(ifModifiedSince('2024-01-15T12:30:00+0230')).toEqual({ 'If-Modified-Since': 'Mon, 15 Jan 2024 10:00:00 GMT' });
    expect(ifModifiedSince('2024-01-15T07:00:00-03:00')).toEqual({ 'If-Modified-Since': 'Mon, 15 Jan 2024 10:00:00 GMT' });
    expect(() => ifModifiedSince('2024-01-15T10:00:00+24:00')).toThrow(ValidationError);
    expect(() => ifModifiedSince('2024-01-15T10:00:00+01:60')).toThrow(ValidationError);
  });
});
