import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceClient } from '../../../src/client.js';
import { MalformedQueryError, MaxRecordsExceededError, ValidationError } from '../../../src/core/errors.js';
import type { Hooks } from '../../../src/hooks/types.js';
import { soql } from '../../../src/soql/index.js';
import { connect, startOrg, type Org } from '../helpers.js';

const COUNT = 1_050;
let org: Org;
let sf: SalesforceClient;

beforeAll(async () => {
  org = await startOrg();
  ({ sf } = await connect(org));
  const leads = sf.sobject('Lead');
  for (let i = 0; i < COUNT; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, j) => leads.create({ LastName: `Q${String(i + j).padStart(5, '0')}`, Company: 'Paging Inc' })));
  }
});
afterAll(() => org.close());

describe('streaming SOQL', () => {
  const paging = soql`SELECT Id, LastName FROM Lead WHERE Company = ${'Paging Inc'} ORDER BY LastName`;

  it('yields every record in order, one page in memory at a time', async () => {
    const pageSizes: number[] = [];
    const names: string[] = [];
    for await (const page of sf.query<{ LastName: string }>(paging, { batchSize: 200 }).pages()) {
      pageSizes.push(page.records.length);
      names.push(...page.records.map((r) => r.LastName));
    }
    expect(pageSizes).toEqual([200, 200, 200, 200, 200, 50]);
    expect(names).toHaveLength(COUNT);
    expect(names).toEqual([...names].sort());
    const pageRequests = org.requests.filter((r) => /\/query\/01g/.test(r.path));
    expect(pageRequests.length).toBeGreaterThanOrEqual(5);
  });

  it('iterates records with for await, and counts with totalSize()', async () => {
    let n = 0;
    for await (const lead of sf.query(paging)) if (lead.Id) n++;
    expect(n).toBe(COUNT);
    expect(await sf.query(paging).totalSize()).toBe(COUNT);
  });

  it('toArray({ max }) refuses to truncate silently', async () => {
    await expect(sf.query(paging).toArray({ max: 100 })).rejects.toBeInstanceOf(MaxRecordsExceededError);
    expect(await sf.query(paging).toArray({ max: COUNT })).toHaveLength(COUNT);
  });

  it('maxRecords stops early and says so', async () => {
    const stream = sf.query(paging, { batchSize: 200, maxRecords: 250 });
    const got = [];
    for await (const record of stream) got.push(record);
    expect(got).toHaveLength(250);
    expect(stream.stopped).toBe('maxRecords');
  });

  it('runs hooks on every page and afterActionPaging once', async () => {
    const events: string[] = [];
    const hooks: Hooks = {
      beforeAction: (ctx) => void events.push(`before:${ctx.actionData.page = ((ctx.actionData.page as number) ?? 0) + 1}`),
      afterAction: () => void events.push('after'),
      afterActionPaging: (ctx) => void events.push(`paging:${(ctx.response as { totalSize: number }).totalSize}`),
    };
    await sf.query(paging, { batchSize: 500, hooks }).toArray();
    expect(events).toEqual(['before:1', 'after', 'before:2', 'after', 'before:3', 'after', `paging:${COUNT}`]);
  });

  it('queryAll sees deleted records, query does not', async () => {
    const { id } = await sf.sobject('Lead').create({ LastName: 'Gone', Company: 'Deleted Co' });
    await sf.sobject('Lead').delete(id);
    const q = soql`SELECT Id FROM Lead WHERE Company = ${'Deleted Co'}`;
    expect(await sf.query(q).totalSize()).toBe(0);
    expect(await sf.queryAll(q).totalSize()).toBe(1);
  });

  it('surfaces SOQL errors typed, and refuses bad options', async () => {
    await expect(sf.query('SELECT Id FORM Lead').toArray()).rejects.toBeInstanceOf(MalformedQueryError);
    expect(() => sf.query('SELECT Id FROM Lead', { batchSize: 5 })).toThrow(ValidationError);
    expect(() => sf.query('  ')).toThrow(ValidationError);
  });
});
