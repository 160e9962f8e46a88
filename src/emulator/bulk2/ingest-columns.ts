/**
 * The header of an ingest upload resolved against the object: each column is a field
 * (`LastName`), a relationship by a parent's external ID or ID (`Account.External_Id__c`,
 * polymorphic `Owner:User.Email`), or unknown — which fails the job with Salesforce's
 * `InvalidBatch : Field name not found : <column>`. Also turns a row's cells into the field values
 * the record writer takes: an empty cell is left out, `#N/A` is null, numbers and booleans are
 * read from their text (`INVALID_TYPE_ON_FIELD_IN_RECORD` when they are not).
 *
 * @module
 */
import { isSalesforceId, toId18 } from '../../soql/ids.js';
import type { ObjectModel } from '../catalog.js';
import { parseDate, parseDateTime } from '../dates.js';
import { restError } from '../http/errors.js';
import type { Org } from '../org.js';
import type { FieldSchema } from '../schema.js';

/** Salesforce's CSV value for null. */
const NULL_VALUE = '#N/A';

/** One resolved column. */
export type IngestColumn =
  | { kind: 'field'; field: FieldSchema }
  | { kind: 'relationship'; reference: FieldSchema; target: ObjectModel; key: FieldSchema };

/** A header that cannot be used; its message becomes the job's `errorMessage`. */
export class HeaderError extends Error {}

function relationshipColumn(org: Org, model: ObjectModel, column: string): IngestColumn | undefined {
  const parts = column.split('.');
  if (parts.length !== 2) return undefined;
  const [head, keyName] = parts as [string, string];
  const [typeName, relName] = head.includes(':') ? (head.split(':') as [string, string]) : [undefined, head];
  const reference = model.schema.fields.find((f) => f.relationshipName?.toLowerCase() === relName.toLowerCase());
  const allowed = reference?.referenceTo ?? [];
  const targetName = typeName === undefined ? allowed[0] : allowed.find((name) => name.toLowerCase() === typeName.toLowerCase());
  const target = targetName === undefined ? undefined : org.model(targetName);
  const key = target?.field(keyName);
  if (!reference || !target || !key || !(key.name === 'Id' || key.externalId || key.idLookup)) return undefined;
  return { kind: 'relationship', reference, target, key };
}

/**
 * The columns of `header` for `model`.
 *
 * @throws HeaderError for a column that is neither a field nor a relationship by an external ID.
 */
export function resolveColumns(org: Org, model: ObjectModel, header: readonly string[]): IngestColumn[] {
  return header.map((name) => {
    const field = model.field(name);
    const column = field ? ({ kind: 'field', field } as const) : relationshipColumn(org, model, name);
    if (!column) throw new HeaderError(`InvalidBatch : Field name not found : ${name}`);
    return column;
  });
}

/** The parent a relationship cell names. */
function parentId(org: Org, column: Extract<IngestColumn, { kind: 'relationship' }>, value: string): string {
  const { target, key } = column;
  const matches = key.name === 'Id'
    ? [isSalesforceId(value) ? org.store.byId(toId18(value)) : undefined].filter((r) => r !== undefined && !r.IsDeleted && r.Id.startsWith(target.keyPrefix))
    : org.store.matching(target, key.name, value);
  if (matches.length === 0) {
    throw restError(400, 'INVALID_FIELD', `Foreign key external ID: ${value} not found for field ${key.name} in entity ${target.name}`, [column.reference.name]);
  }
  if (matches.length > 1) {
    throw restError(400, 'DUPLICATE_EXTERNAL_ID', `Foreign key external ID: ${value} matched more than one record for field ${key.name} in entity ${target.name}`, [column.reference.name]);
  }
  return (matches[0] as { Id: string }).Id;
}

/**
 * A cell as the value its field takes: numbers and booleans converted, dates checked. Bulk API
 * reads `true`/`false` and `1`/`0` for booleans.
 *
 * @throws RestFailure `INVALID_TYPE_ON_FIELD_IN_RECORD` for text that is not of the field's type.
 */
function typedCell(field: FieldSchema, text: string): unknown {
  const wrongType = () => restError(400, 'INVALID_TYPE_ON_FIELD_IN_RECORD', `${field.label}: value not of required type: ${text}`, [field.name]);
  switch (field.type) {
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === '1') return true;
      if (lower === 'false' || lower === '0') return false;
      throw wrongType();
    }
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n = text.trim() === '' ? NaN : Number(text);
      if (!Number.isFinite(n) || (field.type === 'int' && !Number.isInteger(n))) throw wrongType();
      return n;
    }
    case 'date':
      if (parseDate(text) === undefined && parseDateTime(text) === undefined) throw wrongType();
      return text;
    case 'datetime':
      if (parseDateTime(text) === undefined) throw wrongType();
      return text;
    default:
      return text;
  }
}

/**
 * The field values of one row for the record writer (by canonical field name).
 *
 * @throws RestFailure for a relationship value that finds no single parent.
 */
export function rowValues(org: Org, columns: readonly IngestColumn[], row: readonly string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const cell = row[i] ?? '';
    if (cell === '') return;
    if (column.kind === 'field') input[column.field.name] = cell === NULL_VALUE ? null : typedCell(column.field, cell);
    else input[column.reference.name] = cell === NULL_VALUE ? null : parentId(org, column, cell);
  });
  return input;
}
