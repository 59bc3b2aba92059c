/**
 * Send-side flow control of SPDY/3.1: a window per stream and one for the session (64 KiB each to begin with),
 * grown by the peer's WINDOW_UPDATE frames and re-based by SETTINGS_INITIAL_WINDOW_SIZE.
 *
 * kubectl's SPDY library (moby/spdystream) neither sends WINDOW_UPDATE nor honours windows, so a sender that
 * waited for updates would stall after 64 KiB. The windows are therefore enforced only once the peer has shown it
 * does flow control (any WINDOW_UPDATE or an initial-window SETTINGS). Until then, a sender that exhausts a window
 * waits `probeMs` for an update; if none comes, the peer is taken not to do flow control and windows are ignored
 * for the rest of the connection. Reading stays protected by TCP back-pressure either way.
 */

export const initialWindowSize = 64 * 1024;

export type FlowMode = 'unknown' | 'on' | 'off';

interface Windowed {
  sendWindow: number;
}

export class SendWindows {
  mode: FlowMode = 'unknown';
  /** The session (connection-level) window. */
  session = initialWindowSize;
  /** Window a new stream starts with. */
  streamInitial = initialWindowSize;
  private waiters = new Set<() => void>();
  private probe: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly probeMs: number) {}

  /** Bytes the stream may send now: unlimited when windows are not enforced. */
  allowance(stream: Windowed): number {
    if (this.mode === 'off') return Number.POSITIVE_INFINITY;
    return Math.min(stream.sendWindow, this.session);
  }

  consume(stream: Windowed, bytes: number): void {
    stream.sendWindow -= bytes;
    this.session -= bytes;
  }

  /** Resolves when more may be sent: after a WINDOW_UPDATE, when the probe gives up, or when closed. */
  wait(): Promise<void> {
    if (this.closed || this.mode === 'off') return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.add(resolve);
      if (this.mode === 'unknown' && !this.probe) {
        this.probe = setTimeout(() => {
          this.probe = undefined;
          if (this.mode === 'unknown') this.mode = 'off';
          this.wake();
        }, this.probeMs);
        this.probe.unref();
      }
    });
  }

  /** A WINDOW_UPDATE for a stream (or the session when `stream` is undefined). */
  update(stream: Windowed | undefined, delta: number): void {
    this.mode = this.mode === 'off' ? 'off' : 'on';
    if (stream) stream.sendWindow += delta;
    else this.session += delta;
    this.wake();
  }

  /** SETTINGS_INITIAL_WINDOW_SIZE: re-base every open stream's window by the difference. */
  setStreamInitial(value: number, open: Iterable<Windowed>): void {
    const delta = value - this.streamInitial;
    this.streamInitial = value;
    for (const s of open) s.sendWindow += delta;
    if (this.mode === 'unknown') this.mode = 'on';
    this.wake();
  }

  close(): void {
    this.closed = true;
    if (this.probe) clearTimeout(this.probe);
    this.wake();
  }

  private wake(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const w of waiting) w();
  }
}
