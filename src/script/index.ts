/**
 * `forcelink/script`: run real Cyclr connector-script text in a QuickJS (WASM) sandbox and use it
 * as forcelink hooks.
 *
 * @example
 * ```ts
 * import { CyclrScript } from 'forcelink/script';
 *
 * const script = await CyclrScript.compile(`
 *   function before_action() {
 *     // Don't apply Salesforce's assignment rules.
 *     method_request_headers['Sforce-Auto-Assign'] = 'FALSE';
 *     return true;
 *   }`);
 * sf.use(script);
 * ```
 *
 * @module
 */
export {
  CyclrScript,
  type CyclrEvent,
  type CyclrScriptOptions,
  type ScriptExecutionContext,
  type ScriptHook,
} from './cyclr-script.js';
export { MemoryScriptStorage, type MemoryScriptStorageOptions, type ScriptStorage } from './storage.js';
