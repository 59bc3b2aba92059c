/**
 * One connection to a pod's port through the API server: the kubelet's WebSocket port-forward protocol
 * (`pods/NAME/portforward?ports=PORT`, subprotocol `v4.channel.k8s.io`). Data is channel 0, errors channel 1,
 * each starting with the port as two little-endian bytes. The result is a Duplex: writes go to the pod, the pod's
 * bytes are read, and a refusal reported by the node destroys it with the node's message. The protocol has no
 * half-close, so ending the writable side sends nothing: the connection ends when the pod closes it.
 */
import { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { KubeconfigAccess } from '../../client/kubeconfig-client.js';

class PodTunnel extends Duplex {
  private skip = [2, 2];
  private errorText = '';

  constructor(private readonly ws: WebSocket) {
    super({ allowHalfOpen: true });
    ws.on('message', (raw: Buffer) => this.onMessage(raw));
    ws.on('close', () => {
      if (this.errorText) this.destroy(new Error(this.errorText));
      else this.push(null);
    });
    ws.on('error', (err) => this.destroy(err));
  }

  private onMessage(raw: Buffer): void {
    const channel = raw[0];
    if (channel !== 0 && channel !== 1) return;
    let data = raw.subarray(1);
    const skip = this.skip[channel] ?? 0;
    if (skip > 0) {
      const n = Math.min(skip, data.length);
      this.skip[channel] = skip - n;
      data = data.subarray(n);
    }
    if (data.length === 0) return;
    if (channel === 1) this.errorText += data.toString();
    else if (!this.push(data)) this.ws.pause();
  }

  override _read(): void {
    if (this.ws.isPaused) this.ws.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.ws.readyState !== WebSocket.OPEN) {
      callback();
      return;
    }
    const message = Buffer.allocUnsafe(chunk.length + 1);
    message[0] = 0;
    chunk.copy(message, 1);
    this.ws.send(message, (err) => callback(err ?? null));
  }

  override _final(callback: (error?: Error | null) => void): void {
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    callback(error);
  }
}

/** Opens the WebSocket and resolves once it is open (rejects when the API server refuses the upgrade). */
export function openPodTunnel(access: KubeconfigAccess, namespace: string, pod: string, port: number): Promise<Duplex> {
  const base = access.server.replace(/^http/, 'ws').replace(/\/$/, '');
  const url = `${base}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/portforward?ports=${port}`;
  const ws = new WebSocket(url, ['v4.channel.k8s.io'], {
    ca: access.caPem,
    ...(access.token ? { headers: { Authorization: `Bearer ${access.token}` } } : {}),
    ...(access.clientCertPem && access.clientKeyPem ? { cert: access.clientCertPem, key: access.clientKeyPem } : {}),
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(new PodTunnel(ws)));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => {
        let message = body.trim() || `HTTP ${res.statusCode}`;
        try {
          message = (JSON.parse(body) as { message?: string }).message ?? message;
        } catch {
          // a plain-text answer
        }
        reject(new Error(message));
      });
    });
    ws.once('error', reject);
  });
}
