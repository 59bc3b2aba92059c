/**
 * Why a container could not be started, worded as runc reports it (the kubelet shows it as the `StartError`
 * reason's message, exit code 128), and the checks done before spawning: the working directory and the
 * executable (looked up in the container's PATH, as runc does).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export class ContainerStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerStartError';
  }
}

/** PATH when the container's environment has none (runc's default). */
export const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Throws unless `cwd` is an existing directory. */
export function checkWorkingDir(cwd: string): void {
  let isDir = false;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch {
    // missing
  }
  if (!isDir) {
    throw new ContainerStartError(
      `chdir to cwd (${JSON.stringify(cwd)}) set in config.json failed: no such file or directory`,
    );
  }
}

/** The absolute path of `file`: as given when it contains a slash (relative to `cwd`), else found in PATH. */
export function resolveExecutable(file: string, env: Record<string, string>, cwd: string): string {
  if (file.includes('/')) {
    const path = isAbsolute(file) ? file : resolve(cwd, file);
    if (isExecutableFile(path)) return path;
    throw new ContainerStartError(`exec: ${JSON.stringify(file)}: stat ${file}: no such file or directory`);
  }
  for (const dir of (env.PATH ?? defaultPath).split(':')) {
    if (!dir) continue;
    const path = join(isAbsolute(dir) ? dir : resolve(cwd, dir), file);
    if (isExecutableFile(path)) return path;
  }
  throw new ContainerStartError(`exec: ${JSON.stringify(file)}: executable file not found in $PATH`);
}
