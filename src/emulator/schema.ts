/**
 * The emulator's data model: object schemas (what describe returns and SOQL checks against) and
 * stored records. Shared by the emulator's REST routes and its SOQL engine.
 *
 * @module
 */

/** Field types the emulator models (Salesforce's describe `type` values). */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'reference';

/** One field of an object, as describe reports it. */
export interface FieldSchema {
  name: string;
  type: FieldType;
  label: string;
  length?: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  externalId?: boolean;
  unique?: boolean;
  idLookup?: boolean;
  nameField?: boolean;
  /** For `reference` fields: the objects it may point at. */
  referenceTo?: string[];
  /** For `reference` fields: the name used in SOQL paths (`Owner` for `OwnerId`). */
  relationshipName?: string;
  picklistValues?: string[];
  defaultValue?: unknown;
}

/** A child relationship, e.g. Account → Contacts. */
export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string;
}

/** One sObject type. */
export interface ObjectSchema {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  fields: FieldSchema[];
  childRelationships: ChildRelationship[];
}

/**
 * A stored record: field name → value, always with `Id` (18 chars), `IsDeleted`, `CreatedDate`,
 * `LastModifiedDate`, `SystemModstamp`. Dates are `YYYY-MM-DD` strings; datetimes
 * `YYYY-MM-DDTHH:mm:ss.SSS+0000` strings; numbers and booleans are JSON numbers and booleans.
 */
export interface StoredRecord {
  Id: string;
  IsDeleted: boolean;
  [field: string]: unknown;
}

/** What the SOQL engine reads from the emulator's store. Object-name lookups are case-insensitive. */
export interface SoqlDataSource {
  schema(objectName: string): ObjectSchema | undefined;
  /** Every record of a type, deleted ones included (with `IsDeleted: true`). */
  records(objectName: string): Iterable<StoredRecord>;
  byId(id: string): StoredRecord | undefined;
}
