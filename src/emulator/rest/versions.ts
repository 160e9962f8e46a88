/**
 * `GET /services/data/` — the API versions (no session needed, not counted, no
 * `Sforce-Limit-Info`) — and `GET /services/data/vXX.X/`, the resources of one version.
 *
 * @module
 */
import type { RequestContext, RestContext } from '../http/context.js';
import { json } from '../http/reply.js';
import type { Route } from '../http/router.js';

const SEASONS = ['Spring', 'Summer', 'Winter'];

/** The release name of an API version: `62.0` → `Winter '25`, `21.0` → `Spring '11`. */
export function releaseLabel(version: string): string {
  const index = Number.parseInt(version, 10) - 21;
  const season = SEASONS[((index % 3) + 3) % 3] as string;
  const year = 11 + Math.floor(index / 3) + (season === 'Winter' ? 1 : 0);
  return `${season} '${String(year).padStart(2, '0')}`;
}

/** `GET /services/data`. */
export const versionsRoutes: Route<RequestContext>[] = [{
  method: 'GET',
  path: '/services/data',
  handler: (ctx) => json(200, ctx.org.options.apiVersions.map((version) => ({
    label: releaseLabel(version), url: `/services/data/v${version}`, version,
  }))),
}];

/** `GET /services/data/vXX.X/`: the named resources among `routes`, plus the identity URL. */
export function resourcesRoute(routes: readonly Route<RestContext>[]): Route<RestContext> {
  const names = [...new Set(routes.flatMap((route) => (route.resource ? [route.resource] : [])))];
  return {
    method: 'GET',
    path: '/',
    handler(ctx) {
      const resources: Record<string, string> = {};
      for (const name of names) resources[name] = `/services/data/v${ctx.version}/${name}`;
      resources.identity = ctx.org.identityUrl(ctx.user.id);
      return json(200, resources);
    },
  };
}
