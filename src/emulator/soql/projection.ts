/**
 * The SELECT list of a record query, compiled into a tree that turns one stored record into the
 * record Salesforce returns: `attributes`, then fields in SELECT order, parent relationships as
 * nested records (or `null`), child subqueries as `{ totalSize, done, records }` (or `null`).
 * Projection runs per page, so a query over a million records never holds a million copies.
 *
 * @module
 */
import type { SalesforceRecord } from '../../core/types.js';
import type { ObjectSchema, StoredRecord } from '../schema.js';
import { targetOf, type QueryContext } from './context.js';
import type { RelationshipStep, ResolvedPath } from './fields.js';

/** A child-relationship subquery, answered per parent record. */
export interface ChildResolver {
  (parent: StoredRecord): { totalSize: number; done: true; records: SalesforceRecord[] } | null;
}

/** One node of a projection tree. */
export type ProjectionNode =
  | { kind: 'value'; key: string }
  | { kind: 'parent'; key: string; ref: string; targets: ObjectSchema[]; children: ProjectionNode[] }
  | { kind: 'children'; key: string; resolve: ChildResolver };

/**
 * Adds a resolved field path to a projection tree, merging relationship steps already present
 * (`Owner.Name` and `Owner.Email` share one `Owner` object).
 *
 * @example
 * ```ts
 * const nodes: ProjectionNode[] = [];
 * addPath(nodes, resolvePath(ctx, schema, node));
 * ```
 */
export function addPath(nodes: ProjectionNode[], path: ResolvedPath): void {
  addSteps(nodes, path.steps, path.name);
}

function addSteps(nodes: ProjectionNode[], steps: readonly RelationshipStep[], name: string): void {
  const [step, ...rest] = steps;
  if (step === undefined) {
    nodes.push({ kind: 'value', key: name });
    return;
  }
  let parent = nodes.find((n): n is Extract<ProjectionNode, { kind: 'parent' }> => n.kind === 'parent' && n.key === step.name);
  if (parent === undefined) {
    parent = { kind: 'parent', key: step.name, ref: step.field.name, targets: step.targets, children: [] };
    nodes.push(parent);
  }
  addSteps(parent.children, rest, name);
}

/**
 * The record Salesforce returns for `record` of type `schema`.
 *
 * @example
 * ```ts
 * project(ctx, leadSchema, stored, nodes); // { attributes: { type: 'Lead', url }, Name: '…' }
 * ```
 */
export function project(ctx: QueryContext, schema: ObjectSchema, record: StoredRecord, nodes: readonly ProjectionNode[]): SalesforceRecord {
  const out: SalesforceRecord = { attributes: { type: schema.name, url: `${ctx.sobjectsUrl}${schema.name}/${record.Id}` } };
  for (const node of nodes) {
    switch (node.kind) {
      case 'value':
        out[node.key] = record[node.key] ?? null;
        break;
      case 'parent': {
        const id = record[node.ref];
        const parent = typeof id === 'string' && id !== '' ? ctx.source.byId(id) : undefined;
        const type = parent === undefined ? undefined : targetOf(node.targets, parent.Id);
        out[node.key] = parent === undefined || type === undefined ? null : project(ctx, type, parent, node.children);
        break;
      }
      case 'children':
        out[node.key] = node.resolve(record);
        break;
    }
  }
  return out;
}
