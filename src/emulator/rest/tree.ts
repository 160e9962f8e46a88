/**
 * sObject Tree, `POST /composite/tree/X`: up to 200 records of type X with nested children
 * (`"Contacts": {"records": [...]}`, five levels at most), each named by
 * `attributes.referenceId`. All or nothing: `201 {hasErrors: false, results: [{referenceId, id}]}`
 * in depth-first order, or `400 {hasErrors: true, results}` listing only the records that failed
 * (each duplicate reference ID once per occurrence), with every insert rolled back.
 *
 * @module
 */
import type { ObjectModel } from '../catalog.js';
import { jsonBody, type RestContext } from '../http/context.js';
import { restError } from '../http/errors.js';
import { json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { objectFromUrl, writeOptions } from './record-lookup.js';
import { saveErrors, type SaveError } from './save-errors.js';
import { requireObject } from './subrequests.js';
import { Transaction } from './transaction.js';

const MAX_RECORDS = 200;
const MAX_DEPTH = 5;

type Json = Record<string, unknown>;

interface TreeFailure {
  referenceId: string;
  errors: SaveError[];
}

function isChildList(value: unknown): value is { records: unknown[] } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as Json).records);
}

/** Counts records and checks depth, throwing the request-level errors. */
function measure(records: unknown[], depth: number): number {
  if (depth > MAX_DEPTH) throw restError(400, 'INVALID_INPUT', `The sObject tree can't have more than ${MAX_DEPTH} levels`);
  let count = 0;
  for (const raw of records) {
    const record = requireObject(raw, 'SObject');
    count++;
    for (const value of Object.values(record)) if (isChildList(value)) count += measure(value.records, depth + 1);
  }
  return count;
}

function referenceIdOf(record: Json): string {
  const attributes = record.attributes;
  const ref = typeof attributes === 'object' && attributes !== null ? (attributes as Json).referenceId : undefined;
  return typeof ref === 'string' ? ref : '';
}

function collectReferenceIds(records: unknown[], counts: Map<string, number>): void {
  for (const raw of records) {
    const record = raw as Json;
    const ref = referenceIdOf(record);
    counts.set(ref, (counts.get(ref) ?? 0) + 1);
    for (const value of Object.values(record)) if (isChildList(value)) collectReferenceIds(value.records, counts);
  }
}

/** Inserts `records` (of `model`, under `parent` when nested), depth first. */
function insertAll(
  ctx: RestContext,
  model: ObjectModel,
  records: unknown[],
  parent: { field: string; id: string } | undefined,
  refCounts: ReadonlyMap<string, number>,
  out: { results: Array<{ referenceId: string; id: string }>; failures: TreeFailure[] },
): void {
  for (const raw of records) {
    const record = raw as Json;
    const referenceId = referenceIdOf(record);
    const children: Array<{ model: ObjectModel; field: string; records: unknown[] }> = [];
    let id: string;
    try {
      if (referenceId === '') throw restError(400, 'INVALID_INPUT', 'Include a reference ID for each record in the request');
      if ((refCounts.get(referenceId) ?? 0) > 1) throw restError(400, 'INVALID_INPUT', `Duplicate ReferenceId provided in the request: ${referenceId}`);
      const type = (record.attributes as Json).type;
      if (typeof type !== 'string' || ctx.org.model(type) !== model) {
        throw restError(400, 'INVALID_TYPE', `The record type ${String(type)} doesn't match ${model.name}`);
      }
      const fields: Json = {};
      for (const [key, value] of Object.entries(record)) {
        if (key === 'attributes') continue;
        if (!isChildList(value)) {
          fields[key] = value;
          continue;
        }
        const relation = model.schema.childRelationships.find((r) => r.relationshipName.toLowerCase() === key.toLowerCase());
        const childModel = relation && ctx.org.model(relation.childSObject);
        if (!relation || !childModel) throw restError(400, 'INVALID_FIELD', `No such column '${key}' on sobject of type ${model.name}`);
        children.push({ model: childModel, field: relation.field, records: value.records });
      }
      if (parent) fields[parent.field] = parent.id;
      id = ctx.org.writer.create(model, fields, writeOptions(ctx)).Id;
    } catch (error) {
      out.failures.push({ referenceId, errors: saveErrors(error) });
      continue;
    }
    out.results.push({ referenceId, id });
    for (const child of children) insertAll(ctx, child.model, child.records, { field: child.field, id }, refCounts, out);
  }
}

function tree(ctx: RestContext): Reply {
  const model = objectFromUrl(ctx);
  const body = requireObject(jsonBody(ctx), 'SObjectTreeRequest');
  if (!Array.isArray(body.records)) throw restError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of List<SObject>: records is required');
  if (measure(body.records, 1) > MAX_RECORDS) {
    throw restError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`);
  }
  const refCounts = new Map<string, number>();
  collectReferenceIds(body.records, refCounts);
  const tx = new Transaction(ctx.org);
  const out = { results: [] as Array<{ referenceId: string; id: string }>, failures: [] as TreeFailure[] };
  insertAll(tx.bind(ctx), model, body.records, undefined, refCounts, out);
  if (out.failures.length === 0) return json(201, { hasErrors: false, results: out.results });
  tx.rollback();
  return json(400, { hasErrors: true, results: out.failures });
}

/** `POST /composite/tree/X`. */
export const treeRoutes: Route<RestContext>[] = [{ method: 'POST', path: '/composite/tree/:object', handler: tree }];
