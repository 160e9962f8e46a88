/**
 * Terse builders for field schemas, so object definitions read like a field list.
 * Every builder yields a nillable, createable, updateable field unless `extra` says otherwise.
 *
 * @module
 */
import type { FieldSchema, FieldType } from './schema.js';

type Extra = Partial<FieldSchema>;

function make(name: string, type: FieldType, label: string, extra: Extra = {}): FieldSchema {
  return { name, type, label, nillable: true, createable: true, updateable: true, ...extra };
}

/** Builders for each field type. */
export const field = {
  id: (): FieldSchema =>
    make('Id', 'id', 'Record ID', { length: 18, nillable: false, createable: false, updateable: false, idLookup: true }),
  text: (name: string, label: string, length = 255, extra?: Extra) => make(name, 'string', label, { length, ...extra }),
  textarea: (name: string, label: string, length = 32000, extra?: Extra) => make(name, 'textarea', label, { length, ...extra }),
  email: (name: string, label: string, extra?: Extra) => make(name, 'email', label, { length: 80, ...extra }),
  phone: (name: string, label: string, extra?: Extra) => make(name, 'phone', label, { length: 40, ...extra }),
  url: (name: string, label: string, extra?: Extra) => make(name, 'url', label, { length: 255, ...extra }),
  picklist: (name: string, label: string, picklistValues: string[], extra?: Extra) =>
    make(name, 'picklist', label, { length: 255, picklistValues, ...extra }),
  bool: (name: string, label: string, extra?: Extra) => make(name, 'boolean', label, { nillable: false, defaultValue: false, ...extra }),
  int: (name: string, label: string, extra?: Extra) => make(name, 'int', label, extra),
  double: (name: string, label: string, extra?: Extra) => make(name, 'double', label, extra),
  currency: (name: string, label: string, extra?: Extra) => make(name, 'currency', label, extra),
  percent: (name: string, label: string, extra?: Extra) => make(name, 'percent', label, extra),
  date: (name: string, label: string, extra?: Extra) => make(name, 'date', label, extra),
  datetime: (name: string, label: string, extra?: Extra) => make(name, 'datetime', label, extra),
  ref: (name: string, label: string, referenceTo: string[], relationshipName: string, extra?: Extra) =>
    make(name, 'reference', label, { length: 18, referenceTo, relationshipName, ...extra }),
};

const readOnly: Extra = { createable: false, updateable: false };

/** `OwnerId`: required, defaulted to the running user, relationship `Owner`. */
export function ownerField(referenceTo: string[] = ['Group', 'User']): FieldSchema {
  return field.ref('OwnerId', 'Owner ID', referenceTo, 'Owner', { nillable: false });
}

/** The audit fields every object carries, plus `IsDeleted`. */
export function systemFields(): FieldSchema[] {
  return [
    field.bool('IsDeleted', 'Deleted', readOnly),
    field.datetime('CreatedDate', 'Created Date', { ...readOnly, nillable: false }),
    field.ref('CreatedById', 'Created By ID', ['User'], 'CreatedBy', { ...readOnly, nillable: false }),
    field.datetime('LastModifiedDate', 'Last Modified Date', { ...readOnly, nillable: false }),
    field.ref('LastModifiedById', 'Last Modified By ID', ['User'], 'LastModifiedBy', { ...readOnly, nillable: false }),
    field.datetime('SystemModstamp', 'System Modstamp', { ...readOnly, nillable: false }),
  ];
}

/** A read-only copy of `f` (for calculated fields such as compound names). */
export function calculated(f: FieldSchema): FieldSchema {
  return { ...f, ...readOnly };
}
