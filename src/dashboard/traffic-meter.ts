/**
 * Samples traffic counters once a second while someone is watching, and hands each listener the rates: from the
 * injected traffic source when there is one (the cluster's proxy and ingress see all traffic), else from the
 * generator's own counts.
 */

import type { TrafficSnapshot, TrafficSource, TrafficView } from './traffic.js';
import type { TrafficGenerator } from './traffic-generator.js';
import { trafficRates } from './traffic-rates.js';

export class TrafficMeter {
  private readonly listeners = new Set<(view: TrafficView) => void>();
  private timer: NodeJS.Timeout | undefined;
  private previous: { at: number; snapshot: TrafficSnapshot } | undefined;
  private last: TrafficView | undefined;

  constructor(
    private readonly generator: TrafficGenerator,
    private readonly source: TrafficSource | undefined,
    private readonly intervalMs = 1000,
  ) {}

  /** The latest view (sampled now when none is recent). */
  current(): TrafficView {
    return this.last ?? this.sample();
  }

  subscribe(listener: (view: TrafficView) => void): () => void {
    this.listeners.add(listener);
    // Sampling stops with the last listener (and forgets its base), so rates never span an idle gap.
    this.timer ??= setInterval(() => this.publish(), this.intervalMs);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Sends a view now (after a generator start or stop, so the button's state shows at once). */
  publish(): void {
    const view = this.sample();
    for (const l of this.listeners) l(view);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.previous = undefined;
    this.last = undefined;
  }

  private read(): TrafficSnapshot {
    if (!this.source) return this.generator.snapshot();
    try {
      return this.source();
    } catch {
      return { services: [], ingresses: [] };
    }
  }

  private sample(): TrafficView {
    const now = Date.now();
    const snapshot = this.read();
    const prev = this.previous;
    // A publish right after another (a button press) keeps the older base, so rates stay per second.
    const fresh = prev === undefined || now - prev.at >= this.intervalMs / 2;
    const rates = trafficRates(prev?.snapshot, snapshot, prev ? (now - prev.at) / 1000 : 0);
    if (fresh) this.previous = { at: now, snapshot };
    const hasCounts = snapshot.services.length > 0 || snapshot.ingresses.length > 0;
    this.last = {
      source: this.source ? 'cluster' : hasCounts ? 'generator' : 'none',
      ...rates,
      generator: this.generator.status(),
    };
    return this.last;
  }
}
