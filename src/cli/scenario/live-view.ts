/**
 * The live terminal view of `kubeling start`: pods (name, IP, ready, age, restarts, requests served), the Service
 * with its ClusterIP and ready endpoints, and the traffic totals. On a TTY it redraws in place; otherwise it prints
 * a line whenever something changes.
 */
import { humanAge } from './age.js';
import type { SeedState } from './seed-state.js';
import type { TrafficCounts } from './traffic.js';

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s.padEnd(n);
}

export function renderView(state: SeedState, traffic: TrafficCounts, now: Date): string {
  const lines: string[] = [];
  const d = state.deployment;
  lines.push(
    d
      ? `Deployment hello: ${d.ready}/${d.desired} ready, ${d.updated} up-to-date, ${d.available} available`
      : 'Deployment hello: not found',
  );
  lines.push(
    `Service hello-service: ClusterIP ${state.clusterIP ?? '<none>'} port ${state.servicePort ?? '?'} (stable)`,
  );
  lines.push(`  ready endpoints: ${state.readyEndpoints.length > 0 ? state.readyEndpoints.join(', ') : '<none>'}`);
  lines.push('');
  lines.push(
    `${pad('POD', 28)}${pad('IP', 16)}${pad('READY', 7)}${pad('STATUS', 13)}${pad('RESTARTS', 10)}${pad('AGE', 6)}REQUESTS`,
  );
  for (const p of state.pods) {
    const status = p.terminating ? 'Terminating' : p.phase;
    lines.push(
      `${pad(p.name, 28)}${pad(p.ip || '<none>', 16)}${pad(p.ready ? '1/1' : '0/1', 7)}${pad(status, 13)}${pad(String(p.restarts), 10)}${pad(humanAge(p.created, now), 6)}${traffic.perPod.get(p.name) ?? 0}`,
    );
  }
  lines.push('');
  const ok = [...traffic.perPod.values()].reduce((a, b) => a + b, 0);
  lines.push(
    `traffic through the ClusterIP: ${ok} answered, ${traffic.failures} failed${traffic.lastError && traffic.failures > 0 ? ` (last: ${traffic.lastError})` : ''}`,
  );
  return lines.join('\n');
}

/** One line per change, for logs and pipes. */
export function describeChange(prev: SeedState | undefined, next: SeedState): string[] {
  const out: string[] = [];
  const before = new Map((prev?.pods ?? []).map((p) => [p.name, p]));
  const after = new Map(next.pods.map((p) => [p.name, p]));
  for (const [name, p] of after) {
    const old = before.get(name);
    if (!old) out.push(`pod ${name} created`);
    else if (!old.ip && p.ip) out.push(`pod ${name} got IP ${p.ip}`);
    if (old && old.ready !== p.ready) out.push(`pod ${name} ${p.ready ? 'is ready' : 'is not ready'}`);
    if (old && !old.terminating && p.terminating) out.push(`pod ${name} is terminating`);
  }
  for (const name of before.keys()) if (!after.has(name)) out.push(`pod ${name} is gone`);
  if ((prev?.readyEndpoints ?? []).join() !== next.readyEndpoints.join()) {
    out.push(`service hello-service endpoints: ${next.readyEndpoints.join(', ') || '<none>'}`);
  }
  return out;
}
