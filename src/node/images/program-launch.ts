/**
 * How a built-in program starts: `node [--import <tsx>] programs/<name>.(ts|js) <meta JSON> <args...>`.
 *
 * The script is found next to this module through `import.meta.url`, so the same code works from the sources
 * (tests and `tsx`, where this file is `.ts`) and from the compiled `dist/` (where it is `.js`). Sources need a
 * TypeScript loader: the tsx loader is resolved from this module to an absolute URL and passed to `--import`, so
 * the program starts from any working directory (a pod's folder has no node_modules). Compiled programs run on
 * plain Node.js.
 */
import { fileURLToPath } from 'node:url';
import type { ProgramMeta, ProgramName } from './image-config.js';

const runningFromSources = import.meta.url.endsWith('.ts');

let loaderArgs: string[] | undefined;
function nodeLoaderArgs(): string[] {
  loaderArgs ??= runningFromSources ? ['--import', import.meta.resolve('tsx')] : [];
  return loaderArgs;
}

/** The script file of `program`. */
export function programScript(program: ProgramName): string {
  return fileURLToPath(new URL(`./programs/${program}.${runningFromSources ? 'ts' : 'js'}`, import.meta.url));
}

/** Executable and arguments that run `program` with `meta` and the container's `args`. */
export function programInvocation(
  program: ProgramName,
  meta: ProgramMeta,
  args: readonly string[],
): { file: string; args: string[] } {
  return {
    file: process.execPath,
    args: [...nodeLoaderArgs(), programScript(program), JSON.stringify(meta), ...args],
  };
}
