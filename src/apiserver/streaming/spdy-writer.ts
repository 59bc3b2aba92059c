/**
 * The outgoing side of a SPDY connection: frames are written strictly in the order they were queued, each built
 * (and its header block compressed) only when its turn comes, so the shared zlib context sees blocks in wire
 * order. A write resolves once the transport took the frame and is not over its buffer (back-pressure).
 */
import type { Duplex } from 'node:stream';

export class FrameWriter {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly transport: Duplex,
    private readonly closed: () => boolean,
  ) {}

  /** Queues a frame; rejects when the connection is closed by the time its turn comes. */
  write(build: () => Buffer | Promise<Buffer>): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.closed() || this.transport.writableEnded) throw new Error('connection closed');
      const frame = await build();
      if (!this.transport.write(frame)) await this.drain();
    });
    this.queue = run.catch(() => {});
    return run;
  }

  private drain(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.transport.off('drain', done);
        this.transport.off('close', done);
        resolve();
      };
      this.transport.on('drain', done);
      this.transport.on('close', done);
    });
  }
}
