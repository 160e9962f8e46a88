/**
 * Turns one JSON value from a request body into the stored value of a field, or throws the error
 * Salesforce gives for it (`JSON_PARSER_ERROR`, `STRING_TOO_LONG`, `INVALID_EMAIL_ADDRESS`,
 * `MALFORMED_ID`, `INVALID_CROSS_REFERENCE_KEY`).
 *
 * @module
 */
import { isSalesforceId, toId18 } from '../../soql/ids.js';
import type { SchemaCatalog } from '../catalog.js';
import { parseDate, parseDateTime } from '../dates.js';
import { restError, type RestFailure } from '../http/errors.js';
import type { FieldSchema, StoredRecord } from '../schema.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What value conversion needs to look up references. */
export interface ValueLookups {
  catalog: SchemaCatalog;
  byId(id: string): StoredRecord | undefined;
}

/** The stored form of `value` for `field`; `null` clears the field. */
export function toStoredValue(field: FieldSchema, value: unknown, lookups: ValueLookups): unknown {
  if (value === null || value === '') return field.type === 'boolean' ? false : null;
  switch (field.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw cannotDeserialize('boolean', value);
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n) || (field.type === 'int' && !Number.isInteger(n))) throw cannotDeserialize(field.type, value);
      return n;
    }
    case 'date': {
      const date = typeof value === 'string' ? (parseDate(value) ?? parseDateTime(value)?.slice(0, 10)) : undefined;
      if (date === undefined) throw cannotDeserialize('date', value);
      return date;
    }
    case 'datetime': {
      const datetime = typeof value === 'string' ? parseDateTime(value) : undefined;
      if (datetime === undefined) throw cannotDeserialize('datetime', value);
      return datetime;
    }
    case 'reference':
    case 'id':
      return toReference(field, value, lookups);
    default:
      return toText(field, value);
  }
}

function toText(field: FieldSchema, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw cannotDeserialize('String', value);
  }
  const text = String(value);
  if (field.length !== undefined && text.length > field.length) {
    throw restError(400, 'STRING_TOO_LONG', `${field.label}: data value too large: ${text} (max length=${field.length})`, [field.name]);
  }
  if (field.type === 'email' && !EMAIL.test(text)) {
    throw restError(400, 'INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, [field.name]);
  }
  return text;
}

function toReference(field: FieldSchema, value: unknown, lookups: ValueLookups): string {
  if (typeof value !== 'string') throw cannotDeserialize('String', value);
  const allowed = (field.referenceTo ?? []).map((name) => lookups.catalog.get(name)?.keyPrefix);
  if (!isSalesforceId(value) || !allowed.includes(value.slice(0, 3))) {
    throw restError(400, 'MALFORMED_ID', `${field.label}: id value of incorrect type: ${value}`, [field.name]);
  }
  const id = toId18(value);
  const target = lookups.byId(id);
  if (!target || target.IsDeleted) {
    throw restError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [field.name]);
  }
  return id;
}

function cannotDeserialize(type: string, value: unknown): RestFailure {
  const token = typeof value === 'string' ? 'VALUE_STRING' : typeof value === 'number' ? 'VALUE_NUMBER_INT'
    : typeof value === 'boolean' ? `VALUE_${String(value).toUpperCase()}` : Array.isArray(value) ? 'START_ARRAY' : 'START_OBJECT';
  const shown = typeof value === 'object' ? '' : ` value ${String(value)}`;
  return restError(400, 'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${type} from ${token}${shown} or request may be missing a required field`);
}
