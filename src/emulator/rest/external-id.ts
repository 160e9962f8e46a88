/**
 * Rows by external ID, `/sobjects/X/<Field>/<value>`: upsert (`PATCH`: 201 `created: true`, 200
 * `created: false`, 204 before v46, 300 with the matching URLs when several match,
 * `?updateOnly=true` refuses inserts), retrieve (`GET`) and delete (`DELETE`). The field must be
 * an external ID field or `Id`, else `404 NOT_FOUND`.
 *
 * @module
 */
import { isSalesforceId, toId18 } from '../../soql/ids.js';
import type { ObjectModel } from '../catalog.js';
import type { RestContext } from '../http/context.js';
import { notFound, restError } from '../http/errors.js';
import { empty, json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import type { StoredRecord } from '../schema.js';
import { objectFromUrl, recordBody, writeOptions } from './record-lookup.js';
import { checkPreconditions } from './conditional.js';
import { recordUrl } from './record-view.js';
import { readRow } from './sobjects.js';

interface Target {
  model: ObjectModel;
  field: string;
  value: string;
  matches: StoredRecord[];
}

function target(ctx: RestContext): Target {
  const model = objectFromUrl(ctx);
  const name = ctx.params.field ?? '';
  const value = ctx.params.value ?? '';
  const f = model.field(name);
  if (!f || !(f.externalId || f.name === 'Id')) {
    throw restError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${name}`);
  }
  if (f.name === 'Id') {
    const record = isSalesforceId(value) ? ctx.org.store.byId(toId18(value)) : undefined;
    const live = record && !record.IsDeleted && record.Id.startsWith(model.keyPrefix) ? [record] : [];
    return { model, field: f.name, value, matches: live };
  }
  return { model, field: f.name, value, matches: ctx.org.store.matching(model, f.name, value) };
}

function multipleChoices(ctx: RestContext, t: Target): Reply {
  return json(300, t.matches.map((r) => recordUrl(ctx.version, t.model, r.Id)));
}

function upsert(ctx: RestContext): Reply {
  const t = target(ctx);
  if (t.matches.length > 1) return multipleChoices(ctx, t);
  const body = recordBody(ctx, t.model);
  const fields = Object.fromEntries(Object.entries(body).filter(([key]) => key.toLowerCase() !== t.field.toLowerCase()));
  const existing = t.matches[0];
  if (existing) {
    checkPreconditions(ctx, t.model, existing);
    ctx.org.writer.update(existing, fields, writeOptions(ctx));
    if (Number.parseFloat(ctx.version) < 46) return empty(204);
    return json(200, { id: existing.Id, success: true, errors: [], created: false });
  }
  if (ctx.query.get('updateOnly') === 'true' || t.field === 'Id') throw notFound();
  const record = ctx.org.writer.create(t.model, { ...fields, [t.field]: t.value }, writeOptions(ctx));
  return json(201, { id: record.Id, success: true, errors: [], created: true });
}

function retrieve(ctx: RestContext): Reply {
  const t = target(ctx);
  if (t.matches.length > 1) return multipleChoices(ctx, t);
  const record = t.matches[0];
  if (!record) throw notFound();
  return readRow(ctx, t.model, record);
}

function remove(ctx: RestContext): Reply {
  const t = target(ctx);
  if (t.matches.length > 1) return multipleChoices(ctx, t);
  const record = t.matches[0];
  if (!record) throw notFound();
  checkPreconditions(ctx, t.model, record);
  ctx.org.writer.delete(record, writeOptions(ctx));
  return empty(204);
}

/** Routes of rows by external ID. */
export const externalIdRoutes: Route<RestContext>[] = [
  { method: 'PATCH', path: '/sobjects/:object/:field/:value', handler: upsert },
  { method: 'GET', path: '/sobjects/:object/:field/:value', handler: retrieve },
  { method: 'DELETE', path: '/sobjects/:object/:field/:value', handler: remove },
];
