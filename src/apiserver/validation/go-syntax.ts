/**
 * Go's `%#v` rendering of the values kube-apiserver 1.33 puts in validation messages. Kubernetes formats the
 * bad value of a field error with `%#v` when it is neither a string nor a simple number, so a map of labels
 * reads `map[string]string{"app":"x"}` and a selector `v1.LabelSelector{MatchLabels:..., MatchExpressions:...}`.
 * These helpers produce that text from JSON values; {@link GoSyntax} carries it to the error constructors.
 */

/** A value already rendered in Go syntax. */
export class GoSyntax {
  constructor(readonly text: string) {}
}

export function go(text: string): GoSyntax {
  return new GoSyntax(text);
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's `strconv.Quote`: `"` delimited, Go escapes, non-printable characters as `\x`, `\u` or `\U`. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (printable.test(ch)) out += ch;
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** `map[string]string{"a":"b", "c":"d"}` with sorted keys; `map[string]string(nil)` when absent. */
export function goStringMap(m: Readonly<Record<string, string>> | null | undefined): string {
  if (m === null || m === undefined) return 'map[string]string(nil)';
  const entries = Object.keys(m)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(String(m[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** `[]T{a, b}` from already rendered items; `[]T(nil)` when absent. */
export function goSlice(elemType: string, items: readonly string[] | null | undefined): string {
  if (items === null || items === undefined) return `[]${elemType}(nil)`;
  return `[]${elemType}{${items.join(', ')}}`;
}

/** `[]string{"a", "b"}`; `[]string(nil)` when absent. */
export function goStringSlice(items: readonly string[] | null | undefined): string {
  return goSlice(
    'string',
    items?.map((s) => goQuote(String(s))),
  );
}

/** `pkg.Type{Field:value, Other:value}` from rendered field values. */
export function goStruct(type: string, fields: readonly (readonly [string, string])[]): string {
  return `${type}{${fields.map(([name, value]) => `${name}:${value}`).join(', ')}}`;
}

/**
 * A pointer field inside a struct: `(*T)(nil)`, or an address when set (Go prints the address, which is
 * meaningless to users; a fixed one keeps messages stable).
 */
export function goPointer(type: string, isSet: boolean): string {
  return isSet ? `(*${type})(0xc000010000)` : `(*${type})(nil)`;
}

/** `intstr.IntOrString{Type:0, IntVal:80, StrVal:""}` (Type 1 for strings). */
export function goIntOrString(v: unknown): string {
  if (typeof v === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`;
  const n = typeof v === 'number' ? v : 0;
  return `intstr.IntOrString{Type:0, IntVal:${n}, StrVal:""}`;
}

interface SelectorLike {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key?: string; operator?: string; values?: string[] | null }[] | null;
}

/** A meta/v1 LabelSelector as `v1.LabelSelector{MatchLabels:..., MatchExpressions:...}`. */
export function goLabelSelector(sel: SelectorLike | null | undefined): string {
  const s = sel ?? {};
  const exprs = s.matchExpressions?.map((e) =>
    goStruct('v1.LabelSelectorRequirement', [
      ['Key', goQuote(e.key ?? '')],
      ['Operator', goQuote(e.operator ?? '')],
      ['Values', goStringSlice(e.values)],
    ]),
  );
  return goStruct('v1.LabelSelector', [
    ['MatchLabels', goStringMap(s.matchLabels)],
    ['MatchExpressions', goSlice('v1.LabelSelectorRequirement', exprs)],
  ]);
}
