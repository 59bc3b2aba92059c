/**
 * Field paths rendered the way Kubernetes' `field.Path.String()` does: children joined with `.`, list
 * indexes as `[0]` and map keys as `[key]` (unquoted).
 */

/** `path.name` (or `name` at the root). Several names chain: `child('spec', 'template', 'metadata')`. */
export function child(path: string, ...names: string[]): string {
  let out = path;
  for (const name of names) out = out === '' ? name : `${out}.${name}`;
  return out;
}

/** `path[i]`. */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** `path[key]`, as Go renders map keys in paths (no quotes). */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}
