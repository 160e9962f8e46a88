/**
 * What every stage of query preparation shares: the data source, the query text (for error
 * positions), the options, and schema lookups.
 *
 * @module
 */
import type { FieldSchema, FieldType, ObjectSchema, SoqlDataSource, StoredRecord } from '../schema.js';
import { isSalesforceId, toId18 } from '../../soql/ids.js';
import { positionedError, unsupportedTypeText } from './errors.js';

/** Options of one query run. */
export interface QueryOptions {
  /** `queryAll`: include records with `IsDeleted: true`. */
  includeDeleted: boolean;
  /** The moment date constants such as `TODAY` are evaluated against (in UTC). */
  now: Date;
  /** API version for `attributes.url`, e.g. `62.0` (a leading `v` is accepted). Defaults to `62.0`. */
  apiVersion?: string;
}

/** Shared state of one `prepareQuery` call. */
export interface QueryContext {
  source: SoqlDataSource;
  query: string;
  options: QueryOptions;
  /** `/services/data/v62.0/sobjects/` */
  sobjectsUrl: string;
}

/** How values of a field type are compared. */
export type Category = 'string' | 'id' | 'boolean' | 'number' | 'date' | 'datetime';

/**
 * The comparison category of a field type.
 *
 * @example
 * ```ts
 * categoryOf('currency'); // 'number'
 * ```
 */
export function categoryOf(type: FieldType): Category {
  switch (type) {
    case 'id':
    case 'reference':
      return 'id';
    case 'boolean':
      return 'boolean';
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'string';
  }
}

/**
 * The object schema called `name` (any casing), or INVALID_TYPE pointing at `pos`.
 *
 * @example
 * ```ts
 * objectSchema(ctx, 'lead', 15).name; // 'Lead'
 * ```
 */
export function objectSchema(ctx: QueryContext, name: string, pos: number): ObjectSchema {
  const schema = ctx.source.schema(name);
  if (schema === undefined) throw positionedError('INVALID_TYPE', ctx.query, pos, unsupportedTypeText(name));
  return schema;
}

/**
 * The field called `name` (any casing) on `schema`.
 *
 * @example
 * ```ts
 * findField(leadSchema, 'lastname')?.name; // 'LastName'
 * ```
 */
export function findField(schema: ObjectSchema, name: string): FieldSchema | undefined {
  const lower = name.toLowerCase();
  return schema.fields.find((f) => f.name.toLowerCase() === lower);
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * The canonical 18-character form of an ID written in 15-character form, or in 18-character form
 * in any letter case (the suffix encodes which of the first 15 characters are upper case); `undefined`
 * when `text` is not an ID.
  *
 * @example
 * ```ts
 * canonicalId('001d000000iqhsliaz'); // '001D000000IqhSLIAZ'
 * ```
 */
export function canonicalId(text: string): string | undefined {
  if (text.length === 15) return isSalesforceId(text) ? toId18(text) : undefined;
  if (text.length !== 18) return undefined;
  const suffix = text.slice(15).toUpperCase();
  let head = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix[chunk] as string);
    if (bits < 0) return undefined;
    for (let i = 0; i < 5; i++) {
      const ch = text[chunk * 5 + i] as string;
      head += bits & (1 << i) ? ch.toUpperCase() : ch.toLowerCase();
    }
  }
  const id = head + suffix;
  return isSalesforceId(id) ? id : undefined;
}

/**
 * A record ID in its 18-character form; `null` for empty values. Non-ID strings pass unchanged.
 *
 * @example
 * ```ts
 * normalizeId('001D000000IqhSL'); // '001D000000IqhSLIAZ'
 * ```
 */
export function normalizeId(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  if (value.length === 15 && isSalesforceId(value)) return toId18(value);
  return value;
}

/**
 * The schema of the record `id` points at, among `targets` (matched by key prefix).
 *
 * @example
 * ```ts
 * targetOf([userSchema, groupSchema], '00G000000000001AAA'); // groupSchema
 * ```
 */
export function targetOf(targets: readonly ObjectSchema[], id: string): ObjectSchema | undefined {
  if (targets.length === 1) return targets[0];
  const prefix = id.slice(0, 3);
  return targets.find((t) => t.keyPrefix === prefix) ?? targets[0];
}

/**
 * Whether `record` is visible to this run (deleted records only with `includeDeleted`).
 *
 * @example
 * ```ts
 * records.filter((r) => visible(ctx, r));
 * ```
 */
export function visible(ctx: QueryContext, record: StoredRecord): boolean {
  return ctx.options.includeDeleted || record.IsDeleted !== true;
}
