/**
 * A route table: `{method, path, handler}` entries with `:param` and trailing `:rest*` segments.
 * The most specific pattern wins (literal segments beat parameters); a path that exists under
 * another method reports the allowed methods for a 405.
 *
 * @module
 */
import type { Reply } from './reply.js';

/** A route of context type `C`. `resource` names it in the API version's resource list. */
export interface Route<C> {
  method: string;
  /** e.g. `/sobjects/:object/:id`; a last segment `:name*` takes the rest of the path. */
  path: string;
  handler: (ctx: C) => Reply | Promise<Reply>;
  resource?: string;
}

/** The outcome of matching a request. */
export type RouteMatch<C> =
  | { kind: 'found'; route: Route<C>; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'rest'; name: string };

interface Compiled<C> {
  route: Route<C>;
  segments: Segment[];
}

const RANK = { literal: 2, param: 1, rest: 0 } as const;

/** Matches request paths against a fixed set of routes. */
export class Router<C> {
  private readonly compiled: Compiled<C>[];

  constructor(readonly routes: readonly Route<C>[]) {
    this.compiled = routes.map((route) => ({ route, segments: compile(route.path) })).sort(bySpecificity);
  }

  /** The route for `method` and `path` (a trailing slash is ignored). */
  match(method: string, path: string): RouteMatch<C> {
    const parts = split(path);
    const allowed: string[] = [];
    for (const { route, segments } of this.compiled) {
      const params = matchSegments(segments, parts);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      if (!allowed.includes(route.method)) allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

function split(path: string): string[] {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

function compile(path: string): Segment[] {
  return split(path).map((part): Segment => {
    if (part.startsWith(':') && part.endsWith('*')) return { kind: 'rest', name: part.slice(1, -1) };
    if (part.startsWith(':')) return { kind: 'param', name: part.slice(1) };
    return { kind: 'literal', value: part };
  });
}

function bySpecificity<C>(a: Compiled<C>, b: Compiled<C>): number {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const ra = a.segments[i] ? RANK[a.segments[i]!.kind] : -1;
    const rb = b.segments[i] ? RANK[b.segments[i]!.kind] : -1;
    if (ra !== rb) return rb - ra;
  }
  return 0;
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as Segment;
    if (segment.kind === 'rest') {
      if (i >= parts.length) return undefined;
      params[segment.name] = parts.slice(i).map(decode).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (part !== segment.value) return undefined;
    } else {
      params[segment.name] = decode(part);
    }
  }
  return segments.length === parts.length ? params : undefined;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
