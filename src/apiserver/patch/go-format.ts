/**
 * Renderings of JSON values the way Go prints them, so that error messages and encoded annotations match
 * what kube-apiserver produces byte for byte.
 */

import { isObject } from './json-value.js';

/** Go's `%v` of a decoded JSON value (`map[a:1 b:[x y]]`, `<nil>`, ...). Map keys are sorted, as fmt does. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`;
  }
  if (typeof v === 'number') return goNumber(v);
  return String(v);
}

/** Go's `%v` of a number decoded with "preserve ints": integers as integers, others as `%g` with shortest form. */
export function goNumber(n: number): string {
  if (Number.isInteger(n)) return n.toFixed(0);
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    const [mantissa, e = '0'] = n.toExponential().split('e');
    const sign = e.startsWith('-') ? '-' : '+';
    const digits = e.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(n);
}

/** Go's `%q` of a string (close to JSON quoting for printable text). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

const htmlEscapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026' };

/**
 * `encoding/json` of a decoded value: object keys sorted, `<`, `>` and `&` escaped, as Go's `json.Marshal`
 * (and `runtime.Encode` of unstructured objects) writes them.
 */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${goJsonString(k)}:${goJson(v[k])}`).join(',')}}`;
  }
  if (typeof v === 'string') return goJsonString(v);
  return JSON.stringify(v);
}

function goJsonString(s: string): string {
  return JSON.stringify(s)
    .replace(/[<>&]/g, (c) => htmlEscapes[c] ?? c)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
