/**
 * Finding what a REST URL names: the object type (`404 NOT_FOUND` if unknown) and a live record by
 * ID (not an ID: `404` "Provided external ID field does not exist…"; another type or no such
 * record: `404 NOT_FOUND`; deleted: `404 ENTITY_IS_DELETED`).
 *
 * @module
 */
import { isSalesforceId, toId18 } from '../../soql/ids.js';
import type { ObjectModel } from '../catalog.js';
import { header, jsonBody, type RestContext } from '../http/context.js';
import { jsonError } from '../http/body.js';
import { notFound, restError } from '../http/errors.js';
import type { WriteOptions } from '../records/writer.js';
import type { StoredRecord } from '../schema.js';

/** The object named in the URL. */
export function objectFromUrl(ctx: RestContext): ObjectModel {
  const model = ctx.org.model(ctx.params.object ?? '');
  if (!model) throw notFound();
  return model;
}

/** The live record `idSegment` of `model`. */
export function liveRecord(ctx: RestContext, model: ObjectModel, idSegment: string): StoredRecord {
  if (!isSalesforceId(idSegment)) {
    throw restError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${idSegment}`);
  }
  const id = toId18(idSegment);
  const record = id.startsWith(model.keyPrefix) ? ctx.org.store.byId(id) : undefined;
  if (!record) throw notFound();
  if (record.IsDeleted) throw deleted();
  return record;
}

/** `404 ENTITY_IS_DELETED` "entity is deleted". */
export function deleted() {
  return restError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
}

/** The JSON object body of a create, update or upsert. */
export function recordBody(ctx: RestContext, model: ObjectModel): Record<string, unknown> {
  const body = jsonBody(ctx);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    const token = Array.isArray(body) ? 'START_ARRAY' : 'VALUE_' + (body === null ? 'NULL' : typeof body === 'string' ? 'STRING' : 'NUMBER');
    throw jsonError(`Cannot deserialize instance of ${model.name} from ${token} token`);
  }
  return body as Record<string, unknown>;
}

/** Write options from the request: the running user and `Sforce-Auto-Assign`. */
export function writeOptions(ctx: RestContext): WriteOptions {
  return { userId: ctx.user.id, autoAssign: header(ctx, 'sforce-auto-assign') };
}
