/** How e2e tests run the `kubeling` command: the build when it is up to date with src, else src through tsx. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../..', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** argv prefix running the CLI. */
export function cliCommand(): string[] {
  const built = join(repo, 'dist', 'cli', 'entry.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(join(repo, 'src'))) {
    return [process.execPath, join(repo, 'bin', 'kubeling.js')];
  }
  return [process.execPath, '--import', import.meta.resolve('tsx'), join(repo, 'src', 'cli', 'entry.ts')];
}
