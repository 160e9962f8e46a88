/**
 * Every route of the emulator. To add a resource, write `rest/<name>.ts` exporting its routes
 * and list them here (REST routes are relative to `/services/data/vXX.X`).
 *
 * @module
 */
import type { RouteTable } from './app.js';
import type { RestContext } from './http/context.js';
import type { Route } from './http/router.js';
import { oauthRoutes } from './oauth/routes.js';
import { apexRoutes } from './rest/apex.js';
import { batchRoutes } from './rest/batch.js';
import { bulk2Routes } from './rest/bulk2.js';
import { collectionRoutes } from './rest/collections.js';
import { compositeRoutes } from './rest/composite.js';
import { describeRoutes } from './rest/describe.js';
import { externalIdRoutes } from './rest/external-id.js';
import { identityRoutes } from './rest/identity.js';
import { limitsRoutes } from './rest/limits.js';
import { queryRoutes } from './rest/query.js';
import { searchRoutes } from './rest/search.js';
import { sobjectRoutes } from './rest/sobjects.js';
import { treeRoutes } from './rest/tree.js';
import { updatedDeletedRoutes } from './rest/updated-deleted.js';
import { resourcesRoute, versionsRoutes } from './rest/versions.js';

const rest: Route<RestContext>[] = [
  ...describeRoutes, ...sobjectRoutes, ...externalIdRoutes, ...updatedDeletedRoutes, ...queryRoutes, ...limitsRoutes,
  ...searchRoutes, ...compositeRoutes, ...batchRoutes, ...treeRoutes, ...collectionRoutes, ...bulk2Routes,
];

/** The emulator's route table. */
export const routes: RouteTable = {
  public: [...oauthRoutes, ...identityRoutes, ...versionsRoutes],
  rest: [...rest, resourcesRoute(rest)],
  apex: apexRoutes,
};
