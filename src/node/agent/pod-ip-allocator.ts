/**
 * Pod IPs from 127.244.0.0/16 (every 127.x address is bindable on Linux's loopback without setup). Addresses are
 * handed out round-robin from a cursor, skipping `.0` and `.255`; a released address stays in quarantine for a
 * while so a new pod does not inherit connections and endpoints meant for the old one.
 */

import { randomInt } from 'node:crypto';

export const podNetwork = '127.244.0.0/16';
const base = (127 << 24) | (244 << 16);
const size = 1 << 16;

export interface PodIPAllocatorOptions {
  /** How long a released address is kept back (default 60 s). */
  quarantineMs?: number;
  /**
   * Offset where round-robin allocation starts. Default: random, so that two clusters on one machine (which share
   * the loopback range) rarely hand out the same address at the same time.
   */
  start?: number;
  now?: () => number;
}

function toIP(offset: number): string {
  const n = (base + offset) >>> 0;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The offset of `ip` in the pod network, or undefined outside of it. */
function offsetOf(ip: string): number | undefined {
  const m = /^127\.244\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const hi = Number(m[1]);
  const lo = Number(m[2]);
  if (hi > 255 || lo > 255) return undefined;
  return (hi << 8) | lo;
}

function usable(offset: number): boolean {
  const lo = offset & 255;
  return lo !== 0 && lo !== 255 && offset !== 1;
}

export class PodIPAllocator {
  private readonly owners = new Map<number, string>();
  private readonly byOwner = new Map<string, number>();
  private readonly quarantine = new Map<number, number>();
  private cursor: number;
  private readonly quarantineMs: number;
  private readonly now: () => number;

  constructor(options: PodIPAllocatorOptions = {}) {
    this.quarantineMs = options.quarantineMs ?? 60_000;
    this.cursor = options.start ?? randomInt(1, size - 1);
    this.now = options.now ?? Date.now;
  }

  /** Allocates an address for `owner` (a pod uid); `preferred` is kept when it is free (a pod after a restart). */
  allocate(owner: string, preferred?: string): string {
    const held = this.byOwner.get(owner);
    if (held !== undefined) return toIP(held);
    const wanted = preferred === undefined ? undefined : offsetOf(preferred);
    if (wanted !== undefined && usable(wanted) && !this.owners.has(wanted)) {
      this.quarantine.delete(wanted);
      this.take(wanted, owner);
      return toIP(wanted);
    }
    const now = this.now();
    for (let i = 0; i < size; i++) {
      const offset = (this.cursor + i) % size;
      if (!usable(offset) || this.owners.has(offset)) continue;
      const until = this.quarantine.get(offset);
      if (until !== undefined && until > now) continue;
      this.quarantine.delete(offset);
      this.take(offset, owner);
      this.cursor = (offset + 1) % size;
      return toIP(offset);
    }
    throw new Error(`no free pod IP in ${podNetwork}`);
  }

  private take(offset: number, owner: string): void {
    this.owners.set(offset, owner);
    this.byOwner.set(owner, offset);
  }

  /** Releases `owner`'s address into quarantine. */
  release(owner: string): void {
    const offset = this.byOwner.get(owner);
    if (offset === undefined) return;
    this.byOwner.delete(owner);
    this.owners.delete(offset);
    this.quarantine.set(offset, this.now() + this.quarantineMs);
  }

  /** The address `owner` holds, if any. */
  addressOf(owner: string): string | undefined {
    const offset = this.byOwner.get(owner);
    return offset === undefined ? undefined : toIP(offset);
  }

  get allocated(): number {
    return this.owners.size;
  }
}
