/**
 * Describe resources: `GET /sobjects/` (describe global), `GET /sobjects/X/` (basic info with
 * recent items) and `GET /sobjects/X/describe/`. Schemas never change while the org runs, so
 * describes are built once per version and object, carry `Last-Modified`, and answer
 * `If-Modified-Since` with `304`.
 *
 * @module
 */
import { header, type RestContext } from '../http/context.js';
import { empty, json, jsonText, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { globalEntry, describeObject } from './describe-builders.js';
import { objectFromUrl } from './record-lookup.js';
import { recordView } from './record-view.js';

/** A describe answer (built once per org and key), or `304` when the client's copy is current. */
function describeReply(ctx: RestContext, key: string, build: () => unknown): Reply {
  const { org } = ctx;
  const lastModified = { 'last-modified': new Date(org.startedAt).toUTCString() };
  const ims = Date.parse(header(ctx, 'if-modified-since') ?? '');
  if (!Number.isNaN(ims) && ims >= org.startedAt) return empty(304, lastModified);
  let text = org.describeCache.get(key);
  if (text === undefined) org.describeCache.set(key, (text = JSON.stringify(build())));
  return jsonText(200, text, lastModified);
}

function describeGlobal(ctx: RestContext): Reply {
  return describeReply(ctx, `global ${ctx.version}`, () => ({
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: [...ctx.org.catalog.all()].map((model) => globalEntry(ctx.version, model)),
  }));
}

function describe(ctx: RestContext): Reply {
  const model = objectFromUrl(ctx);
  return describeReply(ctx, `${model.name} ${ctx.version}`, () => describeObject(ctx.version, model, ctx.org.catalog));
}

function basicInfo(ctx: RestContext): Reply {
  const model = objectFromUrl(ctx);
  const nameField = model.nameField ? [model.field(model.nameField)!] : [];
  return json(200, {
    objectDescribe: globalEntry(ctx.version, model),
    recentItems: ctx.org.store.recent(model).map((record) => recordView(ctx.version, model, record, nameField)),
  });
}

/** Routes of the describe resources. */
export const describeRoutes: Route<RestContext>[] = [
  { method: 'GET', path: '/sobjects', handler: describeGlobal, resource: 'sobjects' },
  { method: 'GET', path: '/sobjects/:object', handler: basicInfo },
  { method: 'GET', path: '/sobjects/:object/describe', handler: describe },
];
