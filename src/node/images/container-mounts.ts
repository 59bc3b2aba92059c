/**
 * The container's filesystem view. Pods have no filesystem of their own: the node agent tells a container where
 * its volume mounts really are through one environment variable, and kubeling's images (and the command
 * resolution of every image) map container paths through it.
 *
 * Contract with the node agent: set `KUBELING_MOUNTS` in the container's environment to a JSON object
 * `{ "<containerPath>": "<hostPath>", ... }`, one entry per `volumeMount` (absolute paths on both sides), e.g.
 * `{"/usr/share/nginx/html":"/var/lib/kubeling/pods/<uid>/volumes/html"}`. `mountsEnv()` builds the value.
 * Built-in images read it (nginx serves `/usr/share/nginx/html` from there) and `Image.processFor` maps an
 * executable path and path-like arguments through it (`command: ["/scripts/run.sh"]` on a ConfigMap mount).
 */
import { isAbsolute, join, posix } from 'node:path';

/** Name of the environment variable holding the JSON mount table. */
export const MOUNTS_ENV = 'KUBELING_MOUNTS';

/** Container path → host path. */
export type MountTable = Readonly<Record<string, string>>;

/** The environment entry describing `mounts` (container path → host path). */
export function mountsEnv(mounts: MountTable): Record<string, string> {
  return { [MOUNTS_ENV]: JSON.stringify(mounts) };
}

/** Reads the mount table from an environment; malformed or missing values give an empty table. */
export function mountsFromEnv(env: Readonly<Record<string, string | undefined>>): MountTable {
  const raw = env[MOUNTS_ENV];
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const table: Record<string, string> = {};
    for (const [containerPath, hostPath] of Object.entries(parsed)) {
      if (typeof hostPath === 'string' && isAbsolute(containerPath) && isAbsolute(hostPath)) {
        table[posix.normalize(containerPath).replace(/(.)\/$/, '$1')] = hostPath;
      }
    }
    return table;
  } catch {
    return {};
  }
}

/** The mount holding `containerPath` (longest match), or undefined when the path is not on a volume. */
export function findMount(
  containerPath: string,
  mounts: MountTable,
): { mountPath: string; hostPath: string } | undefined {
  if (!isAbsolute(containerPath)) return undefined;
  const path = posix.normalize(containerPath);
  let best: { mountPath: string; hostPath: string } | undefined;
  for (const [mountPath, hostPath] of Object.entries(mounts)) {
    const inside = path === mountPath || path.startsWith(mountPath === '/' ? '/' : `${mountPath}/`);
    if (inside && (best === undefined || mountPath.length > best.mountPath.length)) best = { mountPath, hostPath };
  }
  return best;
}

/** The host path of `containerPath` when it lies on a volume mount, else undefined. */
export function hostPathOf(containerPath: string, mounts: MountTable): string | undefined {
  const mount = findMount(containerPath, mounts);
  if (mount === undefined) return undefined;
  const rest = posix.normalize(containerPath).slice(mount.mountPath === '/' ? 0 : mount.mountPath.length);
  return rest === '' || rest === '/' ? mount.hostPath : join(mount.hostPath, rest);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Rewrites mounted container paths inside a shell script (`sh -c "cat /etc/config/key"`): each occurrence of a
 * mount path that starts a word (after whitespace, a quote, `=`, `:`, `<`, `>` or the start) and ends at `/`,
 * whitespace, a quote, `;`, `)` or the end is replaced by its host path.
 */
export function rewriteMountedPaths(script: string, mounts: MountTable): string {
  const paths = Object.keys(mounts)
    .filter((p) => p !== '/')
    .sort((a, b) => b.length - a.length);
  if (paths.length === 0) return script;
  const pattern = new RegExp(`(^|[\\s'"=:<>(])(${paths.map(escapeRegExp).join('|')})(?=$|[/\\s'";)&|])`, 'g');
  return script.replace(pattern, (_match, lead: string, path: string) => `${lead}${mounts[path] ?? path}`);
}
