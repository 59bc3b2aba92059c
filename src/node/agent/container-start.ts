/**
 * Starting one container as the kubelet's `startContainer` does: the image (image-pull.ts), the container's
 * configuration (environment, mounts, command with `$(VAR)` expanded, working directory), the process, the
 * `Created`/`Started` events, the postStart hook, and the probe workers. Failures leave the container waiting
 * (ErrImagePull, CreateContainerConfigError ...) or terminated (StartError, exit code 128).
 *
 * The process environment is the Kubernetes one (container-env.ts) over `HOSTNAME` (the pod's hostname) and
 * `POD_IP`, plus `KUBELING_MOUNTS` (the mount table, see volumes/pod-volumes.ts). Without `workingDir` a
 * container runs in its own directory `<podDir>/containers/<name>`; a `workingDir` on a volume mount maps to the
 * volume, any other one to `<podDir>/containers/<name>/rootfs/<workingDir>` (created).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Container } from 'kubernetes-types/core/v1.js';
import { MOUNTS_ENV, StartError } from '../images/index.js';
import type { ContainerProcess, Image, ProbeTarget } from '../node-types.js';
import { ContainerStartError } from '../runtime/index.js';
import { type AgentContext, describePod, logRef, type PodObject, podEvent } from './agent-context.js';
import { execInContainer } from './container-exec.js';
import { killContainer } from './container-kill.js';
import { type ContainerRecord, newContainerId } from './container-record.js';
import { Deadline } from './deadline.js';
import { containerEnv } from './env/container-env.js';
import { expandCommandAndArgs } from './env/expansion.js';
import { serviceEnvMap } from './env/service-env.js';
import { ensureImage, type PullMemory } from './image-pull.js';
import { runLifecycleHook } from './lifecycle-hooks.js';
import { hostIP } from './pod-status.js';
import { quantityValue } from './quantity.js';
import { containerMounts } from './volumes/pod-volumes.js';

/** The pod's "sandbox": its address and directories. */
export interface PodSandbox {
  podIP: string;
  podDir: string;
  volumePaths: ReadonlyMap<string, string>;
}

export interface StartRequest {
  pod: PodObject;
  sandbox: PodSandbox;
  record: ContainerRecord;
  pull: PullMemory;
  /** Aborts when the pod starts terminating. */
  signal: AbortSignal;
  /** Wakes the pod worker (the process exited, a probe result changed). */
  kick(): void;
}

/** `started`, or why not and when to try again (epoch ms; undefined: on the next sync). */
export type StartResult = { started: true } | { started: false; retryAt: number | undefined };

const postStartTimeoutMs = 120_000;

/** The pod's hostname: `spec.hostname` or the pod name, at most 63 characters. */
export function podHostname(pod: PodObject): string {
  const name = pod.spec?.hostname || pod.metadata.name || '';
  return name.length <= 63 ? name : name.slice(0, 63).replace(/[-.]+$/, '');
}

async function workingDir(container: Container, podDir: string, mounts: Readonly<Record<string, string>>) {
  const own = join(podDir, 'containers', container.name);
  let dir = own;
  const wanted = container.workingDir;
  if (wanted) {
    const mount = Object.keys(mounts)
      .filter((m) => wanted === m || wanted.startsWith(m.endsWith('/') ? m : `${m}/`))
      .sort((a, b) => b.length - a.length)[0];
    dir = mount ? join(mounts[mount] ?? '', wanted.slice(mount.length)) : join(own, 'rootfs', wanted);
  }
  await mkdir(dir, { recursive: true });
  return dir;
}

/** What a start failure looks like in the status: the runtime's StartError wording. */
function startErrorMessage(err: unknown): string | undefined {
  if (err instanceof StartError) return err.message;
  if (err instanceof ContainerStartError) return new StartError(err.message).message;
  return undefined;
}

function configFailure(ctx: AgentContext, req: StartRequest, message: string): StartResult {
  req.record.wait('CreateContainerConfigError', message);
  podEvent(ctx, req.pod, 'Warning', 'Failed', `Error: ${message}`);
  return { started: false, retryAt: ctx.now().getTime() + Math.min(ctx.restartBackoff.initialMs, 10_000) };
}

