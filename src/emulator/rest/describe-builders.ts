/**
 * Describe documents built from object schemas, with the keys Salesforce's describe results
 * carry: field describes, full object describes, and the per-object entries of describe global
 * and basic info.
 *
 * @module
 */
import type { ObjectModel, SchemaCatalog } from '../catalog.js';
import type { FieldSchema, FieldType } from '../schema.js';

const SOAP_TYPES: Record<FieldType, string> = {
  id: 'tns:ID', reference: 'tns:ID', boolean: 'xsd:boolean', int: 'xsd:int', double: 'xsd:double', currency: 'xsd:double',
  percent: 'xsd:double', date: 'xsd:date', datetime: 'xsd:dateTime', string: 'xsd:string', textarea: 'xsd:string',
  email: 'xsd:string', phone: 'xsd:string', url: 'xsd:string', picklist: 'xsd:string',
};
const SYSTEM_FIELDS = new Set(['Id', 'IsDeleted', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp']);
const MASTER_RECORD_TYPE = '012000000000000AAA';

function isNumber(type: FieldType): boolean {
  return type === 'int' || type === 'double' || type === 'currency' || type === 'percent';
}

function numberShape(f: FieldSchema): { precision: number; scale: number; digits: number } {
  if (f.type === 'int') return { precision: 0, scale: 0, digits: 9 };
  if (f.type === 'currency') return { precision: 18, scale: 2, digits: 0 };
  if (f.type === 'percent') return { precision: 3, scale: 0, digits: 0 };
  if (f.type === 'double') return { precision: 18, scale: 0, digits: 0 };
  return { precision: 0, scale: 0, digits: 0 };
}

/** One entry of a describe's `fields`. */
export function describeField(model: ObjectModel, f: FieldSchema): Record<string, unknown> {
  const isText = f.length !== undefined && !isNumber(f.type) && f.type !== 'reference' && f.type !== 'id';
  const longText = f.type === 'textarea' && (f.length ?? 0) > 255;
  const autoNumber = f.name === model.autoNumberField;
  const { precision, scale, digits } = numberShape(f);
  return {
    aggregatable: !longText && f.type !== 'boolean',
    autoNumber,
    byteLength: f.type === 'id' || f.type === 'reference' ? 18 : isText ? (f.length ?? 0) * 3 : 0,
    calculated: f.name === 'Name' && model.hasCompoundName,
    cascadeDelete: false,
    caseSensitive: false,
    createable: f.createable,
    custom: f.name.endsWith('__c'),
    defaultValue: f.type === 'boolean' ? (f.defaultValue ?? false) : null,
    defaultedOnCreate: f.defaultValue !== undefined || f.name === 'OwnerId' || autoNumber || SYSTEM_FIELDS.has(f.name),
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits,
    externalId: f.externalId ?? false,
    filterable: !longText,
    groupable: !longText && !isNumber(f.type) && f.type !== 'datetime' && f.type !== 'textarea',
    htmlFormatted: false,
    idLookup: f.idLookup ?? false,
    label: f.label,
    length: isText ? (f.length ?? 0) : 0,
    name: f.name,
    nameField: f.nameField ?? false,
    namePointing: (f.referenceTo?.length ?? 0) > 1,
    nillable: f.nillable,
    permissionable: f.nillable && f.createable,
    picklistValues: (f.picklistValues ?? []).map((value) => ({
      active: true, defaultValue: value === f.defaultValue, label: value, validFor: null, value,
    })),
    polymorphicForeignKey: (f.referenceTo?.length ?? 0) > 1,
    precision,
    referenceTo: f.referenceTo ?? [],
    relationshipName: f.relationshipName ?? null,
    restrictedPicklist: false,
    scale,
    soapType: SOAP_TYPES[f.type],
    sortable: !longText,
    type: f.type,
    unique: f.unique ?? false,
    updateable: f.updateable,
  };
}

function urls(version: string, model: ObjectModel): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${model.name}`;
  return { rowTemplate: `${base}/{ID}`, defaultValues: `${base}/defaultValues?recordTypeId&fields`, describe: `${base}/describe`, sobject: base };
}

/** The per-object entry of describe global (also `objectDescribe` of basic info). */
export function globalEntry(version: string, model: ObjectModel): Record<string, unknown> {
  const s = model.schema;
  return {
    activateable: false, associateEntityType: null, associateParentEntity: null, createable: s.createable, custom: s.custom,
    customSetting: false, deepCloneable: false, deletable: s.deletable, deprecatedAndHidden: false, feedEnabled: false,
    hasSubtypes: false, isInterface: false, isSubtype: false, keyPrefix: s.keyPrefix, label: s.label, labelPlural: s.labelPlural,
    layoutable: true, mergeable: false, mruEnabled: true, name: s.name, queryable: true, replicateable: true, retrieveable: true,
    searchable: true, triggerable: true, undeletable: s.deletable, updateable: s.updateable, urls: urls(version, model),
  };
}

/** The full describe of one object. */
export function describeObject(version: string, model: ObjectModel, catalog: SchemaCatalog): Record<string, unknown> {
  const s = model.schema;
  const base = `/services/data/v${version}/sobjects/${s.name}`;
  return {
    ...globalEntry(version, model),
    actionOverrides: [],
    childRelationships: s.childRelationships.map((r) => ({
      cascadeDelete: false, childSObject: r.childSObject, deprecatedAndHidden: false, field: r.field,
      junctionIdListNames: [], junctionReferenceTo: [], relationshipName: r.relationshipName,
      restrictedDelete: catalog.get(r.childSObject)?.field(r.field)?.nillable === false,
    })),
    compactLayoutable: true,
    defaultImplementation: null,
    extendedBy: null,
    extendsInterfaces: null,
    fields: s.fields.map((f) => describeField(model, f)),
    implementedBy: null,
    implementsInterfaces: null,
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [{
      active: true, available: true, defaultRecordTypeMapping: true, developerName: 'Master', master: true, name: 'Master',
      recordTypeId: MASTER_RECORD_TYPE, urls: { layout: `${base}/describe/layouts/${MASTER_RECORD_TYPE}` },
    }],
    searchLayoutable: true,
    sobjectDescribeOption: 'FULL',
    supportedScopes: [{ label: `All ${s.labelPlural.toLowerCase()}`, name: 'everything' }],
    urls: {
      ...urls(version, model),
      compactLayouts: `${base}/describe/compactLayouts`,
      approvalLayouts: `${base}/describe/approvalLayouts`,
      listviews: `${base}/listviews`,
      quickActions: `${base}/quickActions`,
      layouts: `${base}/describe/layouts`,
    },
  };
}
