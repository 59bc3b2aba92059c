/**
 * The checks that Go's JSON decoding of Kubernetes types applies to strings with a format (quantities, RFC 3339
 * times, base64 bytes), returning the error text kube-apiserver puts in its 400 response, or undefined if valid.
 */

const quantityPattern = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const quantityFormatError = `quantities must match the regular expression '${quantityPattern}'`;
export const quantitySuffixError = "unable to parse quantity's suffix";

const quantitySuffixes = new Set(['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E']);

/** resource.ParseQuantity's verdict on a quantity's text (JSON numbers are checked by their text too). */
export function quantityError(text: string): string | undefined {
  const s = text.trim();
  if (s.length === 0) return quantityFormatError;
  const m = /^[+-]?[0-9]*(?:\.[0-9]*)?([eEinumkKMGTP]*(?:[-+]?[0-9]*))$/.exec(s);
  if (!m) return quantityFormatError;
  const suffix = m[1] ?? '';
  if (quantitySuffixes.has(suffix)) return undefined;
  if (/^[eE][-+]?[0-9]+$/.test(suffix)) return undefined;
  return quantitySuffixError;
}

const base64Alphabet = /[A-Za-z0-9+/]/;

/** Go's base64.StdEncoding: padded, `\r` and `\n` ignored; the error names the offset Go names. */
export function base64Error(s: string): string | undefined {
  const bad = (i: number) => `illegal base64 data at input byte ${i}`;
  const newline = (c: string | undefined) => c === '\n' || c === '\r';
  let i = 0;
  for (;;) {
    for (let j = 0; j < 4; j++) {
      while (newline(s[i])) i++;
      if (i >= s.length) return j === 0 ? undefined : bad(s.length - j);
      const c = s[i++] ?? '';
      if (base64Alphabet.test(c)) continue;
      if (c !== '=' || j < 2) return bad(i - 1);
      if (j === 2) {
        while (newline(s[i])) i++;
        if (i >= s.length) return bad(s.length);
        if (s[i] !== '=') return bad(i - 1);
        i++;
      }
      while (newline(s[i])) i++;
      return i < s.length ? bad(i) : undefined;
    }
  }
}

const rfc3339 = '2006-01-02T15:04:05Z07:00';
const rfc3339Micro = '2006-01-02T15:04:05.000000Z07:00';

/** time.Parse(time.RFC3339, s) as metav1.Time decodes it (MicroTime names its own layout in errors). */
export function rfc3339Error(s: string, micro = false): string | undefined {
  const layout = micro ? rfc3339Micro : rfc3339;
  const q = JSON.stringify;
  let rest = s;
  const cannot = (elem: string) => `parsing time ${q(s)} as ${q(layout)}: cannot parse ${q(rest)} as ${q(elem)}`;
  const num = (digits: number, elem: string): number | string => {
    const m = new RegExp(`^[0-9]{${digits}}`).exec(rest);
    if (!m) return cannot(elem);
    rest = rest.slice(digits);
    return Number(m[0]);
  };
  const lit = (l: string): string | undefined => {
    if (!rest.startsWith(l)) return cannot(l);
    rest = rest.slice(l.length);
    return undefined;
  };
  const parts: number[] = [];
  const steps: [number, string][] = [
    [4, '2006'],
    [2, '01'],
    [2, '02'],
    [2, '15'],
    [2, '04'],
    [2, '05'],
  ];
  const separators = ['-', '-', 'T', ':', ':', ''];
  for (const [k, [digits, elem]] of steps.entries()) {
    const v = num(digits, elem);
    if (typeof v === 'string') return v;
    parts.push(v);
    const sep = separators[k];
    if (sep) {
      const err = lit(sep);
      if (err) return err;
    }
  }
  const frac = /^[.,][0-9]+/.exec(rest);
  if (frac) rest = rest.slice(frac[0].length);
  else if (micro) return cannot('.000000');
  if (rest.startsWith('Z')) rest = rest.slice(1);
  else if (/^[+-][0-9]{2}:[0-9]{2}/.test(rest)) rest = rest.slice(6);
  else return cannot('Z07:00');
  if (rest.length > 0) return `parsing time ${q(s)}: extra text: ${q(rest)}`;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts;
  const range = (what: string) => `parsing time ${q(s)}: ${what} out of range`;
  if (month < 1 || month > 12) return range('month');
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return range('day');
  if (hour > 23) return range('hour');
  if (minute > 59) return range('minute');
  if (second > 59) return range('second');
  return undefined;
}
