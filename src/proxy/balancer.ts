/**
 * Chooses the endpoint of each new connection to one Service port: round-robin (the removed userspace proxy's
 * LoadBalancerRR), `sessionAffinity: ClientIP` (a client keeps its endpoint while it connects again within the
 * timeout, as iptables' `recent` match), and a short quarantine for endpoints whose connect just failed, so the
 * next connections try the others first.
 */
import type { Backend } from './service-ports.js';

/** How long an endpoint whose connect failed is passed over while others are available. */
export const defaultQuarantineMs = 1000;

interface Affinity {
  key: string;
  expiresAt: number;
}

export class Balancer {
  private backends: Backend[] = [];
  private byKey = new Map<string, Backend>();
  private next = 0;
  private affinityTimeoutMs: number | undefined;
  private readonly affinity = new Map<string, Affinity>();
  private readonly quarantined = new Map<string, number>();
  private picks = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly quarantineMs = defaultQuarantineMs,
  ) {}

  /** Replaces the endpoint set (in place: connections being set up pick from the new set at once). */
  update(backends: readonly Backend[], affinityTimeoutMs: number | undefined): void {
    this.backends = [...backends];
    this.byKey = new Map(backends.map((b) => [b.key, b]));
    if (this.backends.length > 0) this.next %= this.backends.length;
    else this.next = 0;
    if (affinityTimeoutMs === undefined) this.affinity.clear();
    this.affinityTimeoutMs = affinityTimeoutMs;
    for (const [client, a] of this.affinity) if (!this.byKey.has(a.key)) this.affinity.delete(client);
    for (const key of this.quarantined.keys()) if (!this.byKey.has(key)) this.quarantined.delete(key);
  }

  /** Whether picks depend on the client's address (`sessionAffinity: ClientIP`). */
  get affinityEnabled(): boolean {
    return this.affinityTimeoutMs !== undefined;
  }

  get size(): number {
    return this.backends.length;
  }

  /** The current endpoints, in round-robin order. */
  list(): readonly Backend[] {
    return this.backends;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The endpoint for a new connection from `clientIp`, avoiding `exclude` (endpoints already tried). */
  pick(clientIp: string, exclude?: ReadonlySet<string>): Backend | undefined {
    const now = this.now();
    if (++this.picks % 1024 === 0) this.sweep(now);
    const timeout = this.affinityTimeoutMs;
    if (timeout !== undefined) {
      const a = this.affinity.get(clientIp);
      if (a && a.expiresAt > now && !exclude?.has(a.key)) {
        const b = this.byKey.get(a.key);
        if (b) {
          a.expiresAt = now + timeout;
          return b;
        }
      }
    }
    const chosen = this.roundRobin(now, exclude);
    if (chosen && timeout !== undefined) this.affinity.set(clientIp, { key: chosen.key, expiresAt: now + timeout });
    return chosen;
  }

  /** A connect to `key` failed: pass it over for a while when others are available. */
  reportFailure(key: string): void {
    if (this.byKey.has(key)) this.quarantined.set(key, this.now() + this.quarantineMs);
  }

  private roundRobin(now: number, exclude: ReadonlySet<string> | undefined): Backend | undefined {
    const n = this.backends.length;
    let fallbackIndex = -1;
    for (let i = 0; i < n; i++) {
      const index = (this.next + i) % n;
      const b = this.backends[index] as Backend;
      if (exclude?.has(b.key)) continue;
      const until = this.quarantined.get(b.key);
      if (until !== undefined && until > now) {
        if (fallbackIndex < 0) fallbackIndex = index;
        continue;
      }
      this.next = (index + 1) % n;
      return b;
    }
    if (fallbackIndex < 0) return undefined;
    this.next = (fallbackIndex + 1) % n;
    return this.backends[fallbackIndex];
  }

  private sweep(now: number): void {
    for (const [client, a] of this.affinity) if (a.expiresAt <= now) this.affinity.delete(client);
    for (const [key, until] of this.quarantined) if (until <= now) this.quarantined.delete(key);
  }
}
