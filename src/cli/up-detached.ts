/**
 * `kubeling up --detach`: run the same command in the foreground mode as a detached child (its own session,
 * output appended to `<data-dir>/kubeling.log`), wait until the child has recorded itself in cluster.json and
 * the API answers /readyz, then return and leave the cluster running.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readClusterState } from '../cluster/cluster-state.js';
import { kubeconfigEntryName } from '../cluster/kubeconfig.js';
import { PKI_FILES, pkiDir } from '../cluster/pki-store.js';
import { kubeconfigPath } from './cluster-kubeconfig.js';
import { type ClusterTarget, LOG_FILE } from './cluster-target.js';
import { type CliContext, CliError } from './context.js';
import { type ApiCredentials, waitForReady } from './readiness.js';
import type { UpOptions } from './up-foreground.js';

/** Set in the detached child's environment. */
export const DETACHED_ENV = 'KUBELING_DETACHED';

/** The last lines this run wrote to the log (after its `---` header). */
async function logTail(path: string, lines = 15): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const run = text
    .slice(text.lastIndexOf('\n--- ') + 1)
    .split('\n')
    .slice(1);
  return run.filter((line) => line.trim() !== '').slice(-lines);
}

async function childCredentials(dataDir: string, pid: number): Promise<ApiCredentials | undefined> {
  const state = await readClusterState(dataDir).catch(() => undefined);
  if (state?.pid !== pid) return undefined;
  try {
    const dir = pkiDir(dataDir);
    const caCertPem = await readFile(join(dir, PKI_FILES.caCert), 'utf8');
    const token = (await readFile(join(dir, PKI_FILES.adminToken), 'utf8')).trim();
    return { url: state.url, caCertPem, token };
  } catch {
    return undefined;
  }
}

/** Starts the cluster in the background; returns the exit code once it is ready (0) or failed (error). */
export async function upDetached(
  ctx: CliContext,
  target: ClusterTarget,
  options: UpOptions,
  timeoutMs: number,
): Promise<number> {
  const { name, dataDir } = target;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const logPath = join(dataDir, LOG_FILE);
  const kubeconfig = kubeconfigPath(ctx, options.kubeconfig);
  const args = ['up', '--name', name, '--data-dir', dataDir];
  if (options.port !== undefined) args.push('--port', String(options.port));
  if (options.kubeconfig !== undefined) args.push('--kubeconfig', kubeconfig);
  if (options.ingressPort !== undefined) args.push('--ingress-port', String(options.ingressPort));

  const [command, ...prefix] = ctx.selfCommand;
  if (command === undefined) throw new CliError('cannot tell how to run kubeling in the background');
  const log = openSync(logPath, 'a', 0o600);
  let child: ReturnType<typeof spawn>;
  try {
    writeSync(log, `\n--- ${new Date().toISOString()} kubeling ${args.join(' ')}\n`);
    child = spawn(command, [...prefix, ...args], {
      cwd: ctx.cwd,
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...ctx.env, [DETACHED_ENV]: '1' },
    });
  } finally {
    closeSync(log);
  }
  const pid = child.pid;
  if (pid === undefined) throw new CliError(`could not start kubeling in the background (see ${logPath})`);
  let exit: string | undefined;
  child.on('exit', (code, signal) => {
    exit = signal !== null ? `killed by ${signal}` : `exit code ${code}`;
  });
  child.on('error', (err) => {
    exit = err.message;
  });
  child.unref();

  const ready = await waitForReady(
    () => childCredentials(dataDir, pid),
    timeoutMs,
    () => exit === undefined,
  );
  if (!ready) {
    if (exit === undefined) {
      process.kill(pid, 'SIGTERM');
      throw new CliError(
        `cluster "${name}" was not ready within ${timeoutMs / 1000} s; stopped it. Last lines of ${logPath}:`,
        await logTail(logPath),
      );
    }
    const tail = await logTail(logPath);
    // A concurrent `up` of the same cluster won the race: the child saw it running and exited 0.
    if (exit === 'exit code 0') {
      ctx.out(tail.at(-1) ?? `cluster "${name}" is already running`);
      return 0;
    }
    throw new CliError(`cluster "${name}" failed to start (${exit}). Last lines of ${logPath}:`, tail);
  }
  const state = await readClusterState(dataDir);
  ctx.out(`cluster "${name}" is running at ${state?.url ?? '?'} (pid ${pid}, log ${logPath})`);
  ctx.out(`kubeconfig: context "${kubeconfigEntryName(name)}" in ${kubeconfig}`);
  ctx.out(`stop it with: kubeling down${name === 'kubeling' ? '' : ` --name ${name}`}`);
  return 0;
}
