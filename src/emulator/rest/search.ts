/**
 * Search: `GET /search?q=FIND {…} …` (SOSL) and `POST /parameterizedSearch` (`{q, in, fields,
 * sobjects: [{name, fields, where, limit}], overallLimit, defaultLimit}`), both answering
 * `{searchRecords: [...]}` with `attributes` on every record. Syntax errors are
 * `400 MALFORMED_SEARCH`; a search with fewer than two letters or digits `400 INVALID_SEARCH`.
 *
 * @module
 */
import { jsonBody, type RestContext } from '../http/context.js';
import { restError } from '../http/errors.js';
import { json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { parseSearchExpression, SearchSyntaxError } from '../sosl/expression.js';
import { runSearch, type SearchSource } from '../sosl/search.js';
import { parseSosl, type ReturningSpec, type SearchScope, type SoslStatement } from '../sosl/statement.js';
import { requireObject } from './subrequests.js';

const SCOPES: readonly SearchScope[] = ['ALL', 'NAME', 'EMAIL', 'PHONE', 'SIDEBAR'];

function source(ctx: RestContext): SearchSource {
  return { catalog: ctx.org.catalog, store: ctx.org.store, now: new Date(ctx.org.now()), apiVersion: ctx.version };
}

function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof SearchSyntaxError) throw restError(400, error.errorCode, error.message);
    throw error;
  }
}

function search(ctx: RestContext): Reply {
  const q = ctx.query.get('q');
  if (q === null || q.trim() === '') throw restError(400, 'MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.');
  const statement = parsed(() => parseSosl(q));
  return json(200, { searchRecords: runSearch(statement, source(ctx)) });
}

function stringList(value: unknown, name: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw restError(400, 'JSON_PARSER_ERROR', `Cannot deserialize ${name}: expected a list of strings`);
  }
  return value as string[];
}

function whole(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw restError(400, 'JSON_PARSER_ERROR', `Cannot deserialize ${name}: expected a whole number`);
  }
  return value;
}

function parameterized(ctx: RestContext): Reply {
  const body = requireObject(jsonBody(ctx), 'ParameterizedSearchRequest');
  if (typeof body.q !== 'string' || body.q.trim() === '') throw restError(400, 'MISSING_ARGUMENT', 'The q parameter is required');
  const q = body.q;
  const scope = (typeof body.in === 'string' ? body.in.toUpperCase() : 'ALL') as SearchScope;
  if (!SCOPES.includes(scope)) throw restError(400, 'INVALID_SEARCH_SCOPE', `Invalid value for in: ${String(body.in)}`);
  const fields = stringList(body.fields, 'fields');
  const defaultLimit = whole(body.defaultLimit, 'defaultLimit');
  let returning: ReturningSpec[] | undefined;
  if (body.sobjects !== undefined) {
    if (!Array.isArray(body.sobjects)) throw restError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize sobjects: expected a list');
    returning = body.sobjects.map((raw) => {
      const entry = requireObject(raw, 'SearchSObjectSpec');
      if (typeof entry.name !== 'string' || entry.name === '') throw restError(400, 'MISSING_ARGUMENT', 'Each sobjects entry needs a name');
      const own = stringList(entry.fields, 'sobjects.fields') ?? fields;
      const limit = whole(entry.limit, 'sobjects.limit') ?? defaultLimit;
      if (entry.where !== undefined && typeof entry.where !== 'string') throw restError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize sobjects.where');
      return {
        object: entry.name,
        ...(own?.length ? { fields: own.join(', ') } : {}),
        ...(typeof entry.where === 'string' && entry.where !== '' ? { where: entry.where } : {}),
        ...(limit === undefined ? {} : { limit }),
      };
    });
  } else if (fields?.length || defaultLimit !== undefined) {
    returning = [...ctx.org.catalog.all()].map((model) => ({
      object: model.name,
      ...(fields?.length ? { fields: fields.join(', ') } : {}),
      ...(defaultLimit === undefined ? {} : { limit: defaultLimit }),
    }));
  }
  const overallLimit = whole(body.overallLimit, 'overallLimit');
  const statement: SoslStatement = {
    search: parsed(() => parseSearchExpression(q)),
    scope,
    ...(returning ? { returning } : {}),
    ...(overallLimit === undefined ? {} : { limit: overallLimit }),
  };
  return json(200, { searchRecords: runSearch(statement, source(ctx)) });
}

/** Routes of SOSL search and parameterized search. */
export const searchRoutes: Route<RestContext>[] = [
  { method: 'GET', path: '/search', handler: search, resource: 'search' },
  { method: 'POST', path: '/parameterizedSearch', handler: parameterized, resource: 'parameterizedSearch' },
];
