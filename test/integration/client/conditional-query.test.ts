import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceClient } from '../../../src/client.js';
import { ApiError, PreconditionFailedError, ValidationError } from '../../../src/core/errors.js';
import { ifMatch, ifUnmodifiedSince } from '../../../src/headers/index.js';
import type { AggregateResult, ChildRecords } from '../../../src/rest/query-extras.js';
import { connect, startOrg, type Org } from '../helpers.js';

const start = Date.UTC(2025, 4, 1, 8, 0, 0);
let now = start;
let org: Org;
let sf: SalesforceClient;
beforeAll(async () => {
  org = await startOrg({ now: () => now });
  ({ sf } = await connect(org));
});
afterAll(() => org.close());

describe('conditional requests', () => {
  it('retrieveIfChanged: 304 becomes { modified: false }, a change returns the record and its new ETag', async () => {
    const { id } = await sf.sobject('Account').create({ Name: 'Tagged' });
    const first = await sf.sobject('Account').retrieveIfChanged(id);
    if (!first.modified) throw new Error('a plain read is always modified');
    expect(first.record.Name).toBe('Tagged');
    expect(first.etag).toMatch(/-gzip"$/);
    const same = await sf.sobject('Account').retrieveIfChanged(id, { etag: first.etag });
    expect(same).toEqual({ modified: false, etag: first.etag });
    now += 2000;
    await sf.sobject('Account').update(id, { Name: 'Tagged v2' });
    const changed = await sf.sobject('Account').retrieveIfChanged(id, { etag: first.etag, fields: ['Name'] });
    expect(changed.modified && changed.record.Name).toBe('Tagged v2');
    expect(changed.etag).not.toBe(first.etag);
  });

  it('retrieveIfChanged by time: If-Modified-Since against LastModifiedDate', async () => {
    const { id } = await sf.sobject('Lead').create({ LastName: 'Timed', Company: 'C' });
    const readAt = new Date(now);
    expect((await sf.sobject('Lead').retrieveIfChanged(id, { since: readAt })).modified).toBe(false);
    now += 5000;
    await sf.sobject('Lead').update(id, { Title: 'changed' });
    const later = await sf.sobject('Lead').retrieveIfChanged(id, { since: readAt });
    expect(later.modified && later.record.Title).toBe('changed');
    const sent = org.requests.filter((r) => r.method === 'GET' && r.path.endsWith(id)).at(-1);
    expect(sent?.headers['if-modified-since']).toBe(readAt.toUTCString());
  });

  it('a stale If-Match or If-Unmodified-Since on a write is PreconditionFailedError (412)', async () => {
    const { id } = await sf.sobject('Account').create({ Name: 'Guarded' });
    const read = await sf.sobject('Account').retrieveIfChanged(id);
    const etag = read.etag as string;
    await sf.sobject('Account').update(id, { Name: 'Guarded v2' }, { headers: ifMatch(etag) });
    const stale = await sf.sobject('Account').update(id, { Name: 'Guarded v3' }, { headers: ifMatch(etag) }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(PreconditionFailedError);
    expect((stale as PreconditionFailedError).errorCode).toBe('PRECONDITION_FAILED');
    const past = new Date(now - 60_000);
    await expect(sf.sobject('Account').delete(id, { headers: ifUnmodifiedSince(past) })).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(org.records('Account').find((r) => r.Id === id)?.Name).toBe('Guarded v2');
  });
});

describe('getUpdated / getDeleted', () => {
  it('lists IDs changed and deleted in a window', async () => {
    now = start + 60 * 60_000;
    const windowStart = new Date(now);
    const { id: kept } = await sf.sobject('Contact').create({ LastName: 'Kept' });
    const { id: gone } = await sf.sobject('Contact').create({ LastName: 'Gone' });
    now += 3 * 60_000;
    await sf.sobject('Contact').delete(gone);
    now += 5 * 60_000;
    const end = new Date(now + 60_000);
    const updated = await sf.sobject('Contact').getUpdated(windowStart, end);
    expect(updated.ids).toEqual([kept]);
    expect(updated.latestDateCovered).toMatch(/^2025-05-01T09:08:00\.000\+0000$/);
    const deleted = await sf.sobject('Contact').getDeleted(windowStart.toISOString(), end);
    expect(deleted.deletedRecords.map((r) => r.id)).toEqual([gone]);
    expect(deleted.deletedRecords[0]?.deletedDate).toBe('2025-05-01T09:03:00.000+0000');
  });

  it('validates windows before sending and surfaces Salesforce refusals typed', async () => {
    const before = org.requests.length;
    await expect(sf.sobject('Contact').getUpdated(new Date(now), new Date(now - 60_000))).rejects.toBeInstanceOf(ValidationError);
    await expect(sf.sobject('Contact').getUpdated(new Date(now), new Date(now + 30_000))).rejects.toBeInstanceOf(ValidationError); // same minute
    await expect(sf.sobject('Contact').getDeleted('not a date', new Date(now))).rejects.toBeInstanceOf(ValidationError);
    expect(org.requests.length).toBe(before);
    const old = await sf.sobject('Contact').getUpdated(new Date(now - 40 * 24 * 3600_000), new Date(now)).catch((e: unknown) => e);
    expect(old).toBeInstanceOf(ApiError);
    expect((old as ApiError).errorCode).toBe('INVALID_REPLICATION_DATE');
  });
});

describe('query extras', () => {
  it('passes child-relationship subqueries through, typed, and walks them with childRecords', async () => {
    const [acct] = org.insert('Account', [{ Name: 'Parent Co' }]);
    org.insert('Contact', [{ LastName: 'Kid A', AccountId: acct }, { LastName: 'Kid B', AccountId: acct }]);
    org.insert('Account', [{ Name: 'Childless Co' }]);
    interface Row { Name: string; Contacts: ChildRecords<{ LastName: string }> }
    const rows = await sf.query<Row>("SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Name LIKE '% Co' ORDER BY Name").toArray();
    expect(rows.map((r) => r.Name)).toEqual(['Childless Co', 'Parent Co']);
    expect(rows[0]?.Contacts).toBeNull();
    expect(rows[1]?.Contacts).toMatchObject({ totalSize: 2, done: true });
    const names: string[] = [];
    for await (const kid of sf.childRecords(rows[1]?.Contacts)) names.push(kid.LastName);
    expect(names).toEqual(['Kid A', 'Kid B']);
    for await (const kid of sf.childRecords(rows[0]?.Contacts)) names.push(kid.LastName);
    expect(names).toHaveLength(2);
  });

  it('childRecords follows a nextRecordsUrl page by page', async () => {
    org.insert('Lead', Array.from({ length: 450 }, (_, i) => ({ LastName: `Paged ${i}`, Company: 'Paged Co' })));
    const first = await sf.query<{ LastName: string }>("SELECT LastName FROM Lead WHERE Company = 'Paged Co'", { batchSize: 200 }).pages().next();
    if (first.done) throw new Error('expected a page');
    let n = 0;
    for await (const _ of sf.childRecords(first.value)) n++;
    expect(n).toBe(450);
    await expect(sf.childRecords({ totalSize: 1, done: false, records: [], nextRecordsUrl: 'https://evil.example/x' }).next()).rejects.toBeInstanceOf(ValidationError);
  });

  it('returns aggregate rows as AggregateResult', async () => {
    type ByCompany = AggregateResult<{ Company: string; expr0: number }>;
    const rows = await sf.query<ByCompany>("SELECT Company, COUNT(Id) FROM Lead WHERE Company = 'Paged Co' GROUP BY Company").toArray();
    expect(rows).toEqual([{ attributes: { type: 'AggregateResult' }, Company: 'Paged Co', expr0: 450 }]);
  });
});
