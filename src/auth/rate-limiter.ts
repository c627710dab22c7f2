const WINDOW_MS = 60_000;

/** A sliding one-minute window per key, kept in this process's memory. */
export class RateLimiter {
  private readonly calls = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait when over the limit, or 0 when the call may go ahead. A limit of 0 is off. */
  take(key: string): number {
    if (this.perMinute === 0) return 0;
    const now = this.now();
    this.sweep(now);
    const recent = (this.calls.get(key) ?? []).filter((at) => at > now - WINDOW_MS);
    if (recent.length >= this.perMinute) {
      this.calls.set(key, recent);
      return Math.max(1, Math.ceil((recent[0] + WINDOW_MS - now) / 1000));
    }
    recent.push(now);
    this.calls.set(key, recent);
    return 0;
  }

  /** Forgets keys idle for a whole window, so memory follows the active callers only. */
  private sweep(now: number): void {
    if (now - this.lastSweep < WINDOW_MS) return;
    this.lastSweep = now;
    for (const [key, calls] of this.calls) {
      if (calls[calls.length - 1] <= now - WINDOW_MS) this.calls.delete(key);
    }
  }
}
