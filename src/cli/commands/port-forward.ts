/**
 * `kubeling port-forward TYPE/NAME [LOCAL:]REMOTE...`: like `kubectl port-forward`, but a forward that outlives
 * pods. `svc/` goes through the service proxy on the ClusterIP (balanced, and unaffected by pods being deleted or
 * rolled); `pod/`, `deploy/` and `rs/` go through the API server to a ready pod, chosen again for each new
 * connection once the previous pod is gone. Runs until interrupted. See docs/port-forward.md.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { isJsonObject } from '../../api/object.js';
import { httpsClient } from '../../client/https-client.js';
import { kubeconfigAccess } from '../../client/kubeconfig-client.js';
import { kubeconfigPath } from '../cluster-kubeconfig.js';
import { examples, type RegisterCommand } from '../command-types.js';
import { type CliContext, CliError } from '../context.js';
import { startForwarding } from '../port-forward/forwarder.js';
import { listenAddresses, parsePortMapping, parseTarget } from '../port-forward/port-spec.js';
import { resolveRoute } from '../port-forward/resolve-route.js';

export interface PortForwardFlags {
  namespace?: string;
  address: string;
  kubeconfig?: string;
  context?: string;
}

/** The namespace of the kubeconfig context in use, if it sets one. */
function contextNamespace(text: string, context: string | undefined): string | undefined {
  const doc: unknown = parse(text);
  if (!isJsonObject(doc)) return undefined;
  const name = context ?? doc['current-context'];
  const entries = Array.isArray(doc.contexts) ? doc.contexts : [];
  const entry = entries.find((e: unknown) => isJsonObject(e) && e.name === name) as { context?: unknown } | undefined;
  const ns = isJsonObject(entry?.context) ? entry.context.namespace : undefined;
  return typeof ns === 'string' && ns !== '' ? ns : undefined;
}

/** Forwards until `signal` aborts; returns the exit code. */
export async function portForward(
  ctx: CliContext,
  targetArg: string,
  portArgs: string[],
  flags: PortForwardFlags,
  signal: AbortSignal,
): Promise<number> {
  const target = parseTarget(targetArg);
  const mappings = portArgs.map(parsePortMapping);
  if (mappings.length === 0) throw new CliError('at least one port is required: [LOCAL:]REMOTE');
  const path = kubeconfigPath(ctx, flags.kubeconfig);
  const text = await readFile(path, 'utf8').catch(() => {
    throw new CliError(`cannot read kubeconfig ${path}`);
  });
  const access = await kubeconfigAccess(text, dirname(path), flags.context);
  const namespace = flags.namespace ?? contextNamespace(text, flags.context) ?? 'default';
  const client = httpsClient({ ...access, fieldManager: 'kubeling', userAgent: 'kubeling-port-forward' });
  try {
    const route = await resolveRoute(client, access, namespace, target, mappings, ctx.out);
    const { addresses, allMustBind } = listenAddresses(flags.address);
    const forwarding = await startForwarding({
      addresses,
      allMustBind,
      mappings,
      route,
      out: ctx.out,
      err: ctx.err,
    }).catch((err: unknown) => {
      route.close();
      throw err;
    });
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    await forwarding.close();
    return 0;
  } finally {
    client.close?.();
  }
}

export const registerPortForward: RegisterCommand = (program, ctx, result) => {
  program
    .command('port-forward')
    .description('forward local ports to a Service, Deployment or pod; unlike kubectl, it survives pods being replaced')
    .argument('<target>', 'svc/NAME, deploy/NAME, rs/NAME or pod/NAME (a bare NAME is a pod)')
    .argument('<ports...>', '[LOCAL:]REMOTE: REMOTE is a service port for svc/, a container port otherwise')
    .option('-n, --namespace <namespace>', 'namespace (default: the kubeconfig context’s, else "default")')
    .option('--address <addresses>', 'local addresses to listen on, comma-separated', 'localhost')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .addHelpText(
      'after',
      examples([
        'kubeling port-forward svc/hello-service 8080:80          # through the service proxy: balanced, survives pods',
        'kubeling port-forward deploy/hello 8080:8080 -n dev      # to a ready pod, re-chosen when it goes away',
        'kubeling port-forward pod/hello-7d4b9 :8080              # a free local port',
      ]),
    )
    .action(async (target: string, ports: string[], flags: PortForwardFlags) => {
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        result.code = await portForward(ctx, target, ports, flags, abort.signal);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
};
