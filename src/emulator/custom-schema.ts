/**
 * Custom objects and fields from the emulator's `schema` option: new `__c` objects get the
 * standard system fields, a `Name` and an `OwnerId`; entries naming a standard object add custom
 * fields to it. Reference fields also add the parent's child relationship.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { EmulatedObject } from './catalog.js';
import { field, ownerField, systemFields } from './field-builders.js';
import { BASE62 } from './prng.js';
import type { FieldSchema, FieldType } from './schema.js';

/**
 * A custom field: a name ending in `__c`, a type, and any other describe attributes.
 *
 * @example
 * ```ts
 * const field: CustomFieldDefinition = { name: 'Account__c', type: 'reference', referenceTo: ['Account'] };
 * ```
 */
export interface CustomFieldDefinition extends Partial<FieldSchema> {
  name: string;
  type: FieldType;
  /** Reference fields: the child relationship name on the parent (default `<ChildLabelPlural>__r`). */
  childRelationshipName?: string;
}

/**
 * A custom object (name ending in `__c`), or a standard object name to add custom fields to.
 *
 * @example
 * ```ts
 * await SalesforceEmulator.start({ schema: [
 *   { name: 'Invoice__c', fields: [{ name: 'Amount__c', type: 'currency' }] },
 *   { name: 'Lead', fields: [{ name: 'Score__c', type: 'int' }] },
 * ] });
 * ```
 */
export interface CustomObjectDefinition {
  name: string;
  label?: string;
  labelPlural?: string;
  /** Three characters; custom objects default to `a00`, `a01`, … */
  keyPrefix?: string;
  fields?: CustomFieldDefinition[];
}

const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9_]*__c$/;
const DEFAULT_LENGTH: Partial<Record<FieldType, number>> = {
  string: 255, textarea: 32768, email: 80, phone: 40, url: 255, picklist: 255, reference: 18,
};

/** `objects` extended with the custom definitions (new array; inputs are not modified). */
export function withCustomSchema(objects: EmulatedObject[], definitions: readonly CustomObjectDefinition[]): EmulatedObject[] {
  const result = objects.map((o) => ({ ...o, fields: [...o.fields], childRelationships: [...o.childRelationships] }));
  const byName = new Map(result.map((o) => [o.name.toLowerCase(), o]));
  const prefixes = new Set(result.map((o) => o.keyPrefix));
  const references: Array<{ child: EmulatedObject; field: CustomFieldDefinition }> = [];

  for (const def of definitions) {
    let target = byName.get(def.name.toLowerCase());
    if (!target) {
      target = newObject(def, prefixes);
      result.push(target);
      byName.set(target.name.toLowerCase(), target);
    }
    const position = target.fields.findIndex((f) => f.name === 'IsDeleted');
    for (const input of def.fields ?? []) {
      if (target.fields.some((f) => f.name.toLowerCase() === input.name.toLowerCase())) {
        throw new ValidationError(`duplicate field ${input.name} on ${target.name}`);
      }
      target.fields.splice(position, 0, customField(input));
      if (input.type === 'reference') references.push({ child: target, field: input });
    }
  }
  for (const { child, field: f } of references) {
    for (const parentName of f.referenceTo ?? []) {
      const parent = byName.get(parentName.toLowerCase());
      if (!parent) throw new ValidationError(`${child.name}.${f.name} refers to unknown object ${parentName}`);
      parent.childRelationships.push({
        childSObject: child.name,
        field: f.name,
        relationshipName: f.childRelationshipName ?? `${child.labelPlural.replace(/[^A-Za-z0-9]/g, '')}__r`,
      });
    }
  }
  return result;
}

function newObject(def: CustomObjectDefinition, prefixes: Set<string>): EmulatedObject {
  if (!CUSTOM_NAME.test(def.name)) throw new ValidationError(`custom object names end in __c: ${def.name}`);
  const keyPrefix = def.keyPrefix ?? nextPrefix(prefixes);
  if (!/^[a-zA-Z0-9]{3}$/.test(keyPrefix) || prefixes.has(keyPrefix)) {
    throw new ValidationError(`key prefix ${keyPrefix} of ${def.name} is malformed or taken`);
  }
  prefixes.add(keyPrefix);
  const label = def.label ?? humanize(def.name);
  return {
    name: def.name,
    label,
    labelPlural: def.labelPlural ?? `${label}s`,
    keyPrefix,
    custom: true,
    createable: true,
    updateable: true,
    deletable: true,
    childRelationships: [],
    fields: [
      field.id(),
      field.text('Name', `${label} Name`, 80, { nillable: false, nameField: true }),
      ownerField(),
      ...systemFields(),
    ],
  };
}

function customField(input: CustomFieldDefinition): FieldSchema {
  if (!CUSTOM_NAME.test(input.name)) throw new ValidationError(`custom field names end in __c: ${input.name}`);
  const { childRelationshipName: _ignored, ...schema } = input;
  if (input.type === 'reference' && !input.referenceTo?.length) {
    throw new ValidationError(`reference field ${input.name} needs referenceTo`);
  }
  const length = DEFAULT_LENGTH[input.type];
  return {
    label: humanize(input.name),
    nillable: true,
    createable: true,
    updateable: true,
    ...(length === undefined ? {} : { length }),
    ...(input.type === 'reference' ? { relationshipName: input.name.replace(/__c$/, '__r') } : {}),
    ...(input.type === 'boolean' ? { nillable: false, defaultValue: false } : {}),
    ...schema,
  };
}

/** `Invoice_Line__c` → `Invoice Line`. */
function humanize(name: string): string {
  return name.replace(/__c$/, '').replace(/_/g, ' ');
}

function nextPrefix(taken: Set<string>): string {
  for (const a of BASE62) {
    for (const b of BASE62) {
      if (!taken.has(`a${a}${b}`)) return `a${a}${b}`;
    }
  }
  throw new ValidationError('no key prefix left for custom objects');
}
