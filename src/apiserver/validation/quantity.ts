/**
 * Resource quantities (k8s.io/apimachinery `pkg/api/resource`): parsing, comparison and the canonical text
 * Kubernetes prints (`0.5` → `500m`, `1536Mi`, `1k`). Values are kept exact as `num × 10^scale`; values finer
 * than nano units are rounded away from zero, as the apiserver does.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  num: bigint;
  scale: number;
  format: QuantityFormat;
}

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const pattern = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Parses a quantity string (or a JSON number); undefined when it is not one. */
export function parseQuantity(input: unknown): Quantity | undefined {
  const text = typeof input === 'number' ? String(input) : input;
  if (typeof text !== 'string' || text === '') return undefined;
  const m = pattern.exec(text);
  if (!m) return undefined;
  const [, sign = '', whole = '', frac = '', suffix = ''] = m;
  if (whole === '' && frac === '') return undefined;
  let num = BigInt(`${whole}${frac}` || '0');
  let scale = -frac.length;
  let format: QuantityFormat;
  if (suffix in binarySuffixes) {
    format = 'BinarySI';
    num *= 2n ** BigInt(binarySuffixes[suffix] ?? 0);
  } else if (suffix in decimalSuffixes) {
    format = 'DecimalSI';
    scale += decimalSuffixes[suffix] ?? 0;
  } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    format = 'DecimalExponent';
    scale += Number(suffix.slice(1));
  } else {
    return undefined;
  }
  if (sign === '-') num = -num;
  if (scale < -9) {
    const div = pow10(-9 - scale);
    const q = num / div;
    num = num % div === 0n ? q : num > 0n ? q + 1n : q - 1n;
    scale = -9;
  }
  return { num, scale, format };
}

function aligned(a: Quantity, b: Quantity): [bigint, bigint] {
  const s = Math.min(a.scale, b.scale);
  return [a.num * pow10(a.scale - s), b.num * pow10(b.scale - s)];
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareQuantity(a: Quantity, b: Quantity): number {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function quantitySign(q: Quantity): number {
  return q.num < 0n ? -1 : q.num > 0n ? 1 : 0;
}

/** The value in milli-units, rounded away from zero (Go's `MilliValue`). */
export function milliValue(q: Quantity): bigint {
  const s = q.scale + 3;
  if (s >= 0) return q.num * pow10(s);
  const div = pow10(-s);
  const quotient = q.num / div;
  if (q.num % div === 0n) return quotient;
  return q.num < 0n ? quotient - 1n : quotient + 1n;
}

/** The value rounded away from zero to an integer (Go's `Value`). */
export function integerValue(q: Quantity): bigint {
  return milliValue({ num: q.num, scale: q.scale - 3, format: q.format });
}

function isInteger(q: Quantity): boolean {
  return q.scale >= 0 || q.num % pow10(-q.scale) === 0n;
}

/** The canonical text Kubernetes prints for a quantity. */
export function formatQuantity(q: Quantity): string {
  if (q.num === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const small =
      compareQuantity(q, { num: -1024n, scale: 0, format }) > 0 &&
      compareQuantity(q, { num: 1024n, scale: 0, format }) < 0;
    if (small || !isInteger(q)) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let v = q.scale >= 0 ? q.num * pow10(q.scale) : q.num / pow10(-q.scale);
    let e = 0;
    while (v % 1024n === 0n && e < 6) {
      v /= 1024n;
      e++;
    }
    return `${v}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][e]}`;
  }
  let m = q.num;
  let e = q.scale;
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  const r = e % 3;
  if (r === 1 || r === -2) {
    m *= 10n;
    e -= 1;
  } else if (r === 2 || r === -1) {
    m *= 100n;
    e -= 2;
  }
  if (format === 'DecimalExponent') return e === 0 ? `${m}` : `${m}e${e}`;
  const suffix = Object.entries(decimalSuffixes).find(([, exp]) => exp === e)?.[0];
  return suffix === undefined ? `${m}e${e}` : `${m}${suffix}`;
}

/** The canonical text of a quantity given as JSON, or the input as a string when it does not parse. */
export function canonicalQuantity(input: unknown): string {
  const q = parseQuantity(input);
  return q ? formatQuantity(q) : String(input);
}
