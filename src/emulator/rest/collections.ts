/**
 * sObject Collections, `/composite/sobjects`: create (`POST`), update (`PATCH`), delete
 * (`DELETE ?ids=`), upsert by external ID (`PATCH /composite/sobjects/X/Field`) and retrieve
 * (`GET /composite/sobjects/X?ids=&fields=`, or `POST` with `{ids, fields}`).
 *
 * A well-formed request always answers `200` with one result per record, in request order; a
 * malformed one `400`. With `allOrNone` (or inside an all-or-none composite request) any failed
 * record rolls back the others, which then carry `ALL_OR_NONE_OPERATION_ROLLED_BACK`.
 *
 * @module
 */
import { isSalesforceId, toId18 } from '../../soql/ids.js';
import type { ObjectModel } from '../catalog.js';
import { jsonBody, type RestContext } from '../http/context.js';
import { jsonError } from '../http/body.js';
import { restError } from '../http/errors.js';
import { json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import type { StoredRecord } from '../schema.js';
import { objectFromUrl, writeOptions } from './record-lookup.js';
import { recordView } from './record-view.js';
import { rolledBack, saveErrors, type SaveError } from './save-errors.js';
import { requestedFields } from './sobjects.js';
import { inAllOrNoneScope, Transaction } from './transaction.js';

const WRITE_LIMIT = 200;
const RETRIEVE_LIMIT = 2000;

/** One record's result, as Salesforce writes it (a failed create has no `id`). */
interface SaveResult {
  id?: string;
  success: boolean;
  errors: SaveError[];
  created?: boolean;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tokenOf(value: unknown): string {
  if (Array.isArray(value)) return 'START_ARRAY';
  if (value === null) return 'VALUE_NULL';
  return typeof value === 'string' ? 'VALUE_STRING' : typeof value === 'object' ? 'START_OBJECT' : 'VALUE_NUMBER_INT';
}

function limitExceeded(limit: number) {
  return restError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${limit} records into this call`);
}

/** `{allOrNone?, records}` of a create, update or upsert. */
function writeBody(ctx: RestContext): { allOrNone: boolean; records: Json[] } {
  const body = jsonBody(ctx);
  if (!isObject(body)) throw jsonError(`Cannot deserialize instance of SObjectCollectionInput from ${tokenOf(body)} token`);
  if (body.allOrNone !== undefined && typeof body.allOrNone !== 'boolean') {
    throw jsonError(`Cannot deserialize value of type boolean from ${tokenOf(body.allOrNone)} token (allOrNone)`);
  }
  const records = body.records;
  if (!Array.isArray(records)) throw jsonError(`Cannot deserialize instance of List<SObject> from ${tokenOf(records)} token (records)`);
  if (records.length > WRITE_LIMIT) throw limitExceeded(WRITE_LIMIT);
  for (const record of records) {
    if (!isObject(record)) throw jsonError(`Cannot deserialize instance of SObject from ${tokenOf(record)} token`);
  }
  return { allOrNone: body.allOrNone === true || inAllOrNoneScope(ctx), records: records as Json[] };
}

/** The object named in a record's `attributes.type`. */
function recordModel(ctx: RestContext, record: Json): ObjectModel {
  const type = isObject(record.attributes) ? record.attributes.type : undefined;
  if (typeof type !== 'string' || type === '') throw restError(400, 'INVALID_TYPE', 'Must send a concrete entity type.');
  const model = ctx.org.model(type);
  if (!model) throw restError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
  return model;
}

/** A live record to write, by ID (of `model` when given). */
function writable(ctx: RestContext, id: unknown, model?: ObjectModel): StoredRecord {
  if (typeof id !== 'string' || id === '') throw restError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
  if (!isSalesforceId(id) || (model && !id.startsWith(model.keyPrefix))) {
    throw restError(400, 'MALFORMED_ID', `${model ? `${model.name} ID` : 'Id'}: id value of incorrect type: ${id}`, ['Id']);
  }
  const record = ctx.org.store.byId(toId18(id));
  if (!record) throw restError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['Id']);
  if (record.IsDeleted) throw restError(400, 'ENTITY_IS_DELETED', 'entity is deleted');
  return record;
}

function withoutKeys(record: Json, ...names: string[]): Json {
  const lower = names.map((n) => n.toLowerCase());
  return Object.fromEntries(Object.entries(record).filter(([key]) => !lower.includes(key.toLowerCase())));
}

/**
 * Runs `each` over the records inside a transaction; with `allOrNone`, one failure rolls back the
 * rest, whose results then carry the rollback marker (`keepId` says whether they keep their ID).
 */
function runAll<T>(
  ctx: RestContext,
  allOrNone: boolean,
  items: readonly T[],
  each: (ctx: RestContext, item: T) => SaveResult,
  keepId: (result: SaveResult) => boolean,
): SaveResult[] {
  const tx = new Transaction(ctx.org);
  const bound = tx.bind(ctx);
  const results = items.map((item) => each(bound, item));
  if (!allOrNone || results.every((r) => r.success)) return results;
  tx.rollback();
  return results.map((r) => {
    if (!r.success) return r;
    return keepId(r) && r.id !== undefined ? { id: r.id, success: false, errors: rolledBack() } : { success: false, errors: rolledBack() };
  });
}

function create(ctx: RestContext): Reply {
  const { allOrNone, records } = writeBody(ctx);
  const each = (c: RestContext, record: Json): SaveResult => {
    try {
      const model = recordModel(c, record);
      if (Object.keys(record).some((k) => k.toLowerCase() === 'id')) {
        throw restError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
      }
      const created = c.org.writer.create(model, withoutKeys(record, 'attributes'), writeOptions(c));
      return { id: created.Id, success: true, errors: [] };
    } catch (error) {
      return { success: false, errors: saveErrors(error) };
    }
  };
  return json(200, runAll(ctx, allOrNone, records, each, () => false));
}

function update(ctx: RestContext): Reply {
  const { allOrNone, records } = writeBody(ctx);
  const each = (c: RestContext, record: Json): SaveResult => {
    const given = record.id ?? record.Id;
    const id = typeof given === 'string' && isSalesforceId(given) ? toId18(given) : undefined;
    try {
      const model = recordModel(c, record);
      const target = writable(c, given, model);
      c.org.writer.update(target, withoutKeys(record, 'attributes', 'id'), writeOptions(c));
      return { id: target.Id, success: true, errors: [] };
    } catch (error) {
      return { ...(id === undefined ? {} : { id }), success: false, errors: saveErrors(error) };
    }
  };
  return json(200, runAll(ctx, allOrNone, records, each, () => true));
}

function remove(ctx: RestContext): Reply {
  const param = ctx.query.get('ids');
  if (param === null || param.trim() === '') throw restError(400, 'MISSING_ARGUMENT', 'ids parameter must be specified');
  const ids = param.split(',').map((id) => id.trim());
  if (ids.length > WRITE_LIMIT) throw limitExceeded(WRITE_LIMIT);
  const allOrNone = ctx.query.get('allOrNone')?.toLowerCase() === 'true' || inAllOrNoneScope(ctx);
  const each = (c: RestContext, given: string): SaveResult => {
    const id = isSalesforceId(given) ? toId18(given) : given;
    try {
      if (!isSalesforceId(given)) throw restError(400, 'MALFORMED_ID', `malformed id ${given}`);
      c.org.writer.delete(writable(c, given), writeOptions(c));
      return { id, success: true, errors: [] };
    } catch (error) {
      return { id, success: false, errors: saveErrors(error) };
    }
  };
  return json(200, runAll(ctx, allOrNone, ids, each, () => true));
}

function upsert(ctx: RestContext): Reply {
  const model = objectFromUrl(ctx);
  const name = ctx.params.field ?? '';
  const f = model.field(name);
  if (!f?.externalId) {
    throw restError(400, 'INVALID_FIELD', `Field name provided, ${name} is not an External ID or indexed field for ${model.name}`);
  }
  const { allOrNone, records } = writeBody(ctx);
  const valueOf = (record: Json): unknown => Object.entries(record).find(([key]) => key.toLowerCase() === f.name.toLowerCase())?.[1];
  const seen = new Map<string, number>();
  for (const record of records) {
    const key = String(valueOf(record) ?? '').toLowerCase();
    if (key !== '') seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const each = (c: RestContext, record: Json): SaveResult => {
    try {
      const recordType = recordModel(c, record);
      if (recordType !== model) throw restError(400, 'INVALID_TYPE', `Record type ${recordType.name} does not match ${model.name}`);
      const value = valueOf(record);
      if (value === undefined || value === null || value === '') {
        throw restError(400, 'MISSING_ARGUMENT', `${f.name} not specified`, [f.name]);
      }
      if ((seen.get(String(value).toLowerCase()) ?? 0) > 1) {
        throw restError(400, 'DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${String(value)}`, [f.name]);
      }
      const matches = c.org.store.matching(model, f.name, value);
      if (matches.length > 1) {
        throw restError(400, 'DUPLICATE_EXTERNAL_ID', `More than 1 record found for external id field: ${matches.map((r) => r.Id).join(', ')}`, [f.name]);
      }
      const fields = withoutKeys(record, 'attributes', f.name);
      const existing = matches[0];
      if (existing) {
        c.org.writer.update(existing, fields, writeOptions(c));
        return { id: existing.Id, success: true, errors: [], created: false };
      }
      const created = c.org.writer.create(model, { ...fields, [f.name]: value }, writeOptions(c));
      return { id: created.Id, success: true, errors: [], created: true };
    } catch (error) {
      return { success: false, errors: saveErrors(error) };
    }
  };
  return json(200, runAll(ctx, allOrNone, records, each, (r) => r.created === false));
}

