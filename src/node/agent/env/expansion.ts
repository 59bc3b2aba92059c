/**
 * Kubernetes' `$(VAR)` expansion (k8s `third_party/forked/golang/expansion`), used for env values, command and
 * args: `$(NAME)` becomes the variable's value when it is defined and stays as written otherwise; `$$` is an
 * escaped `$` (so `$$(NAME)` yields `$(NAME)` literally); an unclosed `$(` and a `$` not followed by `(` are
 * copied as they are.
 */

/** Looks a name up in the maps in order; an unknown name expands to itself, `$(NAME)`. */
export function mappingFor(...maps: ReadonlyMap<string, string>[]): (name: string) => string {
  return (name) => {
    for (const m of maps) {
      const value = m.get(name);
      if (value !== undefined) return value;
    }
    return `$(${name})`;
  };
}

/** Expands every `$(NAME)` reference in `input` through `mapping`. */
export function expand(input: string, mapping: (name: string) => string): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    if (next === '$') {
      // Escaped operator.
      out += '$';
      cursor += 1;
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close < 0) {
        // Incomplete reference: copy `$(` and go on after it.
        out += '$(';
        cursor += 1;
      } else {
        out += mapping(input.slice(cursor + 2, close));
        cursor = close;
      }
    } else {
      out += `$${next}`;
      cursor += 1;
    }
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** `container.command` and `container.args` with `$(VAR)` references expanded against the container's env. */
export function expandCommandAndArgs(
  command: readonly string[] | undefined,
  args: readonly string[] | undefined,
  env: ReadonlyMap<string, string>,
): { command: string[] | undefined; args: string[] | undefined } {
  const mapping = mappingFor(env);
  return {
    command: command?.map((s) => expand(s, mapping)),
    args: args?.map((s) => expand(s, mapping)),
  };
}
