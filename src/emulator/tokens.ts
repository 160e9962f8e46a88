/**
 * Sessions (access tokens) and approvals (refresh tokens) of the emulated org, with Salesforce's
 * rules: sessions time out after inactivity, revoking a refresh token ends its sessions, and each
 * (user, connected app) keeps at most `tokenPairLimit` refresh tokens — issuing one more revokes
 * the oldest with its sessions.
 *
 * @module
 */
import { BASE62, type Prng } from './prng.js';

const TOKEN_ALPHABET = `${BASE62}._`;
const MIN_SWEEP = 1024;

/** A refresh token and what it grants. */
export interface Approval {
  token: string;
  userId: string;
  clientId: string;
  scope: string;
  issuedAt: number;
  sessions: Set<Session>;
}

/** An access token. */
export interface Session {
  token: string;
  userId: string;
  clientId: string;
  scope: string;
  issuedAt: number;
  lastUsedAt: number;
  /** The refresh token this session came from, if any. */
  approval?: Approval;
}

/** Settings of the token registry. */
export interface TokenPolicy {
  orgId: string;
  sessionTimeoutMs: number;
  tokenPairLimit: number;
  now: () => number;
}

/** Every live token of the org. */
export class TokenRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly approvals = new Map<string, Approval>();
  private readonly approvalsByGrant = new Map<string, Approval[]>();
  private sweepAt = MIN_SWEEP;

  constructor(
    private readonly prng: Prng,
    private readonly policy: TokenPolicy,
  ) {}

  /** A new access token for `userId`, tied to `approval` when it came from a refresh token. */
  createSession(userId: string, clientId: string, scope: string, approval?: Approval): Session {
    if (this.sessions.size >= this.sweepAt) this.sweep();
    const now = this.policy.now();
    const token = `${this.policy.orgId.slice(0, 15)}!AQ${this.prng.string(94, TOKEN_ALPHABET)}`;
    const session: Session = { token, userId, clientId, scope, issuedAt: now, lastUsedAt: now };
    if (approval) {
      session.approval = approval;
      approval.sessions.add(session);
    }
    this.sessions.set(token, session);
    return session;
  }

  /** A new refresh token; past the pair limit, the oldest one of this user and app is revoked. */
  createApproval(userId: string, clientId: string, scope: string): Approval {
    const approval: Approval = { token: this.newRefreshToken(), userId, clientId, scope, issuedAt: this.policy.now(), sessions: new Set() };
    this.approvals.set(approval.token, approval);
    const key = `${userId} ${clientId}`;
    const list = this.approvalsByGrant.get(key) ?? [];
    list.push(approval);
    this.approvalsByGrant.set(key, list);
    while (list.length > this.policy.tokenPairLimit) this.revokeApproval(list[0] as Approval);
    return approval;
  }

  /** Replaces the refresh token of `approval` (rotation): the old value stops working. */
  rotate(approval: Approval): void {
    this.approvals.delete(approval.token);
    approval.token = this.newRefreshToken();
    this.approvals.set(approval.token, approval);
  }

  /** The live session of `token`, extended by this use (inactivity timeout). */
  useSession(token: string): Session | undefined {
    const session = this.findSession(token);
    if (session) session.lastUsedAt = this.policy.now();
    return session;
  }

  /** The live session of `token`, without extending it. */
  findSession(token: string): Session | undefined {
    const session = this.sessions.get(token);
    if (session && this.expiresAt(session) <= this.policy.now()) {
      this.endSession(session);
      return undefined;
    }
    return session;
  }

  /** The live approval of a refresh token. */
  findApproval(token: string): Approval | undefined {
    return this.approvals.get(token);
  }

  /** When `session` times out unless used again. */
  expiresAt(session: Session): number {
    return session.lastUsedAt + this.policy.sessionTimeoutMs;
  }

  /** Revokes an access or refresh token; false if it is not live. */
  revoke(token: string): boolean {
    const approval = this.approvals.get(token);
    if (approval) {
      this.revokeApproval(approval);
      return true;
    }
    const session = this.findSession(token);
    if (session) this.endSession(session);
    return session !== undefined;
  }

  /** Every access token stops working now; refresh tokens stay valid. */
  expireSessions(): void {
    this.sessions.clear();
    for (const approval of this.approvals.values()) approval.sessions.clear();
  }

  /** Every access and refresh token stops working. */
  revokeAll(): void {
    this.expireSessions();
    this.approvals.clear();
    this.approvalsByGrant.clear();
  }

  private revokeApproval(approval: Approval): void {
    this.approvals.delete(approval.token);
    for (const session of approval.sessions) this.sessions.delete(session.token);
    approval.sessions.clear();
    const key = `${approval.userId} ${approval.clientId}`;
    const list = this.approvalsByGrant.get(key);
    const at = list?.indexOf(approval) ?? -1;
    if (list && at >= 0) list.splice(at, 1);
    if (list?.length === 0) this.approvalsByGrant.delete(key);
  }

  private endSession(session: Session): void {
    this.sessions.delete(session.token);
    session.approval?.sessions.delete(session);
  }

  private newRefreshToken(): string {
    return `5Aep861${this.prng.string(80, TOKEN_ALPHABET)}`;
  }

  /** Drops timed-out sessions; amortised so that issuing stays O(1). */
  private sweep(): void {
    const now = this.policy.now();
    for (const session of this.sessions.values()) if (this.expiresAt(session) <= now) this.endSession(session);
    this.sweepAt = Math.max(MIN_SWEEP, this.sessions.size * 2);
  }
}
