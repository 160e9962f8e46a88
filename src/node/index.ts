/**
 * `forcelink/node`: the Node-only pieces — a file token store shared by the processes of one host,
 * the OAuth callback handler for web servers, browser login for command-line tools, and an axios
 * adapter on `node:http`.
 *
 * @module
 */
export { FileTokenStore } from './file-store.js';
export type { FileTokenStoreOptions } from './file-store.js';
export { generateEncryptionKey } from './token-cipher.js';
export type { EncryptionKey } from './token-cipher.js';
export { createCallbackHandler } from './callback-handler.js';
export type {
  CallbackHandler,
  CallbackHandlerOptions,
  CallbackRequest,
  CallbackSuccess,
  StartOptions,
} from './callback-handler.js';
export { loginWithBrowser } from './browser-login.js';
export type { LoginWithBrowserOptions } from './browser-login.js';
export { MemoryStateStore } from './state-store.js';
export type { MemoryStateStoreOptions, OAuthStateStore, PendingAuthorization } from './state-store.js';
export type { AuthorizationStart, AuthorizeOptions, AuthorizeUrlResult, OAuth2Like } from './authorization.js';
export { nodeHttpAdapter } from './http-adapter.js';
export type { NodeHttpAdapterOptions } from './http-adapter.js';
