/**
 * Record queries (no GROUP BY, no aggregates other than `COUNT()`): match, sort, slice, and
 * project lazily per page. Also child-relationship subqueries and semi-join subqueries.
 *
 * @module
 */
import type { SalesforceRecord } from '../../core/types.js';
import type { ConditionNode, OrderItemNode, QueryNode, SelectItem, SubqueryNode } from './ast.js';
import type { ChildRelationship, ObjectSchema, StoredRecord } from '../schema.js';
import { normalizeId, objectSchema, visible, type QueryContext } from './context.js';
import { positionedError, SoqlError, unknownChildRelationshipText } from './errors.js';
import { resolvePath, type ResolvedPath } from './fields.js';
import { compileCondition, type ConditionEnv, type Operand, type Predicate } from './filter.js';
import { addPath, project, type ChildResolver, type ProjectionNode } from './projection.js';
import { sortRows, type SortSpec } from './sort.js';
import { normalizer, type Key } from './values.js';

/** The most rows OFFSET may skip, as in Salesforce. */
export const MAX_OFFSET = 2000;
/** FIELDS(ALL) and FIELDS(CUSTOM) need a LIMIT of at most this. */
export const FIELDS_LIMIT = 200;

/** A prepared query: its size and a way to project any page of it. */
export interface CompiledQuery {
  objectName: string;
  totalSize: number;
  /** Rows `page` can return: `totalSize`, except for `COUNT()` queries, which return none. */
  rowCount: number;
  page(offset: number, limit: number): SalesforceRecord[];
}

/**
 * The readable type name of a field for messages (`double`, `dateTime`, …).
 *
 * @example
 * ```ts
 * typeName(resolvePath(ctx, schema, node)); // 'double' for a currency field
 * ```
 */
export function typeName(path: ResolvedPath): string {
  switch (path.field.type) {
    case 'int': return 'integer';
    case 'double': case 'currency': case 'percent': return 'double';
    case 'datetime': return 'dateTime';
    case 'date': return 'date';
    case 'boolean': return 'boolean';
    case 'id': case 'reference': return 'id';
    default: return 'string';
  }
}

/** A record field as a condition operand. */
function fieldOperand(path: ResolvedPath): Operand<StoredRecord> {
  return { category: path.category, label: path.name, typeName: typeName(path), get: path.get };
}

/**
 * Checks OFFSET against Salesforce's maximum.
 *
 * @example
 * ```ts
 * checkOffset(parseSoql('SELECT Id FROM Lead OFFSET 2001')); // throws NUMBER_OUTSIDE_VALID_RANGE
 * ```
 */
export function checkOffset(ast: QueryNode): void {
  if (ast.offset !== undefined && ast.offset.value > MAX_OFFSET) {
    throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
  }
}

/**
 * The WHERE predicate over records of `schema` (always true without WHERE).
 *
 * @example
 * ```ts
 * const matches = wherePredicate(ctx, schema, ast.where, true);
 * ```
 */
export function wherePredicate(ctx: QueryContext, schema: ObjectSchema, where: ConditionNode | undefined, allowSemiJoin: boolean): Predicate<StoredRecord> {
  if (where === undefined) return () => true;
  const env: ConditionEnv<StoredRecord> = {
    ctx,
    operand: (node) => {
      if (node.kind === 'aggregate') {
        throw positionedError('MALFORMED_QUERY', ctx.query, node.pos, 'Aggregate functions are not allowed in a WHERE clause');
      }
      return fieldOperand(resolvePath(ctx, schema, node));
    },
    semiJoin: (node) => {
      if (!allowSemiJoin) {
        throw positionedError('MALFORMED_QUERY', ctx.query, node.pos, 'Nesting of semi join sub-selects is not supported');
      }
      return semiJoinIds(ctx, node);
    },
  };
  return compileCondition(env, where);
}

/**
 * The visible records of `schema` that pass `matches`, stopping once `enough` are found.
 *
 * @example
 * ```ts
 * matchRecords(ctx, schema, () => true, 10); // the first ten visible records
 * ```
 */
export function matchRecords(ctx: QueryContext, schema: ObjectSchema, matches: Predicate<StoredRecord>, enough = Infinity): StoredRecord[] {
  const rows: StoredRecord[] = [];
  if (enough <= 0) return rows;
  for (const record of ctx.source.records(schema.name)) {
    if (visible(ctx, record) && matches(record)) {
      rows.push(record);
      if (rows.length >= enough) break;
    }
  }
  return rows;
}

