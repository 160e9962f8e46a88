/**
 * Records as REST answers show them: `attributes {type, url}` first, then the fields in schema
 * order (unset fields as `null`).
 *
 * @module
 */
import type { SalesforceRecord } from '../../core/types.js';
import type { ObjectModel } from '../catalog.js';
import type { FieldSchema, StoredRecord } from '../schema.js';

/** `/services/data/vXX.X/sobjects/<Type>/<id>` */
export function recordUrl(version: string, model: ObjectModel, id: string): string {
  return `/services/data/v${version}/sobjects/${model.name}/${id}`;
}

/** `record` with `attributes` and the given fields (all fields when none are given). */
export function recordView(version: string, model: ObjectModel, record: StoredRecord, fields?: readonly FieldSchema[]): SalesforceRecord {
  const out: SalesforceRecord = { attributes: { type: model.name, url: recordUrl(version, model, record.Id) } };
  for (const f of fields ?? model.schema.fields) out[f.name] = record[f.name] ?? null;
  if (fields && !('Id' in out)) out.Id = record.Id;
  return out;
}
