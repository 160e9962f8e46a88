import { describe, expectTypeOf, it } from 'vitest';
import {
  ApiError,
  ForcelinkError,
  type ForcelinkErrorCode,
  type ActionContext,
  type Hooks,
  type TokenManagerEvents,
  type TokenSet,
  type TokenStore,
  MemoryTokenStore,
  TokenManager,
  ReauthorizationRequiredError,
  QueryStream,
  SalesforceClient,
} from '../../src/index.js';

describe('public types: tokens, events, hooks, errors', () => {
  it('TokenSet keeps ms timestamps as numbers and optional fields optional', () => {
    expectTypeOf<TokenSet['issuedAt']>().toEqualTypeOf<number>();
    expectTypeOf<TokenSet['expiresAt']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TokenSet['refreshToken']>().toEqualTypeOf<string | undefined>();
  });

  it('MemoryTokenStore is a TokenStore; withLock stays optional', () => {
    expectTypeOf<MemoryTokenStore>().toMatchTypeOf<TokenStore>();
    expectTypeOf<TokenStore['withLock']>().toMatchTypeOf<(<T>(key: string, fn: () => Promise<T>) => Promise<T>) | undefined>();
  });

  it('TokenManager events carry typed payloads', () => {
    expectTypeOf<Parameters<TokenManagerEvents['refreshed']>>().toEqualTypeOf<[TokenSet, TokenSet | undefined]>();
    expectTypeOf<Parameters<TokenManagerEvents['reauthorizationRequired']>[0]>().toEqualTypeOf<ReauthorizationRequiredError>();
    expectTypeOf<TokenManager['getToken']>().returns.toEqualTypeOf<Promise<TokenSet>>();
  });

  it('hooks receive the ActionContext and may return false (beforeAction) or nothing', () => {
    const hooks: Hooks = {
      beforeAction: (ctx) => {
        expectTypeOf(ctx).toEqualTypeOf<ActionContext>();
        return false;
      },
      afterAction: () => undefined,
    };
    expectTypeOf(hooks).toMatchTypeOf<Hooks>();
    // @ts-expect-error a hook cannot return a string
    const bad: Hooks = { beforeAction: () => 'no' };
    void bad;
  });

  it('error codes are a closed union; ApiError extends ForcelinkError', () => {
    expectTypeOf<ForcelinkError['code']>().toEqualTypeOf<ForcelinkErrorCode>();
    expectTypeOf<ApiError>().toMatchTypeOf<ForcelinkError>();
    expectTypeOf<'ERR_INVALID_SESSION'>().toMatchTypeOf<ForcelinkErrorCode>();
    // @ts-expect-error not a forcelink code
    const nope: ForcelinkErrorCode = 'ERR_WHATEVER';
    void nope;
  });

  it('queries are typed by the record shape the caller names', () => {
    type Lead = { Id: string; Email: string | null };
    const sf = null as unknown as SalesforceClient;
    expectTypeOf(sf.query<Lead>('SELECT Id, Email FROM Lead')).toEqualTypeOf<QueryStream<Lead>>();
    expectTypeOf(sf.query<Lead>('x').toArray()).resolves.toEqualTypeOf<Lead[]>();
  });
});
