import type { Container, Probe } from 'kubernetes-types/core/v1.js';
import type { ProbeOutcome, ProbeRunner, ProbeTarget } from '../node-types.js';
import { ProbeError } from './probe-error.js';
import { createProbeManager } from './probe-manager.js';
import { FakeClock } from './probe-test-helpers.js';
import type { ProbeEvent, ProbeManager, ProbeResultUpdate } from './probe-types.js';

/** How the scripted container answers a probe path: healthy, failing, errored, or a custom outcome after a delay. */
export type Health = boolean | 'error' | { outcome: ProbeOutcome; afterMs?: number };

export interface ProbeHarness {
  clock: FakeClock;
  manager: ProbeManager;
  /** Every runner call: the probe's path and the time relative to the container start. */
  calls: { path: string; at: number }[];
  results: ProbeResultUpdate[];
  events: ProbeEvent[];
  health: Record<string, Health>;
  /** Start of the container (epoch ms of the fake clock). */
  t0: number;
  /** Moves the clock to `ms` after the container start. */
  at(ms: number): Promise<void>;
  callsTo(path: string): number[];
  state(): ReturnType<ProbeManager['containerState']>;
}

export const target: ProbeTarget = {
  podIP: '127.244.0.5',
  namedPorts: new Map(),
  exec: () => Promise.reject(new Error('no exec')),
};

/** An httpGet probe on `path`, with the given settings. */
export function probe(path: string, settings: Omit<Probe, 'httpGet'> = {}): Probe {
  return { httpGet: { path, port: 8080 }, ...settings };
}

/**
 * A probe manager on a fake clock with a scripted runner (answers by probe path from `health`). By default the
 * kubelet has been running for an hour (no first-run jitter) and the container starts at `t0`.
 */
export async function probeHarness(
  container: Omit<Container, 'name'>,
  options: { managerAgeMs?: number; random?: number; statusSyncDelayMs?: number } = {},
): Promise<ProbeHarness> {
  const clock = new FakeClock(1_000_000);
  const calls: ProbeHarness['calls'] = [];
  const results: ProbeResultUpdate[] = [];
  const events: ProbeEvent[] = [];
  const health: Record<string, Health> = {};
  let t0 = 0;
  const runner: ProbeRunner = async (p) => {
    const path = p.httpGet?.path ?? '';
    calls.push({ path, at: clock.now() - t0 });
    const answer = health[path] ?? true;
    if (answer === 'error') throw new ProbeError('port http not found');
    if (typeof answer === 'boolean') {
      return answer
        ? { success: true, message: '' }
        : { success: false, message: 'HTTP probe failed with statuscode: 500' };
    }
    const { outcome, afterMs } = answer;
    if (afterMs !== undefined) await new Promise<void>((resolve) => clock.setTimeout(resolve, afterMs));
    return outcome;
  };
  const manager = createProbeManager({
    runner,
    now: clock.now,
    timers: clock,
    random: () => options.random ?? 0,
    onResult: (update) => results.push(update),
    onEvent: (event) => events.push(event),
    ...(options.statusSyncDelayMs === undefined ? {} : { statusSyncDelayMs: options.statusSyncDelayMs }),
  });
  await clock.advance(options.managerAgeMs ?? 3_600_000);
  t0 = clock.now();
  manager.addContainer('pod-1', 'app', { name: 'app', ...container }, target, new Date(t0));
  return {
    clock,
    manager,
    calls,
    results,
    events,
    health,
    t0,
    at: (ms) => clock.advanceTo(t0 + ms),
    callsTo: (path) => calls.filter((c) => c.path === path).map((c) => c.at),
    state: () => manager.containerState('pod-1', 'app'),
  };
}

/** The results as compact tuples: [kind, result, changed]. */
export function verdicts(h: ProbeHarness): [string, string, boolean][] {
  return h.results.map((r) => [r.kind, r.result, r.changed]);
}
