/** `/etc/os-release` (freedesktop os-release(5)): `KEY=value` lines, values optionally quoted. */

/** The variables of an os-release file; comments, blank and malformed lines are skipped. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    const [, key = '', value = ''] = m;
    out[key] = unquote(value);
  }
  return out;
}

function unquote(value: string): string {
  const q = value[0];
  if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) {
    const inner = value.slice(1, -1);
    return q === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
  }
  return value;
}

/** The OS image kubelet reports: `PRETTY_NAME`, else `NAME VERSION`, else undefined. */
export function osImageOf(vars: Readonly<Record<string, string>>): string | undefined {
  if (vars.PRETTY_NAME) return vars.PRETTY_NAME;
  const name = [vars.NAME, vars.VERSION].filter(Boolean).join(' ');
  return name || undefined;
}