function semiJoinIds(ctx: QueryContext, node: SubqueryNode): Set<Key> {
  const sub = node.query;
  const schema = objectSchema(ctx, sub.from.name, sub.from.pos);
  const [item, extra] = sub.select;
  if (item === undefined || extra !== undefined || item.kind !== 'field' || item.alias !== undefined) {
    throw positionedError('MALFORMED_QUERY', ctx.query, node.pos, 'A semi join or anti join subquery must select exactly one ID or reference field');
  }
  const path = resolvePath(ctx, schema, item);
  if (path.category !== 'id') {
    throw positionedError('INVALID_FIELD', ctx.query, item.pos, `The selected field '${path.name}' in a semi join or anti join subquery must be an ID or reference field`);
  }
  if (sub.groupBy !== undefined || sub.having !== undefined) {
    throw positionedError('MALFORMED_QUERY', ctx.query, node.pos, 'A semi join or anti join subquery cannot use GROUP BY or HAVING');
  }
  const ids = new Set<Key>();
  for (const record of matchRecords(ctx, schema, wherePredicate(ctx, schema, sub.where, false))) {
    const id = normalizeId(path.get(record));
    if (id !== null) ids.add(id);
  }
  return ids;
}

/**
 * ORDER BY items of a record query as sort specs.
 *
 * @example
 * ```ts
 * sortRows(rows, recordSortSpecs(ctx, schema, ast.orderBy));
 * ```
 */
export function recordSortSpecs(ctx: QueryContext, schema: ObjectSchema, orderBy: readonly OrderItemNode[] | undefined): SortSpec<StoredRecord>[] {
  return (orderBy ?? []).map((item) => {
    if (item.expr.kind === 'aggregate') {
      throw positionedError('MALFORMED_QUERY', ctx.query, item.expr.pos, 'Aggregate functions are only allowed in ORDER BY of aggregate queries');
    }
    const path = resolvePath(ctx, schema, item.expr);
    const normalize = normalizer(path.category);
    return { key: (r) => normalize(path.get(r)), descending: item.descending, nullsFirst: item.nullsFirst ?? !item.descending };
  });
}

/** Builds the projection tree of a SELECT list; child subqueries only when `allowChildren`. */
function projection(ctx: QueryContext, schema: ObjectSchema, ast: QueryNode, allowChildren: boolean): ProjectionNode[] {
  const nodes: ProjectionNode[] = [];
  const seen = new Set<string>();
  const add = (path: ResolvedPath): void => {
    if (seen.has(path.key)) throw new SoqlError('INVALID_FIELD', `duplicate field selected: ${path.display}`);
    seen.add(path.key);
    addPath(nodes, path);
  };
  for (const item of ast.select) {
    switch (item.kind) {
      case 'field':
        if (item.alias !== undefined) {
          throw positionedError('MALFORMED_QUERY', ctx.query, item.aliasPos ?? item.pos, `unexpected token: '${item.alias}'`);
        }
        add(resolvePath(ctx, schema, item));
        break;
      case 'fields':
        for (const field of fieldsOf(ctx, schema, ast, item)) add(resolvePath(ctx, schema, { kind: 'field', path: [field], pos: item.pos }));
        break;
      case 'subquery': {
        if (!allowChildren) {
          throw positionedError('MALFORMED_QUERY', ctx.query, item.pos, 'Nesting of subqueries is not supported');
        }
        const rel = childRelationship(ctx, schema, item);
        const key = rel.relationshipName;
        if (seen.has(key.toLowerCase())) throw new SoqlError('INVALID_FIELD', `duplicate field selected: ${key}`);
        seen.add(key.toLowerCase());
        nodes.push({ kind: 'children', key, resolve: childResolver(ctx, rel, item) });
        break;
      }
      case 'countAll':
        throw positionedError('MALFORMED_QUERY', ctx.query, item.pos, 'COUNT() must be the only element in the SELECT list');
      case 'aggregate':
        throw positionedError('MALFORMED_QUERY', ctx.query, item.pos, 'Aggregate functions are not supported in subqueries');
    }
  }
  return nodes;
}

