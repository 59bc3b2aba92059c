/**
 * Boots one kubeling cluster in this process: storage, API server and (later) every component, each talking to
 * the API through a client. `kubeling up` calls this; tests call it directly.
 */
import type { KubeletEndpoints } from '../node/node-types.js';

export interface ClusterPki {
  /** PEM of the cluster CA certificate (goes into kubeconfigs as certificate-authority-data). */
  caCertPem: string;
  caKeyPem: string;
  /** Serving certificate for 127.0.0.1 / localhost / the `kubernetes` Service names, signed by the CA. */
  serverCertPem: string;
  serverKeyPem: string;
  /** Bearer token of the cluster admin (the kubeconfig user). */
  adminToken: string;
}

export interface ClusterOptions {
  name: string;
  /** Directory for the database and logs; undefined means an in-memory store (tests). */
  dataDir?: string;
  /** Host to listen on (127.0.0.1). */
  host?: string;
  /** API server port; 0 picks a free one. */
  port: number;
  pki: ClusterPki;
  tuning?: ClusterTuning;
  /** Run pods as processes (default true). Tests with a stand-in kubelet turn it off. */
  nodeAgent?: boolean;
  /**
   * Serves pods/exec, attach and portforward instead of the node agent's endpoints (tests whose pods are made
   * Running by a stand-in kubelet use a stand-in here too; see src/apiserver/streaming/testdata).
   */
  kubeletEndpoints?: KubeletEndpoints;
  /** The ingress controller's ports (0 = a free port; default: HTTP on a free port, no HTTPS); false: none. */
  ingress?: { httpPort: number; httpsPort?: number } | false;
  /** The dashboard's port (0 = a free port, the default); false: no dashboard. */
  dashboard?: { port: number } | false;
}

/** Knobs with Kubernetes-like defaults; tests shrink them to reach rare paths (compaction, watch expiry). */
export interface ClusterTuning {
  /** Revisions of history kept for watches (default 10,000); older resourceVersions get 410 Gone. */
  historyWindow?: number;
  /**
   * Watches without `timeoutSeconds` end after a random time between this and twice this (kube-apiserver's
   * `--min-request-timeout`, default 1800 s); clients re-watch from their last resourceVersion.
   */
  minWatchTimeoutSeconds?: number;
  /** CrashLoopBackOff first delay and cap in ms (Kubernetes: 10,000 doubling to 300,000). */
  restartBackoff?: { initialMs: number; maxMs: number };
}

export interface RunningCluster {
  name: string;
  /** `https://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Resolves once /readyz would answer ok. */
  ready: Promise<void>;
  /** Where the ingress serves HTTP (`http://127.0.0.1:8080`), once ready; undefined without an ingress. */
  ingressUrl(): string | undefined;
  /** The dashboard's URL with its access token, once ready; undefined without a dashboard. */
  dashboardUrl(): string | undefined;
  /** Graceful stop: closes listeners and watches, stops components, flushes and closes the store. */
  stop(): Promise<void>;
}

export async function runCluster(options: ClusterOptions): Promise<RunningCluster> {
  const { startCluster } = await import('./start-cluster.js');
  return startCluster(options);
}
