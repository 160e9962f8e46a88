/**
 * Hook types: Cyclr's script events as typed TypeScript functions.
 *
 * @module
 */
import type { HeaderMap, HttpMethod, TokenSet } from '../core/types.js';

/** What `afterError` sees and may change to reclassify an error (Cyclr's `method_error`). */
export interface ActionErrorInfo {
  statusCode: number;
  reasonPhrase: string;
  /** The response body (parsed JSON when it was JSON). Set it with `isSuccess` to answer with it. */
  content: unknown;
  /** Default true. Set false (and `isWarning` or `isSuccess` true) to reclassify. */
  isError: boolean;
  isWarning: boolean;
  isSuccess: boolean;
}

/**
 * One state object per action, handed to every hook (camelCase twins of Cyclr's globals).
 * Hooks may mutate `requestHeaders`, `requestParameters`, `request`, `mergefields`, `actionData`,
 * `response` and `error`; the pipeline sends and returns what they leave.
 */
export interface ActionContext {
  method: HttpMethod;
  /** The URL as it will be sent (path relative to the instance, or absolute). */
  endpoint: string;
  requestHeaders: HeaderMap;
  requestParameters: Record<string, string>;
  /** The request body. */
  request: unknown;
  /** Values for `{{Name}}` placeholders in `endpoint`, kept from `beforeAction` to `afterAction`. */
  mergefields: Record<string, string>;
  /** Free-form data that lives from `beforeAction` to `afterAction(Paging)` of one action. */
  actionData: Record<string, unknown>;
  response?: unknown;
  responseHeaders?: Record<string, string>;
  statusCode?: number;
  reasonPhrase?: string;
  error?: ActionErrorInfo;
  /** The operation's name, e.g. `sobject.create` or `query`. */
  operation: string;
}

/** What the OAuth hooks see: the token request's form parameters and headers, then the answer. */
export interface OAuthContext {
  /** `authorize`, `token` (code exchange and other grants) or `refresh`. */
  kind: 'authorize' | 'token' | 'refresh';
  /** The authorize URL (for `beforeOAuth2Authorise`) or token endpoint URL. */
  endpoint: string;
  /** Form parameters (token) or query parameters (authorize); hooks may add or change them. */
  parameters: Record<string, string>;
  requestHeaders: HeaderMap;
  /** The token endpoint's parsed answer (after-events). */
  response?: TokenSet;
}

/** A request made from inside a hook (Cyclr's `http_request`), with the client's authentication. */
export interface HookHttpRequest {
  method?: string;
  /** Absolute, or relative to the instance URL (e.g. `/services/data/v62.0/limits`). */
  url: string;
  parameters?: Record<string, string>;
  headers?: Record<string, string>;
  /** The body: a string (Cyclr's rule) or a JSON value. */
  data?: unknown;
}

/** The answer to a {@link HookHttpRequest}, shaped like Cyclr's `http_request` result. */
export interface HookHttpResponse {
  status_code: number;
  headers: Record<string, string>;
  content: unknown;
}

/** What the client lends to hooks besides the context. */
export interface HookEnvironment {
  /** Sends a request through the client (authenticated, without running action hooks). */
  httpRequest(request: HookHttpRequest): Promise<HookHttpResponse>;
}

/** A hook may be sync or async. Returning `false` from `beforeAction` cancels the request. */
export type HookFn<C> = (context: C, env: HookEnvironment) => void | boolean | Promise<void | boolean>;

/**
 * Event handlers, all optional. The same object may be attached at client, operation or call
 * level; `before*` events run operation → client → call, the others client → operation → call.
 *
 * @example
 * ```ts
 * const hooks: Hooks = {
 *   beforeAction(ctx) { ctx.requestHeaders['Sforce-Auto-Assign'] = 'FALSE'; },
 * };
 * sf.use(hooks);
 * ```
 */
export interface Hooks {
  beforeAction?: HookFn<ActionContext>;
  afterAction?: HookFn<ActionContext>;
  afterActionPaging?: HookFn<ActionContext>;
  afterError?: HookFn<ActionContext>;
  /** Cyclr's `action_condition`: its boolean is returned by `client.condition(...)`. */
  actionCondition?: (context: ActionContext, env: HookEnvironment) => boolean | Promise<boolean>;
  beforeOAuth2Authorise?: HookFn<OAuthContext>;
  beforeOAuth2Token?: HookFn<OAuthContext>;
  afterOAuth2Token?: HookFn<OAuthContext>;
  beforeOAuth2Refresh?: HookFn<OAuthContext>;
  afterOAuth2Refresh?: HookFn<OAuthContext>;
}

/** Where a set of hooks is attached. */
export type HookLevel = 'client' | 'operation' | 'call';
