/**
 * A small in-memory SoqlDataSource for the SOQL engine's tests: User, Group, Account, Contact,
 * Lead, with owners (Lead.OwnerId is polymorphic: User or Group) and Account → Contacts.
 */
import type { FieldSchema, FieldType, ObjectSchema, SoqlDataSource, StoredRecord } from '../../../../src/emulator/schema.js';
import { toId18 } from '../../../../src/soql/ids.js';

function field(name: string, type: FieldType, extra: Partial<FieldSchema> = {}): FieldSchema {
  return { name, type, label: name, nillable: type !== 'id' && type !== 'boolean', createable: true, updateable: true, ...extra };
}

const system = (): FieldSchema[] => [
  field('Id', 'id'),
  field('IsDeleted', 'boolean'),
  field('CreatedDate', 'datetime'),
  field('LastModifiedDate', 'datetime'),
  field('SystemModstamp', 'datetime'),
];

function object(name: string, keyPrefix: string, fields: FieldSchema[], childRelationships: ObjectSchema['childRelationships'] = []): ObjectSchema {
  return { name, label: name, labelPlural: `${name}s`, keyPrefix, custom: name.endsWith('__c'), fields: [...system(), ...fields], childRelationships };
}

export const schemas: ObjectSchema[] = [
  object('User', '005', [field('Name', 'string'), field('Email', 'email'), field('IsActive', 'boolean'), field('Alias', 'string')]),
  object('Group', '00G', [field('Name', 'string'), field('Type', 'picklist')]),
  object(
    'Account',
    '001',
    [
      field('Name', 'string', { nameField: true }),
      field('Industry', 'picklist'),
      field('AnnualRevenue', 'currency'),
      field('NumberOfEmployees', 'int'),
      field('OwnerId', 'reference', { referenceTo: ['User'], relationshipName: 'Owner' }),
      field('ParentId', 'reference', { referenceTo: ['Account'], relationshipName: 'Parent' }),
      field('SLAExpirationDate__c', 'date'),
      field('Rating__c', 'double'),
    ],
    [
      { childSObject: 'Contact', field: 'AccountId', relationshipName: 'Contacts' },
      { childSObject: 'Account', field: 'ParentId', relationshipName: 'ChildAccounts' },
    ],
  ),
  object('Contact', '003', [
    field('FirstName', 'string'),
    field('LastName', 'string'),
    field('Email', 'email'),
    field('AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }),
    field('OwnerId', 'reference', { referenceTo: ['User'], relationshipName: 'Owner' }),
    field('Birthdate', 'date'),
  ]),
  object('Lead', '00Q', [
    field('FirstName', 'string'),
    field('LastName', 'string'),
    field('Company', 'string'),
    field('Email', 'email'),
    field('Status', 'picklist'),
    field('Description', 'textarea'),
    field('AnnualRevenue', 'currency'),
    field('IsConverted', 'boolean'),
    field('ConvertedDate', 'date'),
    field('OwnerId', 'reference', { referenceTo: ['User', 'Group'], relationshipName: 'Owner' }),
  ]),
];

/** A SoqlDataSource over plain arrays. */
export class MemorySource implements SoqlDataSource {
  readonly data = new Map<string, StoredRecord[]>();
  private readonly ids = new Map<string, StoredRecord>();
  private readonly counters = new Map<string, number>();

  constructor(readonly objects: ObjectSchema[] = schemas) {
    for (const o of objects) this.data.set(o.name, []);
  }

  schema(objectName: string): ObjectSchema | undefined {
    const lower = objectName.toLowerCase();
    return this.objects.find((o) => o.name.toLowerCase() === lower);
  }

  records(objectName: string): Iterable<StoredRecord> {
    const schema = this.schema(objectName);
    return schema === undefined ? [] : (this.data.get(schema.name) ?? []);
  }

  byId(id: string): StoredRecord | undefined {
    return this.ids.get(id.length === 15 ? toId18(id) : id);
  }

  /** Adds a record with a fresh ID and system fields; returns it. */
  insert(objectName: string, fields: Record<string, unknown>, created = '2024-01-10T09:00:00.000+0000'): StoredRecord {
    const schema = this.schema(objectName);
    if (schema === undefined) throw new Error(`no ${objectName}`);
    const n = (this.counters.get(schema.name) ?? 0) + 1;
    this.counters.set(schema.name, n);
    const id = toId18(`${schema.keyPrefix}${'0'.repeat(12 - String(n).length)}${n}`);
    const record: StoredRecord = {
      Id: id,
      IsDeleted: false,
      CreatedDate: created,
      LastModifiedDate: created,
      SystemModstamp: created,
      ...fields,
    };
    (this.data.get(schema.name) as StoredRecord[]).push(record);
    this.ids.set(id, record);
    return record;
  }
}

/** The standard fixture: two users, a group, three accounts, four contacts, five leads. */
export function makeFixture(): {
  source: MemorySource;
  users: StoredRecord[];
  group: StoredRecord;
  accounts: StoredRecord[];
  contacts: StoredRecord[];
  leads: StoredRecord[];
} {
  const source = new MemorySource();
  const ada = source.insert('User', { Name: 'Ada Lovelace', Email: 'ada@example.com', IsActive: true, Alias: 'ada' });
  const bob = source.insert('User', { Name: 'Bob Byte', Email: 'bob@example.com', IsActive: false, Alias: 'bob' });
  const group = source.insert('Group', { Name: 'Sales Queue', Type: 'Queue' });
  const acme = source.insert('Account', {
    Name: 'Acme', Industry: 'Manufacturing', AnnualRevenue: 5_000_000, NumberOfEmployees: 120, OwnerId: ada.Id,
    ParentId: null, SLAExpirationDate__c: '2024-03-01', Rating__c: 4.5,
  }, '2024-01-01T08:00:00.000+0000');
  const globex = source.insert('Account', {
    Name: 'Globex', Industry: 'Energy', AnnualRevenue: 1_000_000, NumberOfEmployees: 40, OwnerId: bob.Id,
    ParentId: acme.Id, SLAExpirationDate__c: '2024-01-15', Rating__c: null,
  }, '2024-01-14T23:30:00.000+0000');
  const initech = source.insert('Account', {
    Name: 'Initech', Industry: null, AnnualRevenue: null, NumberOfEmployees: 5, OwnerId: ada.Id,
    ParentId: acme.Id, SLAExpirationDate__c: null, Rating__c: 2,
  }, '2024-01-15T10:00:00.000+0000');
  const contacts = [
    source.insert('Contact', { FirstName: 'Wile', LastName: 'Coyote', Email: 'wile@acme.test', AccountId: acme.Id, OwnerId: ada.Id, Birthdate: '1980-05-01' }),
    source.insert('Contact', { FirstName: 'Road', LastName: 'Runner', Email: 'road@acme.test', AccountId: acme.Id, OwnerId: bob.Id, Birthdate: '1990-07-04' }),
    source.insert('Contact', { FirstName: 'Hank', LastName: 'Scorpio', Email: null, AccountId: globex.Id, OwnerId: ada.Id, Birthdate: null }),
    source.insert('Contact', { FirstName: 'Solo', LastName: 'Nobody', Email: 'solo@none.test', AccountId: null, OwnerId: bob.Id, Birthdate: '2000-01-01' }),
  ];
  const leads = [
    source.insert('Lead', { FirstName: 'Jane', LastName: "O'Brien", Company: 'Acme', Email: 'jane@acme.test', Status: 'Open', Description: 'likes 100% cotton', AnnualRevenue: 250_000, IsConverted: false, ConvertedDate: null, OwnerId: ada.Id }, '2024-01-15T08:00:00.000+0000'),
    source.insert('Lead', { FirstName: 'john', LastName: 'Smith', Company: 'Globex', Email: 'john@globex.test', Status: 'Working', Description: 'under_score', AnnualRevenue: 1_000, IsConverted: false, ConvertedDate: null, OwnerId: group.Id }, '2024-01-14T12:00:00.000+0000'),
    source.insert('Lead', { FirstName: 'Mary', LastName: 'smith', Company: 'Initech', Email: null, Status: 'Closed - Converted', Description: null, AnnualRevenue: null, IsConverted: true, ConvertedDate: '2024-01-12', OwnerId: bob.Id }, '2024-01-08T12:00:00.000+0000'),
    source.insert('Lead', { FirstName: null, LastName: 'Zed', Company: 'Umbrella', Email: 'zed@umbrella.test', Status: 'Open', Description: 'line1\nline2', AnnualRevenue: 75_000.5, IsConverted: false, ConvertedDate: null, OwnerId: null }, '2023-12-20T12:00:00.000+0000'),
    source.insert('Lead', { FirstName: 'Del', LastName: 'Eted', Company: 'Gone', Email: 'del@gone.test', Status: 'Open', Description: null, AnnualRevenue: 10, IsConverted: false, ConvertedDate: null, OwnerId: ada.Id, IsDeleted: true }, '2024-01-15T09:00:00.000+0000'),
  ];
  return { source, users: [ada, bob], group, accounts: [acme, globex, initech], contacts, leads };
}

/** 2024-01-15T12:00:00Z, a Monday. */
export const NOW = new Date('2024-01-15T12:00:00Z');