export async function startContainer(ctx: AgentContext, req: StartRequest): Promise<StartResult> {
  const { pod, sandbox, record } = req;
  const spec = record.spec;
  const pulled = await ensureImage(ctx, pod, spec, req.pull);
  if (!pulled.ok) {
    record.wait(pulled.reason, pulled.message);
    return { started: false, retryAt: pulled.retryAt };
  }
  const image = pulled.image;
  record.image = image.ref;
  record.imageID = image.id;
  if (req.signal.aborted) return { started: false, retryAt: undefined };

  let env: Map<string, string>;
  let mounts: Record<string, string>;
  try {
    env = await containerEnv({
      pod,
      container: spec,
      addresses: { podIP: sandbox.podIP, hostIP },
      serviceEnv: serviceEnvMap(ctx.services(), pod.metadata.namespace ?? '', pod.spec?.enableServiceLinks ?? true),
      nodeAllocatable: ctx.nodeAllocatable(),
      sources: ctx.envSources,
    });
    mounts = containerMounts(spec, sandbox.volumePaths, env);
  } catch (err) {
    // ContainerConfigError (a missing ConfigMap or key), a bad mount, or the API failing to answer: the kubelet
    // reports them all as CreateContainerConfigError and tries again.
    return configFailure(ctx, req, err instanceof Error ? err.message : String(err));
  }
  const { command, args } = expandCommandAndArgs(spec.command, spec.args, env);
  const cwd = await workingDir(spec, sandbox.podDir, mounts);
  const launchEnv: Record<string, string> = {
    HOSTNAME: podHostname(pod),
    POD_IP: sandbox.podIP,
    ...Object.fromEntries(env),
    [MOUNTS_ENV]: JSON.stringify(mounts),
  };
  if (req.signal.aborted) return { started: false, retryAt: undefined };

  const containerID = newContainerId();
  record.containerID = containerID;
  const runCount = record.runs > 0 || record.ranBefore ? record.restartCount + 1 : record.restartCount;
  const ref = logRef(pod);
  let proc: ContainerProcess;
  try {
    const processSpec = image.processFor({ command, args, env: launchEnv, cwd });
    const logPath = ctx.logs.startRun(ref, spec.name, runCount);
    podEvent(ctx, pod, 'Normal', 'Created', `Created container: ${spec.name}`);
    const memory = spec.resources?.limits?.memory;
    const memoryLimitBytes = memory === undefined ? undefined : quantityValue(String(memory));
    try {
      proc = await ctx.runtime.start({
        ...processSpec,
        logPath,
        ...(memoryLimitBytes ? { memoryLimitBytes } : {}),
        ...(spec.stdin ? { stdin: true } : {}),
      });
    } catch (err) {
      ctx.logs.finishRun(ref, spec.name, runCount);
      throw err;
    }
  } catch (err) {
    const message = startErrorMessage(err);
    if (message === undefined) throw err;
    record.markStartFailed('StartError', message, ctx.now());
    podEvent(ctx, pod, 'Warning', 'Failed', `Error: ${message}`);
    return { started: false, retryAt: undefined };
  }
  podEvent(ctx, pod, 'Normal', 'Started', `Started container ${spec.name}`);
  record.markRunning(proc, containerID);
  record.postStartPending = spec.lifecycle?.postStart !== undefined;
  void proc.exited
    .then((exit) => {
      ctx.logs.finishRun(ref, spec.name, runCount);
      if (record.process !== proc) return;
      ctx.probes.removeContainer(pod.metadata.uid ?? '', spec.name);
      record.markExited(exit);
      req.kick();
    })
    .catch((err: unknown) => ctx.log.error('container exit handling failed', { pod: describePod(pod), err }));

  const target = probeTarget(image, sandbox.podIP, spec, { env: launchEnv, cwd });
  record.exec = target.exec;
  record.launch = { image, env: launchEnv, cwd };
  const postStart = spec.lifecycle?.postStart;
  if (postStart) {
    try {
      await runLifecycleHook(
        postStart,
        { podIP: sandbox.podIP, container: spec, podDescription: describePod(pod), exec: target.exec },
        postStartTimeoutMs,
        req.signal,
      );
    } catch (err) {
      ctx.log.info('postStart hook failed', { pod: describePod(pod), container: spec.name, err });
      podEvent(ctx, pod, 'Warning', 'FailedPostStartHook', 'PostStartHook failed');
      podEvent(ctx, pod, 'Normal', 'Killing', 'FailedPostStartHook');
      const grace = pod.spec?.terminationGracePeriodSeconds ?? 30;
      const deadline = new Deadline(Date.now() + grace * 1000);
      await killContainer({ process: proc, deadline });
      deadline.dispose();
    } finally {
      record.postStartPending = false;
    }
  }
  if (record.process === proc) ctx.probes.addContainer(pod.metadata.uid ?? '', spec.name, spec, target, proc.startedAt);
  return { started: true };
}

function probeTarget(
  image: Image,
  podIP: string,
  container: Container,
  base: { env: Record<string, string>; cwd: string },
): ProbeTarget {
  const namedPorts = new Map<string, number>();
  for (const p of container.ports ?? []) if (p.name) namedPorts.set(p.name, p.containerPort);
  return {
    podIP,
    namedPorts,
    exec: (command, timeoutMs) => execInContainer(image, base, command, timeoutMs),
  };
}
