/**
 * The difference appended to "pod updates may not change fields other than ...". Kubernetes prints a
 * `cmp.Diff` of its internal PodSpec; this is a compact rendering in the same shape (one `-`/`+` pair per
 * changed top-level field, JSON values), not a byte-for-byte copy.
 */
import type { PodSpec } from 'kubernetes-types/core/v1.js';

const goNames: Record<string, string> = {
  dnsPolicy: 'DNSPolicy',
  dnsConfig: 'DNSConfig',
  hostIPC: 'HostIPC',
  hostPID: 'HostPID',
  os: 'OS',
};

function goFieldName(jsonName: string): string {
  return goNames[jsonName] ?? `${jsonName.charAt(0).toUpperCase()}${jsonName.slice(1)}`;
}

export function podSpecDiff(before: PodSpec, after: PodSpec): string {
  const a = before as unknown as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const lines = ['  core.PodSpec{'];
  let identical = 0;
  for (const name of names) {
    const x = JSON.stringify(a[name] ?? null);
    const y = JSON.stringify(b[name] ?? null);
    if (x === y) {
      identical++;
      continue;
    }
    if (identical > 0) lines.push(`  \t... // ${identical} identical fields`);
    identical = 0;
    lines.push(`- \t${goFieldName(name)}: ${x},`, `+ \t${goFieldName(name)}: ${y},`);
  }
  if (identical > 0) lines.push(`  \t... // ${identical} identical fields`);
  lines.push('  }');
  return `${lines.join('\n')}\n`;
}
