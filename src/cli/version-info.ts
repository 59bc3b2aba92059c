/** Versions `kubeling version` reports. */
import { readFileSync } from 'node:fs';

/** The Kubernetes API version kubeling speaks (what `/version` should report). */
export const KUBERNETES_VERSION = 'v1.33.0';

let cached: string | undefined;

/** kubeling's own version, from package.json (two folders up from both src/cli and dist/cli). */
export function kubelingVersion(): string {
  if (cached === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        version?: string;
      };
      cached = pkg.version ?? 'unknown';
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
