import { describe, expect, it } from 'vitest';
import { column, fail, run } from './helpers.js';
import { makeFixture } from './fixture.js';

describe('SELECT lists and projection', () => {
  const f = makeFixture();
  const [ada, bob] = f.users as [typeof f.group, typeof f.group];
  const [acme, globex, initech] = f.accounts as [typeof f.group, typeof f.group, typeof f.group];

  it('projects attributes first, then fields in SELECT order with canonical casing', () => {
    const { totalSize, records } = run(f.source, 'select name, ID from ACCOUNT order by name');
    expect(totalSize).toBe(3);
    expect(records[0]).toEqual({
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${acme.Id}` },
      Name: 'Acme',
      Id: acme.Id,
    });
    expect(Object.keys(records[0] ?? {})).toEqual(['attributes', 'Name', 'Id']);
  });

  it('uses the API version in attribute URLs, with or without a leading v', () => {
    expect(run(f.source, 'SELECT Id FROM User', { apiVersion: 'v58.0' }).records[0]?.attributes?.url).toBe(`/services/data/v58.0/sobjects/User/${ada.Id}`);
    expect(run(f.source, 'SELECT Id FROM User', { apiVersion: '60.0' }).records[0]?.attributes?.url).toBe(`/services/data/v60.0/sobjects/User/${ada.Id}`);
  });

  it('answers null for fields a stored record lacks or holds as null', () => {
    const g = makeFixture();
    g.source.insert('User', { Name: 'Sparse' });
    expect(run(g.source, "SELECT Name, Email FROM User WHERE Name = 'Sparse'").records[0]).toMatchObject({ Name: 'Sparse', Email: null });
    const leads = run(f.source, "SELECT FirstName FROM Lead WHERE LastName = 'Zed'").records;
    expect(leads[0]?.FirstName).toBeNull();
  });

  it('nests parent relationships as records, merging fields of one relationship', () => {
    const { records } = run(f.source, 'SELECT Name, Owner.Name, owner.email FROM Account WHERE Name = \'Globex\'');
    expect(records[0]).toEqual({
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${globex.Id}` },
      Name: 'Globex',
      Owner: { attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${bob.Id}` }, Name: 'Bob Byte', Email: 'bob@example.com' },
    });
  });

  it('answers null for an empty reference', () => {
    const { records } = run(f.source, "SELECT LastName, Owner.Name FROM Lead WHERE LastName = 'Zed'");
    expect(records[0]?.Owner).toBeNull();
    expect(run(f.source, "SELECT Parent.Name FROM Account WHERE Name = 'Acme'").records[0]?.Parent).toBeNull();
  });

  it('follows polymorphic references to the right type', () => {
    const { records } = run(f.source, "SELECT Owner.Name FROM Lead WHERE Company = 'Globex'");
    expect(records[0]?.Owner).toEqual({ attributes: { type: 'Group', url: `/services/data/v62.0/sobjects/Group/${f.group.Id}` }, Name: 'Sales Queue' });
  });

  it('follows paths of several levels', () => {
    const { records } = run(f.source, "SELECT Account.Owner.Name, Account.Name FROM Contact WHERE LastName = 'Scorpio'");
    expect(records[0]).toEqual({
      attributes: expect.anything(),
      Account: {
        attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${globex.Id}` },
        Owner: { attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${bob.Id}` }, Name: 'Bob Byte' },
        Name: 'Globex',
      },
    });
    const five = run(f.source, "SELECT Parent.Parent.Parent.Parent.Parent.Name FROM Account WHERE Name = 'Initech'");
    expect(five.records[0]?.Parent).toEqual({ attributes: expect.anything(), Parent: null });
  });

  it('refuses more than five levels of parent relationships', () => {
    const e = fail(f.source, 'SELECT Parent.Parent.Parent.Parent.Parent.Parent.Name FROM Account');
    expect(e.errorCode).toBe('MALFORMED_QUERY');
    expect(e.message).toContain('5 levels');
  });

  it('accepts the object name as a path prefix', () => {
    expect(run(f.source, "SELECT Account.Name FROM Account WHERE Account.Name = 'Acme'").records[0]).toEqual({
      attributes: expect.anything(),
      Name: 'Acme',
    });
  });

  it('reports unknown columns and relationships like Salesforce', () => {
    const e = fail(f.source, 'SELECT Foo__c FROM Account');
    expect(e.errorCode).toBe('INVALID_FIELD');
    expect(e.message).toBe(
      "\nSELECT Foo__c FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo__c' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    );
    const rel = fail(f.source, 'SELECT Id, Boss.Name FROM Account');
    expect(rel.errorCode).toBe('INVALID_FIELD');
    expect(rel.message).toContain("ERROR at Row:1:Column:12\nDidn't understand relationship 'Boss' in field path.");
    expect(fail(f.source, 'SELECT Owner FROM Account').message).toContain("No such column 'Owner' on entity 'Account'");
    expect(fail(f.source, 'SELECT Owner.Foo FROM Account').message).toContain("No such column 'Foo' on entity 'User'");
    expect(fail(f.source, 'SELECT Owner.Foo FROM Lead').message).toContain("No such column 'Foo' on entity 'Name'");
  });

  it('reports unknown objects as INVALID_TYPE', () => {
    const e = fail(f.source, 'SELECT Id FROM Foo');
    expect(e.errorCode).toBe('INVALID_TYPE');
    expect(e.message).toBe(
      "\nSELECT Id FROM Foo\n               ^\nERROR at Row:1:Column:16\nsObject type 'Foo' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
    );
  });

  it('refuses a field selected twice', () => {
    const e = fail(f.source, 'SELECT Id, Name, id FROM Account');
    expect(e.errorCode).toBe('INVALID_FIELD');
    expect(e.message).toBe('duplicate field selected: Id');
    expect(fail(f.source, 'SELECT Id, FIELDS(STANDARD) FROM Account').message).toBe('duplicate field selected: Id');
  });

  it('expands FIELDS(ALL|STANDARD|CUSTOM)', () => {
    const all = run(f.source, "SELECT FIELDS(ALL) FROM Account WHERE Name = 'Acme' LIMIT 200").records[0] ?? {};
    expect(Object.keys(all)).toEqual(['attributes', 'Id', 'IsDeleted', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'Name', 'Industry', 'AnnualRevenue', 'NumberOfEmployees', 'OwnerId', 'ParentId', 'SLAExpirationDate__c', 'Rating__c']);
    const custom = run(f.source, 'SELECT FIELDS(CUSTOM) FROM Account LIMIT 1').records[0] ?? {};
    expect(Object.keys(custom)).toEqual(['attributes', 'SLAExpirationDate__c', 'Rating__c']);
    const standard = run(f.source, 'SELECT FIELDS(STANDARD) FROM Account').records[0] ?? {};
    expect(Object.keys(standard)).not.toContain('Rating__c');
    expect(fail(f.source, 'SELECT FIELDS(ALL) FROM Account').message).toContain('The SOQL FIELDS function must have a LIMIT of at most 200');
  });

  it('aliases are only allowed in aggregate queries', () => {
    const e = fail(f.source, 'SELECT Name n FROM Account');
    expect(e.errorCode).toBe('MALFORMED_QUERY');
    expect(e.message).toContain("unexpected token: 'n'");
  });
});

describe('child relationship subqueries', () => {
  const f = makeFixture();

  it('nests children as { totalSize, done, records } and null when there are none', () => {
    const { records } = run(f.source, 'SELECT Name, (SELECT Id, LastName FROM Contacts ORDER BY LastName) FROM Account ORDER BY Name');
    expect(records[0]?.Contacts).toEqual({
      totalSize: 2,
      done: true,
      records: [
        { attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${f.contacts[0]?.Id}` }, Id: f.contacts[0]?.Id, LastName: 'Coyote' },
        { attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${f.contacts[1]?.Id}` }, Id: f.contacts[1]?.Id, LastName: 'Runner' },
      ],
    });
    expect((records[1]?.Contacts as { totalSize: number }).totalSize).toBe(1);
    expect(records[2]?.Contacts).toBeNull();
    expect(Object.keys(records[0] ?? {})).toEqual(['attributes', 'Name', 'Contacts']);
  });

  it('applies WHERE, ORDER BY and LIMIT inside the subquery, and parent paths in it', () => {
    const { records } = run(
      f.source,
      "SELECT Name, (SELECT LastName, Owner.Name FROM contacts WHERE LastName != 'Coyote' ORDER BY LastName DESC LIMIT 1), (SELECT Name FROM ChildAccounts ORDER BY Name DESC) FROM Account WHERE Name = 'Acme'",
    );
    expect(records[0]?.Contacts).toEqual({
      totalSize: 1,
      done: true,
      records: [{ attributes: expect.anything(), LastName: 'Runner', Owner: { attributes: expect.anything(), Name: 'Bob Byte' } }],
    });
    expect(column((records[0]?.ChildAccounts as { records: [] }).records, 'Name')).toEqual(['Initech', 'Globex']);
  });

  it('reports unknown child relationships as INVALID_TYPE', () => {
    const e = fail(f.source, 'SELECT Id, (SELECT Id FROM Foos) FROM Account');
    expect(e.errorCode).toBe('INVALID_TYPE');
    expect(e.message).toContain("ERROR at Row:1:Column:28\nDidn't understand relationship 'Foos' in FROM part of query call.");
  });

  it('refuses aggregates in child subqueries', () => {
    expect(fail(f.source, 'SELECT Id, (SELECT COUNT(Id) FROM Contacts) FROM Account').message).toContain('Aggregate functions are not supported in subqueries');
    expect(fail(f.source, 'SELECT Id, (SELECT Id FROM Contacts GROUP BY Id) FROM Account').errorCode).toBe('MALFORMED_QUERY');
  });

  it('reports unknown fields of the child object', () => {
    expect(fail(f.source, 'SELECT Id, (SELECT Company FROM Contacts) FROM Account').message).toContain("No such column 'Company' on entity 'Contact'");
  });
});
