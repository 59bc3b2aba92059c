/**
 * A connection to "some ready pod" that survives the pod refusing it. The node reports a refused connection
 * after the tunnel is open (on the error channel); until the pod has sent its first byte nothing has reached the
 * user, so the connection is re-dialled to another pod and what the user sent so far is replayed. Once the pod
 * answers, or more than `replayLimit` bytes were sent, the connection is committed to that pod.
 */
import { Duplex } from 'node:stream';

/** Bytes kept for replay before the first answer. */
const replayLimit = 1024 * 1024;

export class FailoverConnection extends Duplex {
  private tunnel: Duplex;
  private sent: Buffer[] = [];
  private sentBytes = 0;
  private replayable = true;
  private ended = false;

  /** `redial` returns a new tunnel (avoiding the pod that failed), or rejects when there is none. */
  constructor(
    first: Duplex,
    private readonly redial: (failure: Error) => Promise<Duplex>,
  ) {
    super({ allowHalfOpen: true });
    this.tunnel = first;
    this.attach(first);
  }

  private attach(tunnel: Duplex): void {
    tunnel.on('data', (chunk: Buffer) => {
      if (tunnel !== this.tunnel) return;
      this.commit();
      if (!this.push(chunk)) tunnel.pause();
    });
    tunnel.on('end', () => {
      if (tunnel === this.tunnel) this.push(null);
    });
    tunnel.on('error', (err: Error) => {
      if (tunnel === this.tunnel) void this.failed(err);
    });
  }

  private commit(): void {
    this.replayable = false;
    this.sent = [];
  }

  private async failed(err: Error): Promise<void> {
    if (!this.replayable || this.destroyed) {
      this.destroy(err);
      return;
    }
    let next: Duplex;
    try {
      next = await this.redial(err);
    } catch (redialError) {
      this.destroy(redialError instanceof Error ? redialError : err);
      return;
    }
    if (this.destroyed) {
      next.destroy();
      return;
    }
    this.tunnel = next;
    this.attach(next);
    for (const chunk of this.sent) next.write(chunk);
    if (this.ended) next.end();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.replayable) {
      this.sent.push(chunk);
      this.sentBytes += chunk.length;
      if (this.sentBytes > replayLimit) this.commit();
    }
    const tunnel = this.tunnel;
    // A tunnel that just failed is being replaced: what is written meanwhile is in `sent` and gets replayed.
    if (tunnel.destroyed || tunnel.write(chunk)) {
      callback();
      return;
    }
    const done = () => {
      tunnel.off('drain', done);
      tunnel.off('close', done);
      callback();
    };
    tunnel.on('drain', done);
    tunnel.on('close', done);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.ended = true;
    this.tunnel.end();
    callback();
  }

  override _read(): void {
    this.tunnel.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.tunnel.destroy();
    callback(error);
  }
}
