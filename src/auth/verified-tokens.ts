/** How many verified access tokens are remembered at most; the oldest is forgotten first. */
const MOST_REMEMBERED = 10_000;

/** What a verified access token says about its caller: the user and the session to look up. */
export interface VerifiedToken {
  sub: string;
  sid: string;
  /** Expiry, in seconds since the epoch (the token's `exp`). */
  exp: number;
}

/**
 * Access tokens whose signature and claims were verified, by their exact text, until they expire. Verifying the
 * same text again can only give the same answer until `exp`, so a client sending its token with every request
 * pays for the signature check once. Only the verification is remembered: the session behind the token is still
 * looked up on every request (Principals), so revocation and deactivation act at once as before.
 */
export class VerifiedTokens {
  private readonly remembered = new Map<string, VerifiedToken>();

  constructor(private readonly most = MOST_REMEMBERED) {}

  /** The token's claims when it was verified before and has not expired since; null otherwise. */
  recall(token: string, nowMs = Date.now()): VerifiedToken | null {
    const known = this.remembered.get(token);
    if (known === undefined) return null;
    // The verifier's own rule: expired once the clock reaches `exp`.
    if (nowMs / 1000 >= known.exp) {
      this.remembered.delete(token);
      return null;
    }
    return known;
  }

  remember(token: string, claims: VerifiedToken): void {
    if (this.remembered.size >= this.most) this.remembered.delete(this.remembered.keys().next().value!);
    this.remembered.set(token, { sub: claims.sub, sid: claims.sid, exp: claims.exp });
  }
}
