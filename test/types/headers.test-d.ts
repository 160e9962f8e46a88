import { describe, expectTypeOf, it } from 'vitest';
import {
  autoAssign,
  callOptions,
  duplicateRuleHeader,
  ifMatch,
  ifModifiedSince,
  ifNoneMatch,
  mergeHeaders,
  parseLimitInfo,
  queryOptions,
  type LimitInfo,
} from '../../src/headers/index.js';

describe('header helper types', () => {
  it('every helper returns a plain string record', () => {
    expectTypeOf(autoAssign(true)).toEqualTypeOf<Record<string, string>>();
    expectTypeOf(callOptions({ client: 'x' })).toEqualTypeOf<Record<string, string>>();
    expectTypeOf(mergeHeaders(autoAssign(false), undefined, { 'X-Remove': undefined })).toEqualTypeOf<Record<string, string>>();
  });

  it('accepts only the documented inputs', () => {
    expectTypeOf(autoAssign).parameter(0).toEqualTypeOf<boolean | string>();
    expectTypeOf(ifModifiedSince).parameter(0).toEqualTypeOf<Date | number | string>();
    expectTypeOf(ifMatch).parameter(0).toEqualTypeOf<string | readonly string[]>();
    expectTypeOf(ifNoneMatch).toBeCallableWith(['"a"', 'b']);
    // @ts-expect-error batchSize is required
    queryOptions({});
    // @ts-expect-error booleans only
    duplicateRuleHeader({ allowSave: 'true' });
    // @ts-expect-error unknown option
    callOptions({ clientId: 'x' });
  });

  it('parseLimitInfo has optional parts', () => {
    expectTypeOf(parseLimitInfo('api-usage=1/2')).toEqualTypeOf<LimitInfo>();
    expectTypeOf<LimitInfo['apiUsage']>().toEqualTypeOf<{ used: number; max: number } | undefined>();
    expectTypeOf<NonNullable<LimitInfo['perAppApiUsage']>['appName']>().toEqualTypeOf<string | undefined>();
    expectTypeOf(parseLimitInfo).toBeCallableWith(undefined);
  });
});
