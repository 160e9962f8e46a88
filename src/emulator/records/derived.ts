/**
 * Fields Salesforce computes from other fields: the full `Name` of people (Contact, Lead, User),
 * `IsClosed`/`ClosedDate` of a Case, `IsClosed`/`IsWon` of an Opportunity.
 *
 * @module
 */
import type { ObjectModel } from '../catalog.js';

const CLOSED_STAGES = new Set(['Closed Won', 'Closed Lost']);

/** The derived fields of `record` (the merged state after a write). `now` is a datetime string. */
export function derivedFields(model: ObjectModel, record: Record<string, unknown>, now: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (model.hasCompoundName) {
    out.Name = [record.FirstName, record.LastName].filter((part) => typeof part === 'string' && part !== '').join(' ') || null;
  }
  if (model.name === 'Case') {
    out.IsClosed = record.Status === 'Closed';
    out.ClosedDate = out.IsClosed ? (record.ClosedDate ?? now) : null;
  }
  if (model.name === 'Opportunity') {
    out.IsClosed = CLOSED_STAGES.has(String(record.StageName));
    out.IsWon = record.StageName === 'Closed Won';
  }
  return out;
}
