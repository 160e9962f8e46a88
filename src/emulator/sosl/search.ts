/**
 * Runs a parsed SOSL statement against the org: for each `RETURNING` object the SOQL part
 * (fields, `WHERE`, `ORDER BY`) goes to the SOQL engine, then rows are kept when the search
 * expression matches the record's searchable fields (chosen by the `IN … FIELDS` scope), and the
 * object's and the statement's `LIMIT`/`OFFSET` apply.
 *
 * @module
 */
import type { SalesforceRecord } from '../../core/types.js';
import type { ObjectModel, SchemaCatalog } from '../catalog.js';
import { restError } from '../http/errors.js';
import type { StoredRecord } from '../schema.js';
import { prepareQuery, SoqlError } from '../soql-engine.js';
import type { RecordStore } from '../store.js';
import { indexWords, matches } from './expression.js';
import type { ReturningSpec, SearchScope, SoslStatement } from './statement.js';

/** Salesforce's ceiling (and default) for the records one search returns. */
export const MAX_SEARCH_RESULTS = 2000;

const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist']);
const NAME_PARTS = new Set(['FirstName', 'LastName', 'MiddleName']);

/** What a search reads. */
export interface SearchSource {
  catalog: SchemaCatalog;
  store: RecordStore;
  now: Date;
  apiVersion: string;
}

function scopeFields(model: ObjectModel, scope: SearchScope): string[] {
  return model.schema.fields
    .filter((f) => {
      switch (scope) {
        case 'NAME':
          return f.nameField === true || (NAME_PARTS.has(f.name) && f.type === 'string');
        case 'EMAIL':
          return f.type === 'email';
        case 'PHONE':
          return f.type === 'phone';
        default:
          return TEXT_TYPES.has(f.type);
      }
    })
    .map((f) => f.name);
}

function unsupported(object: string) {
  return restError(400, 'INVALID_TYPE', `sObject type '${object}' is not supported. If you are attempting to use a custom object, ` +
    "be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.");
}

/** The matching records of one `RETURNING` entry, at most `room` of them. */
function searchObject(statement: SoslStatement, spec: ReturningSpec, source: SearchSource, room: number): SalesforceRecord[] {
  const model = source.catalog.get(spec.object);
  if (!model) throw unsupported(spec.object);
  const selectList = spec.fields ?? 'Id';
  const hasId = selectList.split(',').some((f) => f.trim().toLowerCase() === 'id');
  const soql = `SELECT ${hasId ? '' : 'Id, '}${selectList} FROM ${model.name}` +
    (spec.where ? ` WHERE ${spec.where}` : '') + (spec.orderBy ? ` ORDER BY ${spec.orderBy}` : '');
  let rows: SalesforceRecord[];
  try {
    const query = prepareQuery(soql, source.store, { includeDeleted: false, now: source.now, apiVersion: source.apiVersion });
    rows = query.page(0, query.rowCount);
  } catch (error) {
    if (error instanceof SoqlError) throw restError(400, error.errorCode, error.message);
    throw error;
  }
  const fields = scopeFields(model, statement.scope);
  const wordsOf = (record: StoredRecord) => fields.map((name) => indexWords(typeof record[name] === 'string' ? (record[name] as string) : ''));
  const found = rows.filter((row) => {
    const record = source.store.byId(String(row.Id));
    return record !== undefined && matches(statement.search, wordsOf(record));
  });
  const offset = spec.offset ?? 0;
  const picked = found.slice(offset, offset + Math.min(room, spec.limit ?? room));
  if (!hasId) for (const row of picked) delete row.Id;
  return picked;
}

/**
 * The `searchRecords` of a statement.
 *
 * @throws RestFailure (`INVALID_TYPE`, `INVALID_FIELD`, `MALFORMED_QUERY`, …) for a bad `RETURNING`.
 */
export function runSearch(statement: SoslStatement, source: SearchSource): SalesforceRecord[] {
  const specs = statement.returning ?? [...source.catalog.all()].map((model): ReturningSpec => ({ object: model.name }));
  let room = Math.min(statement.limit ?? MAX_SEARCH_RESULTS, MAX_SEARCH_RESULTS);
  const out: SalesforceRecord[] = [];
  for (const spec of specs) {
    if (room <= 0) break;
    const records = searchObject(statement, spec, source, room);
    out.push(...records);
    room -= records.length;
  }
  return out;
}