function fieldsOf(ctx: QueryContext, schema: ObjectSchema, ast: QueryNode, item: Extract<SelectItem, { kind: 'fields' }>): string[] {
  if (item.which !== 'STANDARD' && (ast.limit === undefined || ast.limit.value > FIELDS_LIMIT)) {
    throw positionedError('MALFORMED_QUERY', ctx.query, item.pos, `The SOQL FIELDS function must have a LIMIT of at most ${FIELDS_LIMIT}`);
  }
  return schema.fields
    .filter((f) => (item.which === 'ALL' ? true : item.which === 'CUSTOM' ? f.name.endsWith('__c') : !f.name.endsWith('__c')))
    .map((f) => f.name);
}

function childRelationship(ctx: QueryContext, schema: ObjectSchema, node: SubqueryNode): ChildRelationship {
  const name = node.query.from.name.toLowerCase();
  const rel = schema.childRelationships.find((r) => r.relationshipName.toLowerCase() === name);
  if (rel === undefined) {
    throw positionedError('INVALID_TYPE', ctx.query, node.query.from.pos, unknownChildRelationshipText(node.query.from.name));
  }
  return rel;
}

/** A child subquery: children are indexed by parent ID on first use, then sorted and sliced per parent. */
function childResolver(ctx: QueryContext, rel: ChildRelationship, node: SubqueryNode): ChildResolver {
  const sub = node.query;
  const schema = objectSchema(ctx, rel.childSObject, sub.from.pos);
  if (sub.groupBy !== undefined || sub.having !== undefined) {
    throw positionedError('MALFORMED_QUERY', ctx.query, node.pos, 'Aggregate queries are not supported in subqueries');
  }
  checkOffset(sub);
  const nodes = projection(ctx, schema, sub, false);
  const matches = wherePredicate(ctx, schema, sub.where, true);
  const specs = recordSortSpecs(ctx, schema, sub.orderBy);
  const offset = sub.offset?.value ?? 0;
  const limit = sub.limit?.value ?? Infinity;
  let index: Map<string, StoredRecord[]> | undefined;
  return (parent) => {
    if (index === undefined) {
      index = new Map();
      for (const record of matchRecords(ctx, schema, matches)) {
        const parentId = normalizeId(record[rel.field]);
        if (parentId === null) continue;
        const list = index.get(parentId);
        if (list === undefined) index.set(parentId, [record]);
        else list.push(record);
      }
    }
    const children = index.get(normalizeId(parent.Id) ?? '');
    if (children === undefined) return null;
    const rows = sortRows(children, specs).slice(offset, offset + limit);
    if (rows.length === 0) return null;
    return { totalSize: rows.length, done: true, records: rows.map((r) => project(ctx, schema, r, nodes)) };
  };
}

/**
 * Compiles a record query (or a `COUNT()` query).
 *
 * @throws SoqlError for anything Salesforce would refuse.
 * @example
 * ```ts
 * const q = compileRecordQuery(ctx, schema, parseSoql('SELECT Id FROM Lead'));
 * q.page(0, 2000);
 * ```
 */
export function compileRecordQuery(ctx: QueryContext, schema: ObjectSchema, ast: QueryNode): CompiledQuery {
  const countOnly = ast.select.some((item) => item.kind === 'countAll');
  if (countOnly && ast.select.length > 1) {
    const other = ast.select.find((item) => item.kind !== 'countAll') as SelectItem;
    throw positionedError('MALFORMED_QUERY', ctx.query, other.pos, 'COUNT() must be the only element in the SELECT list');
  }
  const nodes = countOnly ? [] : projection(ctx, schema, ast, true);
  const matches = wherePredicate(ctx, schema, ast.where, true);
  const specs = recordSortSpecs(ctx, schema, ast.orderBy);
  const offset = ast.offset?.value ?? 0;
  const limit = ast.limit?.value ?? Infinity;
  const matched = matchRecords(ctx, schema, matches, specs.length === 0 ? offset + limit : Infinity);
  const sorted = specs.length === 0 ? matched : sortRows(matched, specs);
  const start = Math.min(offset, sorted.length);
  const end = Math.min(sorted.length, start + limit);
  const totalSize = end - start;
  return {
    objectName: schema.name,
    totalSize,
    rowCount: countOnly ? 0 : totalSize,
    page(pageOffset, pageLimit) {
      if (countOnly) return [];
      const from = start + Math.max(0, pageOffset);
      const to = Math.min(end, from + Math.max(0, pageLimit));
      const out: SalesforceRecord[] = [];
      for (let i = from; i < to; i++) out.push(project(ctx, schema, sorted[i] as StoredRecord, nodes));
      return out;
    },
  };
}
