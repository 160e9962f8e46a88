import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceClient } from '../../../src/client.js';
import { ApiError, ConnectionError, ValidationError } from '../../../src/core/errors.js';
import type { Hooks } from '../../../src/hooks/types.js';
import { connect, startOrg, type Org } from '../helpers.js';

let org: Org;
let sf: SalesforceClient;
beforeAll(async () => {
  org = await startOrg({ schema: [{ name: 'Part__c', fields: [{ name: 'Sku__c', type: 'string', externalId: true }] }] });
  ({ sf } = await connect(org));
});
afterAll(() => org.close());

/** Hooks that record the most chunk requests ever in flight at once. */
function inFlightProbe(): { hooks: Hooks; max: () => number } {
  let now = 0;
  let max = 0;
  return {
    hooks: {
      beforeAction: () => void (max = Math.max(max, ++now)),
      afterAction: () => void now--,
      afterError: () => void now--,
    },
    max: () => max,
  };
}

const collectionCalls = (method: string) => org.requests.filter((r) => r.method === method && r.path.includes('/composite/sobjects'));

describe('sf.collections', () => {
  it('creates any number of records in chunks of 200, concurrently up to the cap, results in input order', async () => {
    const before = collectionCalls('POST').length;
    const probe = inFlightProbe();
    const leads = Array.from({ length: 450 }, (_, i) => ({ LastName: `Bulk ${String(i).padStart(3, '0')}`, Company: i === 321 ? '' : 'Chunky' }));
    const results = await sf.collections.create('Lead', leads, { concurrency: 2, hooks: probe.hooks });
    expect(collectionCalls('POST').length - before).toBe(3);
    expect(probe.max()).toBe(2);
    expect(results).toHaveLength(450);
    const failed = results.flatMap((r, i) => (r.success ? [] : [i]));
    expect(failed).toEqual([321]);
    expect(results[321]).toEqual({ success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Company]', fields: ['Company'] }] });
    const stored = new Map(org.records('Lead').map((r) => [r.Id, r.LastName]));
    results.forEach((r, i) => {
      if (r.success) expect(stored.get(r.id)).toBe(leads[i]?.LastName);
    });
  });

  it('allOrNone holds per chunk: a failing later chunk rolls back only itself', async () => {
    const records = Array.from({ length: 250 }, (_, i) => ({ Name: i === 230 ? '' : `AON ${i}` }));
    const results = await sf.collections.create('Account', records, { allOrNone: true, concurrency: 1 });
    expect(results.slice(0, 200).every((r) => r.success)).toBe(true);
    expect(results[230]?.errors[0]?.statusCode).toBe('REQUIRED_FIELD_MISSING');
    expect(results.slice(200).filter((r) => r.errors[0]?.statusCode === 'ALL_OR_NONE_OPERATION_ROLLED_BACK')).toHaveLength(49);
    const saved = org.records('Account').filter((r) => String(r.Name).startsWith('AON '));
    expect(saved).toHaveLength(200);
  });

  it('creates mixed types from attributes.type, and validates input before sending', async () => {
    const results = await sf.collections.create([
      { attributes: { type: 'Account' }, Name: 'Mixed A' },
      { attributes: { type: 'Contact' }, LastName: 'Mixed C' },
    ]);
    expect(results.every((r) => r.success)).toBe(true);
    const before = org.requests.length;
    await expect(sf.collections.create([{ Name: 'no type' } as never])).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.collections.create('Account', [{ Id: '001000000000000AAA', Name: 'x' }])).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.collections.create('Lead/../x', [])).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.collections.update('Lead', [{ LastName: 'no id' }])).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.collections.delete(['../x'])).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.collections.create('Lead', [], { concurrency: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.collections.retrieve('Lead', [], [])).rejects.toBeInstanceOf(ValidationError);
    expect(org.requests.length).toBe(before);
  });

  it('updates and deletes by ID with per-record results', async () => {
    const ids = org.insert('Account', Array.from({ length: 210 }, (_, i) => ({ Name: `Upd ${i}` })));
    const updates = ids.map((Id, i) => ({ Id, Name: i === 5 ? '' : `Renamed ${i}` }));
    const updated = await sf.collections.update('Account', updates);
    expect(updated.filter((r) => !r.success).map((r) => r.id)).toEqual([ids[5]]);
    expect(org.records('Account').find((r) => r.Id === ids[209])?.Name).toBe('Renamed 209');
    const deleted = await sf.collections.delete(ids, { allOrNone: false });
    expect(deleted.map((r) => r.id)).toEqual(ids);
    expect(deleted.every((r) => r.success)).toBe(true);
    const again = await sf.collections.delete([ids[0] as string]);
    expect(again[0]).toMatchObject({ id: ids[0], success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED' }] });
  });

  it('upserts by external ID and is retried on a transient fault (idempotent)', async () => {
    org.faults.inject({ path: '/composite/sobjects/Part__c/Sku__c', method: 'PATCH', status: 503, times: 1 });
    const parts = [{ Sku__c: 'P-1', Name: 'one' }, { Sku__c: 'P-2', Name: 'two' }];
    const first = await sf.collections.upsert('Part__c', 'Sku__c', parts);
    expect(first.map((r) => r.created)).toEqual([true, true]);
    const second = await sf.collections.upsert('Part__c', 'Sku__c', [{ Sku__c: 'P-1', Name: 'one again' }]);
    expect(second[0]).toMatchObject({ id: first[0]?.id, created: false, success: true });
    const patches = org.requests.filter((r) => r.path.endsWith('/composite/sobjects/Part__c/Sku__c'));
    expect(patches.map((r) => r.status)).toEqual([503, 200, 200]);
  });

  it('a failed chunk request reports each of its records with the error; creates are not retried', async () => {
    org.faults.inject({ path: '/composite/sobjects', method: 'POST', status: 503, times: 1 });
    const results = await sf.collections.create('Account', [{ Name: 'Lost 1' }, { Name: 'Lost 2' }]);
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r.success).toBe(false);
      if (r.success) continue;
      expect(r.errors[0]?.statusCode).toBe('SERVER_UNAVAILABLE');
      expect(r.chunkError).toBeInstanceOf(ApiError);
    }
    org.faults.inject({ path: '/composite/sobjects', method: 'POST', resetAfterProcessing: true, times: 1 });
    const reset = await sf.collections.create('Account', [{ Name: 'Maybe Saved' }]);
    const [only] = reset;
    if (!only || only.success) throw new Error('expected a failure');
    expect(only.chunkError).toBeInstanceOf(ConnectionError);
    expect((only.chunkError as ConnectionError).mayHaveBeenApplied).toBe(true);
    expect(org.records('Account').filter((r) => r.Name === 'Maybe Saved')).toHaveLength(1);
  });

  it('retrieves by GET up to 200 IDs and by POST chunks of 2,000 beyond, in order, null where missing', async () => {
    const ids = org.insert('Contact', Array.from({ length: 2100 }, (_, i) => ({ LastName: `R${i}` })));
    const small = await sf.collections.retrieve<{ LastName: string }>('Contact', [ids[3] as string, '003000000000000AAA', ids[1] as string], ['LastName']);
    expect(small.map((r) => r?.LastName ?? null)).toEqual(['R3', null, 'R1']);
    expect(collectionCalls('GET').length).toBe(1);
    const all = await sf.collections.retrieve<{ Id: string }>('Contact', ids, ['Id']);
    expect(all.map((r) => r?.Id)).toEqual(ids);
    const posts = org.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/composite/sobjects/Contact'));
    expect(posts).toHaveLength(1);
    expect(collectionCalls('GET').length).toBe(2);
  });
});
