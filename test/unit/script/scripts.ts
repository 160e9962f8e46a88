import { afterAll } from 'vitest';
import { CyclrScript, type CyclrScriptOptions } from '../../../src/script/index.js';

/** Compiles a script and disposes of it when the test file ends. */
export function useScripts(): (source: string, options?: CyclrScriptOptions) => Promise<CyclrScript> {
  const scripts: CyclrScript[] = [];
  afterAll(async () => {
    await Promise.all(scripts.map((script) => script.dispose()));
  });
  return async (source, options) => {
    const script = await CyclrScript.compile(source, options);
    scripts.push(script);
    return script;
  };
}

/** The Salesforce "disable assignment rules" step script from Cyclr's documentation, verbatim. */
export const SEED_SCRIPT = `function before_action() {
    // Don't apply Salesforce's assignment rules.
    method_request_headers['Sforce-Auto-Assign'] = 'FALSE';

    return true;
}`;
