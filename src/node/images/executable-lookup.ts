/**
 * Finding what argv[0] means in an image, like `execve` after a shell's PATH search: a volume mount, one of the
 * image's own executables (built-in programs, entrypoint scripts), else a host tool (absolute paths such as
 * `/bin/sh` map to the host's file, or to the same name found in PATH when the host keeps it elsewhere).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { basename, isAbsolute, join, posix, resolve } from 'node:path';
import { StartError } from './container-command.js';
import { hostPathOf, type MountTable, rewriteMountedPaths } from './container-mounts.js';
import type { ImageConfig, ProgramMeta, ProgramName } from './image-config.js';

export type Executable =
  | { kind: 'program'; program: ProgramName; meta: ProgramMeta; args: string[] }
  | { kind: 'host'; file: string; args: string[] };

export interface LookupContext {
  config: ImageConfig;
  /** PATH directories, in order. */
  path: readonly string[];
  /** The process's working directory on the host. */
  cwd: string;
  mounts: MountTable;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);
const MAX_EXEC_DEPTH = 8;

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function searchPath(name: string, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function imageFileFor(name: string, ctx: LookupContext): [string, ImageConfig['files'][string]] | undefined {
  const { files } = ctx.config;
  if (name.includes('/')) {
    const path = posix.normalize(isAbsolute(name) ? name : posix.join('/', name));
    const file = files[path];
    return file === undefined ? undefined : [path, file];
  }
  for (const dir of ctx.path) {
    const path = posix.join(dir, name);
    const file = files[path];
    if (file !== undefined) return [path, file];
  }
  return undefined;
}

function hostFile(name: string, ctx: LookupContext): string {
  if (!name.includes('/')) {
    const found = searchPath(name, ctx.path);
    if (found === undefined) throw new StartError(`exec: "${name}": executable file not found in $PATH`);
    return found;
  }
  const mounted = isAbsolute(name) ? hostPathOf(name, ctx.mounts) : undefined;
  const candidate = mounted ?? (isAbsolute(name) ? name : resolve(ctx.cwd, name));
  if (isExecutableFile(candidate)) return candidate;
  // `/bin/sh`, `/usr/bin/wget`: the same tool wherever this host keeps it.
  const elsewhere = mounted === undefined && isAbsolute(name) ? searchPath(basename(name), ctx.path) : undefined;
  if (elsewhere !== undefined) return elsewhere;
  throw new StartError(`exec: "${name}": stat ${name}: no such file or directory`);
}

/** Maps arguments that name mounted files (and mounted paths inside a shell's `-c` script) to host paths. */
function hostArgs(file: string, args: readonly string[], mounts: MountTable): string[] {
  if (Object.keys(mounts).length === 0) return [...args];
  const shell = SHELLS.has(basename(file));
  return args.map((arg, i) => {
    if (shell && i > 0 && args[i - 1] === '-c') return rewriteMountedPaths(arg, mounts);
    return (arg.startsWith('/') && hostPathOf(arg, mounts)) || arg;
  });
}

/** Whether `name` would run in this image (what `command -v` answers). */
export function isCommand(name: string, ctx: LookupContext): boolean {
  try {
    resolveExecutable([name], ctx);
    return true;
  } catch {
    return false;
  }
}

/** Resolves `argv` to a built-in program or a host executable; throws StartError when nothing can run it. */
export function resolveExecutable(argv: readonly string[], ctx: LookupContext, depth = 0): Executable {
  const [name, ...rest] = argv;
  if (name === undefined || name === '') throw new StartError('no command specified');
  const mountedFile = isAbsolute(name) ? hostPathOf(name, ctx.mounts) : undefined;
  const imageFile = mountedFile === undefined ? imageFileFor(name, ctx) : undefined;
  if (imageFile !== undefined) {
    const [, file] = imageFile;
    if (file.kind === 'program')
      return { kind: 'program', program: file.program, meta: { argv0: name, ...file.meta }, args: rest };
    if (depth >= MAX_EXEC_DEPTH) throw new StartError(`exec: "${name}": too many levels of exec`);
    let next = rest;
    const first = next[0];
    if (file.defaultCommand !== undefined && (first === undefined || first.startsWith('-') || !isCommand(first, ctx))) {
      next = [file.defaultCommand, ...next];
    }
    if (next.length === 0) next = ['true'];
    const target = resolveExecutable(next, ctx, depth + 1);
    if (target.kind === 'program' && file.metaForProgram) target.meta = { ...target.meta, ...file.metaForProgram };
    return target;
  }
  if (!ctx.config.hostTools && mountedFile === undefined) {
    throw new StartError(
      name.includes('/')
        ? `exec: "${name}": stat ${name}: no such file or directory`
        : `exec: "${name}": executable file not found in $PATH`,
    );
  }
  const file = hostFile(name, ctx);
  return { kind: 'host', file, args: hostArgs(file, rest, ctx.mounts) };
}
