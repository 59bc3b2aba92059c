import type { Probe } from 'kubernetes-types/core/v1.js';
import type { ProbeOutcome, ProbeRunner, ProbeTarget } from '../node-types.js';
import { runExecProbe } from './exec-probe.js';
import { runGrpcProbe } from './grpc-probe.js';
import { runHttpProbe } from './http-probe.js';
import { ProbeError } from './probe-error.js';
import { runTcpProbe } from './tcp-probe.js';

/** `timeoutSeconds` in milliseconds, with Kubernetes' default of 1 second. */
export function probeTimeoutMs(probe: Probe): number {
  const seconds = probe.timeoutSeconds !== undefined && probe.timeoutSeconds > 0 ? probe.timeoutSeconds : 1;
  return seconds * 1000;
}

/**
 * Runs one attempt of a probe as the kubelet's prober does (exec, then httpGet, tcpSocket, grpc), honouring
 * `timeoutSeconds`. Resolves `{success, message}`: a failure's message is Kubernetes' wording (it follows
 * `Liveness probe failed: ` in the `Unhealthy` event); a success has an empty message unless it comes with a warning
 * (an httpGet redirect to another host: `Probe terminated redirects, Response body: ...`, a `ProbeWarning` event).
 * Rejects with ProbeError when the probe cannot be run at all (unknown named port, exec impossible): the kubelet
 * throws such attempts away.
 */
export const runProbe: ProbeRunner = async (probe: Probe, target: ProbeTarget): Promise<ProbeOutcome> => {
  const timeoutMs = probeTimeoutMs(probe);
  if (probe.exec) return runExecProbe(probe.exec, target, timeoutMs);
  if (probe.httpGet) return runHttpProbe(probe.httpGet, target.podIP, target.namedPorts, timeoutMs);
  if (probe.tcpSocket) return runTcpProbe(probe.tcpSocket, target.podIP, target.namedPorts, timeoutMs);
  if (probe.grpc) return runGrpcProbe(probe.grpc, target.podIP, timeoutMs);
  throw new ProbeError('missing probe handler');
};
