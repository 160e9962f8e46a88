import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceClient } from '../../../src/client.js';
import { ActionCancelledError, ApiError, AuthRefreshRequestedError, HookError, ValidationError } from '../../../src/core/errors.js';
import type { Hooks } from '../../../src/hooks/types.js';
import { toId18 } from '../../../src/soql/ids.js';
import { connect, startOrg, tokenCalls, type Org } from '../helpers.js';

const MISSING_LEAD = `/services/data/v62.0/sobjects/Lead/${toId18('00Q000000000001')}`;

let org: Org;
let sf: SalesforceClient;
beforeAll(async () => {
  org = await startOrg();
  ({ sf } = await connect(org));
});
afterAll(() => org.close());

describe('hooks through the client', () => {
  it('beforeAction changes headers, parameters and body on the wire', async () => {
    const hooks: Hooks = {
      beforeAction(ctx) {
        ctx.requestHeaders['Sforce-Auto-Assign'] = 'FALSE';
        (ctx.request as Record<string, unknown>).Company = 'Set by hook';
      },
    };
    const { id } = await sf.sobject('Lead').create({ LastName: 'Hooked', Company: 'original' }, { hooks });
    const sent = org.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/sobjects/Lead/')).at(-1)!;
    expect(sent.headers['sforce-auto-assign']).toBe('FALSE');
    expect((await sf.sobject('Lead').retrieve(id)).Company).toBe('Set by hook');
  });

  it('beforeAction returning false cancels before anything is sent', async () => {
    const before = org.requests.length;
    await expect(sf.limits({ hooks: { beforeAction: () => false } })).rejects.toBeInstanceOf(ActionCancelledError);
    expect(org.requests.length).toBe(before);
  });

  it('a hook that throws fails the call with HookError and the cause', async () => {
    const cause = new Error('nope');
    const error = await sf.limits({ hooks: { afterAction: () => { throw cause; } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookError);
    expect((error as HookError).cause).toBe(cause);
  });

  it('afterAction may replace the response; actionData lives across before/after', async () => {
    const hooks: Hooks = {
      beforeAction: (ctx) => void (ctx.actionData.started = 'yes'),
      afterAction: (ctx) => void (ctx.response = { replaced: ctx.actionData.started }),
    };
    expect(await sf.limits({ hooks })).toEqual({ replaced: 'yes' });
  });

  it('afterError may reclassify an error as success with its own content', async () => {
    const hooks: Hooks = {
      afterError(ctx) {
        if (ctx.error?.statusCode === 404) Object.assign(ctx.error, { isError: false, isSuccess: true, content: { missing: true } });
      },
    };
    expect(await sf.request({ url: MISSING_LEAD }, { hooks })).toEqual({ missing: true });
    await expect(sf.request({ url: MISSING_LEAD })).rejects.toBeInstanceOf(ApiError);
  });

  it('hooks run on every attempt: the replay after a refresh is customised too', async () => {
    let calls = 0;
    const hooks: Hooks = { beforeAction: (ctx) => void (ctx.requestHeaders['X-Attempt'] = String(++calls)) };
    org.expireSessions();
    await sf.limits({ hooks });
    const sent = org.requests.filter((r) => r.path.includes('/limits')).slice(-2);
    expect(sent.map((r) => [r.status, r.headers['x-attempt']])).toEqual([[401, '1'], [200, '2']]);
  });

  it('AuthRefreshRequestedError from afterAction forces one refresh and one replay', async () => {
    let seen = 0;
    const before = tokenCalls(org);
    const hooks: Hooks = { afterAction: () => { if (++seen === 1) throw new AuthRefreshRequestedError(); } };
    await sf.limits({ hooks });
    expect(seen).toBe(2);
    expect(tokenCalls(org) - before).toBe(1);
  });

  it('header injection from a hook is refused before sending', async () => {
    const hooks: Hooks = { beforeAction: (ctx) => void (ctx.requestHeaders['X-Bad'] = 'a\nb') };
    await expect(sf.limits({ hooks })).rejects.toBeInstanceOf(ValidationError);
  });

  it('hook levels run in Cyclr order through the client', async () => {
    const log: string[] = [];
    const level = (name: string): Hooks => ({ beforeAction: () => void log.push(`b:${name}`), afterAction: () => void log.push(`a:${name}`) });
    sf.use(level('client'));
    await sf.limits({ hooks: level('call') });
    expect(log).toEqual(['b:client', 'b:call', 'a:client', 'a:call']);
  });
});
