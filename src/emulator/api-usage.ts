/**
 * The org's daily API request counter, reported in `Sforce-Limit-Info` and `/limits/`.
 *
 * @module
 */

/** Counts REST calls against the daily limit. */
export class ApiUsage {
  private count = 0;

  constructor(readonly max: number) {}

  /** Calls made so far. */
  get used(): number {
    return this.count;
  }

  /** Counts one call; false (and nothing counted) when the limit is already reached. */
  consume(): boolean {
    if (this.count >= this.max) return false;
    this.count++;
    return true;
  }

  /** The `Sforce-Limit-Info` header value, e.g. `api-usage=12/15000`. */
  header(): string {
    return `api-usage=${this.count}/${this.max}`;
  }
}
