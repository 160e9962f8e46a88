/**
 * The org's object catalog: every sObject type with case-insensitive lookups by name, key prefix
 * and field, plus what the write path derives from a schema (required fields, the name field).
 *
 * @module
 */
import type { FieldSchema, ObjectSchema } from './schema.js';

/** An object schema plus the object-level permissions describe reports. */
export interface EmulatedObject extends ObjectSchema {
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
}

/** One object type with its derived lookups. */
export class ObjectModel {
  readonly name: string;
  readonly keyPrefix: string;
  /** Fields a create must supply: not nillable, createable and without a default. */
  readonly requiredFields: readonly FieldSchema[];
  /** Fields with a default value, and that value. */
  readonly defaults: ReadonlyArray<readonly [string, unknown]>;
  /** The field describe marks `nameField` (`Name`, `CaseNumber`, …), if any. */
  readonly nameField: string | undefined;
  /** A read-only name field other than `Name` is an auto-number (`CaseNumber`). */
  readonly autoNumberField: string | undefined;
  /** People objects (Contact, Lead, User): `Name` is calculated from `FirstName` and `LastName`. */
  readonly hasCompoundName: boolean;
  private readonly fieldsByLowerName: Map<string, FieldSchema>;

  constructor(readonly schema: EmulatedObject) {
    this.name = schema.name;
    this.keyPrefix = schema.keyPrefix;
    this.fieldsByLowerName = new Map(schema.fields.map((f) => [f.name.toLowerCase(), f]));
    this.requiredFields = schema.fields.filter(
      (f) => !f.nillable && f.createable && f.defaultValue === undefined && f.name !== 'OwnerId',
    );
    this.defaults = schema.fields.filter((f) => f.defaultValue !== undefined).map((f) => [f.name, f.defaultValue] as const);
    const nameField = schema.fields.find((f) => f.nameField);
    this.nameField = nameField?.name;
    this.autoNumberField = nameField && nameField.name !== 'Name' && !nameField.createable ? nameField.name : undefined;
    this.hasCompoundName = nameField?.name === 'Name' && !nameField.createable && this.field('LastName') !== undefined;
  }

  /** The field called `name` (any case). */
  field(name: string): FieldSchema | undefined {
    return this.fieldsByLowerName.get(name.toLowerCase());
  }
}

/** Every object type of the org. */
export class SchemaCatalog {
  private readonly byLowerName = new Map<string, ObjectModel>();
  private readonly byPrefix = new Map<string, ObjectModel>();

  constructor(objects: readonly EmulatedObject[]) {
    for (const schema of objects) {
      const model = new ObjectModel(schema);
      this.byLowerName.set(schema.name.toLowerCase(), model);
      this.byPrefix.set(schema.keyPrefix, model);
    }
  }

  /** The object called `name` (any case). */
  get(name: string): ObjectModel | undefined {
    return this.byLowerName.get(name.toLowerCase());
  }

  /** The object whose IDs start with `prefix`. */
  forPrefix(prefix: string): ObjectModel | undefined {
    return this.byPrefix.get(prefix);
  }

  /** Every object, in definition order. */
  all(): IterableIterator<ObjectModel> {
    return this.byLowerName.values();
  }
}
