/**
 * sObject rows: create (`POST /sobjects/X/` → 201 `{id, success, errors}`), retrieve (`GET
 * /sobjects/X/id[?fields=A,B]`), update (`PATCH` → 204) and delete (`DELETE` → 204; the record
 * then answers `404 ENTITY_IS_DELETED`), with conditional requests (see `conditional.ts`).
 *
 * @module
 */
import type { RestContext } from '../http/context.js';
import { restError } from '../http/errors.js';
import { empty, json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import type { ObjectModel } from '../catalog.js';
import type { FieldSchema, StoredRecord } from '../schema.js';
import { checkPreconditions, etagHeaders } from './conditional.js';
import { liveRecord, objectFromUrl, recordBody, writeOptions } from './record-lookup.js';
import { recordView } from './record-view.js';

/** The fields named by a `fields=A,B` parameter (`400 INVALID_FIELD` for unknown ones). */
export function requestedFields(model: ObjectModel, param: string | null): FieldSchema[] | undefined {
  const names = param?.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (!names?.length) return undefined;
  return names.map((name) => {
    const f = model.field(name);
    if (!f) {
      throw restError(400, 'INVALID_FIELD', `No such column '${name}' on entity '${model.name}'. If you are attempting to use a ` +
        "custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe " +
        'call for the appropriate names.');
    }
    return f;
  });
}

function create(ctx: RestContext): Reply {
  const model = objectFromUrl(ctx);
  const record = ctx.org.writer.create(model, recordBody(ctx, model), writeOptions(ctx));
  return json(201, { id: record.Id, success: true, errors: [] });
}

/** A GET of one row: the record, or `304` when the client's copy is current. */
export function readRow(ctx: RestContext, model: ObjectModel, record: StoredRecord): Reply {
  const fields = requestedFields(model, ctx.query.get('fields'));
  return checkPreconditions(ctx, model, record) ?? json(200, recordView(ctx.version, model, record, fields), etagHeaders(model, record));
}

function retrieve(ctx: RestContext): Reply {
  const model = objectFromUrl(ctx);
  return readRow(ctx, model, liveRecord(ctx, model, ctx.params.id ?? ''));
}

function update(ctx: RestContext): Reply {
  const model = objectFromUrl(ctx);
  const record = liveRecord(ctx, model, ctx.params.id ?? '');
  checkPreconditions(ctx, model, record);
  ctx.org.writer.update(record, recordBody(ctx, model), writeOptions(ctx));
  return empty(204);
}

function remove(ctx: RestContext): Reply {
  const model = objectFromUrl(ctx);
  const record = liveRecord(ctx, model, ctx.params.id ?? '');
  checkPreconditions(ctx, model, record);
  ctx.org.writer.delete(record, writeOptions(ctx));
  return empty(204);
}

/** Routes of sObject rows. */
export const sobjectRoutes: Route<RestContext>[] = [
  { method: 'POST', path: '/sobjects/:object', handler: create },
  { method: 'GET', path: '/sobjects/:object/:id', handler: retrieve },
  { method: 'PATCH', path: '/sobjects/:object/:id', handler: update },
  { method: 'DELETE', path: '/sobjects/:object/:id', handler: remove },
];
