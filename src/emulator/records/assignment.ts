/**
 * Assignment rules and the `Sforce-Auto-Assign` header: `FALSE` (any case) keeps the owner, an
 * assignment rule ID (`01Q…`) for the record's object applies that rule, anything else — `TRUE`,
 * no header, an unknown ID — applies the object's active rule. Objects without rules are never
 * reassigned.
 *
 * @module
 */
import { isSalesforceId, toId18 } from '../../soql/ids.js';

/** One assignment rule: every record it applies to goes to `ownerId` (a queue or a user). */
export interface AssignmentRule {
  id: string;
  objectName: string;
  ownerId: string;
  active: boolean;
}

/** The org's assignment rules. */
export class AssignmentRules {
  private readonly rules: AssignmentRule[] = [];
  private readonly byId = new Map<string, AssignmentRule>();

  /** Adds a rule (the org's set-up does this once per rule). */
  add(rule: AssignmentRule): void {
    this.rules.push(rule);
    this.byId.set(rule.id, rule);
  }

  /** The owner a create or update of `objectName` gets under this header value, if any. */
  ownerFor(objectName: string, header: string | undefined): string | undefined {
    const value = header?.trim();
    if (value?.toLowerCase() === 'false') return undefined;
    if (value !== undefined && isSalesforceId(value)) {
      const chosen = this.byId.get(toId18(value));
      if (chosen?.objectName === objectName) return chosen.ownerId;
    }
    return this.rules.find((rule) => rule.active && rule.objectName === objectName)?.ownerId;
  }
}
