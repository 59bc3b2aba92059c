/**
 * How a container process is started so that it cannot outlive kubeling, even when kubeling is killed with
 * SIGKILL (Node cannot set PR_SET_PDEATHSIG).
 *
 * The runtime spawns `/bin/sh` in a new session (its own process group) with one extra descriptor, fd 3: a
 * socket whose other end only kubeling holds. The shell forks a watcher (a subshell that ignores the usual
 * termination signals and blocks reading fd 3), then `exec`s the container command in its own place — so the
 * container keeps the spawned pid, kubeling still sees its exit status, and nothing stays between them. When
 * kubeling exits for any reason the kernel closes its end, the watcher's read returns, and it SIGKILLs the whole
 * process group (the container, anything it started, and itself). The runtime also closes its end on purpose
 * when the container's main process exits, which kills whatever the container left behind, as a container runtime
 * does when a container's init process exits.
 *
 * Cost per container: one forked dash (about 1 MiB RSS, 0.2 MiB proportional and 0.1 MiB private, measured).
 * Limits: a process that leaves the group (setsid/setpgid) escapes it; the runtime's pid records
 * (pid-records.ts) let a restarted kubeling kill what is left of its session after a crash.
 */

/** `$0` of the shell, visible in `ps` until it execs and for the watcher. */
export const supervisorName = 'kubeling-supervisor';

/**
 * `$1` says what `PWD` the container gets: dash exports one of its own, so it is unset again unless the
 * container's environment has one (`=<value>`), which is restored.
 */
const script =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  'case $1 in =*) PWD=${1#=}; export PWD;; *) unset PWD;; esac; shift; ' +
  '( trap "" HUP INT QUIT TERM USR1 USR2 PIPE; read _ <&3; kill -KILL 0 ) </dev/null >/dev/null 2>&1 & ' +
  'exec "$@" 3<&-';

/** The shell and its arguments for running `file args...` under the watcher with the environment `env`. */
export function supervisedCommand(
  file: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): { file: string; args: string[] } {
  const pwd = env.PWD !== undefined ? `=${env.PWD}` : '';
  return { file: '/bin/sh', args: ['-c', script, supervisorName, pwd, file, ...args] };
}
