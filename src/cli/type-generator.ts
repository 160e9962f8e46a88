/**
 * TypeScript declarations from sObject describes: one interface per object (fields typed from
 * their describe type, `| null` when nillable, picklists as unions of their active values,
 * relationships and child relationships typed when their objects are included), plus an
 * `SObjectMap` from object names to those interfaces for `new SalesforceClient<SObjectMap>()`.
 *
 * @module
 */
import type { FieldDescribe, SObjectDescribe } from '../rest/describe-cache.js';

/** Options of {@link generateTypes}. */
export interface GenerateTypesOptions {
  /** Where the describes came from, for the header comment (an instance URL; never a token). */
  source?: string;
  apiVersion?: string;
}

const STRING_TYPES = new Set([
  'id', 'reference', 'string', 'textarea', 'email', 'phone', 'url', 'picklist', 'multipicklist', 'combobox',
  'encryptedstring', 'base64', 'date', 'datetime', 'time', 'json',
]);
const NUMBER_TYPES = new Set(['int', 'double', 'currency', 'percent', 'long']);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Text safe inside a `/** … *\/` comment. */
function comment(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/[\r\n]+/g, ' ');
}

function propertyName(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function picklistType(field: FieldDescribe): string {
  const values = (field.picklistValues ?? []).filter((p) => p.active !== false).map((p) => JSON.stringify(p.value));
  if (values.length === 0) return 'string';
  // `string & {}` keeps editor completion for the listed values while accepting others.
  return field.restrictedPicklist === true ? values.join(' | ') : `${values.join(' | ')} | (string & {})`;
}

function valueType(field: FieldDescribe): string {
  const type = field.type;
  if (type === 'picklist') return picklistType(field);
  if (STRING_TYPES.has(type)) return 'string';
  if (type === 'boolean') return 'boolean';
  if (NUMBER_TYPES.has(type)) return 'number';
  if (type === 'address') return 'SObjectAddress';
  if (type === 'location') return 'SObjectLocation';
  return 'unknown';
}

/** The related record's type: the generated interfaces of its targets, or a loose record. */
function relatedType(targets: readonly string[] | undefined, included: ReadonlySet<string>): string {
  if (!targets?.length || !targets.every((t) => included.has(t))) return 'SObjectRecord';
  return targets.join(' | ');
}

function objectInterface(describe: SObjectDescribe, included: ReadonlySet<string>): string {
  const lines: string[] = [];
  const names = new Set(describe.fields.map((f) => f.name));
  lines.push(`/** ${comment(describe.label)}${describe.custom ? ' (custom object)' : ''} */`);
  lines.push(`export interface ${describe.name} {`);
  lines.push(`  attributes?: SObjectAttributes<${JSON.stringify(describe.name)}>;`);
  for (const field of describe.fields) {
    const type = valueType(field);
    const nullable = field.nillable && field.type !== 'boolean' ? `${type.includes('|') ? `(${type})` : type} | null` : type;
    lines.push(`  /** ${comment(field.label)} (${field.type}) */`);
    lines.push(field.name === 'Id' ? `  Id: string;` : `  ${propertyName(field.name)}?: ${nullable};`);
    const relationship = field.relationshipName;
    if (field.type === 'reference' && typeof relationship === 'string' && relationship !== '' && !names.has(relationship)) {
      names.add(relationship);
      lines.push(`  /** ${comment(field.label)} (the related record) */`);
      lines.push(`  ${propertyName(relationship)}?: ${relatedType(field.referenceTo, included)} | null;`);
    }
  }
  for (const child of describe.childRelationships ?? []) {
    const name = child.relationshipName;
    if (!name || names.has(name)) continue;
    names.add(name);
    const type = included.has(child.childSObject) ? child.childSObject : 'SObjectRecord';
    lines.push(`  /** ${comment(child.childSObject)} records by ${comment(child.field)} (a subquery) */`);
    lines.push(`  ${propertyName(name)}?: SObjectChildRecords<${type}> | null;`);
  }
  lines.push('}');
  return lines.join('\n');
}

const PRELUDE = `/** The \`attributes\` Salesforce puts on every record. */
export interface SObjectAttributes<T extends string = string> {
  type: T;
  url?: string;
}

/** A related record of an object not generated here. */
export interface SObjectRecord {
  attributes?: SObjectAttributes;
  Id?: string;
  [field: string]: unknown;
}

/** A child-relationship subquery's records. */
export interface SObjectChildRecords<R> {
  totalSize: number;
  done: boolean;
  records: R[];
  nextRecordsUrl?: string;
}

/** A compound address field. */
export interface SObjectAddress {
  city: string | null;
  country: string | null;
  countryCode?: string | null;
  geocodeAccuracy?: string | null;
  latitude: number | null;
  longitude: number | null;
  postalCode: string | null;
  state: string | null;
  stateCode?: string | null;
  street: string | null;
}

/** A compound geolocation field. */
export interface SObjectLocation {
  latitude: number | null;
  longitude: number | null;
}`;

/**
 * TypeScript source declaring one interface per describe plus `SObjectMap`.
 *
 * @example
 * ```ts
 * const source = generateTypes([await sf.sobject('Lead').describe()], { source: token.instanceUrl });
 * ```
 */
export function generateTypes(describes: readonly SObjectDescribe[], options: GenerateTypesOptions = {}): string {
  const sorted = [...describes].sort((a, b) => a.name.localeCompare(b.name));
  for (const d of sorted) {
    if (!IDENTIFIER.test(d.name)) throw new Error(`cannot name an interface after sObject ${JSON.stringify(d.name)}`);
  }
  const included = new Set(sorted.map((d) => d.name));
  const from = [options.source && `from ${options.source}`, options.apiVersion && `(API v${options.apiVersion})`].filter(Boolean).join(' ');
  const header = `// Generated by \`forcelink types\`${from ? ` ${from}` : ''}. Do not edit: run the command again.\n`;
  const map = ['/** sObject names and their record types: `new SalesforceClient<SObjectMap>(…)`. */', 'export interface SObjectMap {',
    ...sorted.map((d) => `  ${d.name}: ${d.name};`), '}'].join('\n');
  return `${header}\n${PRELUDE}\n\n${sorted.map((d) => objectInterface(d, included)).join('\n\n')}\n\n${map}\n`;
}
