import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceClient } from '../../../src/client.js';
import { ActionCancelledError, ScriptError, ScriptTimeoutError } from '../../../src/core/errors.js';
import { CyclrScript } from '../../../src/script/index.js';
import { connect, startOrg, tokenCalls, type Org } from '../helpers.js';

// Cyclr's own Salesforce example, verbatim.
const SEED_SCRIPT = `function before_action() {
    // Don't apply Salesforce's assignment rules.
    method_request_headers['Sforce-Auto-Assign'] = 'FALSE';

    return true;
}`;

let org: Org;
let sf: SalesforceClient;
let me: string;
const scripts: CyclrScript[] = [];
async function compile(source: string, options?: Parameters<typeof CyclrScript.compile>[1]): Promise<CyclrScript> {
  const script = await CyclrScript.compile(source, options);
  scripts.push(script);
  return script;
}

beforeAll(async () => {
  org = await startOrg();
  ({ sf } = await connect(org));
  me = String((await sf.identity()).user_id);
});
afterAll(async () => {
  await Promise.all(scripts.map((s) => s.dispose()));
  await org.close();
});

const lastLeadPost = () => org.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/sobjects/Lead/')).at(-1)!;

describe('Cyclr scripts through the client against the emulator', () => {
  it('the seed script turns assignment rules off on the wire; without it the rule fires', async () => {
    const script = await compile(SEED_SCRIPT);
    const kept = await sf.sobject('Lead').create({ LastName: 'Scripted', Company: 'C', OwnerId: me }, { hooks: script });
    expect(lastLeadPost().headers['sforce-auto-assign']).toBe('FALSE');
    expect((await sf.sobject('Lead').retrieve(kept.id)).OwnerId).toBe(me);

    const assigned = await sf.sobject('Lead').create({ LastName: 'Unscripted', Company: 'C', OwnerId: me });
    expect(lastLeadPost().headers['sforce-auto-assign']).toBeUndefined();
    expect((await sf.sobject('Lead').retrieve(assigned.id)).OwnerId).toBe(org.assignmentQueueId);
  });

  it('before_action returning false cancels; throw fails the step with its message', async () => {
    const cancel = await compile('function before_action() { return false; }');
    const before = org.requests.length;
    await expect(sf.limits({ hooks: cancel })).rejects.toBeInstanceOf(ActionCancelledError);
    expect(org.requests.length).toBe(before);
    const thrower = await compile("function after_action() { throw 'Unexpected payload'; }");
    const error = await sf.limits({ hooks: thrower }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScriptError);
    expect((error as Error).message).toContain('Unexpected payload');
  });

  it('after_action reshapes the response and runs once per page; after_action_paging once', async () => {
    for (let i = 0; i < 450; i += 50) {
      org.insert('Contact', Array.from({ length: 50 }, (_, j) => ({ LastName: `Paged${i + j}` })));
    }
    const script = await compile(`
      function before_action() { action_data.pages = (action_data.pages || 0) + 1; return true; }
      function after_action() { method_response.records.forEach(function (r) { r.Tag = 'page ' + action_data.pages; }); return true; }
      function after_action_paging() { cyclr_storage_set('pages', String(action_data.pages)); return true; }
    `);
    const rows = await sf.query<{ Tag: string }>("SELECT Id FROM Contact WHERE LastName LIKE 'Paged%'", { batchSize: 200, hooks: script }).toArray();
    expect(rows).toHaveLength(450);
    expect(new Set(rows.map((r) => r.Tag))).toEqual(new Set(['page 1', 'page 2', 'page 3']));
  });

  it('after_error reclassifies a 404 as a warning with content', async () => {
    const script = await compile(`function after_error() {
      if (method_error.statusCode === 404) { method_error.isError = false; method_error.isWarning = true; method_error.content = { skipped: true }; }
      return true;
    }`);
    const result = await sf.request({ url: '/services/data/v62.0/sobjects/Lead/00Q000000000001AAE' }, { hooks: script });
    expect(result).toEqual({ skipped: true });
  });

  it('AuthRefreshException forces one refresh and one replay', async () => {
    const script = await compile(`function after_action() {
      if (!cyclr_storage_get('refreshed')) { cyclr_storage_set('refreshed', 'yes'); throw new AuthRefreshException(); }
      return true;
    }`);
    const before = tokenCalls(org);
    await sf.limits({ hooks: script });
    expect(tokenCalls(org) - before).toBe(1);
  });

  it('http_request runs through the client with its authentication', async () => {
    const script = await compile(`function after_action() {
      var limits = http_request({ method: 'GET', url: '/services/data/v62.0/limits/' });
      method_response = { status: limits.status_code, max: limits.content.DailyApiRequests.Max };
      return true;
    }`);
    expect(await sf.versions({ hooks: script })).toEqual({ status: 200, max: expect.any(Number) });
  });

  it('an endless script times out and the client keeps serving', async () => {
    const spin = await compile('function before_action() { while (true) {} }', { timeoutMs: 200 });
    await expect(sf.limits({ hooks: spin })).rejects.toBeInstanceOf(ScriptTimeoutError);
    expect((await sf.limits()).DailyApiRequests).toBeTruthy();
  });

  it('a client-level script applies to every call', async () => {
    sf.use(await compile(SEED_SCRIPT));
    await sf.sobject('Lead').create({ LastName: 'Client level', Company: 'C' });
    expect(lastLeadPost().headers['sforce-auto-assign']).toBe('FALSE');
  });
});
