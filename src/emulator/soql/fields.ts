/**
 * Resolves field paths (`Name`, `Owner.Name`, `Account.Owner.Name`) against the schema: each
 * step follows the reference field whose `relationshipName` matches, and the result can read the
 * value from a stored record.
 *
 * @module
 */
import type { FieldPathNode } from './ast.js';
import type { FieldSchema, ObjectSchema, StoredRecord } from '../schema.js';
import { categoryOf, findField, type Category, type QueryContext } from './context.js';
import { noSuchColumnText, positionedError, unknownRelationshipText } from './errors.js';

/** Salesforce follows at most five parent relationships in one path. */
export const MAX_RELATIONSHIP_DEPTH = 5;

/** One parent-relationship hop, e.g. `Owner` through `OwnerId`. */
export interface RelationshipStep {
  /** The reference field (`OwnerId`). */
  field: FieldSchema;
  /** The relationship name in canonical casing (`Owner`). */
  name: string;
  /** The objects it may point at. */
  targets: ObjectSchema[];
}

/** A field path checked against the schema. */
export interface ResolvedPath {
  steps: RelationshipStep[];
  field: FieldSchema;
  /** Canonical name of the final field. */
  name: string;
  category: Category;
  /** Canonical dotted path, e.g. `Account.Owner.Name`. */
  display: string;
  /** Lower-cased `display`, to compare paths. */
  key: string;
  /** Reads the value from a record of the query's object (`null` when missing or unreachable). */
  get(record: StoredRecord): unknown;
}

function findRelationship(targets: readonly ObjectSchema[], name: string): FieldSchema | undefined {
  const lower = name.toLowerCase();
  for (const schema of targets) {
    const field = schema.fields.find((f) => f.type === 'reference' && f.relationshipName?.toLowerCase() === lower);
    if (field !== undefined) return field;
  }
  return undefined;
}

/**
 * Checks `node` against `schema` and returns how to read it.
 *
 * @throws SoqlError INVALID_FIELD for unknown columns or relationships.
 * @example
 * ```ts
 * const path = resolvePath(ctx, accountSchema, { kind: 'field', path: ['Owner', 'Name'], pos: 7 });
 * path.get(record); // the owner's name
 * ```
 */
export function resolvePath(ctx: QueryContext, schema: ObjectSchema, node: FieldPathNode): ResolvedPath {
  let segments = node.path;
  if (
    segments.length > 1 &&
    segments[0]?.toLowerCase() === schema.name.toLowerCase() &&
    findRelationship([schema], segments[0]) === undefined
  ) {
    segments = segments.slice(1);
  }
  if (segments.length - 1 > MAX_RELATIONSHIP_DEPTH) {
    throw positionedError(
      'MALFORMED_QUERY',
      ctx.query,
      node.pos,
      `SOQL statements cannot query more than ${MAX_RELATIONSHIP_DEPTH} levels of parent relationships`,
    );
  }
  const steps: RelationshipStep[] = [];
  let targets: ObjectSchema[] = [schema];
  for (const segment of segments.slice(0, -1)) {
    const field = findRelationship(targets, segment);
    const next = (field?.referenceTo ?? [])
      .map((name) => ctx.source.schema(name))
      .filter((s): s is ObjectSchema => s !== undefined);
    if (field === undefined || next.length === 0) {
      throw positionedError('INVALID_FIELD', ctx.query, node.pos, unknownRelationshipText(segment));
    }
    steps.push({ field, name: field.relationshipName ?? segment, targets: next });
    targets = next;
  }
  const last = segments[segments.length - 1] as string;
  let field: FieldSchema | undefined;
  for (const target of targets) {
    field = findField(target, last);
    if (field !== undefined) break;
  }
  if (field === undefined) {
    const entity = targets.length > 1 ? 'Name' : (targets[0] as ObjectSchema).name;
    throw positionedError('INVALID_FIELD', ctx.query, node.pos, noSuchColumnText(last, entity));
  }
  const name = field.name;
  const display = [...steps.map((s) => s.name), name].join('.');
  return {
    steps,
    field,
    name,
    category: categoryOf(field.type),
    display,
    key: display.toLowerCase(),
    get: reader(ctx, steps, name),
  };
}

function reader(ctx: QueryContext, steps: readonly RelationshipStep[], name: string): (record: StoredRecord) => unknown {
  if (steps.length === 0) {
    return (record) => record[name] ?? null;
  }
  const refs = steps.map((s) => s.field.name);
  return (record) => {
    let current: StoredRecord = record;
    for (const ref of refs) {
      const id = current[ref];
      if (typeof id !== 'string' || id === '') return null;
      const parent = ctx.source.byId(id);
      if (parent === undefined) return null;
      current = parent;
    }
    return current[name] ?? null;
  };
}
