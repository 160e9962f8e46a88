import { describe, expectTypeOf, it } from 'vitest';
import type { SalesforceClient } from '../../src/client.js';
import type { SalesforceErrorItem } from '../../src/core/errors.js';
import type { QueryResult, SalesforceRecord, SaveResult } from '../../src/core/types.js';
import type { CollectionSaveResult } from '../../src/rest/collections.js';
import type { AggregateResult, ChildRecords } from '../../src/rest/query-extras.js';
import type { SearchResult } from '../../src/rest/search.js';
import type { ConditionalRecord, SObjectResource } from '../../src/rest/sobject.js';
import { subrequest, type CompositeSubrequest, type SubrequestResult } from '../../src/rest/subrequest.js';
import type { TreeResult } from '../../src/rest/tree.js';
import { sosl, type SoslQuery } from '../../src/soql/sosl.js';

interface Lead {
  attributes?: { type: 'Lead'; url?: string };
  Id: string;
  LastName?: string;
  Company?: string;
  Email?: string | null;
}
interface Account {
  Id: string;
  Name?: string;
}
/** As `forcelink types` writes it: an interface, no index signature. */
interface OrgMap {
  Lead: Lead;
  Account: Account;
}

declare const plain: SalesforceClient;
declare const typed: SalesforceClient<OrgMap>;

describe('SalesforceClient and an sObject map', () => {
  it('without a map, sobject() is SalesforceRecord-typed or takes a type argument, as before', () => {
    expectTypeOf(plain.sobject('Lead')).toEqualTypeOf<SObjectResource<SalesforceRecord>>();
    expectTypeOf(plain.sobject<Lead>('Lead')).toEqualTypeOf<SObjectResource<Lead>>();
    expectTypeOf(plain.sobject('Anything__c').retrieve('x')).resolves.toEqualTypeOf<SalesforceRecord>();
  });

  it('with a map, the record type follows the object name', () => {
    // @ts-expect-error a map's values are record types
    void (null as unknown as SalesforceClient<{ Lead: string }>);
    expectTypeOf(typed.sobject('Lead')).toEqualTypeOf<SObjectResource<Lead>>();
    expectTypeOf(typed.sobject('Account').retrieve('x')).resolves.toEqualTypeOf<Account>();
    expectTypeOf(typed.sobject('Lead').retrieve('x')).resolves.toHaveProperty('Email').toEqualTypeOf<string | null | undefined>();
    // Names outside the map still work, untyped.
    expectTypeOf(typed.sobject('Custom__c')).toEqualTypeOf<SObjectResource<SalesforceRecord>>();
  });

  it('create and update accept the object’s fields with their types', () => {
    void typed.sobject('Lead').create({ LastName: 'Ng', Company: 'Acme' });
    // @ts-expect-error LastName is a string
    void typed.sobject('Lead').create({ LastName: 42 });
    // @ts-expect-error Email is a string or null
    void typed.sobject('Lead').update('x', { Email: true });
  });

  it('retrieveIfChanged narrows on modified', async () => {
    const answer = await typed.sobject('Lead').retrieveIfChanged('x', { etag: '"e"' });
    expectTypeOf(answer).toEqualTypeOf<ConditionalRecord<Lead>>();
    if (answer.modified) expectTypeOf(answer.record).toEqualTypeOf<Lead>();
    // @ts-expect-error no record without a change
    if (!answer.modified) void answer.record;
  });
});

describe('composite and batch answers are typed per sub-request', () => {
  it('subrequest builders carry their result type', () => {
    expectTypeOf<SubrequestResult<ReturnType<typeof subrequest.create>>>().toEqualTypeOf<SaveResult>();
    expectTypeOf(subrequest.retrieve<Lead>('a', 'Lead', 'x')).toEqualTypeOf<CompositeSubrequest<Lead>>();
    expectTypeOf(subrequest.query<Lead>('q', 'SELECT Id FROM Lead')).toEqualTypeOf<CompositeSubrequest<QueryResult<Lead>>>();
    expectTypeOf<SubrequestResult<{ method: 'GET'; url: string; referenceId: string }>>().toEqualTypeOf<unknown>();
  });

  it('sf.composite returns a tuple whose ok branch has each body type', async () => {
    const [created, read, page] = await plain.composite([
      subrequest.create('a', 'Lead', { LastName: 'x' }),
      subrequest.retrieve<Lead>('b', 'Lead', '@{a.id}'),
      subrequest.query<Account>('c', 'SELECT Id FROM Account'),
    ]);
    if (created.ok) expectTypeOf(created.body).toEqualTypeOf<SaveResult>();
    else expectTypeOf(created.body).toEqualTypeOf<SalesforceErrorItem[]>();
    if (read.ok) expectTypeOf(read.body).toEqualTypeOf<Lead>();
    if (page.ok) expectTypeOf(page.body.records).toEqualTypeOf<Account[]>();
    expectTypeOf(created.httpStatusCode).toEqualTypeOf<number>();
  });

  it('sf.batch types results the same way', async () => {
    const { hasErrors, results } = await plain.batch([subrequest.retrieve<Lead>('r', 'Lead', 'x'), { method: 'GET', url: '/limits/' }]);
    expectTypeOf(hasErrors).toEqualTypeOf<boolean>();
    const [lead, limits] = results;
    if (lead.ok) expectTypeOf(lead.result).toEqualTypeOf<Lead>();
    if (limits.ok) expectTypeOf(limits.result).toEqualTypeOf<unknown>();
    // @ts-expect-error composite options are not batch options
    void plain.batch([{ method: 'GET', url: '/limits/' }], { allOrNone: true });
  });
});

describe('other resources', () => {
  it('tree results discriminate on hasErrors', async () => {
    const result = await plain.tree('Account', [{ attributes: { type: 'Account', referenceId: 'a' }, Name: 'x' }]);
    expectTypeOf(result).toEqualTypeOf<TreeResult>();
    if (result.hasErrors) expectTypeOf(result.results[0]!.errors[0]!.statusCode).toEqualTypeOf<string>();
    else expectTypeOf(result.results[0]!.id).toEqualTypeOf<string>();
  });

  it('collection results have an id when successful', async () => {
    const [first] = await plain.collections.create('Lead', [{ LastName: 'x' }]);
    expectTypeOf(first!).toEqualTypeOf<CollectionSaveResult>();
    if (first!.success) expectTypeOf(first!.id).toEqualTypeOf<string>();
    else expectTypeOf(first!.id).toEqualTypeOf<string | undefined>();
    expectTypeOf(plain.collections.retrieve<Lead>('Lead', ['x'], ['Id'])).resolves.toEqualTypeOf<Array<Lead | null>>();
  });

  it('search, sosl, apex and query extras', () => {
    expectTypeOf(plain.search<Lead>(sosl`FIND {${'x'}}`)).resolves.toEqualTypeOf<SearchResult<Lead>>();
    expectTypeOf(sosl`FIND {${'x'}}`).toEqualTypeOf<SoslQuery>();
    expectTypeOf(plain.apex.get<{ ok: boolean }>('/x')).resolves.toEqualTypeOf<{ ok: boolean }>();
    // @ts-expect-error params are strings
    void plain.apex.get('/x', { params: { n: 1 } });
    expectTypeOf<ChildRecords<Lead>>().toEqualTypeOf<QueryResult<Lead> | null>();
    expectTypeOf<AggregateResult<{ expr0: number }>['expr0']>().toEqualTypeOf<number>();
    expectTypeOf(plain.childRecords<Lead>(null)).toEqualTypeOf<AsyncGenerator<Lead, void, undefined>>();
  });
});
