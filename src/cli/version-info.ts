/** Versions `kubeling version` reports. */
import { readFileSync } from 'node:fs';

export { KUBERNETES_VERSION } from '../api/version.js';

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
