/**
 * The org's login accounts: username, password and security token beside the `User` record
 * (which carries the profile fields and `IsActive`).
 *
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { StoredRecord } from './schema.js';

/** A user's credentials and record. */
export interface UserAccount {
  id: string;
  username: string;
  record: StoredRecord;
  password: string;
  securityToken?: string;
}

/** Users by username (any case) and by ID; the first one added is the default user. */
export class UserDirectory {
  private readonly byName = new Map<string, UserAccount>();
  private readonly byIdMap = new Map<string, UserAccount>();
  private first: UserAccount | undefined;

  add(account: UserAccount): void {
    this.byName.set(account.username.toLowerCase(), account);
    this.byIdMap.set(account.id, account);
    this.first ??= account;
  }

  /** The user who logs in as `username`. */
  find(username: string): UserAccount | undefined {
    return this.byName.get(username.toLowerCase());
  }

  /** The user with this 18-character ID. */
  get(id: string): UserAccount | undefined {
    return this.byIdMap.get(id);
  }

  /** The default user (the first configured). */
  get defaultUser(): UserAccount {
    if (!this.first) throw new Error('the org has no users');
    return this.first;
  }

  /** False when the user record says `IsActive: false`. */
  isActive(account: UserAccount): boolean {
    return account.record.IsActive !== false;
  }

  /** Whether `given` is the password, or the password followed by the security token. */
  checkPassword(account: UserAccount, given: string): boolean {
    return same(given, account.password) || (account.securityToken !== undefined && same(given, account.password + account.securityToken));
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
