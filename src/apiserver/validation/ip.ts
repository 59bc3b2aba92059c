/**
 * IP and CIDR checks as kube-apiserver 1.33 applies them to its "legacy" fields (StrictIPCIDRValidation is
 * off by default): Go's sloppy parsing, so IPv4 octets may carry leading zeros, and the upstream messages.
 */

import { isIPv6 } from 'node:net';
import type { FieldError } from '../../api/status-error.js';
import { invalid } from './field-errors.js';

/** An address as 16 bytes (IPv4 mapped into `::ffff:a.b.c.d`), or undefined when it does not parse. */
export function parseIP(value: string): Uint8Array | undefined {
  const v4 = parseIPv4(value);
  if (v4) {
    const out = new Uint8Array(16);
    out[10] = 0xff;
    out[11] = 0xff;
    out.set(v4, 12);
    return out;
  }
  if (value.includes('%') || !isIPv6(value)) return undefined;
  return parseIPv6(value);
}

function parseIPv4(value: string): Uint8Array | undefined {
  const parts = value.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? '';
    if (!/^[0-9]+$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseIPv6(value: string): Uint8Array | undefined {
  const halves = value.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!g.includes('.')) {
        out.push(Number.parseInt(g, 16));
        continue;
      }
      const v4 = parseIPv4(g);
      if (!v4) return undefined;
      out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    }
    return out;
  };
  const head = toGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const zeros = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (zeros < 0) return undefined;
  const groups = [...head, ...new Array<number>(zeros).fill(0), ...tail];
  if (groups.length !== 8) return undefined;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/** True when the 16-byte address is an IPv4 (mapped) address. */
export function isIPv4Bytes(ip: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}

export function isIPv4String(value: string): boolean {
  const ip = parseIP(value);
  return ip !== undefined && isIPv4Bytes(ip);
}

export function isIPv6String(value: string): boolean {
  const ip = parseIP(value);
  return ip !== undefined && !isIPv4Bytes(ip);
}

/** `must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)` unless the value parses. */
export function validateIP(field: string, value: string): FieldError[] {
  if (parseIP(value)) return [];
  return [invalid(field, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

/** `must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)` unless the value parses. */
export function validateCIDR(field: string, value: string): FieldError[] {
  if (parseCIDR(value)) return [];
  return [invalid(field, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}

export function parseCIDR(value: string): { ip: Uint8Array; bits: number; v4: boolean } | undefined {
  const slash = value.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(value.slice(0, slash));
  const prefix = value.slice(slash + 1);
  if (!ip || !/^[0-9]+$/.test(prefix)) return undefined;
  const v4 = isIPv4Bytes(ip);
  const bits = Number(prefix);
  if (bits > (v4 ? 32 : 128)) return undefined;
  return { ip, bits, v4 };
}

/** Distinct IP families in a list of addresses (true when there is exactly one of each). */
export function isDualStack(values: readonly string[]): boolean {
  let v4 = false;
  let v6 = false;
  for (const v of values) {
    if (isIPv4String(v)) v4 = true;
    else v6 = true;
  }
  return v4 && v6;
}

/**
 * Go's `ValidateNonSpecialIP` (Endpoints, EndpointSlices, external IPs). The loopback check is left out on
 * purpose: kubeling gives pods and services loopback addresses (127.244/16 and 127.96/16).
 */
export function validateNonSpecialIP(field: string, value: string): FieldError[] {
  const ip = parseIP(value);
  if (!ip) return [invalid(field, value, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const v4 = isIPv4Bytes(ip);
  const b = (i: number): number => ip[i] ?? 0;
  const unspecified = v4 ? b(12) === 0 && b(13) === 0 && b(14) === 0 && b(15) === 0 : ip.every((x) => x === 0);
  if (unspecified) errs.push(invalid(field, value, `may not be unspecified (${value})`));
  const linkLocalUnicast = v4 ? b(12) === 169 && b(13) === 254 : b(0) === 0xfe && (b(1) & 0xc0) === 0x80;
  if (linkLocalUnicast) {
    errs.push(invalid(field, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  }
  const linkLocalMulticast = v4 ? b(12) === 224 && b(13) === 0 && b(14) === 0 : b(0) === 0xff && (b(1) & 0x0f) === 0x02;
  if (linkLocalMulticast) {
    errs.push(invalid(field, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  }
  return errs;
}
