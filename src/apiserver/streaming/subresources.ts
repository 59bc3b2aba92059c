/**
 * The `pods/exec`, `pods/attach` and `pods/portforward` subresource handlers (ApiHandlerOptions.subresources).
 * Each checks the request as kube-apiserver and the kubelet do, answering errors as usual, then takes over the
 * upgraded connection: WebSocket (channel protocols, or SPDY tunnelled in WebSocket for kubectl's port-forward)
 * or raw SPDY/3.1.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ApiRequest, ApiResponse } from '../../api/http-types.js';
import { badRequest, StatusError } from '../../api/status-error.js';
import type { SubresourceHandler } from '../api-handler.js';
import type { ResourceRequestInfo } from '../request-info.js';
import type { PodStreamingBackend, StreamingDeps } from './backend.js';
import {
  chooseContainer,
  PlainTextError,
  requireHost,
  requireRunningContainer,
  requireRunningPod,
  stillServing,
} from './pod-checks.js';
import { servePortForwardTunnel, spdyTunnelProtocol } from './port-forward-tunnel.js';
import { preparePortForwardWs } from './port-forward-ws.js';
import {
  type CommandRunner,
  exitStatus,
  internalErrorStatus,
  remoteCommandOptions,
  successStatus,
} from './remote-command.js';
import { prepareRemoteCommandSpdy } from './remote-command-spdy.js';
import { prepareRemoteCommandWs } from './remote-command-ws.js';
import { isSpdyRequest } from './spdy-upgrade.js';
import { type UpgradeContext, upgradeOf } from './upgrade-request.js';
import { isWebSocketRequest, offeredProtocols } from './ws-upgrade.js';

type Handler = (
  ri: ResourceRequestInfo,
  req: ApiRequest,
  ctx: UpgradeContext,
  pod: Pod,
  backend: PodStreamingBackend,
) => Promise<void> | void;

/** Common part: an upgrade is required, the pod must exist, the node must be up; plain-text kubelet errors. */
function handler(deps: StreamingDeps, serve: Handler): SubresourceHandler {
  return async (ri: ResourceRequestInfo, req: ApiRequest, res: ApiResponse) => {
    const ctx = upgradeOf(req);
    if (!ctx || !(isWebSocketRequest(ctx) || isSpdyRequest(ctx))) throw badRequest('Upgrade request required');
    const pod = await deps.getPod(ri.namespace, ri.name);
    const backend = deps.backend();
    try {
      requireHost(pod);
      if (!backend) throw new StatusError('ServiceUnavailable', 'the node agent is not ready yet');
      await serve(ri, req, ctx, pod, backend);
    } catch (err) {
      if (!(err instanceof PlainTextError)) throw err;
      res.sendRaw(err.code, 'text/plain; charset=utf-8', err.message);
    }
  };
}

function remoteCommand(deps: StreamingDeps, kind: 'exec' | 'attach'): SubresourceHandler {
  return handler(deps, (ri, req, ctx, pod, backend) => {
    const container = chooseContainer(pod, req.query.get('container') ?? '');
    const command = req.query.getAll('command');
    if (kind === 'exec' && command.length === 0) {
      throw badRequest('you must specify at least one command for the container');
    }
    const options = remoteCommandOptions(req.query);
    requireRunningContainer(pod, container);
    const { namespace, name } = ri;
    const run: CommandRunner =
      kind === 'exec'
        ? (stdio) =>
            backend.exec(namespace, name, container, command, stdio).then(
              ({ exitCode }) => (exitCode === 0 ? successStatus() : exitStatus(exitCode, command)),
              (err: unknown) => internalErrorStatus(`error executing command in container: ${reason(err)}`),
            )
        : (stdio) =>
            backend.attach(namespace, name, container, stdio).then(
              () => successStatus(),
              (err: unknown) => internalErrorStatus(`error attaching to container: ${reason(err)}`),
            );
    if (isWebSocketRequest(ctx)) void prepareRemoteCommandWs(ctx, options, run)();
    else prepareRemoteCommandSpdy(ctx, options, run)();
  });
}

function portForward(deps: StreamingDeps): SubresourceHandler {
  return handler(deps, (ri, _req, ctx, pod, backend) => {
    requireRunningPod(pod);
    const uid = pod.metadata?.uid ?? '';
    const target = { namespace: ri.namespace, pod: ri.name, uid, backend };
    const tunnelled = isWebSocketRequest(ctx) && offeredProtocols(ctx.req).includes(spdyTunnelProtocol);
    if (isWebSocketRequest(ctx) && !tunnelled) {
      void preparePortForwardWs(ctx, target)();
      return;
    }
    const session = servePortForwardTunnel(ctx, target, tunnelled);
    endWhenPodGone(deps, ri.namespace, ri.name, uid, session);
  });
}

/** A port-forward ends when its pod does (deleted, replaced, or finished), as on a real cluster. */
function endWhenPodGone(
  deps: StreamingDeps,
  namespace: string,
  name: string,
  uid: string,
  session: { close(): void; closed: Promise<void> },
): void {
  const timer = setInterval(() => {
    deps.getPod(namespace, name).then(
      (current) => {
        if (!stillServing(current, uid)) stop();
      },
      (err: unknown) => {
        if (err instanceof StatusError && err.code === 404) stop();
      },
    );
  }, deps.podCheckIntervalMs ?? 1000);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    session.close();
  };
  void session.closed.then(() => clearInterval(timer));
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The handlers to pass as `ApiHandlerOptions.subresources`. */
export function createStreamingSubresources(deps: StreamingDeps): Map<string, SubresourceHandler> {
  return new Map([
    ['pods/exec', remoteCommand(deps, 'exec')],
    ['pods/attach', remoteCommand(deps, 'attach')],
    ['pods/portforward', portForward(deps)],
  ]);
}