function retrieveReply(ctx: RestContext, ids: unknown, fields: unknown): Reply {
  const model = objectFromUrl(ctx);
  const idList = typeof ids === 'string' ? ids.split(',') : ids;
  const fieldList = typeof fields === 'string' ? fields : Array.isArray(fields) ? fields.join(',') : undefined;
  if (!Array.isArray(idList) || idList.length === 0 || idList.some((id) => typeof id !== 'string')) {
    throw restError(400, 'MISSING_ARGUMENT', 'ids parameter must be specified');
  }
  if (fieldList === undefined || fieldList.trim() === '') throw restError(400, 'MISSING_ARGUMENT', 'fields parameter must be specified');
  if (idList.length > RETRIEVE_LIMIT) throw limitExceeded(RETRIEVE_LIMIT);
  const selected = requestedFields(model, fieldList);
  return json(200, (idList as string[]).map((raw) => {
    const id = raw.trim();
    const record = isSalesforceId(id) && id.startsWith(model.keyPrefix) ? ctx.org.store.byId(toId18(id)) : undefined;
    return record && !record.IsDeleted ? recordView(ctx.version, model, record, selected) : null;
  }));
}

function retrieveByQuery(ctx: RestContext): Reply {
  return retrieveReply(ctx, ctx.query.get('ids') ?? undefined, ctx.query.get('fields') ?? undefined);
}

function retrieveByBody(ctx: RestContext): Reply {
  const body = jsonBody(ctx);
  if (!isObject(body)) throw jsonError(`Cannot deserialize instance of SObjectCollectionRetrieve from ${tokenOf(body)} token`);
  return retrieveReply(ctx, body.ids, body.fields);
}

/** Routes of sObject Collections. */
export const collectionRoutes: Route<RestContext>[] = [
  { method: 'POST', path: '/composite/sobjects', handler: create },
  { method: 'PATCH', path: '/composite/sobjects', handler: update },
  { method: 'DELETE', path: '/composite/sobjects', handler: remove },
  { method: 'GET', path: '/composite/sobjects/:object', handler: retrieveByQuery },
  { method: 'POST', path: '/composite/sobjects/:object', handler: retrieveByBody },
  { method: 'PATCH', path: '/composite/sobjects/:object/:field', handler: upsert },
];
