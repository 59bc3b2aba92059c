/**
 * The `pod-template-hash` (k/k `pkg/controller/controller_utils.go` `ComputeHash`): FNV-32a over the pod
 * template and the collision count, printed in decimal and passed through `rand.SafeEncodeString`, so names
 * look exactly like Kubernetes' (`hello-7c9b8d6f45`: 1–10 characters of `bcdfghjklmnpqrstvwxz2456789`, in
 * practice only `4 5 6 7 8 9 b c d f`).
 *
 * Known difference: Kubernetes hashes the `spew` dump of the Go struct (`hashutil.DeepHashObject`), which
 * depends on the Go type definitions of the exact Kubernetes version (every field, zero values included). This
 * hashes the canonical JSON of the template instead (`canonicalJson`: sorted keys, empty values dropped), so
 * a value differs from what a real cluster computes for the same template, but it is stable across runs and
 * processes, and semantically equal templates hash equal. Nothing relies on the value: the controller finds
 * a Deployment's ReplicaSet by template equality, as Kubernetes does.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { canonicalJson } from './template-equality.js';

const fnvOffset32 = 0x811c9dc5;
const fnvPrime32 = 0x01000193;

/** FNV-1a, 32 bits, over bytes, continuing from `hash` (`hash/fnv` New32a + Write). */
export function fnv32a(bytes: Uint8Array, hash = fnvOffset32): number {
  let h = hash;
  for (const byte of bytes) {
    h ^= byte;
    h = Math.imul(h, fnvPrime32) >>> 0;
  }
  return h >>> 0;
}

/** apimachinery `util/rand` alphanums: no vowels, no confusable digits (0, 1, 3). */
export const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** `rand.SafeEncodeString`: each character `c` becomes `safeAlphabet[c % 27]`. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += safeAlphabet[s.charCodeAt(i) % safeAlphabet.length];
  return out;
}

/**
 * `controller.ComputeHash(template, collisionCount)`: the template's bytes, then (when the count is set) the
 * count as a little-endian uint32 in an 8-byte buffer, as Kubernetes writes it.
 */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let hash = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(bytes, hash);
  }
  return safeEncodeString(String(hash));
}
