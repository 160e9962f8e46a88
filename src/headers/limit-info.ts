/**
 * Calls used against a limit.
 *
 * @example
 * ```ts
 * const { apiUsage }: LimitInfo = parseLimitInfo('api-usage=10018/100000');
 * if (apiUsage && apiUsage.used / apiUsage.max > 0.9) console.warn('API limit 90% used');
 * ```
 */
export interface LimitUsage {
  used: number;
  max: number;
}

/**
 * The per-Connected-App share of the API limit, when the org has one configured.
 *
 * @example
 * ```ts
 * parseLimitInfo('per-app-api-usage=17/250(appName=etl)').perAppApiUsage;
 * // { used: 17, max: 250, appName: 'etl' }
 * ```
 */
export interface PerAppLimitUsage extends LimitUsage {
  /** The Connected App's name, when Salesforce gave it. */
  appName?: string;
}

/**
 * What a `Sforce-Limit-Info` response header says; each part is present only if it was sent.
 *
 * @example
 * ```ts
 * const info: LimitInfo = parseLimitInfo(response.headers['sforce-limit-info']);
 * info.apiUsage?.used;
 * ```
 */
export interface LimitInfo {
  /** `api-usage=<used>/<max>`: the org's rolling 24-hour API request count. */
  apiUsage?: LimitUsage;
  /** `per-app-api-usage=<used>/<max>(appName=<name>)`. */
  perAppApiUsage?: PerAppLimitUsage;
  /** `api-bursts=<used>/<max>`. */
  apiBursts?: LimitUsage;
}

const PART = /^([A-Za-z-]+)\s*=\s*(\d{1,15})\s*\/\s*(\d{1,15})\s*(?:\(\s*appName\s*=\s*([^()]*?)\s*\))?$/;

/** Splits on commas outside parentheses. */
function parts(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out.map((part) => part.trim());
}

/**
 * Parses Salesforce's `Sforce-Limit-Info` response header, e.g.
 * `api-usage=10018/100000, per-app-api-usage=17/250(appName=sample-connected-app)`.
 * Whitespace is tolerated, unknown or malformed parts are skipped, and the first occurrence of a
 * part wins. It parses what a server sent, so it never throws: a missing or unreadable header
 * gives `{}`.
 *
 * @example
 * ```ts
 * parseLimitInfo('api-usage=10018/100000');
 * // { apiUsage: { used: 10018, max: 100000 } }
 * parseLimitInfo('per-app-api-usage=17/250(appName=etl), api-bursts=1/750');
 * // { perAppApiUsage: { used: 17, max: 250, appName: 'etl' }, apiBursts: { used: 1, max: 750 } }
 * parseLimitInfo('garbage'); // {}
 * ```
 */
export function parseLimitInfo(headerValue: string | null | undefined): LimitInfo {
  const info: LimitInfo = {};
  if (typeof headerValue !== 'string') return info;
  for (const part of parts(headerValue)) {
    const match = PART.exec(part);
    if (!match) continue;
    const usage = { used: Number(match[2]), max: Number(match[3]) };
    const appName = match[4];
    switch (match[1]?.toLowerCase()) {
      case 'api-usage':
        info.apiUsage ??= usage;
        break;
      case 'per-app-api-usage':
        info.perAppApiUsage ??= appName ? { ...usage, appName } : usage;
        break;
      case 'api-bursts':
        info.apiBursts ??= usage;
        break;
    }
  }
  return info;
}
